package jp.reform.collector.master;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads config/rounds.csv, the collection rounds that drive reminders. Rounds are optional: without the file
 * there is simply nothing to remind of. With rounds, the closed days of config/holidays.csv are needed to move
 * deadlines off weekends and holidays, and a round whose deadline lies in a year the holiday file does not
 * list is refused rather than guessed, because an unlisted holiday would silently count as a working day.
 */
public final class RoundsLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RoundsLoader.class);

    static final String ROUNDS_FILE = "rounds.csv";

    static final String[] COLUMNS = {"plan_code", "fiscal_year", "opens", "deadline", "remind_days_before",
        "overdue_every_days", "escalate_after_days"};

    /** The rounds in {@code configDir}, with the closed days read from its holidays.csv when there are any. */
    public List<CollectionRound> load(Path configDir, MasterData master) {
        Path roundsFile = configDir.resolve(ROUNDS_FILE);
        if (!CsvTable.exists(roundsFile)) {
            return List.of();
        }
        CsvTable table = CsvTable.readWithComments(roundsFile, COLUMNS);
        if (table.rows().isEmpty()) {
            return List.of();
        }
        Path holidaysFile = configDir.resolve(HolidayCalendar.FILE);
        if (!CsvTable.exists(holidaysFile)) {
            throw new MasterDataException(holidaysFile, "file not found: collection rounds in " + roundsFile
                    + " need the city's closed days; create it with the header date,name and one line per"
                    + " holiday or closure day (e.g. 2026-05-06,振替休日) for every year a deadline falls in");
        }
        return rounds(table, master, HolidayCalendar.load(holidaysFile));
    }

    /** The rounds in {@code configDir}, with deadlines moved by the given calendar. */
    public List<CollectionRound> load(Path configDir, MasterData master, HolidayCalendar calendar) {
        Path roundsFile = configDir.resolve(ROUNDS_FILE);
        if (!CsvTable.exists(roundsFile)) {
            return List.of();
        }
        return rounds(CsvTable.readWithComments(roundsFile, COLUMNS), master, calendar);
    }

    List<CollectionRound> rounds(CsvTable table, MasterData master, HolidayCalendar calendar) {
        List<CollectionRound> rounds = new ArrayList<>();
        Map<String, Long> lineOfRound = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String planCode = row.required("plan_code");
            Plan plan = master.plan(planCode)
                    .orElseThrow(() -> row.fail("plan_code " + planCode + " is not a plan in config/plans/"))
                    .plan();
            int fiscalYear = wholeNumber(row, "fiscal_year");
            if (!plan.covers(fiscalYear)) {
                throw row.fail("fiscal_year " + fiscalYear + " is outside the plan (" + plan.fyFrom() + "–"
                        + plan.fyTo() + ")");
            }
            Long earlier = lineOfRound.putIfAbsent(planCode + "@" + fiscalYear, row.line());
            if (earlier != null) {
                throw row.fail("round of " + planCode + " for " + fiscalYear + " is already on line " + earlier);
            }
            LocalDate opens = HolidayCalendar.date(row, "opens");
            LocalDate deadline = HolidayCalendar.date(row, "deadline");
            if (opens.isAfter(deadline)) {
                throw row.fail("opens " + opens + " is after deadline " + deadline);
            }
            LocalDate yearEnds = LocalDate.of(fiscalYear + 1, 3, 31);
            if (deadline.isBefore(yearEnds)) {
                // the year's results exist once it has ended: most likely the collection's year was typed
                LOG.warn("{}: the round of {} for fiscal year {} has its deadline {} before that year ends ({}); "
                        + "results are collected after their year: is fiscal_year {} meant?", row.where(), planCode, fiscalYear,
                        deadline, yearEnds, fiscalYear - 1);
            }
            requireCovered(row, calendar, deadline);
            LocalDate effective = calendar.previousWorkingDay(deadline);
            requireCovered(row, calendar, effective);
            if (effective.isBefore(opens)) {
                throw row.fail("deadline " + deadline + " is not a working day and the previous working day "
                        + effective + " is before opens " + opens);
            }
            List<Integer> remindDays = new ArrayList<>();
            for (String value : row.list("remind_days_before")) {
                remindDays.add(wholeNumber(row, "remind_days_before", value));
            }
            rounds.add(new CollectionRound(planCode, fiscalYear, opens, deadline, effective, remindDays,
                    optionalWholeNumber(row, "overdue_every_days"), optionalWholeNumber(row, "escalate_after_days")));
        }
        return List.copyOf(rounds);
    }

    private static void requireCovered(CsvTable.Row row, HolidayCalendar calendar, LocalDate date) {
        if (!calendar.covers(date)) {
            throw row.fail("config/holidays.csv lists no closed days for " + date.getYear() + " (deadline "
                    + row.get("deadline") + "); extend config/holidays.csv with that year's holidays");
        }
    }

    private static int optionalWholeNumber(CsvTable.Row row, String column) {
        return row.optional(column).isPresent() ? wholeNumber(row, column) : 0;
    }

    private static int wholeNumber(CsvTable.Row row, String column) {
        return wholeNumber(row, column, row.required(column));
    }

    private static int wholeNumber(CsvTable.Row row, String column, String value) {
        if (!value.matches("\\d{1,6}")) {
            throw row.fail(column + " must be a whole number of 0 or more, found " + value);
        }
        return Integer.parseInt(value);
    }
}
