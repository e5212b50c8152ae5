package jp.reform.collector.master;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** Everything the master data says about one plan. */
public final class PlanMaster {

    private final Plan plan;
    private final List<PlanNode> nodes;
    private final List<PlanAction> actions;
    private final Map<String, Indicator> indicators = new LinkedHashMap<>();
    /**
     * Per indicator (keyed by its code), what it aims at in each of the plan's years, index 0 = fy_from; null =
     * none. A survey-sized plan has 200,000 indicators over three years: one shared {@link Aim} per distinct
     * target rather than a {@link Target} per indicator and year, which made a fifth of the plan's heap.
     */
    private final Map<String, Aim[]> targets = new HashMap<>();
    private int targetCount;
    private final Map<String, PlanNode> nodesByCode = new LinkedHashMap<>();
    private volatile String contentHash;
    private volatile Set<String> departments;

    public PlanMaster(Plan plan, List<PlanNode> nodes, List<PlanAction> actions, List<Indicator> indicators,
                      List<Target> targets) {
        this.plan = plan;
        this.nodes = List.copyOf(nodes);
        this.actions = List.copyOf(actions);
        nodes.forEach(n -> nodesByCode.put(n.code(), n));
        indicators.forEach(i -> this.indicators.put(i.code(), i));
        Map<Aim, Aim> shared = new HashMap<>();
        for (Target t : targets) {
            Aim aim = new Aim(t.text(), t.value(), t.kind());
            yearsOf(t.indicatorCode(), t.fiscalYear())[t.fiscalYear() - plan.fyFrom()] = shared.computeIfAbsent(aim,
                    a -> a);
        }
        for (String code : this.indicators.keySet()) { // as targets() lists them: of the plan's indicators
            for (Aim aim : this.targets.getOrDefault(code, new Aim[0])) {
                targetCount += aim == null ? 0 : 1;
            }
        }
    }

    /** A target without its indicator and year: what many indicators and years have alike. */
    private record Aim(String text, BigDecimal value, String kind) {

        Target of(String indicatorCode, int fiscalYear) {
            return new Target(indicatorCode, fiscalYear, text, value, kind);
        }
    }

    private Aim[] yearsOf(String indicatorCode, int fiscalYear) {
        if (!plan.covers(fiscalYear)) {
            throw new IllegalArgumentException("target of " + indicatorCode + " for " + fiscalYear
                    + " is outside the plan's years");
        }
        return targets.computeIfAbsent(indicatorCode, code -> new Aim[plan.fyTo() - plan.fyFrom() + 1]);
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
        List<Target> all = new ArrayList<>(targetCount);
        eachTarget().forEach(all::add);
        return all;
    }

    /** How many targets {@link #targets} has. */
    public int targetCount() {
        return targetCount;
    }

    /** The targets of {@link #targets}, each made as the iteration reaches it rather than all held together. */
    public Iterable<Target> eachTarget() {
        return () -> new Iterator<>() {
            private final Iterator<String> codes = indicators.keySet().iterator();
            private String code;
            private Aim[] years = new Aim[0];
            private int year;

            @Override
            public boolean hasNext() {
                while (true) {
                    while (year < years.length && years[year] == null) {
                        year++;
                    }
                    if (year < years.length) {
                        return true;
                    }
                    if (!codes.hasNext()) {
                        return false;
                    }
                    code = codes.next();
                    Aim[] next = targets.get(code);
                    years = next == null ? new Aim[0] : next;
                    year = 0;
                }
            }

            @Override
            public Target next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Target t = years[year].of(code, plan.fyFrom() + year);
                year++;
                return t;
            }
        };
    }

    public Optional<Indicator> indicator(String code) {
        return Optional.ofNullable(indicators.get(code));
    }

    /** The target for that year; a year the master lists nothing for has no target. */
    public Target target(String indicatorCode, int fiscalYear) {
        Aim[] years = targets.get(indicatorCode);
        Aim aim = years != null && plan.covers(fiscalYear) ? years[fiscalYear - plan.fyFrom()] : null;
        return aim != null ? aim.of(indicatorCode, fiscalYear) : new Target(indicatorCode, fiscalYear, null, null, "none");
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

    /**
     * Every 課 (current names) the plan names: for an indicator or for an action (actions.csv), such as a 課 in
     * charge of an action only, whose files and mail the plan's division is still the one to hear of.
     */
    public Set<String> departments() {
        Set<String> names = departments;
        if (names == null) {
            Set<String> all = new LinkedHashSet<>();
            indicators.values().forEach(i -> all.addAll(i.departments()));
            actions.forEach(a -> all.addAll(a.departments()));
            names = Collections.unmodifiableSet(all);
            departments = names;
        }
        return names;
    }

    /** Whether the plan names the department (by its current name) for an indicator or an action. */
    public boolean concerns(String departmentName) {
        return departments().contains(departmentName);
    }
}
