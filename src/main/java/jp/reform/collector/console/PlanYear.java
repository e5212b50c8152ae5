package jp.reform.collector.console;

import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.PlanMaster;

/**
 * The plan and fiscal year a console page shows, with that year's collection round (null when none).
 *
 * @param notice why the page shows another year than the one asked for (null: the one asked for, or the default)
 */
public record PlanYear(PlanMaster plan, int fiscalYear, CollectionRound round, String notice) {

    public PlanYear(PlanMaster plan, int fiscalYear, CollectionRound round) {
        this(plan, fiscalYear, round, null);
    }

    public String code() {
        return plan.plan().code();
    }

    public String name() {
        return plan.plan().name();
    }
}
