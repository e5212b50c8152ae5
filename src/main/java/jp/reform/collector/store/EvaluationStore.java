package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.evaluate.Flag;
import jp.reform.collector.normalise.SelfAssessment;

/**
 * A plan's evaluations written whole, set-based (one DELETE, one COPY), and the basis they were computed from
 * (evaluation_basis). Every method runs in the caller's transaction.
 */
public final class EvaluationStore {

    private static final SqlStatements SQL = SqlStatements.load("/sql/evaluation_basis.sql");

    /** What the plan's evaluations were last fully computed from; empty when never (or before V9). */
    public Optional<String> basis(Connection c, String planCode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("basis"))) {
            ps.setString(1, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Whether every plan synchronised from config/ has its evaluations computed from that master data. */
    public boolean allCurrent(Connection c, String rules) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("plansNotCurrent"))) {
            ps.setString(1, rules);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 0;
            }
        }
    }

    /** After a load evaluated the plan: unless from the same basis, the next start evaluates it whole again. */
    public void forgetOtherBasis(Connection c, String planCode, String basis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("forgetOtherBasis"))) {
            Jdbc.bind(ps, planCode, basis);
            ps.executeUpdate();
        }
    }

    /** What is done with the current results of one indicator (by fiscal year). */
    public interface IndicatorResults {
        void accept(String indicatorCode, Map<Integer, StoredResult> byYear) throws SQLException;
    }

    /**
     * Hands the plan's current results to the handler one indicator at a time, read as a stream: a plan of
     * 100,000 indicators never has all its results in memory at once. Runs in the caller's transaction (a
     * cursor needs one).
     */
    public void forEachIndicatorResults(Connection c, String planCode, IndicatorResults handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("currentResultsByIndicator"))) {
            ps.setFetchSize(2000);
            ps.setString(1, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                String indicator = null;
                Map<Integer, StoredResult> byYear = new HashMap<>();
                while (rs.next()) {
                    StoredResult r = stored(rs);
                    if (indicator != null && !indicator.equals(r.indicatorCode())) {
                        handler.accept(indicator, byYear);
                        byYear = new HashMap<>();
                    }
                    indicator = r.indicatorCode();
                    byYear.put(r.fiscalYear(), r);
                }
                if (indicator != null) {
                    handler.accept(indicator, byYear);
                }
            }
        }
    }

    /** As ResultRepository.current reads a result. */
    private static StoredResult stored(ResultSet rs) throws SQLException {
        String assessment = rs.getString("self_assessment");
        return new StoredResult(rs.getLong("result_id"), rs.getString("plan_code"), rs.getString("indicator_code"),
                rs.getInt("fiscal_year"), rs.getInt("version"), rs.getBigDecimal("actual_value"),
                rs.getString("actual_text"), rs.getBoolean("approximate"), rs.getString("status_text"),
                rs.getString("outcome_text"), rs.getString("next_steps_text"),
                assessment == null ? null : SelfAssessment.valueOf(assessment), rs.getString("self_assessment_text"),
                rs.getString("department_name"), rs.getLong("submission_id"), rs.getString("sheet_name"),
                (Integer) rs.getObject("row_no"), rs.getString("column_ref"),
                (Integer) rs.getObject("self_assessment_level"));
    }

    /** Evaluations written as a stream ({@link #replaceAll(Connection, String, String, Writing)}). */
    public interface Writing {
        void writeTo(EvaluationSink sink) throws SQLException;
    }

    /** Where a whole-plan refresh writes each evaluation. */
    public interface EvaluationSink {
        void write(Evaluation evaluation) throws SQLException;
    }

    /**
     * Replaces every evaluation of the plan with those the writing produces, streamed into one COPY, and records
     * their basis; returns how many were written.
     */
    public long replaceAll(Connection c, String planCode, String basis, Writing writing) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(SQL.get("deleteEvaluations"))) {
            delete.setString(1, planCode);
            delete.executeUpdate();
        }
        long written;
        try (CopyRows copy = CopyRows.into(c, "evaluation (plan_code, indicator_code, fiscal_year, target_set, "
                + "effective_target, result_id, rate, grade, flags, grade_level)")) {
            writing.writeTo(e -> row(copy, e));
            written = copy.finish();
        }
        try (PreparedStatement save = c.prepareStatement(SQL.get("saveBasis"))) {
            Jdbc.bind(save, planCode, basis);
            save.executeUpdate();
        }
        return written;
    }

    private static void row(CopyRows copy, Evaluation e) throws SQLException {
        copy.text(e.planCode()).text(e.indicatorCode()).number(e.fiscalYear()).bool(e.targetSet())
                .number(e.effectiveTarget()).text(e.resultId() == null ? null : e.resultId().toString())
                .number(e.rate()).text(e.grade() == null ? null : e.grade().label())
                .textArray(e.flags().stream().map(Flag::code).distinct().toList())
                .number(e.gradeLevel() == null ? null : e.gradeLevel().longValue())
                .endRow();
    }
}
