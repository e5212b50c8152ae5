package jp.reform.collector.evaluate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.EvaluationStore;
import jp.reform.collector.store.ResultRepository;
import jp.reform.collector.store.SubmissionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Recomputes and stores the evaluation of every indicator and year of a plan from its current results. */
public final class EvaluationRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRefresh.class);

    /**
     * The version of the evaluation rules (AchievementEvaluator, PlausibilityChecker). Raise it with any change
     * of what they compute, so that the next start re-evaluates every plan. The rules depend on the master data
     * and the results only, never on the date, so evaluations computed from the same master stay right.
     */
    static final String RULES = "rules-1";

    private final AchievementEvaluator evaluator = new AchievementEvaluator();
    private final ResultRepository results = new ResultRepository();
    private final EvaluationStore store = new EvaluationStore();

    /** Runs in the caller's transaction, so that results and their evaluation change together. */
    public List<Evaluation> refresh(Connection c, PlanMaster plan) throws SQLException {
        List<Evaluation> evaluations = evaluator.evaluatePlan(plan, results.current(c, plan.plan().code()));
        results.replaceEvaluations(c, plan.plan().code(), evaluations);
        store.forgetOtherBasis(c, plan.plan().code(), basis(plan));
        return evaluations;
    }

    /** Whether every plan in the database is evaluated from its synchronised master data and these rules. */
    public static boolean allCurrent(Connection c) throws SQLException {
        return new EvaluationStore().allCurrent(c, RULES);
    }

    /** What a plan's evaluations are computed from: these rules and the plan's master data. */
    public static String basis(PlanMaster plan) {
        return RULES + "/" + plan.contentHash();
    }

    /**
     * At start and before each overnight run, since targets or thresholds may have changed in config/: each plan
     * whose master data (or the rules) changed since its evaluations were last computed whole is re-evaluated,
     * in a transaction of its own under its load lock. The others are current already: each load evaluates
     * what it changed.
     */
    public void refreshAll(Database database, MasterData master) throws SQLException {
        SubmissionRepository locks = new SubmissionRepository();
        try (Connection c = database.connect()) {
            for (PlanMaster plan : master.plans()) {
                String code = plan.plan().code();
                String basis = basis(plan);
                c.setAutoCommit(true);
                if (store.basis(c, code).filter(basis::equals).isPresent()) {
                    continue;
                }
                c.setAutoCommit(false);
                try {
                    long started = System.nanoTime();
                    locks.lockPlan(c, code);
                    List<Evaluation> evaluations = evaluator.evaluatePlan(plan, results.current(c, code));
                    store.replaceAll(c, code, evaluations, basis);
                    c.commit();
                    LOG.info("Plan {} re-evaluated whole ({} evaluations) in {} ms: its master data changed", code,
                            evaluations.size(), (System.nanoTime() - started) / 1_000_000);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }
}
