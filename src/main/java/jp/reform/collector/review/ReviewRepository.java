package jp.reform.collector.review;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.Jdbc;
import jp.reform.collector.store.SqlStatements;

/**
 * The review actions (V14) and the states derived from them (sql/review.sql). Nothing is kept in memory:
 * two collector instances on one database show the same state.
 */
public final class ReviewRepository {

    private static final SqlStatements SQL = SqlStatements.load("/sql/review.sql");
    private static final int HISTORY_LIMIT = 200;

    /** Holds the 課's review for the round until the caller's transaction ends. */
    public void lock(Connection c, String plan, int fiscalYear, String department) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("lock"))) {
            Jdbc.bind(ps, plan, fiscalYear, department);
            ps.execute();
        }
    }

    /** Records an action in the caller's transaction; returns it as stored. */
    public ReviewAction insert(Connection c, String plan, int fiscalYear, String department, ReviewState state,
                               String comment, List<String> indicatorCodes, java.time.LocalDate correctionDue,
                               String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("insert"))) {
            Jdbc.bind(ps, plan, fiscalYear, department, state.code(), comment,
                    c.createArrayOf("text", indicatorCodes.toArray()), correctionDue, actor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ReviewAction(rs.getLong(1), state, comment, indicatorCodes, correctionDue, actor,
                        rs.getTimestamp(2).toInstant());
            }
        }
    }

    /** What the round still lacks: every 課's state in the one query of {@link #states}, 未提出 and 差し戻し picked out. */
    public RoundOutstanding outstanding(Connection c, String plan, int fiscalYear) throws SQLException {
        Map<String, ReviewStatus> states = states(c, plan, fiscalYear, null);
        return new RoundOutstanding(states.values().stream().filter(s -> s.state() == ReviewState.NOT_SUBMITTED)
                .map(ReviewStatus::department).toList(),
                states.values().stream().filter(s -> s.state() == ReviewState.SENT_BACK).toList());
    }

    /**
     * Every department of the plan (or only {@code department}), by current name, in one query: 未提出 until
     * the 課 has sent results of the plan and year; then its latest action's state, unless a file of the 課
     * holding results of the round was taken in after that action (提出済み again). A 差し戻し is answered only by
     * a file the 課 sent after it: one received before (held, and accepted after the 差し戻し) is no answer.
     */
    public Map<String, ReviewStatus> states(Connection c, String plan, int fiscalYear, String department)
            throws SQLException {
        Map<String, ReviewStatus> states = new LinkedHashMap<>();
        try (PreparedStatement ps = Jdbc.plannedEachTime(c, SQL.get("states"))) { // department is optional
            Jdbc.bind(ps, plan, department, department, plan, fiscalYear, department, department, plan, fiscalYear,
                    department, department, fiscalYear, plan, department, department);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("department_name");
                    ReviewAction latest = rs.getObject("review_id") == null ? null : action(rs);
                    ReviewState state;
                    if (latest != null && !rs.getBoolean("resubmitted")) {
                        state = latest.state();
                    } else {
                        state = rs.getBoolean("has_result") ? ReviewState.SUBMITTED : ReviewState.NOT_SUBMITTED;
                    }
                    states.put(name, new ReviewStatus(name, state, latest, (Long) rs.getObject("last_file")));
                }
            }
        }
        return states;
    }

    /** The 課's actions in the round, newest first (the latest 200). */
    public List<ReviewAction> history(Connection c, String plan, int fiscalYear, String department)
            throws SQLException {
        List<ReviewAction> actions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("history"))) {
            Jdbc.bind(ps, plan, fiscalYear, department, department, HISTORY_LIMIT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actions.add(action(rs));
                }
            }
        }
        return actions;
    }

    /** The 課's indicators that reminders and the exception report chase again as sent back. */
    public List<String> pendingIndicators(Connection c, String plan, int fiscalYear, String department)
            throws SQLException {
        List<String> codes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL.get("pendingIndicators"))) {
            Jdbc.bind(ps, department, plan, fiscalYear);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    codes.add(rs.getString(1));
                }
            }
        }
        return codes;
    }

    private static ReviewAction action(ResultSet rs) throws SQLException {
        Date due = rs.getDate("correction_due");
        return new ReviewAction(rs.getLong("review_id"), ReviewState.of(rs.getString("state")),
                rs.getString("comment"), Jdbc.strings(rs.getArray("indicator_codes")),
                due == null ? null : due.toLocalDate(), rs.getString("actor"),
                rs.getTimestamp("acted_at").toInstant());
    }
}
