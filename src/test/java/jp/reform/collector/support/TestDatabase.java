package jp.reform.collector.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jp.reform.collector.store.Database;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, and for each test a fresh database
 * cloned from a migrated template (fast, and no test sees another's rows). A test reaches its database
 * through a small pool, as the collector does: a connection of its own for every look-up would start a
 * server process, with cold caches, each time (up to a third of the time of the tests that look most).
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Connections a test's pool may hold: a test looks in one query at a time, some hand it to a component. */
    private static final int POOL = 4;
    private static EmbeddedPostgres server;
    /** Clones the template ahead of need, on a thread that does not keep the JVM alive. */
    private static final Executor CLONING = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "test-database-cloning");
        thread.setDaemon(true);
        return thread;
    });
    private static CompletableFuture<String> next;

    private TestDatabase() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // on a port of this JVM's own (FreePorts): found with bind(0), the other test JVM could be given it too
                server = EmbeddedPostgres.builder().setPort(FreePorts.next()).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // JVM is going away
                    }
                }));
                execute("create database reform_template");
                Database.of(dataSource("reform_template"), "template").migrate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** A new, migrated, empty database, through a pool of its own: close it. */
    public static Database fresh() {
        return at(freshUrl());
    }

    /**
     * The name of a new database cloned from the template. Cloning takes a tenth of a second or more (the
     * template's files are copied), so the next one is cloned while the test that asked runs.
     */
    private static synchronized String newDatabase() {
        server();
        try {
            return next == null ? cloneTemplate() : next.join();
        } finally {
            next = CompletableFuture.supplyAsync(TestDatabase::cloneTemplate, CLONING);
        }
    }

    private static String cloneTemplate() {
        String name = "reform_test_" + COUNTER.incrementAndGet();
        // file_copy: copying the files is cheaper than writing them all to the WAL (the default) for a small database
        execute("create database " + name + " template reform_template strategy file_copy");
        return name;
    }

    /**
     * The database at {@code jdbcUrl} (one of {@link #freshUrl()}, or a collector's), as a test looks into it:
     * through a pool of its own, which must be closed.
     */
    public static Database at(String jdbcUrl) {
        return Database.server(jdbcUrl, null, null).pooled(POOL, Database.Timeouts.DEFAULT);
    }

    /** The JDBC URL of a database created by {@link #fresh()}, for the command line's --db-url. */
    public static String url(String databaseName) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + databaseName + "?user=postgres";
    }

    /**
     * Takes the database of {@code url} (one of {@link #freshUrl()}) away as a server that goes down does, or
     * brings it back: new connections are refused and those open, a collector's pooled ones among them, are
     * ended.
     */
    public static void setReachable(String url, boolean reachable) {
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        if (!name.matches("reform_test_\\d+")) {
            throw new IllegalArgumentException("not a test database: " + url);
        }
        execute("alter database " + name + " allow_connections " + reachable);
        if (!reachable) {
            execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
        }
    }

    /** A database without the collector's schema (a server pointed at by mistake). */
    public static String emptyUrl() {
        server();
        String name = "reform_empty_" + COUNTER.incrementAndGet();
        execute("create database " + name);
        return url(name);
    }

    /** Creates a database and returns its JDBC URL (user postgres, no password). */
    public static String freshUrl() {
        return url(newDatabase());
    }

    private static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://localhost:" + server.getPort() + "/" + database);
        ds.setUser("postgres");
        return ds;
    }

    private static void execute(String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
