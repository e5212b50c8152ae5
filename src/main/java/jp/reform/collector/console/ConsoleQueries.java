package jp.reform.collector.console;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.intake.ArchiveNames;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.Jdbc;
import jp.reform.collector.store.PendingChanges;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.SqlStatements;

/**
 * The read model of the web console: each page section is one set-based statement (sql/console.sql), so
 * a page costs the same number of round trips for a plan of 40 indicators as for 100,000. Methods that
 * return department data take the department to restrict to (null: every department); the restriction is
 * applied in SQL. Texts come back verbatim: escaping is the page's job. The status board's plan-wide part
 * (committee table, every department's counts) is kept per plan and year until the plan's evaluation
 * changes (its evaluation version); files and reminders are read at every request.
 */
public final class ConsoleQueries {

    private static final SqlStatements SQL = SqlStatements.load("/sql/console.sql");

    private final Database database;
    private final ZoneId zone;
    /** Per plan and year: the plan-wide part of the board, until the plan's evaluation changes. */
    private final ConcurrentMap<String, PlanWide> planWide = new ConcurrentHashMap<>();

    /** @param zone the collector's zone (collector.zone), in which submission date filters are days */
    public ConsoleQueries(Database database, ZoneId zone) {
        this.database = database;
        this.zone = zone;
    }

    /** With the collector's default zone, Asia/Tokyo. */
    public ConsoleQueries(Database database) {
        this(database, ZoneId.of("Asia/Tokyo"));
    }

    /**
     * The committee's table and one row per department owning indicators of the plan.
     *
     * @param round      the round being collected (deadline, reminders since it opened); may be null
     * @param department only this department's row (and the total of it); null for every department
     */
    public StatusBoard statusBoard(String planCode, int fiscalYear, LocalDate today, CollectionRound round,
                                   String department) throws SQLException {
        return statusBoard(planCode, fiscalYear, today, round, null, department);
    }

    /**
     * As {@link #statusBoard(String, int, LocalDate, CollectionRound, String)}, with the day the plan's next
     * round opens ({@code roundEnds}, null when none is set): the files rejected after that day are not this
     * round's.
     */
    public StatusBoard statusBoard(String planCode, int fiscalYear, LocalDate today, CollectionRound round,
                                   LocalDate roundEnds, String department) throws SQLException {
        PlanWide wide = planWide(planCode, fiscalYear);
        List<Counts> counts = department == null ? wide.departments() : counts(planCode, fiscalYear, department);
        return board(planCode, fiscalYear, today, round, roundEnds, department, wide.committee(), counts);
    }

    /**
     * One department's row of the board and the round's deadline, for the department's own page, which does
     * not show the committee's plan-wide table: {@link StatusBoard#committee()} is empty.
     */
    public StatusBoard departmentStatus(String planCode, int fiscalYear, LocalDate today, CollectionRound round,
                                        LocalDate roundEnds, String department) throws SQLException {
        return board(planCode, fiscalYear, today, round, roundEnds, department, List.of(),
                counts(planCode, fiscalYear, department));
    }

    /** A department's indicator counts in a year: over all it owns, and (once*) over those it owns first. */
    private record Counts(String department, int indicators, int owed, int accepted, int missing, int incomplete,
                          int withFindings, int onceIndicators, int onceOwed, int onceAccepted, int onceMissing,
                          int onceIncomplete, int onceWithFindings) {
    }

    /** A department's files and reminders, read at every request. */
    private record Activity(int reminders, LocalDate lastReminderOn, int rejectedSinceAccepted, String receiptNo,
                            Instant receivedAt, String status) {
    }

    /** What a plan-year's board shows that depends on its evaluation only, and the evaluation it came from. */
    private record PlanWide(String version, List<ReportQueries.SummaryRow> committee, List<Counts> departments) {
    }

