package jp.reform.collector.master;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The days the city office is closed besides Saturdays and Sundays (config/holidays.csv): national
 * holidays and the year-end closure. Deadlines that fall on a closed day move to the previous working day,
 * because a department cannot be expected to submit while the office is shut. The file is kept by hand, so
 * it covers only the years listed in it; {@link #covers} lets the caller refuse dates beyond them instead of
 * silently treating an unlisted holiday as a working day.
 */
public final class HolidayCalendar {

    /** The file in the configuration folder. */
    public static final String FILE = "holidays.csv";

    private final NavigableMap<LocalDate, String> closedDays;
    private final TreeSet<Integer> years;

    private HolidayCalendar(Map<LocalDate, String> closedDays) {
        this.closedDays = Collections.unmodifiableNavigableMap(new TreeMap<>(closedDays));
        this.years = new TreeSet<>();
        closedDays.keySet().forEach(d -> years.add(d.getYear()));
    }

    /** A calendar of the given closed days, for tests and callers that have the dates already. */
    public static HolidayCalendar of(Map<LocalDate, String> closedDays) {
        closedDays.forEach((date, name) -> {
            if (date == null || name == null || name.isBlank()) {
                throw new IllegalArgumentException("closed day without date or name: " + date + " " + name);
            }
        });
        return new HolidayCalendar(closedDays);
    }

    /** The closed days listed in the configuration folder's holidays.csv; without the file, weekends only. */
    public static HolidayCalendar inConfig(Path configDir) {
        Path file = configDir.resolve(FILE);
        return CsvTable.exists(file) ? load(file) : of(Map.of());
    }

    /**
     * Reads a {@code date,name} file (dates as 2026-05-06; {@code #} lines are comments). A bad date, an
     * empty name or a date listed twice stops with the file and line.
     */
    public static HolidayCalendar load(Path csvFile) {
        CsvTable table = CsvTable.readWithComments(csvFile, "date", "name");
        Map<LocalDate, String> days = new TreeMap<>();
        Map<LocalDate, Long> lineOfDate = new TreeMap<>();
        for (CsvTable.Row row : table.rows()) {
            LocalDate date = date(row, "date");
            String name = row.required("name");
            Long earlier = lineOfDate.putIfAbsent(date, row.line());
            if (earlier != null) {
                throw row.fail("date " + date + " is already listed on line " + earlier);
            }
            days.put(date, name);
        }
        if (days.isEmpty()) {
            throw new MasterDataException(csvFile, "no closed day listed");
        }
        return new HolidayCalendar(days);
    }

    /** An ISO date (2026-05-06) from a column, failing with the file and line otherwise. */
    static LocalDate date(CsvTable.Row row, String column) {
        String text = row.required(column);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw row.fail(column + " is not a date like 2026-05-06: " + text);
        }
    }

    /** Not a Saturday, a Sunday or a listed closed day. */
    public boolean isWorkingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !closedDays.containsKey(date);
    }

    /** The date itself when it is a working day, otherwise the closest earlier working day. */
    public LocalDate previousWorkingDay(LocalDate date) {
        LocalDate day = date;
        while (!isWorkingDay(day)) {
            day = day.minusDays(1);
        }
        return day;
    }

    /** The name of a listed closed day (元日, 振替休日, 年末年始（閉庁日） …); empty for other days. */
    public Optional<String> holidayName(LocalDate date) {
        return Optional.ofNullable(closedDays.get(date));
    }

    /** Whether the file lists closed days for the date's year, i.e. whether the answer for it can be trusted. */
    public boolean covers(LocalDate date) {
        return years.contains(date.getYear());
    }

    /** The earliest year listed; an empty calendar (only from {@link #of}) has none. */
    public int firstYear() {
        return years.isEmpty() ? 0 : years.first();
    }

    /** The latest year listed; an empty calendar (only from {@link #of}) has none. */
    public int lastYear() {
        return years.isEmpty() ? 0 : years.last();
    }

    /** All listed closed days in date order. */
    public NavigableMap<LocalDate, String> closedDays() {
        return closedDays;
    }
}
