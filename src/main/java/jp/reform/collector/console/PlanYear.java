package jp.reform.collector.console;

import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.PlanMaster;

/** The plan and fiscal year a console page shows, with that year's collection round (null when none). */
public record PlanYear(PlanMaster plan, int fiscalYear, CollectionRound round) {

    public String code() {
        return plan.plan().code();
    }

    public String name() {
        return plan.plan().name();
    }
}
