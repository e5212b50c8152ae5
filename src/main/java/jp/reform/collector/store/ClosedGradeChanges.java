package jp.reform.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grades of closed rounds (締切: reported to the committee) that a revised plan (or a new version's evaluation
 * rules) moves, whatever in it moved them:
 * grade thresholds or words, an indicator's direction, cumulative, value kind, baseline, a relative target's
 * base, an indicator added or removed. The master sync keeps the plan's closed grades as they stood
 * ({@link #snapshot}), in the words the plan had, since it rewrites them before the re-evaluation runs in a
 * transaction of its own; that re-evaluation then records each grade or 達成率 that moved ({@link #record}) in
 * the audit log with one WARN line, and the next exception report lists them. A change of the year's target
 * is left to its own entry (closed_target_changed). Nothing is refused: the point is that the change is seen.
 */
public final class ClosedGradeChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ClosedGradeChanges.class);
    private static final SqlStatements SQL = SqlStatements.load("/sql/closed_grades.sql");

    /** Shown in the log line; the audit log and the exception report have every one. */
    private static final int CHANGES_LOGGED = 50;

    private ClosedGradeChanges() {
    }

    /**
     * The closed grades as they are: in the sync of a changed plan before its plan row and targets are merged,
     * and before any whole re-evaluation (where a snapshot kept by the sync stays as it is).
     */
    public static void snapshot(Connection c, String planCode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("snapshot"))) {
            Jdbc.bind(ps, planCode);
            ps.executeUpdate();
        }
    }

    /** The targets of closed rounds the same sync recorded as changed: their grades are not recorded again. */
    static void targetsChanged(Connection c, String planCode, List<String> indicatorCodes, List<Integer> fiscalYears)
            throws SQLException {
        if (indicatorCodes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL.get("markTargetChanges"))) {
            Jdbc.bind(ps, planCode, c.createArrayOf("text", indicatorCodes.toArray()),
                    c.createArrayOf("int4", fiscalYears.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * In the transaction of the plan's whole re-evaluation, after it: records every closed grade that moved since
     * the sync kept it, and forgets what the sync kept. Nothing to do (one statement that finds no row) when no
     * sync kept anything, e.g. after a change of the evaluation rules alone.
     *
     * @return how many were recorded
     */
    public static int record(Connection c, String planCode) throws SQLException {
        List<String> changes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("recordChanges"))) {
            Jdbc.bind(ps, planCode, planCode, planCode, planCode, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(rs.getString(1) + " FY" + rs.getInt(2) + " " + shown(rs.getString(3), rs.getString(4))
                            + " → " + shown(rs.getString(5), rs.getString(6)));
                }
            }
        }
        if (changes.isEmpty()) {
            return 0;
        }
        Collections.reverse(changes); // inserted newest-last for the audit page; read here in plan order
        String listed = String.join(", ", changes.subList(0, Math.min(CHANGES_LOGGED, changes.size())))
                + (changes.size() > CHANGES_LOGGED ? " and " + (changes.size() - CHANGES_LOGGED) + " more" : "");
        LOG.warn("Plan {}: {} grade(s) of closed rounds changed when it was evaluated again (a revised plan in config/ "
                + "or new evaluation rules) ({}); they differ "
                + "from what was reported to the committee. Recorded in the audit log and the next exception report",
                planCode, changes.size(), listed);
        return changes.size();
    }

    private static String shown(String grade, String ratePercent) {
        return (grade == null ? "(no grade)" : grade) + (ratePercent == null ? "" : " " + ratePercent + "%");
    }
}
