package jp.reform.collector.evaluate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.ResultRepository;
import jp.reform.collector.store.SubmissionRepository;

/** Recomputes and stores the evaluation of every indicator and year of a plan from its current results. */
public final class EvaluationRefresh {

    private final AchievementEvaluator evaluator = new AchievementEvaluator();
    private final ResultRepository results = new ResultRepository();

    /**
     * Runs in the caller's transaction, so that results and their evaluation change together; raises the
     * plan's evaluation version with them (the console's board follows it).
     */
    public List<Evaluation> refresh(Connection c, PlanMaster plan) throws SQLException {
        List<Evaluation> evaluations = evaluator.evaluatePlan(plan, results.current(c, plan.plan().code()));
        results.replaceEvaluations(c, plan.plan().code(), evaluations);
        results.bumpEvaluationVersion(c, plan.plan().code());
        return evaluations;
    }

    /**
     * Every plan in one transaction, each under its load lock: at start and before each overnight run,
     * since targets or thresholds may have changed in config/.
     */
    public void refreshAll(Database database, MasterData master) throws SQLException {
        SubmissionRepository locks = new SubmissionRepository();
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                for (PlanMaster plan : master.plans()) {
                    locks.lockPlan(c, plan.plan().code());
                    refresh(c, plan);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
