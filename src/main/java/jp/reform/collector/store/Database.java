package jp.reform.collector.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting database: a configured PostgreSQL server, or by default a real PostgreSQL started
 * embedded whose data stays under the data folder between runs. The schema is kept up to date by Flyway.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final EmbeddedOwner owner;
    private final String description;
    /** The embedded server's data folder (its postmaster.pid), null for a configured server. */
    private final Path embeddedData;
    /** The same database without the pool (for a session held for long, outside the pool's count). */
    private final DataSource unpooled;

    private Database(DataSource dataSource, EmbeddedPostgres embedded, EmbeddedOwner owner, String description,
                     Path embeddedData) {
        this(dataSource, embedded, owner, description, embeddedData, dataSource);
    }

    private Database(DataSource dataSource, EmbeddedPostgres embedded, EmbeddedOwner owner, String description,
                     Path embeddedData, DataSource unpooled) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.owner = owner;
        this.description = description;
        this.embeddedData = embeddedData;
        this.unpooled = unpooled;
    }

    /**
     * The same database through a pool of at most {@code maxConnections} connections (HikariCP). Without one,
     * every step of every file (claim, look-up, load, release) and every console request opened a connection
     * of its own: a new server process, its log-in and its cold caches each time. Connections are opened as
     * needed and closed after a minute unused, so an idle serve holds none. The pool is closed with the
     * database, before an embedded server stops.
     */
    public Database pooled(int maxConnections, Timeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setPoolName("collector-db");
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        // a caller waits for a free connection, or for the server, no longer than it waited without a pool;
        // Hikari sets the data source's log-in timeout from this, so a JDBC URL's own loginTimeout is kept
        long connectMillis = loginTimeoutSeconds().map(seconds -> seconds * 1000L).orElse(timeouts.connect().toMillis());
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.min(connectMillis, Duration.ofSeconds(5).toMillis()));
        // like the plain data source: nothing is opened until asked, so a command still starts when the
        // server is down and fails at its first statement with the cause
        config.setInitializationFailTimeout(-1);
        return new Database(new HikariDataSource(config), embedded, owner, description, embeddedData, dataSource);
    }

    /**
     * How long a connection may wait for the database. Without them a frozen server (or a dead network)
     * blocks the collector for ever: {@code connect} bounds opening the TCP connection and the whole log-in;
     * {@code socket} bounds any one wait for an answer (not a whole query or transaction). The socket timeout
     * must be longer than the slowest single statement, including a wait for another instance's lock on a
     * plan while it loads a large file; zero switches it off.
     */
    public record Timeouts(Duration connect, Duration socket) {

        /** db.connect-timeout-seconds and db.socket-timeout-seconds as shipped. */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(300));

        public Timeouts {
            if (connect.isNegative() || connect.isZero() || socket.isNegative()) {
                throw new IllegalArgumentException("Database timeouts must be positive (connect " + connect.toSeconds()
                        + " s, socket " + socket.toSeconds() + " s)");
            }
        }

        /** Applies the timeouts, except those the JDBC URL sets itself (the operator's word wins). */
        void applyTo(PGSimpleDataSource ds, String jdbcUrl) {
            String url = jdbcUrl == null ? "" : jdbcUrl;
            int connectSeconds = (int) Math.max(1, connect.toSeconds());
            if (!url.contains("connectTimeout=")) {
                ds.setConnectTimeout(connectSeconds);
            }
            if (!url.contains("loginTimeout=")) {
                // connectTimeout covers only the TCP connect: a stopped server accepts it and never answers
                ds.setLoginTimeout(connectSeconds);
            }
            if (!url.contains("socketTimeout=")) {
                ds.setSocketTimeout((int) socket.toSeconds());
            }
        }
    }

    /** Connects to a PostgreSQL server with the default timeouts. */
    public static Database server(String jdbcUrl, String user, String password) {
        return server(jdbcUrl, user, password, Timeouts.DEFAULT);
    }

    /** Connects to a PostgreSQL server. */
    public static Database server(String jdbcUrl, String user, String password, Timeouts timeouts) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        timeouts.applyTo(ds, jdbcUrl);
        if (user != null && !user.isBlank()) {
            ds.setUser(user);
        }
        if (password != null && !password.isBlank()) {
            ds.setPassword(password);
        }
        ds.setReWriteBatchedInserts(true);
        ds.setApplicationName("reform-results-collector");
        return new Database(ds, null, null, jdbcUrl.replaceAll("password=[^&]*", "password=***"), null);
    }

    /**
     * Starts PostgreSQL embedded with its data in {@code dataDir/postgres}. Durability settings are
     * switched back on: the library's defaults (fsync off) suit throw-away test databases only. Only the
     * {@link EmbeddedOwner} of the data folder may start it; the database stops the server and releases the
     * ownership when closed.
     */
    public static Database embedded(Path dataDir, int port, EmbeddedOwner owner, Timeouts timeouts) {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(pgData);
            EmbeddedStaleServer.stopIfLeftRunning(pgData);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            PGSimpleDataSource ds = (PGSimpleDataSource) pg.getPostgresDatabase();
            ds.setReWriteBatchedInserts(true);
            timeouts.applyTo(ds, null);
            LOG.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), pgData.toAbsolutePath());
            return new Database(ds, pg, owner, "embedded PostgreSQL in " + pgData.toAbsolutePath(), pgData);
        } catch (IOException e) {
            owner.close();
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + pgData.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /** How the pool's connections are used right now, for monitoring. */
    public record PoolUse(int active, int idle, int waiting, int max) {
    }

    /** The pool's connections now; empty for a database without a pool (tests, tools) or a closed one. */
    public Optional<PoolUse> poolUse() {
        if (dataSource instanceof HikariDataSource pool && !pool.isClosed() && pool.getHikariPoolMXBean() != null) {
            var bean = pool.getHikariPoolMXBean();
            return Optional.of(new PoolUse(bean.getActiveConnections(), bean.getIdleConnections(),
                    bean.getThreadsAwaitingConnection(), pool.getMaximumPoolSize()));
        }
        return Optional.empty();
    }

    private Optional<Integer> loginTimeoutSeconds() {
        try {
            int seconds = dataSource.getLoginTimeout();
            return seconds > 0 ? Optional.of(seconds) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Wraps an existing data source (tests, tools). */
    public static Database of(DataSource dataSource, String description) {
        return new Database(dataSource, null, null, description, null);
    }

    /** Whether the collector's schema exists (a reading command never creates one). */
    public boolean hasSchema() throws SQLException {
        try (Connection c = connect(); var rs = c.createStatement()
                .executeQuery("select to_regclass('flyway_schema_history') is not null")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Creates or upgrades the schema; refuses a schema a newer version of the collector upgraded. */
    public Database migrate() {
        try {
            refuseNewerSchema(SchemaVersions.shipped(), SchemaVersions.applied(this));
        } catch (SQLException e) {
            throw new IllegalStateException("The database " + description() + " could not be read: " + e.getMessage(), e);
        }
        flyway();
        return this;
    }

    /**
     * Creates or upgrades the schema, unless every migration this build carries is applied already: reading
     * commands then skip Flyway's start (a good part of a second) and its checksum validation, which the
     * commands that write (serve, run-once) still do at every start. A schema a newer version upgraded is refused.
     */
    public Database migrateUnlessCurrent() throws SQLException {
        java.util.Set<String> shipped = SchemaVersions.shipped();
        java.util.Set<String> applied = SchemaVersions.applied(this);
        refuseNewerSchema(shipped, applied);
        if (shipped.isEmpty() || !applied.containsAll(shipped)) {
            flyway();
        }
        return this;
    }

    private void flyway() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * An older jar put back over a database a newer one upgraded (Flyway by default lets it run on the migrations it
     * does not know): it would write rows the newer schema's rules and columns do not expect, so it stops, saying
     * what to do, before anything is read or written.
     */
    private void refuseNewerSchema(java.util.Set<String> shipped, java.util.Set<String> applied) {
        if (shipped.isEmpty()) {
            return; // the build's migrations could not be listed: Flyway's own checks stand
        }
        java.util.Comparator<String> byVersion = java.util.Comparator.comparing(MigrationVersion::fromVersion);
        applied.stream().filter(v -> !shipped.contains(v)).max(byVersion).ifPresent(newest -> {
            throw new IllegalStateException("The database " + description() + " was upgraded by a newer version of the "
                    + "collector (schema version " + newest + "; this version knows up to "
                    + shipped.stream().max(byVersion).orElseThrow()
                    + "): run that newer version, or restore the backup taken before the upgrade to go back to this one");
        });
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A connection of its own, not counted in the pool: for a session held as long as a long task runs (a
     * lock), which must not leave the task itself one connection short (db.max-connections may be 2).
     */
    public Connection connectOutsideThePool() throws SQLException {
        return unpooled.getConnection();
    }

    public String description() {
        return description;
    }

    /** A JDBC URL another process of this machine can use to reach the embedded server. */
    public String embeddedJdbcUrl() {
        if (embedded == null) {
            throw new IllegalStateException("not an embedded database");
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    /**
     * Whether the embedded server this process started is still running (its postmaster's process, named in
     * postmaster.pid, is alive); always true for a configured server, which is someone else's to watch. Killed
     * (the out-of-memory killer, a mistaken kill), it does not come back by itself: serve watches this.
     */
    public boolean embeddedServerRuns() {
        if (embeddedData == null || embedded == null) {
            return true;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(embeddedData.resolve("postmaster.pid")).get(0).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false; // no postmaster.pid: the server stopped
        }
    }

    /** The ownership of the embedded data folder, when this process started the server. */
    public Optional<EmbeddedOwner> owner() {
        return Optional.ofNullable(owner);
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.withdraw();
        }
        if (dataSource instanceof HikariDataSource pool) {
            try {
                pool.close();
            } catch (RuntimeException e) {
                // the server is stopped all the same: its connections end with it
                LOG.warn("The connection pool did not close cleanly: {}", e.getMessage());
            }
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
        if (owner != null) {
            owner.close();
        }
    }
}
