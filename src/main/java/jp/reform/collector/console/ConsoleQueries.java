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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.Jdbc;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.SqlStatements;
import org.postgresql.PGStatement;

/**
 * The read model of the web console: each page section is one set-based statement (sql/console.sql), so
 * a page costs the same number of round trips for a plan of 40 indicators as for 100,000. Methods that
 * return department data take the department to restrict to (null: every department); the restriction is
 * applied in SQL. Texts come back verbatim: escaping is the page's job.
 */
public final class ConsoleQueries {

    private static final SqlStatements SQL = SqlStatements.load("/sql/console.sql");
    /** Runs the committee's table beside the departments' rows (daemon threads: never keeps the JVM alive). */
    private static final ExecutorService SIDE = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "console-committee");
        thread.setDaemon(true);
        return thread;
    });

    private final Database database;
    private final ZoneId zone;
    private final ReportQueries reports;

    /** @param zone the collector's zone (collector.zone), in which submission date filters are days */
    public ConsoleQueries(Database database, ZoneId zone) {
        this.database = database;
        this.zone = zone;
        this.reports = new ReportQueries(database);
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
        // the committee's table and the departments' rows are two independent plan-wide aggregations: the
        // first runs on another connection while this thread runs the second, so a board costs the slower one
        Future<List<ReportQueries.SummaryRow>> committee = SIDE.submit(() -> reports.summary(planCode, fiscalYear));
        try {
            StatusBoard board = board(planCode, fiscalYear, today, round, department, List.of());
            return new StatusBoard(planCode, fiscalYear, today, board.deadline(), committee.get(), board.departments(),
                    board.total());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the committee's table", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            committee.cancel(true); // done by now, unless the departments' rows failed
        }
    }

    /**
     * One department's row of the board and the round's deadline, for the department's own page, which does
     * not show the committee's plan-wide table: {@link StatusBoard#committee()} is empty, and the plan-wide
     * aggregation behind it is not run.
     */
    public StatusBoard departmentStatus(String planCode, int fiscalYear, LocalDate today, CollectionRound round,
                                        String department) throws SQLException {
        return board(planCode, fiscalYear, today, round, department, List.of());
    }

    private StatusBoard board(String planCode, int fiscalYear, LocalDate today, CollectionRound round,
                              String department, List<ReportQueries.SummaryRow> committee) throws SQLException {
        StatusBoard.Deadline deadline = round == null ? null : new StatusBoard.Deadline(round.opens(),
                round.deadline(), round.effectiveDeadline(), ChronoUnit.DAYS.between(today, round.effectiveDeadline()));
        LocalDate remindersFrom = round == null ? null : round.opens();
        List<StatusBoard.DepartmentRow> rows = new ArrayList<>();
        StatusBoard.DepartmentRow total = null;
        try (Connection c = database.connect(); PreparedStatement ps = prepare(c, "departmentStatus")) {
            Jdbc.bind(ps, planCode, department, department, fiscalYear, department, department, remindersFrom,
                    remindersFrom);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int missing = rs.getInt("missing");
                    int incomplete = rs.getInt("incomplete");
                    Long daysToDeadline = deadline == null || missing + incomplete == 0 ? null : deadline.daysLeft();
                    StatusBoard.DepartmentRow row = new StatusBoard.DepartmentRow(rs.getString("department_name"),
                            rs.getInt("indicators"), rs.getInt("owed"), rs.getInt("accepted"), missing, incomplete,
                            rs.getInt("with_findings"), rs.getInt("rejected_since_accepted"), daysToDeadline,
                            rs.getInt("reminders"), localDate(rs.getDate("last_reminder_on")),
                            rs.getString("receipt_no"), instant(rs.getTimestamp("received_at")),
                            rs.getString("status"));
                    if (row.department() == null) {
                        total = row;
                    } else {
                        rows.add(row);
                    }
                }
            }
        }
        return new StatusBoard(planCode, fiscalYear, today, deadline, committee, rows, total);
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
                            rs.getString("next_steps_text"), (Integer) rs.getObject("version"), submission(rs)));
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
                            rs.getBigDecimal("rate_percent"), rs.getString("grade")));
                }
            }
        }
        return years;
    }

    /** One page of the files and mail received, newest first. */
    public List<SubmissionRow> submissions(SubmissionFilter filter) throws SQLException {
        Instant from = filter.receivedFrom() == null ? null : filter.receivedFrom().atStartOfDay(zone).toInstant();
        Instant until = filter.receivedTo() == null ? null : filter.receivedTo().plusDays(1).atStartOfDay(zone).toInstant();
        int branchLimit = filter.offset() + filter.limit();
        List<SubmissionRow> rows = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = prepare(c, "submissions")) {
            Object statuses = filter.statuses().isEmpty() ? null : c.createArrayOf("text", filter.statuses().toArray());
            String department = filter.department();
            Jdbc.bind(ps, department, department, statuses, statuses, from, from, until, until, branchLimit,
                    department, department, statuses, statuses, from, from, until, until, branchLimit,
                    filter.offset(), filter.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SubmissionRow((Long) rs.getObject("submission_id"), rs.getString("receipt_no"),
                            rs.getString("file_name"), rs.getString("channel"), rs.getString("department_name"),
                            rs.getString("sender"), rs.getString("status"), rs.getInt("error_count"),
                            rs.getInt("warning_count"), rs.getInt("row_count"), instant(rs.getTimestamp("received_at")),
                            rs.getString("subject"), rs.getString("duplicate_of_receipt_no"),
                            rs.getString("message_key")));
                }
            }
        }
        return rows;
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
                        department, rs.getString("channel"), rs.getString("source_name"), rs.getString("status"),
                        instant(rs.getTimestamp("received_at")), archived,
                        archived == null ? null : archived + Messages.text("receipt.file_suffix"), folders));
            }
        }
    }

    /**
     * A statement planned afresh with its values at every execution: the optional filters fold away only
     * then, where a reused generic plan (a pooled connection's fifth execution) would lose the indexes.
     */
    private static PreparedStatement prepare(Connection c, String name) throws SQLException {
        PreparedStatement ps = c.prepareStatement(SQL.get(name));
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return ps;
    }

    /** The submission columns of a row (submission_id … channel); null when the row has no submission. */
    private static SubmissionRef submission(ResultSet rs) throws SQLException {
        Long id = (Long) rs.getObject("submission_id");
        return id == null ? null : new SubmissionRef(id, rs.getString("receipt_no"),
                instant(rs.getTimestamp("received_at")), rs.getString("source_name"), rs.getString("channel"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
