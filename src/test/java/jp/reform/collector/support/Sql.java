package jp.reform.collector.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.Database;

/** Small query helpers so that tests can look at the rows a user would see. */
public final class Sql {

    private Sql() {
    }

    public static List<Map<String, Object>> rows(Database db, String sql, Object... params) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static Map<String, Object> one(Database db, String sql, Object... params) {
        List<Map<String, Object>> rows = rows(db, sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + " but got " + rows.size() + ": " + rows);
        }
        return rows.get(0);
    }

    public static long count(Database db, String sql, Object... params) {
        return ((Number) one(db, sql, params).values().iterator().next()).longValue();
    }

    /** Runs statements that return nothing (a test's own trigger, say). */
    public static void execute(Database db, String sql) {
        try (Connection c = db.connect(); java.sql.Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
