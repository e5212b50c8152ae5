package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.evaluate.Flag;

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

    /**
     * Replaces every evaluation of the plan and records their basis. All rows in one transaction: the console
     * keeps its board until one row of the plan shows another writer (console.sql, evaluationVersion).
     */
    public void replaceAll(Connection c, String planCode, List<Evaluation> evaluations, String basis)
            throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(SQL.get("deleteEvaluations"))) {
            delete.setString(1, planCode);
            delete.executeUpdate();
        }
        try (CopyStream copy = CopyStream.into(c, "evaluation (plan_code, indicator_code, fiscal_year, target_set, "
                + "effective_target, result_id, rate, grade, flags)")) {
            for (Evaluation e : evaluations) {
                copy.text(e.planCode()).text(e.indicatorCode()).number(e.fiscalYear()).flag(e.targetSet())
                        .decimal(e.effectiveTarget())
                        .text(e.resultId() == null ? null : e.resultId().toString()).decimal(e.rate())
                        .text(e.grade() == null ? null : e.grade().label())
                        .array(e.flags().stream().map(Flag::code).distinct().toList())
                        .endRow();
            }
            copy.finish();
        }
        try (PreparedStatement save = c.prepareStatement(SQL.get("saveBasis"))) {
            Jdbc.bind(save, planCode, basis);
            save.executeUpdate();
        }
    }
}
