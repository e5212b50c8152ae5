package jp.reform.collector.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.Jdbc;
import jp.reform.collector.store.SqlStatements;

/**
 * The audit log (V10): what people did, kept for good. An action that changes something records itself in
 * the same transaction as the change ({@link #record(Connection, AuditEntry)}), so that neither is kept
 * without the other. Nothing here updates or deletes; the database refuses it anyway.
 */
public final class AuditLog {

    private static final SqlStatements SQL = SqlStatements.load("/sql/audit.sql");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    public AuditLog(Database database) {
        this.database = database;
    }

    /** A line of the log as the console shows it. */
    public record Line(long id, Instant recordedAt, String actor, String actorRole, String action, String planCode,
                       Integer fiscalYear, String departmentName, String indicatorCode, String before, String after,
                       String remoteAddress) {

        public String actionLabel() {
            return AuditAction.labelOf(action);
        }
    }

    /** Records in the caller's transaction. */
    public void record(Connection c, AuditEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL.get("insert"))) {
            Jdbc.bind(ps, e.actor(), e.actorRole(), e.action().code(), e.planCode(), e.fiscalYear(),
                    e.departmentName(), e.indicatorCode(), json(e.before()), json(e.after()), e.remoteAddress());
            ps.executeUpdate();
        }
    }

    /** Records on its own, for what changes nothing else in the database (a sign-in). */
    public void record(AuditEntry e) throws SQLException {
        try (Connection c = database.connect()) {
            record(c, e);
        }
    }

    /** Newest first. */
    public List<Line> page(int limit, int offset) throws SQLException {
        List<Line> lines = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(SQL.get("page"))) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Line(rs.getLong("audit_id"), rs.getTimestamp("recorded_at").toInstant(),
                            rs.getString("actor"), rs.getString("actor_role"), rs.getString("action"),
                            rs.getString("plan_code"), (Integer) rs.getObject("fiscal_year"),
                            rs.getString("department_name"), rs.getString("indicator_code"),
                            rs.getString("before_state"), rs.getString("after_state"), rs.getString("remote_address")));
                }
            }
        }
        return lines;
    }

    public long count() throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(SQL.get("count"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String json(Map<String, Object> state) {
        if (state == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit state not writable as JSON: " + state.keySet(), e);
        }
    }
}
