package jp.reform.collector.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows into a table through {@code COPY … FROM STDIN} (text format), the fastest way in (FACTS.md),
 * sent in chunks of about {@value #CHUNK_BYTES} bytes so that no load holds more than one chunk. Until
 * {@link #finish()} or {@link #cancel()} the connection carries the copy and can run nothing else.
 */
final class CopyRows implements AutoCloseable {

    private static final int CHUNK_BYTES = 256 * 1024;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(CHUNK_BYTES + 4096);
    private boolean firstField = true;
    private long rows;

    CopyRows(Connection c, String table, String columns) throws SQLException {
        this(c, table + " (" + columns + ")");
    }

    private CopyRows(Connection c, String tableAndColumns) throws SQLException {
        this.copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + tableAndColumns + " from stdin");
    }

    /** Starts {@code copy <table> (<columns>) from stdin}; the table and columns are the caller's constants. */
    static CopyRows into(Connection c, String tableAndColumns) throws SQLException {
        return new CopyRows(c, tableAndColumns);
    }

    CopyRows text(String value) {
        separator();
        if (value == null) {
            buffer.append("\\N");
        } else {
            escaped(value);
        }
        return this;
    }

    CopyRows number(BigDecimal value) {
        separator();
        buffer.append(value == null ? "\\N" : value.toPlainString());
        return this;
    }

    CopyRows number(Long value) {
        separator();
        buffer.append(value == null ? "\\N" : value.toString());
        return this;
    }

    CopyRows number(int value) {
        separator();
        buffer.append(value);
        return this;
    }

    CopyRows bool(boolean value) {
        separator();
        buffer.append(value ? 't' : 'f');
        return this;
    }

    /** A text[] value: each element double-quoted inside the array literal, then escaped for COPY. */
    CopyRows textArray(List<String> values) {
        separator();
        StringBuilder literal = new StringBuilder(16 * values.size() + 2).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        escaped(literal.append('}').toString());
        return this;
    }

    /** Ends the row; sends the chunk when it is full. */
    void endRow() throws SQLException {
        buffer.append('\n');
        firstField = true;
        rows++;
        if (buffer.length() >= CHUNK_BYTES) {
            flush();
        }
    }

    long rows() {
        return rows;
    }

    /** Sends what is left and ends the copy; the connection is free again. */
    long finish() throws SQLException {
        if (copy.isActive()) {
            flush();
            copy.endCopy();
        }
        return rows;
    }

    /** Abandons a copy not finished (the transaction is rolled back anyway); never throws. */
    @Override
    public void close() {
        cancel();
    }

    /** Abandons the copy (the transaction is rolled back anyway); never throws. */
    void cancel() {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the connection is gone or broken: the caller reports the cause that brought it here
        }
    }

    private void separator() {
        if (!firstField) {
            buffer.append('\t');
        }
        firstField = false;
    }

    /** COPY text format: backslash, tab, line feed and carriage return are written as escapes. */
    private void escaped(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(ch);
            }
        }
    }

    private void flush() throws SQLException {
        if (buffer.length() == 0) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }
}