    /**
     * The committee's table and every department's counts, read again only when the plan's evaluation has
     * changed since (by a load here or in another instance, or a start): both aggregate every
     * indicator of the plan, hundreds of milliseconds for a city of 1,741 departments, and the board is
     * asked for far more often than files arrive (docs/benchmarks/console.md).
     */
    private PlanWide planWide(String planCode, int fiscalYear) throws SQLException {
        String key = planCode + '\u0000' + fiscalYear;
        try (Connection c = database.connect()) {
            // one snapshot for the version and the rows computed from it
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                String version = "none";
                try (PreparedStatement ps = prepare(c, "evaluationVersion")) {
                    ps.setString(1, planCode);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            version = rs.getString("version");
                        }
                    }
                }
                PlanWide cached = planWide.get(key);
                if (cached != null && cached.version().equals(version)) {
                    return cached;
                }
                PlanWide fresh = new PlanWide(version, ReportQueries.summary(c, planCode, fiscalYear),
                        counts(c, planCode, fiscalYear, null));
                planWide.put(key, fresh);
                return fresh;
            } finally {
                c.rollback(); // read only: nothing to keep
            }
        }
    }

    private List<Counts> counts(String planCode, int fiscalYear, String department) throws SQLException {
        try (Connection c = database.connect()) {
            return counts(c, planCode, fiscalYear, department);
        }
    }

    private static List<Counts> counts(Connection c, String planCode, int fiscalYear, String department)
            throws SQLException {
        List<Counts> counts = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, "departmentCounts")) {
            Jdbc.bind(ps, planCode, department, department, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new Counts(rs.getString("department_name"), rs.getInt("indicators"), rs.getInt("owed"),
                            rs.getInt("accepted"), rs.getInt("missing"), rs.getInt("incomplete"),
                            rs.getInt("with_findings"), rs.getInt("once_indicators"), rs.getInt("once_owed"),
                            rs.getInt("once_accepted"), rs.getInt("once_missing"), rs.getInt("once_incomplete"),
                            rs.getInt("once_with_findings")));
                }
            }
        }
        return List.copyOf(counts);
    }

    /**
     * The departments' reminders and files of the plan-year: of its round, which runs from {@code opens} to
     * {@code ends} (both null without a round; {@code ends} null while no later round of the plan is set).
     */
    private Map<String, Activity> activity(List<Counts> counts, String department, String planCode, int fiscalYear,
                                           LocalDate opens, LocalDate ends) throws SQLException {
        Map<String, Activity> activity = new HashMap<>();
        if (counts.isEmpty()) {
            return activity;
        }
        try (Connection c = database.connect(); PreparedStatement ps = prepare(c, "departmentActivity")) {
            Timestamp from = opens == null ? null : Timestamp.from(opens.atStartOfDay(zone).toInstant());
            Timestamp until = ends == null ? null : Timestamp.from(ends.atStartOfDay(zone).toInstant());
            Jdbc.bind(ps, c.createArrayOf("text", counts.stream().map(Counts::department).toArray()), department,
                    department, planCode, fiscalYear, opens, opens, ends, ends, planCode, fiscalYear, from, from,
                    until, until);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    activity.put(rs.getString("department_name"), new Activity(rs.getInt("reminders"),
                            localDate(rs.getDate("last_reminder_on")), rs.getInt("rejected_since_accepted"),
                            rs.getString("receipt_no"), instant(rs.getTimestamp("received_at")),
                            rs.getString("status")));
                }
            }
        }
        return activity;
    }

    /** The departments' rows with their files and reminders, and the total counting shared indicators once. */
    private StatusBoard board(String planCode, int fiscalYear, LocalDate today, CollectionRound round,
                              LocalDate roundEnds, String department, List<ReportQueries.SummaryRow> committee,
                              List<Counts> counts)
            throws SQLException {
        StatusBoard.Deadline deadline = StatusBoard.Deadline.of(round, today);
        Map<String, Activity> activity = activity(counts, department, planCode, fiscalYear,
                round == null ? null : round.opens(), round == null ? null : roundEnds);
        List<StatusBoard.DepartmentRow> rows = new ArrayList<>();
        int[] once = new int[6];
        int reminders = 0;
        int rejected = 0;
        LocalDate lastReminder = null;
        Activity latest = null;
        for (Counts n : counts) {
            Activity a = activity.getOrDefault(n.department(), new Activity(0, null, 0, null, null, null));
            rows.add(new StatusBoard.DepartmentRow(n.department(), n.indicators(), n.owed(), n.accepted(), n.missing(),
                    n.incomplete(), n.withFindings(), a.rejectedSinceAccepted(),
                    daysToDeadline(deadline, n.missing() + n.incomplete()), a.reminders(), a.lastReminderOn(),
                    a.receiptNo(), a.receivedAt(), a.status()));
            once[0] += n.onceIndicators();
            once[1] += n.onceOwed();
            once[2] += n.onceAccepted();
            once[3] += n.onceMissing();
            once[4] += n.onceIncomplete();
            once[5] += n.onceWithFindings();
            reminders += a.reminders();
            rejected += a.rejectedSinceAccepted();
            if (a.lastReminderOn() != null && (lastReminder == null || a.lastReminderOn().isAfter(lastReminder))) {
                lastReminder = a.lastReminderOn();
            }
            if (a.receivedAt() != null && (latest == null || a.receivedAt().isAfter(latest.receivedAt()))) {
                latest = a;
            }
        }
        StatusBoard.DepartmentRow total = new StatusBoard.DepartmentRow(null, once[0], once[1], once[2], once[3],
                once[4], once[5], rejected, daysToDeadline(deadline, once[3] + once[4]), reminders, lastReminder,
                latest == null ? null : latest.receiptNo(), latest == null ? null : latest.receivedAt(),
                latest == null ? null : latest.status());
        return new StatusBoard(planCode, fiscalYear, today, deadline, committee, rows, total);
    }

    /** Days to the deadline where something is outstanding; null when nothing is or no round was given. */
    private static Long daysToDeadline(StatusBoard.Deadline deadline, int outstanding) {
        return deadline == null || outstanding == 0 ? null : deadline.daysLeft();
    }

    /** A department's indicators of the plan in the year with its current results. */
    public DepartmentPage departmentPage(String planCode, int fiscalYear, String department) throws SQLException {
        List<DepartmentPage.IndicatorRow> rows = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = prepare(c, "departmentIndicators")) {
            Jdbc.bind(ps, fiscalYear, planCode, department);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DepartmentPage.IndicatorRow(rs.getString("indicator_code"), rs.getString("name"),
                            rs.getString("unit"), rs.getString("value_kind"), rs.getString("direction"),
                            Jdbc.strings(rs.getArray("departments")), rs.getString("target_text"),
                            rs.getBigDecimal("target_value"), rs.getString("target_kind"),
                            rs.getBoolean("target_set"), rs.getBigDecimal("effective_target"),
                            rs.getString("actual_text"), rs.getBigDecimal("actual_value"),
                            rs.getBoolean("approximate"), rs.getBigDecimal("rate"), rs.getBigDecimal("rate_percent"),
                            rs.getString("grade"), Jdbc.strings(rs.getArray("flags")),
                            rs.getString("self_assessment"), rs.getString("self_assessment_text"),
                            rs.getString("status_text"), rs.getString("outcome_text"),
                            rs.getString("next_steps_text"), (Integer) rs.getObject("version"),
                            rs.getString("reported_by"), false, submission(rs),
                            (Integer) rs.getObject("grade_level"), rs.getString("final_grade"),
                            rs.getString("override_reason"), rs.getString("counted_grade"),
                            (Integer) rs.getObject("final_level")));
                }
            }
        }
        return new DepartmentPage(planCode, fiscalYear, department, rows);
    }

    /** The indicator with every version of every year's value; empty when the plan has no such indicator. */
    public Optional<IndicatorPage> indicatorPage(String planCode, String indicatorCode) throws SQLException {
        return indicatorPage(planCode, indicatorCode, null);
    }

    /**
     * The indicator with the versions of one year's value (every year when {@code fiscalYear} is null) and
     * target and actual of every year; empty when the plan has no such indicator.
     */
    public Optional<IndicatorPage> indicatorPage(String planCode, String indicatorCode, Integer fiscalYear)
            throws SQLException {
        try (Connection c = database.connect()) {
            // one snapshot for the page's three sections, so that a load in between cannot split them
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = prepare(c, "indicator")) {
                Jdbc.bind(ps, planCode, indicatorCode);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new IndicatorPage(planCode, rs.getString("indicator_code"), rs.getString("name"),
                            rs.getString("definition"), rs.getString("unit"), rs.getString("value_kind"),
                            rs.getString("direction"), rs.getBoolean("cumulative"), rs.getString("baseline_text"),
                            rs.getBigDecimal("baseline_value"), rs.getString("final_goal"), rs.getBoolean("active"),
                            rs.getString("goal_code"), rs.getString("goal_title"), rs.getString("initiative_code"),
                            rs.getString("initiative_title"), Jdbc.strings(rs.getArray("departments")), fiscalYear,
                            versions(c, planCode, indicatorCode, fiscalYear), years(c, planCode, indicatorCode)));
                }
            } finally {
                c.rollback(); // read only: nothing to keep
            }
        }
    }

    private List<IndicatorPage.Version> versions(Connection c, String planCode, String indicatorCode,
                                                 Integer fiscalYear) throws SQLException {
        List<IndicatorPage.Version> versions = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, "indicatorVersions")) {
            Jdbc.bind(ps, planCode, indicatorCode, fiscalYear, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new IndicatorPage.Version(rs.getInt("fiscal_year"), rs.getInt("version"),
                            rs.getBoolean("current"), rs.getString("actual_text"), rs.getBigDecimal("actual_value"),
                            rs.getBoolean("approximate"), rs.getString("self_assessment_text"),
                            rs.getString("status_text"), rs.getString("department_name"), rs.getString("sender"),
                            rs.getString("sheet_name"), (Integer) rs.getObject("row_no"), rs.getString("column_ref"),
                            instant(rs.getTimestamp("recorded_at")), submission(rs)));
                }
            }
        }
        return versions;
    }

    private List<IndicatorPage.Year> years(Connection c, String planCode, String indicatorCode) throws SQLException {
        List<IndicatorPage.Year> years = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, "indicatorYears")) {
            Jdbc.bind(ps, planCode, indicatorCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    years.add(new IndicatorPage.Year(rs.getInt("fiscal_year"), rs.getString("target_text"),
                            rs.getBigDecimal("target_value"), rs.getString("target_kind"), rs.getBoolean("target_set"),
                            rs.getBigDecimal("effective_target"), rs.getString("actual_text"),
                            rs.getBigDecimal("actual_value"), rs.getBigDecimal("rate"),
                            rs.getBigDecimal("rate_percent"), rs.getString("grade"),
                            (Integer) rs.getObject("grade_level"), rs.getString("final_grade"),
                            rs.getString("override_reason"), rs.getString("counted_grade"),
                            (Integer) rs.getObject("final_level")));
                }
            }
        }
        return years;
    }

    /** The committee's final grades of one indicator, by fiscal year (V15). */
    public Map<Integer, jp.reform.collector.evaluate.GradeOverrides.Override> finalGrades(String planCode,
            String indicatorCode) throws SQLException {
        Map<Integer, jp.reform.collector.evaluate.GradeOverrides.Override> byYear = new java.util.LinkedHashMap<>();
        for (var o : new jp.reform.collector.evaluate.GradeOverrides(database).ofIndicator(planCode, indicatorCode)) {
            byYear.put(o.fiscalYear(), o);
        }
        return byYear;
    }

    /** The final grades of a plan-year, for the note under the board's table. */
    public List<ReportQueries.OverrideRow> finalGrades(String planCode, int fiscalYear) throws SQLException {
        return new ReportQueries(database).overrides(planCode, fiscalYear);
    }

    /** One page of the files and mail received, newest first. */
    public List<SubmissionRow> submissions(SubmissionFilter filter) throws SQLException {
        Instant from = filter.receivedFrom() == null ? null : filter.receivedFrom().atStartOfDay(zone).toInstant();
        Instant until = filter.receivedTo() == null ? null : filter.receivedTo().plusDays(1).atStartOfDay(zone).toInstant();
        // in long: a hand-typed offset near the largest int would turn the sum negative (LIMIT refuses it)
        long branchLimit = (long) filter.offset() + filter.limit();
        List<SubmissionRow> rows = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = prepare(c, "submissions")) {
            Object statuses = filter.statuses().isEmpty() ? null : c.createArrayOf("text", filter.statuses().toArray());
            String department = filter.department();
            Jdbc.bind(ps, department, department, department, statuses, statuses, from, from, until, until, branchLimit,
                    department, department, department, statuses, statuses, from, from, until, until, branchLimit,
                    filter.offset(), filter.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SubmissionRow((Long) rs.getObject("submission_id"), rs.getString("receipt_no"),
                            shownName(rs.getString("file_name")), rs.getString("channel"), rs.getString("department_name"),
                            rs.getString("sender"), rs.getString("status"), rs.getInt("error_count"),
                            rs.getInt("warning_count"), rs.getInt("row_count"), instant(rs.getTimestamp("received_at")),
                            rs.getString("subject"), rs.getString("duplicate_of_receipt_no"),
                            rs.getString("message_key"), rs.getBoolean("archived")));
                }
            }
        }
        return rows;
    }

    /** The submission a receipt number names. */
    public Optional<Long> submissionId(String receiptNo) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = prepare(c, "submissionIdByReceipt")) {
            ps.setString(1, receiptNo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Where a submission's original and receipt are archived; empty for an unknown id. */
    public Optional<SubmissionFile> submissionFile(long submissionId) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = prepare(c, "submissionFile")) {
            ps.setLong(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String department = rs.getString("department_name");
                String archived = rs.getString("archived_path");
                List<String> folders = new ArrayList<>();
                if (department != null) {
                    folders.add(department);
                    folders.addAll(Jdbc.strings(rs.getArray("former_names")));
                }
                return Optional.of(new SubmissionFile(rs.getLong("submission_id"), rs.getString("receipt_no"),
                        department, rs.getString("channel"), shownName(rs.getString("source_name")), rs.getString("status"),
                        instant(rs.getTimestamp("received_at")), archived,
                        archived == null ? null : archived + Messages.text("receipt.file_suffix"), folders,
                        rs.getString("receipt_text")));
            }
        }
    }

    /** The named statement, planned with its values at every execution (its filters are optional). */
    private static PreparedStatement prepare(Connection c, String name) throws SQLException {
        return Jdbc.plannedEachTime(c, SQL.get(name));
    }

    /** The submission columns of a row (submission_id … channel); null when the row has no submission. */
    private static SubmissionRef submission(ResultSet rs) throws SQLException {
        Long id = (Long) rs.getObject("submission_id");
        return id == null ? null : new SubmissionRef(id, rs.getString("receipt_no"),
                instant(rs.getTimestamp("received_at")), shownName(rs.getString("source_name")), rs.getString("channel"),
                rs.getBoolean("archived"));
    }

    /**
     * A file's name as received, for a page or the API: control and invisible characters shown as U+FFFD, as
     * receipts show them, so that a bidi override cannot make "報告\u202Evsc.exe" read as "報告exe.csv".
     */
    private static String shownName(String name) {
        return name == null ? null : ArchiveNames.shown(name);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

    /** Whether the round of a plan's year is closed (締切), by whom and when. */
    public Optional<PendingChanges.Closure> roundClosure(String planCode, int fiscalYear) throws SQLException {
        try (Connection c = database.connect()) {
            return new PendingChanges().closure(c, planCode, fiscalYear);
        }
    }
}
