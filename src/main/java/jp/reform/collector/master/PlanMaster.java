package jp.reform.collector.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the master data says about one plan. */
public final class PlanMaster {

    private final Plan plan;
    private final List<PlanNode> nodes;
    private final List<PlanAction> actions;
    private final Map<String, Indicator> indicators = new LinkedHashMap<>();
    /** Per indicator (keyed by its code), the targets of the plan's years, index 0 = fy_from; null = none. */
    private final Map<String, Target[]> targets = new HashMap<>();
    private final Map<String, PlanNode> nodesByCode = new LinkedHashMap<>();
    private volatile String contentHash;

    public PlanMaster(Plan plan, List<PlanNode> nodes, List<PlanAction> actions, List<Indicator> indicators,
                      List<Target> targets) {
        this.plan = plan;
        this.nodes = List.copyOf(nodes);
        this.actions = List.copyOf(actions);
        nodes.forEach(n -> nodesByCode.put(n.code(), n));
        indicators.forEach(i -> this.indicators.put(i.code(), i));
        targets.forEach(t -> yearsOf(t.indicatorCode(), t.fiscalYear())[t.fiscalYear() - plan.fyFrom()] = t);
    }

    private Target[] yearsOf(String indicatorCode, int fiscalYear) {
        if (!plan.covers(fiscalYear)) {
            throw new IllegalArgumentException("target of " + indicatorCode + " for " + fiscalYear
                    + " is outside the plan's years");
        }
        return targets.computeIfAbsent(indicatorCode, code -> new Target[plan.fyTo() - plan.fyFrom() + 1]);
    }

    public Plan plan() {
        return plan;
    }

    public List<PlanNode> nodes() {
        return nodes;
    }

    public List<PlanAction> actions() {
        return actions;
    }

    public List<Indicator> indicators() {
        return List.copyOf(indicators.values());
    }

    /** Every target, by indicator in plan order, then by year. */
    public List<Target> targets() {
        List<Target> all = new ArrayList<>();
        for (String code : indicators.keySet()) {
            Target[] years = targets.get(code);
            if (years != null) {
                for (Target t : years) {
                    if (t != null) {
                        all.add(t);
                    }
                }
            }
        }
        return all;
    }

    public Optional<Indicator> indicator(String code) {
        return Optional.ofNullable(indicators.get(code));
    }

    /** The target for that year; a year the master lists nothing for has no target. */
    public Target target(String indicatorCode, int fiscalYear) {
        Target[] years = targets.get(indicatorCode);
        Target target = years != null && plan.covers(fiscalYear) ? years[fiscalYear - plan.fyFrom()] : null;
        return target != null ? target : new Target(indicatorCode, fiscalYear, null, null, "none");
    }

    public Optional<PlanNode> node(String code) {
        return Optional.ofNullable(nodesByCode.get(code));
    }

    /** The goal (top node) an indicator counts under in the committee's table. */
    public PlanNode goalOf(Indicator indicator) {
        PlanNode node = nodesByCode.get(indicator.initiativeCode());
        while (node.parentCode() != null) {
            node = nodesByCode.get(node.parentCode());
        }
        return node;
    }

    /** {@link MasterHash} of this plan, computed once. */
    public String contentHash() {
        String hash = contentHash;
        if (hash == null) {
            hash = MasterHash.of(this);
            contentHash = hash;
        }
        return hash;
    }

    /** Whether the department (by its current name) reports any indicator of this plan. */
    public boolean responsibleFor(String departmentName) {
        return indicators.values().stream().anyMatch(i -> i.departments().contains(departmentName));
    }
}
