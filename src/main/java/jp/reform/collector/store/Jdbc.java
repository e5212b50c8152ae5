package jp.reform.collector.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGStatement;

/** Parameter binding shared by the repositories and the read models outside this package. */
public final class Jdbc {

    private Jdbc() {
    }

    /**
     * Whether PostgreSQL refused a statement for what it was given rather than for its own health: SQL errors of
     * class 22 (data exception: an invalid byte sequence, a value out of range) and 54 (program limit: too many
     * columns). Such a failure is the item's (a file, a mail, a notice), to be answered or set aside; any other is
     * the run's, to be tried again.
     */
    public static boolean isCausedByData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            if (value == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (value instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                ps.setObject(i + 1, value);
            }
        }
    }

    /**
     * A statement planned afresh with its values at every execution. Optional filters (`?::text is null or
     * column = ?`, `? or column = any(?)`) fold away only then: a pooled connection runs a statement often
     * enough for PgJDBC to prepare it on the server, and PostgreSQL may then reuse one generic plan that keeps
     * every branch and loses the indexes.
     */
    public static PreparedStatement plannedEachTime(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return ps;
    }

    /** Makes one value of a result row. */
    @FunctionalInterface
    public interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /** Every row of a statement without parameters, each made into a value by {@code row}. */
    public static <T> List<T> list(Connection c, String sql, Row<T> row) throws SQLException {
        List<T> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(row.of(rs));
            }
        }
        return found;
    }

    /** A text[] column as a list; null as empty. */
    public static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
