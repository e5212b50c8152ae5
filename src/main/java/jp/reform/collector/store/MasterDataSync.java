package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterFingerprint;
import jp.reform.collector.master.PlanAction;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.PlanNode;
import jp.reform.collector.master.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the master data from config/ into the database in one transaction. Each scope (the department list,
 * each plan) carries a content hash ({@link jp.reform.collector.master.MasterHash}) stored with it: a scope whose
 * hash is unchanged costs no statement; a changed one is copied into stage tables and merged set-based, writing
 * only the rows that differ. Running it again with the same files changes nothing; an indicator removed from
 * the files is kept (results refer to it) but marked inactive.
 */
public final class MasterDataSync {

    private static final Logger LOG = LoggerFactory.getLogger(MasterDataSync.class);
    private static final SqlStatements SQL = SqlStatements.load("/sql/master.sql");

    /** The hash and file fingerprint a scope was last synchronised from. */
    public record Stored(String contentHash, String fileFingerprint) {
    }

    public void sync(Database database, MasterData master) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                // one sync at a time when several instances start together; the later one then finds nothing to do
                execute(c, "lock");
                Map<String, Stored> stored = stored(c);
                Map<String, String> fingerprints = master.fileFingerprints();
                String departmentsHash = master.departmentsHash();
                boolean staged = false;
                if (!departmentsHash.equals(hashOf(stored, MasterFingerprint.DEPARTMENTS))) {
                    staged = stageTables(c, staged);
                    syncDepartments(c, master.departments());
                }
                saveHash(c, stored, MasterFingerprint.DEPARTMENTS, departmentsHash,
                        fingerprints.get(MasterFingerprint.DEPARTMENTS));
                for (PlanMaster plan : master.plans()) {
                    String scope = MasterFingerprint.planScope(plan.plan().code());
                    if (!plan.contentHash().equals(hashOf(stored, scope))) {
                        staged = stageTables(c, staged);
                        long started = System.nanoTime();
                        syncPlan(c, plan);
                        LOG.info("Master data of plan {} synchronised in {} ms", plan.plan().code(),
                                (System.nanoTime() - started) / 1_000_000);
                    }
                    saveHash(c, stored, scope, plan.contentHash(), fingerprints.get(scope));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** What each scope was last synchronised from, by scope ({@code departments}, {@code plan:<code>}). */
    public static Map<String, Stored> stored(Connection c) throws SQLException {
        Map<String, Stored> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("storedHashes")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stored.put(rs.getString(1), new Stored(rs.getString(2), rs.getString(3)));
            }
        }
        return stored;
    }

    /**
     * Whether the database holds exactly the master data of these files, judged by their bytes alone: every
     * scope found in config/ was synchronised from files with the same fingerprint, and there is no other.
     */
    public static boolean matchesFiles(Connection c, Map<String, String> fingerprints) throws SQLException {
        Map<String, Stored> stored = stored(c);
        if (fingerprints.isEmpty() || !stored.keySet().equals(fingerprints.keySet())) {
            return false;
        }
        return fingerprints.entrySet().stream()
                .allMatch(f -> f.getValue().equals(stored.get(f.getKey()).fileFingerprint()));
    }

    private static String hashOf(Map<String, Stored> stored, String scope) {
        Stored s = stored.get(scope);
        return s == null ? null : s.contentHash();
    }

    private static void saveHash(Connection c, Map<String, Stored> stored, String scope, String hash,
                                 String fingerprint) throws SQLException {
        Stored before = stored.get(scope);
        if (before == null || !before.contentHash().equals(hash) || !Objects.equals(before.fileFingerprint(), fingerprint)) {
            update(c, "saveHash", scope, hash, fingerprint);
        }
    }

    private static boolean stageTables(Connection c, boolean already) throws SQLException {
        if (!already) {
            execute(c, "createStageTables");
        } else {
            execute(c, "truncateStageTables");
        }
        return true;
    }

    private static void syncDepartments(Connection c, List<Department> departments) throws SQLException {
        Map<String, List<String>> storedByKey = storedNamesByKey(c, departments);
        try (CopyRows copy = CopyRows.into(c,
                "stage_department (department_name, former_names, emails, allowed_senders, notes, sort_order)")) {
            int place = 0;
            for (Department d : departments) {
                // the file's row order is the city's organisation order, which lists of 課 follow
                copy.text(d.name()).textArray(formerNamesAsStored(d, storedByKey)).textArray(d.emails())
                        .textArray(d.allowedSenders()).text(d.notes()).number(++place).endRow();
            }
            copy.finish();
        }
        update(c, "mergeDepartments");
        update(c, "unorderDepartmentsGone");
    }

    /**
     * The names the database holds for 課 that departments.csv no longer lists, by {@link Department#nameKey}.
     * History is recorded under the name as it was spelled then; departments.csv may give it as a former name in
     * another width (ＤＸ推進課 for DX推進課), which the look-ups in Java accept and SQL's equality would not.
     */
    private static Map<String, List<String>> storedNamesByKey(Connection c, List<Department> departments)
            throws SQLException {
        Set<String> current = new HashSet<>();
        departments.forEach(d -> current.add(d.name()));
        Map<String, List<String>> byKey = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("departmentNames")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String stored = rs.getString(1);
                if (!current.contains(stored)) {
                    byKey.computeIfAbsent(Department.nameKey(stored), k -> new ArrayList<>()).add(stored);
                }
            }
        }
        return byKey;
    }

    /** The former names as written, then the stored spellings of this 課's names that are written otherwise. */
    private static List<String> formerNamesAsStored(Department d, Map<String, List<String>> storedByKey) {
        Set<String> names = new LinkedHashSet<>(d.formerNames());
        for (String any : concat(d.name(), d.formerNames())) {
            names.addAll(storedByKey.getOrDefault(Department.nameKey(any), List.of()));
        }
        names.remove(d.name());
        return List.copyOf(names);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static void syncPlan(Connection c, PlanMaster master) throws SQLException {
        var p = master.plan();
        String code = p.code();
        // the closed grades in the words the plan has now: the re-evaluation that follows compares with them
        ClosedGradeChanges.snapshot(c, code);
        update(c, "upsertPlan", code, p.municipality(), p.name(), p.fyFrom(), p.fyTo(), p.adminDepartment(),
                p.adminEmail(), p.achievedThreshold(), p.mostlyThreshold(), p.grading(),
                c.createArrayOf("text", p.gradeLabels().toArray()),
                c.createArrayOf("numeric", p.gradeThresholds().toArray()));
        try (CopyRows copy = CopyRows.into(c, "stage_plan_node (node_code, level, parent_code, title, sort_order)")) {
            for (PlanNode n : master.nodes()) {
                copy.text(n.code()).text(n.level()).text(n.parentCode()).text(n.title()).number(n.sortOrder()).endRow();
            }
            copy.finish();
        }
        try (CopyRows actions = CopyRows.into(c,
                "stage_plan_action (initiative_code, action_no, action_text, departments)")) {
            for (PlanAction a : master.actions()) {
                actions.text(a.initiativeCode()).number(a.number()).text(a.text()).textArray(a.departments()).endRow();
            }
            actions.finish();
        }
        try (CopyRows years = CopyRows.into(c,
                "stage_plan_action_year (initiative_code, action_no, fiscal_year, plan_text)")) {
            for (PlanAction a : master.actions()) {
                for (Map.Entry<Integer, String> year : a.yearlyPlans().entrySet()) {
                    years.text(a.initiativeCode()).number(a.number()).number(year.getKey()).text(year.getValue())
                            .endRow();
                }
            }
            years.finish();
        }
        try (CopyRows copy = CopyRows.into(c, "stage_indicator (indicator_code, initiative_code, name, definition, "
                + "unit, value_kind, direction, cumulative, baseline_text, baseline_value, min_value, max_value, "
                + "final_goal, notes, sort_order)")) {
            for (Indicator i : master.indicators()) {
                copy.text(i.code()).text(i.initiativeCode()).text(i.name()).text(i.definition()).text(i.unit())
                        .text(i.valueKind()).text(i.lowerIsBetter() ? "lower_is_better" : "higher_is_better")
                        .bool(i.cumulative()).text(i.baselineText()).number(i.baselineValue())
                        .number(i.minValue()).number(i.maxValue()).text(i.finalGoal()).text(i.notes())
                        .number(i.sortOrder()).endRow();
            }
            copy.finish();
        }
        try (CopyRows copy = CopyRows.into(c,
                "stage_indicator_department (indicator_code, department_name, ordinal)")) {
            for (Indicator i : master.indicators()) {
                int place = 0;
                for (String department : i.departments()) {
                    copy.text(i.code()).text(department).number(++place).endRow();
                }
            }
            copy.finish();
        }
        try (CopyRows copy = CopyRows.into(c,
                "stage_target (indicator_code, fiscal_year, target_text, target_value, target_kind)")) {
            for (Target t : master.eachTarget()) {
                copy.text(t.indicatorCode()).number(t.fiscalYear()).text(t.text()).number(t.value()).text(t.kind())
                        .endRow();
            }
            copy.finish();
        }
        execute(c, "analyzeStageTables");
        // parents before children: nodes, then actions, indicators, and what refers to indicators
        update(c, "mergeNodes", code);
        update(c, "deleteActionYearsGone", code);
        update(c, "deleteActionsGone", code);
        update(c, "mergeActions", code);
        update(c, "mergeActionYears", code);
        update(c, "deactivateIndicatorsGone", code);
        update(c, "mergeIndicators", code);
        update(c, "deleteIndicatorDepartmentsGone", code);
        update(c, "insertIndicatorDepartments", code);
        auditClosedTargetChanges(c, code);
        update(c, "deleteTargetsGone", code);
        update(c, "mergeTargets", code);
    }

    /** Shown in the log line; the audit log and the exception report have every one. */
    private static final int CHANGES_LOGGED = 50;

    /**
     * Records (audit log, one WARN line) the targets of closed rounds the plan's new version changes: their grades
     * were reported to the committee and change with the evaluation that follows. Nothing is refused: the plan is
     * the division's to revise; the point is that the change is seen.
     */
    private static void auditClosedTargetChanges(Connection c, String code) throws SQLException {
        List<String> changes = new ArrayList<>();
        List<String> indicators = new ArrayList<>();
        List<Integer> years = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("auditClosedTargetChanges"))) {
            Jdbc.bind(ps, code, code, code, code);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(rs.getString(1) + " FY" + rs.getInt(2) + " " + shown(rs.getString(3)) + " → "
                            + shown(rs.getString(4)));
                    indicators.add(rs.getString(1));
                    years.add(rs.getInt(2));
                }
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        // one cause, one entry: the grade these targets move is not recorded again as a closed grade change
        ClosedGradeChanges.targetsChanged(c, code, indicators, years);
        Collections.reverse(changes); // inserted newest-last for the audit page; read here in plan order
        String listed = String.join(", ", changes.subList(0, Math.min(CHANGES_LOGGED, changes.size())))
                + (changes.size() > CHANGES_LOGGED ? " and " + (changes.size() - CHANGES_LOGGED) + " more" : "");
        LOG.warn("Plan {}: {} target(s) of closed rounds changed in config/ ({}); the grades of those years are "
                + "evaluated again now and may differ from what was reported to the committee. Recorded in the "
                + "audit log and the next exception report", code, changes.size(), listed);
    }

    private static String shown(String target) {
        return target == null ? "(no target)" : target;
    }

    private static void execute(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SQL.get(statement));
        }
    }

    private static void update(Connection c, String statement, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(ps, params);
            ps.executeUpdate();
        }
    }
}
