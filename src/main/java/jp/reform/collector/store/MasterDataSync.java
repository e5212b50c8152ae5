package jp.reform.collector.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanAction;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.PlanNode;
import jp.reform.collector.master.Target;

/**
 * Writes the master data from config/ into the database in one transaction. Running it again with the
 * same files changes nothing; an indicator removed from the files is kept (results refer to it) but
 * marked inactive.
 */
public final class MasterDataSync {

    private static final SqlStatements SQL = SqlStatements.load("/sql/master.sql");

    public void sync(Database database, MasterData master) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                // one sync at a time when several instances start together
                try (var lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('master-data-sync'))")) {
                    lock.execute();
                }
                for (Department d : master.departments()) {
                    update(c, "upsertDepartment", d.name(), array(c, d.formerNames()), array(c, d.emails()),
                            array(c, d.allowedSenders()), d.notes());
                }
                for (PlanMaster plan : master.plans()) {
                    syncPlan(c, plan);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void syncPlan(Connection c, PlanMaster master) throws SQLException {
        var p = master.plan();
        String code = p.code();
        update(c, "upsertPlan", code, p.municipality(), p.name(), p.fyFrom(), p.fyTo(), p.adminDepartment(),
                p.adminEmail(), p.achievedThreshold(), p.mostlyThreshold(), p.grading());
        for (PlanNode n : master.nodes()) {
            update(c, "upsertNode", code, n.code(), n.level(), n.parentCode(), n.title(), n.sortOrder());
        }
        update(c, "deleteActions", code);
        for (PlanAction a : master.actions()) {
            update(c, "insertAction", code, a.initiativeCode(), a.number(), a.text(), array(c, a.departments()));
            for (Map.Entry<Integer, String> year : a.yearlyPlans().entrySet()) {
                update(c, "insertActionYear", code, a.initiativeCode(), a.number(), year.getKey(), year.getValue());
            }
        }
        update(c, "deactivateIndicators", code);
        update(c, "deleteIndicatorDepartments", code);
        for (Indicator i : master.indicators()) {
            update(c, "upsertIndicator", code, i.code(), i.initiativeCode(), i.name(), i.definition(), i.unit(),
                    i.valueKind(), i.lowerIsBetter() ? "lower_is_better" : "higher_is_better", i.cumulative(),
                    i.baselineText(), i.baselineValue(), i.minValue(), i.maxValue(), i.finalGoal(), i.notes(),
                    i.sortOrder());
            for (String department : i.departments()) {
                update(c, "insertIndicatorDepartment", code, i.code(), department);
            }
        }
        update(c, "deleteTargets", code);
        for (Target t : master.targets()) {
            update(c, "insertTarget", code, t.indicatorCode(), t.fiscalYear(), t.text(), t.value(), t.kind());
        }
    }

    private static Array array(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    private static void update(Connection c, String statement, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get(statement))) {
            Jdbc.bind(ps, params);
            ps.executeUpdate();
        }
    }
}
