package jp.reform.collector.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.read.SourceCell;
import jp.reform.collector.validate.ResultRow;
import jp.reform.collector.validate.SubmissionValidator;
import jp.reform.collector.validate.ValidRows;

/**
 * The rows of one file on their way into the versioned results, in constant memory: each valid row goes
 * straight into a temporary table by COPY as it is read ({@link #add}); repeated rows are then found there
 * ({@link #reportRepeats}), and one statement adds a version of each row that changed ({@link #merge}). All
 * in the load's transaction: the table goes when it ends, and a file rejected or rolled back leaves nothing.
 */
public final class ResultStaging implements ValidRows {

    private static final SqlStatements SQL = SqlStatements.load("/sql/results.sql");
    private static final SqlStatements ROUNDS = SqlStatements.load("/sql/rounds.sql");
    private static final String COLUMNS = "ord, plan_code, indicator_code, fiscal_year, actual_value, actual_text, "
            + "approximate, status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text, "
            + "sheet_name, row_no, column_ref, code_column, code_text, self_assessment_level, status_column, "
            + "assessment_column, shared, omitted";
    /** Rows fetched at a time from the statements that read the staged rows back. */
    static final int FETCH_SIZE = 1_000;

    private final Connection connection;
    private final CopyRows copy;
    private String firstPlanCode;
    private long staged;
    private long repeats;
    /** Whether a row read omitted an optional entry; a held file's rows put back are looked at in any case. */
    private boolean omissions;

    private ResultStaging(Connection connection) throws SQLException {
        this.connection = connection;
        this.copy = new CopyRows(connection, "staged_result", COLUMNS);
    }

    /** Staged rows that were not read from a file but put back from a held one (no copy under way). */
    private ResultStaging(Connection connection, long staged) {
        this.connection = connection;
        this.copy = null;
        this.staged = staged;
    }

