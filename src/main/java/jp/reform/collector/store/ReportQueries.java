package jp.reform.collector.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/** Reads the BI views the commands print: the committee's summary and the per-indicator status. */
public final class ReportQueries {

    private static final SqlStatements SQL = SqlStatements.load("/sql/reports.sql");

    /** The goal code of the committee table's total row (titled 合計 by the view, V30). */
    public static final String TOTAL = "total";

    /** A row of the committee's table; goal code {@code total} for the plan as a whole. */
    public record SummaryRow(String goalCode, String goalTitle, int set, int achieved, int mostly, int notAchieved,
                             int notSubmitted, BigDecimal mostlyRate) {
    }

    /**
     * One indicator in one fiscal year. grade: as computed, gradeLevel its step of the plan's scale; finalGrade
     * and overrideReason: the committee's final grade and why, null where none is set; finalLevel: the step of
     * the final grade (D of A|B|C|D), null where it is the grade's first.
     */
    public record StatusRow(String indicatorCode, String indicatorName, String departments, String unit,
                            String targetText, BigDecimal targetValue, String targetKind, boolean targetSet,
                            BigDecimal actualValue, String actualText, BigDecimal rate, BigDecimal ratePercent,
                            String grade, String flags, String finalGrade, String overrideReason,
                            Integer gradeLevel, Integer finalLevel) {

        /** A row whose final grade, if any, is at its grade's first step. */
        public StatusRow(String indicatorCode, String indicatorName, String departments, String unit,
                         String targetText, BigDecimal targetValue, String targetKind, boolean targetSet,
                         BigDecimal actualValue, String actualText, BigDecimal rate, BigDecimal ratePercent,
                         String grade, String flags, String finalGrade, String overrideReason, Integer gradeLevel) {
            this(indicatorCode, indicatorName, departments, unit, targetText, targetValue, targetKind, targetSet,
                    actualValue, actualText, rate, ratePercent, grade, flags, finalGrade, overrideReason, gradeLevel,
                    null);
        }

        /** The grade the committee's table counts: the final one where set. */
        public String countedGrade() {
            return finalGrade != null ? finalGrade : grade;
        }
    }

    private final Database database;

    public ReportQueries(Database database) {
        this.database = database;
    }

    public List<SummaryRow> summary(String planCode, int fiscalYear) throws SQLException {
        try (Connection c = database.connect()) {
            return summary(c, planCode, fiscalYear);
        }
    }

