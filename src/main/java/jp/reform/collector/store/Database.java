package jp.reform.collector.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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

    private Database(DataSource dataSource, EmbeddedPostgres embedded, EmbeddedOwner owner, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.owner = owner;
        this.description = description;
    }

    /** Connects to a PostgreSQL server. */
    public static Database server(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        if (user != null && !user.isBlank()) {
            ds.setUser(user);
        }
        if (password != null && !password.isBlank()) {
            ds.setPassword(password);
        }
        ds.setReWriteBatchedInserts(true);
        ds.setApplicationName("reform-results-collector");
        return new Database(ds, null, null, jdbcUrl.replaceAll("password=[^&]*", "password=***"));
    }

    /**
     * Starts PostgreSQL embedded with its data in {@code dataDir/postgres}. Durability settings are
     * switched back on: the library's defaults (fsync off) suit throw-away test databases only. Only the
     * {@link EmbeddedOwner} of the data folder may start it; the database stops the server and releases the
     * ownership when closed.
     */
    public static Database embedded(Path dataDir, int port, EmbeddedOwner owner) {
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
            LOG.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), pgData.toAbsolutePath());
            return new Database(ds, pg, owner, "embedded PostgreSQL in " + pgData.toAbsolutePath());
        } catch (IOException e) {
            owner.close();
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + pgData.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /** Wraps an existing data source (tests, tools). */
    public static Database of(DataSource dataSource, String description) {
        return new Database(dataSource, null, null, description);
    }

    /** Whether the collector's schema exists (a reading command never creates one). */
    public boolean hasSchema() throws SQLException {
        try (Connection c = connect(); var rs = c.createStatement()
                .executeQuery("select to_regclass('flyway_schema_history') is not null")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Creates or upgrades the schema. */
    public Database migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return this;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
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

    /** The ownership of the embedded data folder, when this process started the server. */
    public java.util.Optional<EmbeddedOwner> owner() {
        return java.util.Optional.ofNullable(owner);
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.withdraw();
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
