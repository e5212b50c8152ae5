package jp.reform.collector.evaluate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.ResultRepository;

/** Recomputes and stores the evaluation of every indicator and year of a plan from its current results. */
public final class EvaluationRefresh {

    private final AchievementEvaluator evaluator = new AchievementEvaluator();
    private final ResultRepository results = new ResultRepository();

    /** Runs in the caller's transaction, so that results and their evaluation change together. */
    public List<Evaluation> refresh(Connection c, PlanMaster plan) throws SQLException {
        List<Evaluation> evaluations = evaluator.evaluatePlan(plan, results.current(c, plan.plan().code()));
        results.replaceEvaluations(c, plan.plan().code(), evaluations);
        return evaluations;
    }
}
