package jp.reform.collector.evaluate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.ClosedGradeChanges;
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
    static final String RULES = "rules-2"; // rules-2: a ratio typed for a percentage is warned of as such

    private final AchievementEvaluator evaluator = new AchievementEvaluator();
    private final ResultRepository results = new ResultRepository();
    private final EvaluationStore store = new EvaluationStore();

    /**
     * Runs in the caller's transaction, so that results and their evaluation change together; raises the
     * plan's evaluation version with them (the console's board follows it).
     */
    public List<Evaluation> refresh(Connection c, PlanMaster plan) throws SQLException {
        List<Evaluation> evaluations = evaluator.evaluatePlan(plan, results.current(c, plan.plan().code()));
        results.replaceEvaluations(c, plan.plan().code(), evaluations);
        results.bumpEvaluationVersion(c, plan.plan().code());
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
     * what it changed. The grades of its closed rounds that moved are recorded in the same transaction
     * ({@link ClosedGradeChanges}), whether the plan's files or the evaluation rules ({@link #RULES}) changed.
     */
    public void refreshAll(Database database, MasterData master) throws SQLException {
        SubmissionRepository locks = new SubmissionRepository();
        // both connections taken before any plan lock: loads waiting for that lock hold connections of their
        // own, and a pool they had emptied would leave the re-evaluation waiting for its second one
        try (Connection c = database.connect(); Connection reading = database.connect()) {
            reading.setAutoCommit(false); // a cursor, fetched in batches, lives in a transaction
            reading.setReadOnly(true);
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
                    // kept by the sync already when the plan's files changed (in the words it had); else now,
                    // as a new version's rules may grade a closed year otherwise than it was reported
                    ClosedGradeChanges.snapshot(c, code);
                    long written = store.replaceAll(c, code, basis, sink -> evaluateStreaming(reading, plan, sink));
                    // a revised plan or new rules may move grades reported to the committee: recorded, not refused
                    ClosedGradeChanges.record(c, code);
                    results.bumpEvaluationVersion(c, code);
                    c.commit();
                    LOG.info("Plan {} re-evaluated whole ({} evaluations) in {} ms: its master data or the rules changed", code,
                            written, (System.nanoTime() - started) / 1_000_000);
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }

    /**
     * Every indicator and year of the plan, evaluated from its results read one indicator at a time (on a
     * connection of its own: the writing one is busy with the COPY; the caller's plan lock keeps loads out
     * meanwhile), so that memory does not grow with the plan.
     */
    private void evaluateStreaming(Connection reading, PlanMaster plan, EvaluationStore.EvaluationSink sink)
            throws SQLException {
        Set<String> withResults = new HashSet<>();
        try {
            store.forEachIndicatorResults(reading, plan.plan().code(), (code, byYear) -> {
                Optional<Indicator> indicator = plan.indicator(code);
                if (indicator.isPresent()) { // results of an indicator removed from the master are not evaluated
                    withResults.add(code);
                    evaluate(plan, indicator.get(), byYear, sink);
                }
            });
        } finally {
            reading.rollback();
        }
        for (Indicator indicator : plan.indicators()) {
            if (!withResults.contains(indicator.code())) {
                evaluate(plan, indicator, Map.of(), sink);
            }
        }
    }

    /** As {@link AchievementEvaluator#evaluatePlan} does for one indicator: each year against the one before. */
    private void evaluate(PlanMaster plan, Indicator indicator, Map<Integer, StoredResult> byYear,
                          EvaluationStore.EvaluationSink sink) throws SQLException {
        for (int year = plan.plan().fyFrom(); year <= plan.plan().fyTo(); year++) {
            sink.write(evaluator.evaluate(plan, indicator, year, byYear.get(year), byYear.get(year - 1)));
        }
    }
}
