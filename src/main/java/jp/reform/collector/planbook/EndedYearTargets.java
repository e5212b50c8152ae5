package jp.reform.collector.planbook;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.Target;

/**
 * The targets of fiscal years that have already ended which a new version of a plan changes, adds or removes.
 * The grades of such a year were reported to the committee; the next start re-evaluates them with the new
 * target, so the operator is told before that happens (the plan stays the division's authority: nothing is
 * refused).
 */
public final class EndedYearTargets {

    /**
     * One changed target.
     *
     * @param before the target as the replaced plan states it, or null when it had none for that year
     * @param after  the target as the new plan states it, or null when it has none
     */
    public record Change(String indicatorCode, int fiscalYear, String before, String after) {

        /** 「I-1-ア-1 FY2025: 100% → 95%」 for the operator's console. */
        public String describe() {
            return indicatorCode + " FY" + fiscalYear + ": " + (before == null ? "(no target)" : before) + " → "
                    + (after == null ? "(no target)" : after);
        }
    }

    private EndedYearTargets() {
    }

    /** Fiscal years start in April: FY2025 ends on 31 March 2026. */
    public static int fiscalYearOf(LocalDate day) {
        return day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1;
    }

    /** What {@code after} changes in the targets of the years before {@code today}'s fiscal year, in plan order. */
    public static List<Change> changes(PlanMaster before, PlanMaster after, LocalDate today) {
        int current = fiscalYearOf(today);
        Map<String, Target> old = graded(before, current);
        Map<String, Target> now = graded(after, current);
        Map<String, Target[]> both = new LinkedHashMap<>();
        now.forEach((key, t) -> both.computeIfAbsent(key, k -> new Target[2])[1] = t);
        old.forEach((key, t) -> both.computeIfAbsent(key, k -> new Target[2])[0] = t);
        List<Change> changes = new ArrayList<>();
        for (Target[] pair : both.values()) {
            if (same(pair[0], pair[1])) {
                continue;
            }
            Target any = pair[1] != null ? pair[1] : pair[0];
            boolean sameText = pair[0] != null && pair[1] != null && Objects.equals(pair[0].text(), pair[1].text());
            changes.add(new Change(any.indicatorCode(), any.fiscalYear(), shown(pair[0], sameText),
                    shown(pair[1], sameText)));
        }
        return changes;
    }

    /** Targets of ended years that state something (a 「－」 year, kind none, is no target), by code and year. */
    private static Map<String, Target> graded(PlanMaster plan, int currentYear) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (Target t : plan.eachTarget()) {
            if (t.fiscalYear() < currentYear && !"none".equals(t.kind())) {
                targets.put(t.indicatorCode() + "\u0000" + t.fiscalYear(), t);
            }
        }
        return targets;
    }

    /** As the master sync compares them (numbers by value: 100 and 100.0 are the same target). */
    private static boolean same(Target a, Target b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.text(), b.text()) && Objects.equals(a.kind(), b.kind())
                && (a.value() == null ? b.value() == null : b.value() != null && a.value().compareTo(b.value()) == 0);
    }

    /** The text as the plan writes it; the number too when only the number changed. */
    private static String shown(Target t, boolean sameText) {
        if (t == null) {
            return null;
        }
        String number = t.value() == null ? null : t.value().stripTrailingZeros().toPlainString();
        String text = t.text() == null || t.text().isBlank() ? null : t.text();
        if (text == null) {
            return number != null ? number : "(" + t.kind() + ")";
        }
        return sameText ? text + " (value " + (number == null ? "none" : number) + ", " + t.kind() + ")" : text;
    }
}
