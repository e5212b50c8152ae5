package jp.reform.collector.master;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of parsed master data in a canonical serialisation: every field in a fixed order, each
 * length-prefixed so that no two different contents serialise alike, null distinct from empty. Equal hashes
 * mean the database already holds exactly this master data (MasterDataSync writes nothing) and the plan's
 * evaluations were computed from it. {@link #FORMAT} is part of the hash: raise it when what is stored from
 * the master data changes, so that the next start synchronises every plan again.
 */
public final class MasterHash {

    static final int FORMAT = 2;

    private final MessageDigest digest;

    private MasterHash(String kind) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        text(kind).number(FORMAT);
    }

    /** The department list, in file order (department records are written in that order). */
    public static String of(List<Department> departments) {
        MasterHash h = new MasterHash("departments");
        h.number(departments.size());
        for (Department d : departments) {
            h.text(d.name()).texts(d.formerNames()).texts(d.emails()).texts(d.allowedSenders()).text(d.notes());
        }
        return h.hex();
    }

    /** One plan: its settings, structure, actions, indicators with their departments, and targets. */
    public static String of(PlanMaster master) {
        MasterHash h = new MasterHash("plan");
        Plan p = master.plan();
        h.text(p.code()).text(p.municipality()).text(p.name()).number(p.fyFrom()).number(p.fyTo())
                .text(p.adminDepartment()).text(p.adminEmail()).decimal(p.achievedThreshold())
                .decimal(p.mostlyThreshold()).text(p.grading()).texts(p.gradeLabels());
        if (!p.gradeThresholds().isEmpty()) {
            // only where written, so that the hash of a plan of two or three levels stays as it was
            p.gradeThresholds().forEach(h::decimal);
        }
        h.number(master.nodes().size());
        for (PlanNode n : master.nodes()) {
            h.text(n.code()).text(n.level()).text(n.parentCode()).text(n.title()).number(n.sortOrder());
        }
        h.number(master.actions().size());
        for (PlanAction a : master.actions()) {
            h.text(a.initiativeCode()).number(a.number()).text(a.text()).texts(a.departments());
            Map<Integer, String> years = new TreeMap<>(a.yearlyPlans());
            h.number(years.size());
            years.forEach((year, text) -> h.number(year).text(text));
        }
        List<Indicator> indicators = master.indicators();
        h.number(indicators.size());
        for (Indicator i : indicators) {
            h.text(i.code()).text(i.initiativeCode()).text(i.name()).text(i.definition()).text(i.unit())
                    .text(i.valueKind()).flag(i.lowerIsBetter()).flag(i.cumulative()).text(i.baselineText())
                    .decimal(i.baselineValue()).decimal(i.minValue()).decimal(i.maxValue()).text(i.finalGoal())
                    .text(i.notes()).texts(i.departments()).number(i.sortOrder());
        }
        h.number(master.targetCount());
        for (Target t : master.eachTarget()) {
            h.text(t.indicatorCode()).number(t.fiscalYear()).text(t.text()).decimal(t.value()).text(t.kind());
        }
        return h.hex();
    }

    private MasterHash text(String value) {
        if (value == null) {
            return number(-1);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        number(bytes.length);
        digest.update(bytes);
        return this;
    }

    private MasterHash texts(List<String> values) {
        number(values.size());
        values.forEach(this::text);
        return this;
    }

    /** As written (scale kept): 1.0 and 1 are stored and shown differently. */
    private MasterHash decimal(BigDecimal value) {
        return text(value == null ? null : value.toString());
    }

    private MasterHash flag(boolean value) {
        digest.update((byte) (value ? 1 : 0));
        return this;
    }

    private MasterHash number(int value) {
        digest.update((byte) (value >>> 24));
        digest.update((byte) (value >>> 16));
        digest.update((byte) (value >>> 8));
        digest.update((byte) value);
        return this;
    }

    private String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
