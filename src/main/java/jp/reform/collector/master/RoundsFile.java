package jp.reform.collector.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * config/rounds.csv for the console's 収集期間 form: one plan-year's line read and replaced (or added), every
 * other line kept as IT staff wrote it ({@link ConfigCsvFile}); the file as it would be must load as a start
 * reads it, against the master data in use and config/holidays.csv.
 */
public final class RoundsFile {

    static final String HEADER = String.join(",", RoundsLoader.COLUMNS);
    /** The fingerprint of a config/ without rounds.csv. */
    public static final String ABSENT = ConfigCsvFile.ABSENT;

    /** One plan-year's line as written: the dates and numbers as text, reminder days as a list. */
    public record Entry(String opens, String deadline, List<String> remindDaysBefore, String overdueEveryDays,
                        String escalateAfterDays) {

        public Entry {
            remindDaysBefore = List.copyOf(remindDaysBefore);
        }

        /** For the audit log: the columns' names and values. */
        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("opens", opens);
            map.put("deadline", deadline);
            map.put("remind_days_before", remindDaysBefore);
            map.put("overdue_every_days", overdueEveryDays);
            map.put("escalate_after_days", escalateAfterDays);
            return map;
        }
    }

    private final ConfigCsvFile file;

    private RoundsFile(ConfigCsvFile file) {
        this.file = file;
    }

    /** The file as it is now; without one, an empty file to be created with the header. */
    public static RoundsFile read(Path configDir) {
        return new RoundsFile(ConfigCsvFile.read(configDir.resolve(RoundsLoader.ROUNDS_FILE)));
    }

    /** What the file was when read: a page carries it, and a write from an older page is refused. */
    public String fingerprint() {
        return file.fingerprint();
    }

    /** The line of a plan-year as written, if the file has one. */
    public Optional<Entry> entry(String planCode, int fiscalYear) {
        return file.row(of(planCode, fiscalYear)).map(row -> new Entry(row.getOrDefault("opens", ""),
                row.getOrDefault("deadline", ""), split(row.getOrDefault("remind_days_before", "")),
                row.getOrDefault("overdue_every_days", ""), row.getOrDefault("escalate_after_days", "")));
    }

    /**
     * Puts the plan-year's line in the file, replacing the one it had, if the file is still what
     * {@code shownFingerprint} says and the whole file as it would be loads.
     *
     * @throws ConfigCsvFile.Changed the file changed since the page read it; nothing written
     * @throws ConfigCsvFile.Refused the file would not load (its message says why); nothing written
     */
    public static void write(Path configDir, String shownFingerprint, String planCode, int fiscalYear, Entry entry,
                             MasterData master) throws ConfigCsvFile.Changed, ConfigCsvFile.Refused, IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("plan_code", planCode);
        values.put("fiscal_year", Integer.toString(fiscalYear));
        values.put("opens", entry.opens());
        values.put("deadline", entry.deadline());
        values.put("remind_days_before", String.join("|", entry.remindDaysBefore()));
        values.put("overdue_every_days", entry.overdueEveryDays());
        values.put("escalate_after_days", entry.escalateAfterDays());
        Path holidays = configDir.resolve(HolidayCalendar.FILE);
        ConfigCsvFile.write(configDir.resolve(RoundsLoader.ROUNDS_FILE), shownFingerprint, of(planCode, fiscalYear),
                values, List.of(RoundsLoader.COLUMNS), candidate -> new RoundsLoader().rounds(
                        CsvTable.readWithComments(candidate, RoundsLoader.COLUMNS), onDisk(configDir, master),
                        CsvTable.exists(holidays) ? HolidayCalendar.load(holidays) : HolidayCalendar.of(Map.of())));
    }

    /**
     * The plans as config/ holds them now, which serve takes up next: a plan imported since serve read them may cover
     * other years. The master data in use when config/ does not load (the check then is the best there is).
     */
    private static MasterData onDisk(Path configDir, MasterData inUse) {
        try {
            return new MasterDataLoader().load(configDir);
        } catch (MasterDataException e) {
            return inUse;
        }
    }

    /** The line of a plan-year, its year compared as the loader reads it (02026 is 2026). */
    private static Predicate<Map<String, String>> of(String planCode, int fiscalYear) {
        return row -> planCode.equals(row.get("plan_code")) && row.getOrDefault("fiscal_year", "").matches("\\d{1,6}")
                && Integer.parseInt(row.get("fiscal_year")) == fiscalYear;
    }

    private static List<String> split(String days) {
        return days.isBlank() ? List.of()
                : List.of(days.split("\\|")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
