package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.evaluate.Flag;

/**
 * Evaluations of the keys a load touched, written in chunks by COPY into a temporary table and then into
 * the evaluation table with one upsert that leaves unchanged rows alone. In the load's transaction.
 */
public final class EvaluationStaging {

    private static final SqlStatements SQL = SqlStatements.load("/sql/results.sql");
    private static final String COLUMNS = "plan_code, indicator_code, fiscal_year, target_set, effective_target, "
            + "result_id, rate, grade, flags, grade_level";

    private final Connection connection;

    private EvaluationStaging(Connection connection) {
        this.connection = connection;
    }

    public static EvaluationStaging open(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SQL.get("createStagedEvaluations"));
        }
        return new EvaluationStaging(c);
    }

    /** One COPY per chunk: between chunks the connection reads the next ones. */
    public void add(List<Evaluation> evaluations) throws SQLException {
        // closed (the copy cancelled) whatever escapes, an Error too: a copy left open would block the
        // connection's rollback for ever when it goes back to the pool
        try (CopyRows copy = new CopyRows(connection, "staged_evaluation", COLUMNS)) {
            for (Evaluation e : evaluations) {
                copy.text(e.planCode()).text(e.indicatorCode()).number(e.fiscalYear()).bool(e.targetSet())
                        .number(e.effectiveTarget()).number(e.resultId()).number(e.rate())
                        .text(e.grade() == null ? null : e.grade().label())
                        .textArray(e.flags().stream().map(Flag::code).distinct().toList())
                        .number(e.gradeLevel() == null ? null : e.gradeLevel().longValue()).endRow();
            }
            copy.finish();
        }
    }

    /** @return how many evaluations were added or changed */
    public int write() throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(SQL.get("upsertStagedEvaluations"));
        }
    }
}
