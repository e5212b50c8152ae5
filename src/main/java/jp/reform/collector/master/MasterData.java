package jp.reform.collector.master;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All plans and the city's departments, with look-ups by current or former department name. */
public final class MasterData {

    private final Map<String, PlanMaster> plans = new LinkedHashMap<>();
    private final Map<String, Department> departments = new LinkedHashMap<>();
    private final Map<String, Department> departmentsByAnyName = new LinkedHashMap<>();
    private final List<String> warnings;
    private final Map<String, String> fileFingerprints;

    public MasterData(List<PlanMaster> plans, List<Department> departments) {
        this(plans, departments, List.of());
    }

    /** @param warnings what loaded but deserves a look, one line each (logged at start by the loader) */
    public MasterData(List<PlanMaster> plans, List<Department> departments, List<String> warnings) {
        this(plans, departments, warnings, Map.of());
    }

    /** @param fileFingerprints {@link MasterFingerprint} of the files this was parsed from (empty: unknown) */
    public MasterData(List<PlanMaster> plans, List<Department> departments, List<String> warnings,
                      Map<String, String> fileFingerprints) {
        this.warnings = List.copyOf(warnings);
        this.fileFingerprints = Map.copyOf(fileFingerprints);
        plans.forEach(p -> this.plans.put(p.plan().code(), p));
        for (Department department : departments) {
            this.departments.put(department.name(), department);
            departmentsByAnyName.put(Department.nameKey(department.name()), department);
            department.formerNames()
                    .forEach(former -> departmentsByAnyName.put(Department.nameKey(former), department));
        }
    }

    /** {@link MasterFingerprint}s of the files read, per scope; empty when not read from files. */
    public Map<String, String> fileFingerprints() {
        return fileFingerprints;
    }

    /** {@link MasterHash} of the department list. */
    public String departmentsHash() {
        return MasterHash.of(departments());
    }

    /** Former department names and generic entries (関係各課) read from the plans, one line per plan and name. */
    public List<String> warnings() {
        return warnings;
    }

    public List<PlanMaster> plans() {
        return List.copyOf(plans.values());
    }

    public Optional<PlanMaster> plan(String code) {
        return Optional.ofNullable(plans.get(code));
    }

    public List<Department> departments() {
        return List.copyOf(departments.values());
    }

    /** The department a current or former name refers to (情報政策課 → DX推進課). */
    public Optional<Department> department(String anyName) {
        return anyName == null ? Optional.empty()
                : Optional.ofNullable(departmentsByAnyName.get(Department.nameKey(anyName)));
    }

    /** The department whose allowed sender addresses contain the address (compared without case). */
    public Optional<Department> departmentBySender(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String wanted = address.strip().toLowerCase(java.util.Locale.ROOT);
        return departments.values().stream()
                .filter(d -> d.allowedSenders().stream().anyMatch(a -> a.strip().toLowerCase(java.util.Locale.ROOT)
                        .equals(wanted)))
                .findFirst();
    }

    /**
     * The plan whose administrative division a department deals with: the first plan it reports in,
     * else the first plan (an unknown department still needs someone to ask); empty without plans.
     */
    public Optional<PlanMaster> planOf(String departmentName) {
        return plans.values().stream().filter(p -> departmentName != null && p.responsibleFor(departmentName))
                .findFirst().or(() -> plans.values().stream().findFirst());
    }

    /** Plans in which the indicator code exists. */
    public List<PlanMaster> plansWithIndicator(String indicatorCode) {
        return plans.values().stream().filter(p -> p.indicator(indicatorCode).isPresent()).toList();
    }
}
