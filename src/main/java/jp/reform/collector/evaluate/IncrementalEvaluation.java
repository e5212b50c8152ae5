package jp.reform.collector.evaluate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.EvaluationStaging;
import jp.reform.collector.store.ResultRepository;
import jp.reform.collector.store.ResultRepository.TouchedResult;

/**
 * Re-evaluates what one load touched, never the whole plan: each indicator and year of the file, and the
 * next year of the same indicator, whose relative target (前年度比) and plausibility checks read this year's
 * actual. Set-based and in chunks: one cursor over the touched keys with their current and previous-year
 * results, the evaluator in Java, one upsert of the evaluations that changed. Runs in the load's transaction,
 * after the merge of its staged rows ({@code store.ResultStaging}).
 */
public final class IncrementalEvaluation {

    /**
     * Keys evaluated and written at a time: each chunk is a COPY of its own, started between fetches of the
     * cursor, so a chunk of a few thousand keeps a large file's round trips few and its heap small.
     */
    static final int CHUNK = 5_000;

    private final AchievementEvaluator evaluator = new AchievementEvaluator();
    private final ResultRepository results = new ResultRepository();
    private final EvaluationRefresh refresh = new EvaluationRefresh();

    /** Receives each flag of a result the file holds, with the file's cell for it. */
    @FunctionalInterface
    public interface FlagsOfRows {
        void accept(TouchedResult row, Flag flag);
    }

    /**
     * @param planCodes the plans of the staged rows, each under its load lock
     * @param flags     the flags of the file's rows, for the receipt, in file order
     */
    public void evaluate(Connection c, MasterData master, List<String> planCodes, FlagsOfRows flags)
            throws SQLException {
        Set<String> evaluated = results.evaluatedPlans(c, planCodes);
        for (String planCode : planCodes) {
            if (!evaluated.contains(planCode)) {
                // never evaluated whole (no start-up refresh yet): the keys of one file would leave the rest out
                refresh.refresh(c, master.plan(planCode).orElseThrow());
            }
        }
        EvaluationStaging staged = EvaluationStaging.open(c);
        results.touched(c, CHUNK, chunk -> {
            List<Evaluation> evaluations = new ArrayList<>(chunk.size());
            for (TouchedResult touched : chunk) {
                PlanMaster plan = master.plan(touched.planCode()).orElseThrow();
                Optional<Indicator> indicator = plan.indicator(touched.indicatorCode());
                if (indicator.isEmpty() || touched.fiscalYear() > plan.plan().fyTo()) {
                    continue; // the year after the plan's last
                }
                Evaluation evaluation = evaluator.evaluate(plan, indicator.get(), touched.fiscalYear(),
                        touched.current(), touched.previousYear());
                evaluations.add(evaluation);
                if (touched.inFile()) {
                    evaluation.flags().forEach(flag -> flags.accept(touched, flag));
                }
            }
            staged.add(evaluations);
        });
        if (staged.write() > 0) {
            for (String planCode : planCodes) {
                results.bumpEvaluationVersion(c, planCode);
            }
        }
    }
}
