package jp.reform.collector.master;

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
    private final Map<TargetKey, Target> targets = new LinkedHashMap<>();
    private final Map<String, PlanNode> nodesByCode = new LinkedHashMap<>();
    private volatile String contentHash;

    public PlanMaster(Plan plan, List<PlanNode> nodes, List<PlanAction> actions, List<Indicator> indicators,
                      List<Target> targets) {
        this.plan = plan;
        this.nodes = List.copyOf(nodes);
        this.actions = List.copyOf(actions);
        nodes.forEach(n -> nodesByCode.put(n.code(), n));
        indicators.forEach(i -> this.indicators.put(i.code(), i));
        targets.forEach(t -> this.targets.put(new TargetKey(t.indicatorCode(), t.fiscalYear()), t));
    }

    /** Looked up for every row of a file and every key it touches: no text is put together for it. */
    private record TargetKey(String indicatorCode, int fiscalYear) {
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

    public List<Target> targets() {
        return List.copyOf(targets.values());
    }

    public Optional<Indicator> indicator(String code) {
        return Optional.ofNullable(indicators.get(code));
    }

    /** The target for that year; a year the master lists nothing for has no target. */
    public Target target(String indicatorCode, int fiscalYear) {
        Target target = targets.get(new TargetKey(indicatorCode, fiscalYear));
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