    /** The committee's table read on the caller's connection (in its transaction and snapshot). */
    public static List<SummaryRow> summary(Connection c, String planCode, int fiscalYear) throws SQLException {
        List<SummaryRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("summary"))) {
            Jdbc.bind(ps, planCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String goalCode = rs.getString(1);
                    rows.add(new SummaryRow(goalCode, rs.getString(2), rs.getInt(3), rs.getInt(4),
                            rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getBigDecimal(8)));
                }
            }
        }
        return rows;
    }

    /** How the plan writes its grades, best first (達成, 概ね達成, 未達成 for a plan unknown here). */
    public List<String> gradeLabels(String planCode) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(SQL.get("gradeLabels"))) {
            ps.setString(1, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Jdbc.strings(rs.getArray(1)) : jp.reform.collector.master.Plan.DEFAULT_LABELS;
            }
        }
    }

    /** How the plan writes its grades and what each counts as (the committee's words for a plan unknown here). */
    public jp.reform.collector.master.GradeWords gradeWords(String planCode) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(SQL.get("gradeWords"))) {
            ps.setString(1, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return jp.reform.collector.master.GradeWords.DEFAULT;
                }
                List<String> labels = Jdbc.strings(rs.getArray(1));
                BigDecimal[] thresholds = (BigDecimal[]) rs.getArray(2).getArray();
                return new jp.reform.collector.master.GradeWords(labels, jp.reform.collector.master.Plan.levelGrades(
                        labels.size(), java.util.Arrays.asList(thresholds), rs.getBigDecimal(3), rs.getBigDecimal(4)));
            }
        }
    }

    /** Rows fetched at a time by the queries of a whole plan-year (200,000 indicators in a survey). */
    private static final int FETCH_SIZE = 2000;

    /**
     * A statement whose rows come in batches rather than all at once: PgJDBC otherwise holds a whole result in
     * memory before the first row is read, as much again as the rows built from it. It uses a cursor only
     * inside a transaction; the connection is the caller's own and closed after the query.
     */
    private static PreparedStatement streamed(Connection c, String name) throws SQLException {
        c.setAutoCommit(false);
        PreparedStatement ps = c.prepareStatement(SQL.get(name));
        ps.setFetchSize(FETCH_SIZE);
        return ps;
    }

    public List<StatusRow> status(String planCode, int fiscalYear) throws SQLException {
        List<StatusRow> rows = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = streamed(c, "status")) {
            Jdbc.bind(ps, planCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StatusRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getBoolean(8),
                            rs.getBigDecimal(9), rs.getString(10), rs.getBigDecimal(11), rs.getBigDecimal(12),
                            rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                            (Integer) rs.getObject(17), (Integer) rs.getObject(18)));
                }
            }
        }
        return rows;
    }

    /**
     * A four-level plan's count of each level (1 = best) per goal code and in total ({@code total}), over the
     * indicators with a target; what the committee table shows one column per level. A final grade counts at
     * the step the division chose (D), or where none is stored at the level {@code levelOfFinalGrade} gives it
     * (its grade's first).
     */
    public static java.util.Map<String, java.util.Map<Integer, Integer>> levelCounts(Connection c, String planCode,
            int fiscalYear, java.util.function.ToIntFunction<String> levelOfFinalGrade) throws SQLException {
        java.util.Map<String, java.util.Map<Integer, Integer>> counts = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("levelCounts"))) {
            Jdbc.bind(ps, planCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int level = rs.getObject(2) != null ? rs.getInt(2) : levelOfFinalGrade.applyAsInt(rs.getString(3));
                    counts.computeIfAbsent(rs.getString(1), g -> new java.util.HashMap<>())
                            .merge(level, rs.getInt(4), Integer::sum);
                }
            }
        }
        return counts;
    }

    /** A plan's code and the fiscal years it covers. */
    public record PlanPeriod(String planCode, int fyFrom, int fyTo) {

        public boolean covers(int fiscalYear) {
            return fiscalYear >= fyFrom && fiscalYear <= fyTo;
        }
    }

    /** Every plan in the database, by code. */
    public List<PlanPeriod> plans() throws SQLException {
        List<PlanPeriod> plans = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(SQL.get("plans"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                plans.add(new PlanPeriod(rs.getString(1), rs.getInt(2), rs.getInt(3)));
            }
        }
        return plans;
    }

    /**
     * The current result of one indicator and year, with its texts; absent fields are null. grade: as computed;
     * finalGrade and overrideReason: the committee's, where set; finalLevel: the final grade's step, null where
     * it is the grade's first.
     */
    public record DetailRow(String indicatorCode, BigDecimal actualValue, String actualText, BigDecimal ratePercent,
                            String grade, String flags, String statusText, String outcomeText, String nextStepsText,
                            String selfAssessmentText, String finalGrade, String overrideReason,
                            Integer gradeLevel, Integer finalLevel) {
    }

    /**
     * The current results of a plan-year in plan order, one at a time through a cursor on the caller's connection
     * and in its transaction (which must not be in auto-commit: PgJDBC uses a cursor only inside one). Only the
     * indicators under the given initiatives (all: null) and only those whose grade that counts (the final one
     * where set) is one of {@code grades} (any grade, or none: null). Indicators without evaluation are absent.
     */
    public static void details(Connection c, String planCode, int fiscalYear, Collection<String> initiatives,
                               Collection<String> grades, Consumer<DetailRow> each) throws SQLException {
        try (PreparedStatement ps = Jdbc.plannedEachTime(c, SQL.get("details"))) { // initiatives, grades optional
            ps.setFetchSize(FETCH_SIZE);
            ps.setString(1, planCode);
            ps.setInt(2, fiscalYear);
            ps.setBoolean(3, initiatives == null);
            ps.setArray(4, c.createArrayOf("text", initiatives == null ? new String[0]
                    : initiatives.toArray(String[]::new)));
            ps.setBoolean(5, grades == null);
            ps.setArray(6, c.createArrayOf("text", grades == null ? new String[0] : grades.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(new DetailRow(rs.getString(1), rs.getBigDecimal(2), rs.getString(3),
                            rs.getBigDecimal(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                            (Integer) rs.getObject(13), (Integer) rs.getObject(14)));
                }
            }
        }
    }

    /**
     * A final grade set by the committee: computedGrade as evaluated (computedLevel its step of the plan's scale),
     * finalGrade the one that counts (finalLevel the step chosen, null where it is the grade's first).
     */
    public record OverrideRow(String indicatorCode, String indicatorName, String computedGrade, String finalGrade,
                              String reason, Integer computedLevel, Integer finalLevel) {
    }

    /** The final grades of a plan-year, in plan order (none: empty). */
    public List<OverrideRow> overrides(String planCode, int fiscalYear) throws SQLException {
        List<OverrideRow> rows = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(SQL.get("overrides"))) {
            Jdbc.bind(ps, planCode, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OverrideRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7)));
                }
            }
        }
        return rows;
    }
}