    /** Creates the staging table in the caller's transaction and starts the copy into it. */
    public static ResultStaging open(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SQL.get("loadWorkMem"));
            s.execute(SQL.get("createStagedResults"));
        }
        return new ResultStaging(c);
    }

    /** @throws StagingFailure when the database fails: called from the reader, which takes no checked exceptions */
    @Override
    public void add(ResultRow row, SourceCell codeCell) {
        if (firstPlanCode == null) {
            firstPlanCode = row.planCode();
        }
        try {
            copy.number((int) ++staged).text(row.planCode()).text(row.indicatorCode()).number(row.fiscalYear())
                    .number(row.actualValue()).text(row.actualText()).bool(row.approximate())
                    .text(row.statusText()).text(row.outcomeText()).text(row.nextStepsText())
                    .text(row.selfAssessment() == null ? null : row.selfAssessment().name())
                    .text(row.selfAssessmentText()).text(row.sheet()).number(row.row()).text(row.column())
                    .text(codeCell.column()).text(codeCell.text())
                    .number(row.selfAssessmentLevel() == null ? null : row.selfAssessmentLevel().longValue())
                    .text(row.statusColumn()).text(row.assessmentColumn()).bool(row.shared())
                    .number(row.omitted())
                    .endRow();
            omissions |= row.omitted() != 0;
        } catch (SQLException e) {
            throw new StagingFailure(e);
        }
    }

    /** Ends the copy (also after a reader that stopped half-way) and gives the planner the table's statistics. */
    public void finish() throws SQLException {
        if (copy != null) {
            copy.finish();
        }
        try (Statement s = connection.createStatement()) {
            s.execute(SQL.get("analyzeStagedResults"));
        }
    }

    /** Leaves the copy unfinished: the transaction is being rolled back. */
    public void cancel() {
        if (copy != null) {
            copy.cancel();
        }
    }

    /** The plan of the file's first valid row; null when it had none. */
    public String firstPlanCode() {
        return firstPlanCode;
    }

    /** Distinct indicators and years staged: the file's rows, once {@link #reportRepeats} has run. */
    public long rows() {
        return staged - repeats;
    }

    /**
     * Reports every row repeating the indicator and year of an earlier row (a warning when it says the
     * same, an error when it does not, as the validator reported them before), in file order, then keeps
     * only the first row of each: the one loaded.
     */
    public void reportRepeats(Consumer<Finding> findings) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SQL.get("repeatedStagedRows"))) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    repeats++;
                    SourceCell codeCell = new SourceCell(rs.getString("sheet_name"), rs.getInt("row_no"),
                            rs.getString("code_column"), rs.getString("code_text"));
                    findings.accept(SubmissionValidator.repeatedRow(rs.getBoolean("same_content"), codeCell,
                            rs.getString("first_sheet"), rs.getInt("first_row")));
                }
            }
        }
        if (repeats > 0) {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate(SQL.get("dropRepeatedStagedRows"));
            }
        }
    }

    /**
     * Rows of an indicator {@code department} shares with another 課 that would erase part of that 課's report
     * (the current result): an entry its grade comes from (実績値, 取組状況, 自己評価) left blank that the report had. The department's template showed the line
     * blank, so blank cannot mean "erase" there; each is an error at the row's 指標コード cell. Under the plans'
     * load locks, so that the report compared is the one the merge would replace.
     *
     * @param max how many to report at most (the file is refused by the first)
     */
    public void reportPartialRowsOverAnotherReport(String department, int max, Consumer<Finding> findings)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SQL.get("partialRowsOverAnotherReport"))) {
            Jdbc.bind(ps, department, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SourceCell codeCell = new SourceCell(rs.getString("sheet_name"), rs.getInt("row_no"),
                            rs.getString("code_column"), rs.getString("code_text"));
                    List<SubmissionValidator.Entry> left = new ArrayList<>();
                    if (rs.getBoolean("actual_left")) {
                        left.add(SubmissionValidator.Entry.ACTUAL);
                    }
                    if (rs.getBoolean("status_left")) {
                        left.add(SubmissionValidator.Entry.STATUS);
                    }
                    if (rs.getBoolean("assessment_left")) {
                        left.add(SubmissionValidator.Entry.SELF_ASSESSMENT);
                    }
                    findings.accept(SubmissionValidator.partialRowOverAnotherReport(codeCell,
                            rs.getString("reported_by"), left));
                }
            }
        }
    }

    /** The plans of the staged rows, in code order (the order their load locks are taken in). */
    public List<String> planCodes() throws SQLException {
        List<String> plans = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(SQL.get("stagedPlans"))) {
            while (rs.next()) {
                plans.add(rs.getString(1));
            }
        }
        return plans;
    }

    /**
     * A result whose shown value or self-assessment the load changed (「旧 → 新」), with the new value as read
     * (null when none); {@code oldAssessment} and {@code newAssessment} as written, both null when the
     * self-assessment stayed; {@code reportedBy} the other 課 (current name) whose report of a shared indicator
     * the old value was, null when it was the loading 課's own.
     */
    public record ChangedValue(String planCode, String indicatorCode, int fiscalYear, String oldText,
                               String newText, BigDecimal newValue, String oldAssessment, String newAssessment,
                               String reportedBy) {

        public boolean valueChanged() {
            return !java.util.Objects.equals(oldText, newText);
        }
    }

    /**
     * What the merge did.
     *
     * @param added         new versions (new or changed rows)
     * @param changedValues the first changed values, in file order
     * @param changedCount  all changed values, also those not listed
     * @param replaced      new versions that followed another 課's report of a shared indicator (also those whose
     *                      value stayed)
     * @param replacedOf    those 課, by current name, in the order of their first such version
     */
    public record Merged(int added, List<ChangedValue> changedValues, int changedCount, int replaced,
                         List<String> replacedOf) {
    }

    /**
     * Adds a version of every staged row whose content differs from the current one, in one statement, and
     * records the rounds the file held results of (which the division's review follows).
     *
     * @param listed how many changed values to return at most (all are counted)
     */
    public Merged merge(String department, long submissionId, int listed) throws SQLException {
        int added = 0;
        int changedCount = 0;
        int replaced = 0;
        List<String> replacedOf = List.of();
        List<ChangedValue> changed = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(SQL.get("mergeStagedResults"))) {
            Jdbc.bind(ps, department, submissionId, listed);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    added = rs.getInt("added");
                    replaced = rs.getInt("replaced");
                    replacedOf = Jdbc.strings(rs.getArray("replaced_of"));
                    if (rs.getString("indicator_code") != null) {
                        changedCount = rs.getInt("updated");
                        changed.add(new ChangedValue(rs.getString("plan_code"), rs.getString("indicator_code"),
                                rs.getInt("fiscal_year"), rs.getString("old_text"), rs.getString("new_text"),
                                rs.getBigDecimal("new_value"), rs.getString("old_assessment"),
                                rs.getString("new_assessment"), rs.getString("reported_by")));
                    }
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(SQL.get("recordStagedRounds"))) {
            Jdbc.bind(ps, submissionId, department);
            ps.executeUpdate();
        }
        return new Merged(added, List.copyOf(changed), changedCount, replaced, replacedOf);
    }

    /**
     * A version the merge added over another 課's report of a shared indicator, with the value and self-assessment
     * it replaced (as written; null where blank).
     *
     * @param reportedBy the 課 whose report it was, by its current name
     * @param total      how many of that 課's reports the file replaced, also those not returned
     */
    public record ReplacedReport(String reportedBy, String planCode, String indicatorCode, String indicatorName,
                                 int fiscalYear, String oldText, String newText, String oldAssessment,
                                 String newAssessment, int total) {
    }

    /**
     * After a {@link #merge} that replaced other 課's reports ({@link Merged#replaced()} &gt; 0): those versions,
     * by 課 and in file order, at most {@code perDepartment} of each 課.
     */
    public List<ReplacedReport> replacedReports(long submissionId, int perDepartment) throws SQLException {
        List<ReplacedReport> replaced = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(SQL.get("replacedReports"))) {
            Jdbc.bind(ps, submissionId, perDepartment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    replaced.add(new ReplacedReport(rs.getString("reported_by"), rs.getString("plan_code"),
                            rs.getString("indicator_code"), rs.getString("indicator_name"), rs.getInt("fiscal_year"),
                            rs.getString("old_text"), rs.getString("new_text"), rs.getString("old_assessment"),
                            rs.getString("new_assessment"), rs.getInt("total")));
                }
            }
        }
        return replaced;
    }

    /**
     * Rows whose table has no column for an optional entry keep what the 課 itself reported there (results.sql
     * keepOmittedEntries). Under the plans' load locks, before the rows are compared with what is stored.
     *
     * @param department the 課, by its current or a former name
     */
    public void keepOmittedEntries(String department) throws SQLException {
        if (copy != null && !omissions) {
            return; // every row's table had every column: nothing to look up
        }
        try (PreparedStatement ps = connection.prepareStatement(SQL.get("keepOmittedEntries"))) {
            ps.setString(1, department);
            ps.executeUpdate();
        }
    }

    /** A closed round (締切) whose figures the staged rows would change, and by how many rows. */
    public record ClosedRound(String planCode, int fiscalYear, int changes) {
    }

    /**
     * The closed rounds the staged rows would change; empty when every row in a closed round says what is
     * already stored (such a file changes nothing there and is loaded as usual). Called under the plans'
     * load locks, which closing a round also takes, so that the answer holds until the transaction ends.
     */
    public List<ClosedRound> closedRoundsChanged() throws SQLException {
        List<ClosedRound> rounds = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(ROUNDS.get("closedRoundsChanged"))) {
            while (rs.next()) {
                rounds.add(new ClosedRound(rs.getString("plan_code"), rs.getInt("fiscal_year"), rs.getInt("changes")));
            }
        }
        return rounds;
    }

    /** Keeps the staged rows as the held change of a submission, in the load's transaction. */
    public void keepAsPending(long submissionId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(ROUNDS.get("insertPendingChange"))) {
            ps.setLong(1, submissionId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement(ROUNDS.get("keepStagedAsPending"))) {
            ps.setLong(1, submissionId);
            ps.executeUpdate();
        }
    }

    /** Stages a held file's rows again, in the caller's transaction, to be merged as the file would have been. */
    public static ResultStaging fromPending(Connection c, long submissionId) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SQL.get("createStagedResults"));
        }
        int rows;
        try (PreparedStatement ps = c.prepareStatement(ROUNDS.get("stagePending"))) {
            ps.setLong(1, submissionId);
            rows = ps.executeUpdate();
        }
        ResultStaging staging = new ResultStaging(c, rows);
        staging.finish();
        return staging;
    }
}
