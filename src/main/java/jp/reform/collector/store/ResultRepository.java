package jp.reform.collector.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.evaluate.Flag;
import jp.reform.collector.evaluate.ResultKey;
import jp.reform.collector.normalise.SelfAssessment;
import jp.reform.collector.validate.ResultRow;

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
                            (Integer) rs.getObject("row_no"), rs.getString("column_ref"));
                    results.put(new ResultKey(r.indicatorCode(), r.fiscalYear()), r);
                }
            }
        }
        return results;
    }

    private static SelfAssessment assessment(String stored) {
        return stored == null ? null : SelfAssessment.valueOf(stored);
    }

    /** Adds a new version; earlier versions stay as they were. */
    public void insertVersion(Connection c, ResultRow row, int version, String department, long submissionId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("insertResult"))) {
            Jdbc.bind(ps, row.planCode(), row.indicatorCode(), row.fiscalYear(), version, row.actualValue(),
                    row.actualText(), row.approximate(), row.statusText(), row.outcomeText(), row.nextStepsText(),
                    row.selfAssessment() == null ? null : row.selfAssessment().name(), row.selfAssessmentText(),
                    department, submissionId, row.sheet(), row.row(), row.column());
            ps.executeUpdate();
        }
    }

    /**
     * Replaces the plan's evaluations with freshly computed ones. Always all of them in one transaction: the
     * console keeps its board until one row of the plan shows another writer (console.sql, evaluationVersion).
     */
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
                        c.createArrayOf("text", flags));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

}
