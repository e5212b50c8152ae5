package jp.reform.collector.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.evaluate.Flag;
import jp.reform.collector.evaluate.ResultKey;
import jp.reform.collector.normalise.SelfAssessment;

/** Versioned results and their current evaluation. Every method runs in the caller's transaction. */
public final class ResultRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/results.sql");

    /** The newest version of every result of the plan. */
    public Map<ResultKey, StoredResult> current(Connection c, String planCode) throws SQLException {
        Map<ResultKey, StoredResult> results = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("currentResults"))) {
            ps.setString(1, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredResult r = new StoredResult(rs.getLong("result_id"), rs.getString("plan_code"),
                            rs.getString("indicator_code"), rs.getInt("fiscal_year"), rs.getInt("version"),
                            rs.getBigDecimal("actual_value"), rs.getString("actual_text"),
                            rs.getBoolean("approximate"), rs.getString("status_text"), rs.getString("outcome_text"),
                            rs.getString("next_steps_text"), assessment(rs.getString("self_assessment")),
                            rs.getString("self_assessment_text"), rs.getString("department_name"),
                            rs.getLong("submission_id"), rs.getString("sheet_name"),
                            (Integer) rs.getObject("row_no"), rs.getString("column_ref"),
                            (Integer) rs.getObject("self_assessment_level"));
                    results.put(new ResultKey(r.indicatorCode(), r.fiscalYear()), r);
                }
            }
        }
        return results;
    }

    private static SelfAssessment assessment(String stored) {
        return stored == null ? null : SelfAssessment.valueOf(stored);
    }

    /** Replaces the plan's evaluations with freshly computed ones, all of them in one transaction. */
    public void replaceEvaluations(Connection c, String planCode, List<Evaluation> evaluations) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(SQL.get("deleteEvaluations"))) {
            delete.setString(1, planCode);
            delete.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("insertEvaluation"))) {
            for (Evaluation e : evaluations) {
                Object[] flags = e.flags().stream().map(Flag::code).distinct().toArray();
                Jdbc.bind(ps, e.planCode(), e.indicatorCode(), e.fiscalYear(), e.targetSet(), e.effectiveTarget(),
                        e.resultId(), e.rate(), e.grade() == null ? null : e.grade().label(),
                        c.createArrayOf("text", flags), e.gradeLevel());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Adds one to the plan's evaluation version (console.sql, evaluationVersion), in the caller's transaction. */
    public void bumpEvaluationVersion(Connection c, String planCode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("bumpEvaluationVersion"))) {
            ps.setString(1, planCode);
            ps.executeUpdate();
        }
    }

    /** Of these plans, those whose evaluation has been computed whole at least once. */
    public Set<String> evaluatedPlans(Connection c, List<String> planCodes) throws SQLException {
        Set<String> evaluated = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("evaluatedPlans"))) {
            ps.setArray(1, c.createArrayOf("text", planCodes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    evaluated.add(rs.getString(1));
                }
            }
        }
        return evaluated;
    }

    /**
     * An indicator and year a load touched, with what its evaluation reads: its current result and the
     * previous year's (each holding only the columns the evaluation uses), and the file's cells for it (null
     * for a next year the file did not hold itself): the actual's ({@code column}, {@code cellText}), the
     * 取組状況's and the self-assessment's columns (null when the table had none).
     */
    public record TouchedResult(String planCode, String indicatorCode, int fiscalYear, StoredResult current,
                                StoredResult previousYear, String sheet, Integer row, String column,
                                String cellText, String statusColumn, String assessmentColumn) {

        public boolean inFile() {
            return sheet != null || row != null;
        }
    }

    /** Receives the touched results a chunk at a time. */
    @FunctionalInterface
    public interface Chunks {
        void accept(List<TouchedResult> chunk) throws SQLException;
    }

    /**
     * Streams the keys the staged rows touch ({@link ResultStaging}, after the merge) in chunks of
     * {@code chunkSize}: a cursor, so that a file of any length is evaluated in constant memory. The
     * consumer may use the connection between chunks.
     */
    public void touched(Connection c, int chunkSize, Chunks chunks) throws SQLException {
        List<TouchedResult> chunk = new ArrayList<>(chunkSize);
        try (PreparedStatement ps = c.prepareStatement(SQL.get("touchedResults"))) {
            ps.setFetchSize(chunkSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String plan = rs.getString("plan_code");
                    String indicator = rs.getString("indicator_code");
                    int year = rs.getInt("fiscal_year");
                    long resultId = rs.getLong("result_id");
                    StoredResult current = rs.wasNull() ? null : new StoredResult(resultId, plan, indicator, year, 0,
                            rs.getBigDecimal("actual_value"), rs.getString("actual_text"), rs.getBoolean("approximate"),
                            rs.getString("status_text"), null, null, assessment(rs.getString("self_assessment")),
                            rs.getString("self_assessment_text"), null, 0, null, null, null,
                            (Integer) rs.getObject("self_assessment_level"));
                    long previousId = rs.getLong("previous_result_id");
                    StoredResult previous = rs.wasNull() ? null : new StoredResult(previousId, plan, indicator,
                            year - 1, 0, rs.getBigDecimal("previous_actual_value"), null, false, null, null, null, null,
                            null, null, 0, null, null, null);
                    chunk.add(new TouchedResult(plan, indicator, year, current, previous, rs.getString("sheet_name"),
                            (Integer) rs.getObject("row_no"), rs.getString("column_ref"), rs.getString("cell_text"),
                            rs.getString("status_column"), rs.getString("assessment_column")));
                    if (chunk.size() == chunkSize) {
                        chunks.accept(chunk);
                        chunk = new ArrayList<>(chunkSize);
                    }
                }
            }
        }
        if (!chunk.isEmpty()) {
            chunks.accept(chunk);
        }
    }
}
