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
    private final String description;

    private Database(DataSource dataSource, EmbeddedPostgres embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
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
        return new Database(ds, null, jdbcUrl);
    }

    /**
     * Starts PostgreSQL embedded with its data in {@code dataDir/postgres}. Durability settings are
     * switched back on: the library's defaults (fsync off) suit throw-away test databases only.
     */
    public static Database embedded(Path dataDir, int port) {
        Path pgData = dataDir.resolve("postgres");
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
            return new Database(ds, pg, "embedded PostgreSQL in " + pgData.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + pgData.toAbsolutePath(), e);
        }
    }

    /** Wraps an existing data source (tests, tools). */
    public static Database of(DataSource dataSource, String description) {
        return new Database(dataSource, null, description);
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

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
