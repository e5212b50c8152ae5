package jp.reform.collector.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.EmbeddedOwner;

/**
 * The yardstick: the same rows sent by plain JDBC {@code COPY} (pgjdbc's CopyManager, through {@link Copy})
 * into the database of the home the collector just used, started by this JVM on the home's data folder with
 * the collector's own settings (fsync on), and into a table shaped and indexed like the results table
 * ({@code like result including all}: its columns, primary key, unique key per version and checks; an
 * identity instead of result's sequence, so that the collector's numbering is untouched), in one transaction
 * as a file's load is. Also reads what the database says about the files the collector took.
 */
final class RawCopy implements AutoCloseable {

    /** A file as the collector recorded it. */
    record Taken(String receiptNo, String status, int rowCount, Instant receivedAt, String departmentName) {
    }

    private final Database database;

    private RawCopy(Database database) {
        this.database = database;
    }

    /** Starts the home's embedded PostgreSQL (the collector must have exited: one owner at a time). */
    static RawCopy open(Path home) {
        Path data = home.resolve("data");
        EmbeddedOwner owner = EmbeddedOwner.tryAcquire(data, "scale benchmark: raw COPY")
                .orElseThrow(() -> new IllegalStateException("the data folder of " + home + " is still in use"));
        return new RawCopy(Database.embedded(data, 0, owner, Database.Timeouts.DEFAULT));
    }

    /** Every file the collector recorded, in order of arrival. */
    List<Taken> taken() throws SQLException {
        List<Taken> files = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select receipt_no, status, row_count, received_at, department_name "
                     + "from submission order by submission_id")) {
            while (rs.next()) {
                files.add(new Taken(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)));
            }
        }
        return files;
    }

    /** Files whose name (as received) is like {@code pattern}, by status. */
    Map<String, Long> filesByStatus(String pattern) throws SQLException {
        Map<String, Long> byStatus = new TreeMap<>();
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(
                "select status, count(*) from submission where source_name like ? group by status")) {
            s.setString(1, pattern);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return byStatus;
    }

    /** Mail of a kind in the outbox table, by status (pending: not written or sent yet). */
    Map<String, Long> mailByStatus(String kind) throws SQLException {
        Map<String, Long> byStatus = new TreeMap<>();
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(
                "select status, count(*) from outbox_mail where kind = ? group by status")) {
            s.setString(1, kind);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return byStatus;
    }

    /** Stored versions of one indicator's result in a year. */
    long versions(String plan, String indicator, int year) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(
                "select count(*) from result where plan_code = ? and indicator_code = ? and fiscal_year = ?")) {
            s.setString(1, plan);
            s.setString(2, indicator);
            s.setInt(3, year);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long resultRows() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from result")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** COPY of the files' rows into a fresh table like result, committed; the time from COPY to commit. */
    Duration copy(List<SyntheticFile> files) throws SQLException {
        try (Connection c = database.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists bench_raw_result");
                s.execute("create table bench_raw_result (like result including all excluding defaults)");
                s.execute("alter table bench_raw_result alter column result_id add generated always as identity");
                s.execute("alter table bench_raw_result alter column approximate set default false");
            }
            c.setAutoCommit(false);
            long started = System.nanoTime();
            try (Copy copy = new Copy(c, "bench_raw_result", SyntheticFile.COPY_COLUMNS)) {
                Instant now = Instant.now();
                for (SyntheticFile file : files) {
                    file.copyTo(copy, 1, now);
                }
            }
            c.commit();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("drop table bench_raw_result"); // the home stays as the collector left it
            }
            return took;
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
