package jp.reform.collector.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.EmbeddedOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the database a command works on. A configured server is used as it is. The embedded PostgreSQL
 * of a data folder has one owner at a time: {@code serve} owns it for as long as it runs and shares it,
 * so that every other command uses serve's running server instead of starting or stopping one; a
 * short command that owns it is waited for. Only {@code serve} and {@code run-once} create a database;
 * the reading commands stop with a message when there is none.
 */
final class DatabaseConnector {

    /** What a command needs of the database. */
    enum Access {
        /** {@code serve}: owns the embedded server for its lifetime and shares it; one per data folder. */
        SERVE(true),
        /** {@code run-once}, {@code demo}: may create the database. */
        RUN(true),
        /** report and query commands: never create a database. */
        READ(false);

        final boolean mayCreate;

        Access(boolean mayCreate) {
            this.mayCreate = mayCreate;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConnector.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final AppSettings settings;
    private final String command;
    private final Access access;
    /** The running serve whose embedded database {@link #connect} returned, if it did. */
    private EmbeddedOwner.Info servedBy;

    DatabaseConnector(AppSettings settings, String command, Access access) {
        this.settings = settings;
        this.command = command;
        this.access = access;
    }

    Database connect() throws SQLException {
        int maxConnections = maxConnections();
        String url = settings.get("db.url", null);
        Database unpooled = url != null ? server(url) : embedded();
        Database database;
        try {
            database = unpooled.pooled(maxConnections, timeouts());
        } catch (RuntimeException e) {
            unpooled.close();
            throw e;
        }
        if (!access.mayCreate) {
            try {
                if (!database.hasSchema()) {
                    throw new IllegalStateException("The database " + database.description() + " holds no collector "
                            + "data yet; run run-once or serve first, or point --home / --db-url at the right one");
                }
            } catch (SQLException | RuntimeException e) {
                database.close();
                throw e;
            }
        }
        return database;
    }

    /** A PostgreSQL server; a URL the driver does not take is named as the setting it came from. */
    private Database server(String url) {
        try {
            return Database.server(url, settings.get("db.user", null), settings.get("db.password", null), timeouts());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting db.url (DB_URL, --db-url) is not a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://dbhost:5432/reform: " + url.replaceAll("password=[^&]*", "password=***"), e);
        }
    }

    /** The running serve whose database this command uses (the embedded one of the same data folder). */
    Optional<EmbeddedOwner.Info> servedBy() {
        return Optional.ofNullable(servedBy);
    }

    /**
     * db.max-connections; empty: 10, or two for each file loaded at once and four more (console, mailbox,
     * overnight steps) when intake.parallel asks for more.
     */
    int maxConnections() {
        int max = settings.getInt("db.max-connections", Math.max(10, 2 * CollectorApplication.parallel(settings) + 4));
        if (max < 2) {
            // the schema upgrade and a plan's whole re-evaluation each read on a second connection
            throw new IllegalArgumentException("Setting db.max-connections must be at least 2, found " + max);
        }
        return max;
    }

    /** db.connect-timeout-seconds, db.socket-timeout-seconds: see {@link Database.Timeouts}. */
    Database.Timeouts timeouts() {
        return new Database.Timeouts(
                Duration.ofSeconds(settings.getInt("db.connect-timeout-seconds",
                        (int) Database.Timeouts.DEFAULT.connect().toSeconds())),
                Duration.ofSeconds(settings.getInt("db.socket-timeout-seconds",
                        (int) Database.Timeouts.DEFAULT.socket().toSeconds())));
    }

    private Database embedded() {
        Path data = settings.path("collector.data", "data");
        boolean exists = Files.isRegularFile(data.resolve("postgres").resolve("PG_VERSION"));
        if (!exists && !access.mayCreate) {
            throw new IllegalStateException("No database in " + data + ": run run-once or serve there first, or give "
                    + "the --home (or --data) of the installation that holds it");
        }
        Instant deadline = Instant.now().plusSeconds(settings.getInt("db.owner-wait-seconds", 120));
        boolean told = false;
        while (true) {
            Optional<EmbeddedOwner> owner = EmbeddedOwner.tryAcquire(data, command);
            if (owner.isPresent()) {
                Database database = Database.embedded(data, settings.getInt("db.embedded-port", 0), owner.get(),
                        timeouts());
                if (!exists) {
                    LOG.info("Created a new database in {} (first start)", data.resolve("postgres"));
                }
                if (access == Access.SERVE) {
                    try {
                        owner.get().share(database.embeddedJdbcUrl());
                    } catch (RuntimeException e) {
                        database.close(); // stops the server it started and gives the data folder up
                        throw e;
                    }
                }
                return database;
            }
            Optional<EmbeddedOwner.Info> info = EmbeddedOwner.readInfo(data);
            if (info.isPresent() && info.get().sharesItsDatabase()) {
                if (access == Access.SERVE) {
                    throw new IllegalStateException("Another collector, " + info.get().describe() + ", already serves "
                            + "the data folder " + data + "; stop it first, or give this one another --home");
                }
                LOG.info("Using the database of the running {}", info.get().describe());
                servedBy = info.get();
                return Database.server(info.get().jdbcUrl(), null, null, timeouts());
            }
            String holder = info.map(EmbeddedOwner.Info::describe).orElse("another collector");
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The database in " + data + " is in use by " + holder
                        + "; try again when it has finished");
            }
            if (!told) {
                LOG.info("Waiting for {} to release the database in {}", holder, data);
                told = true;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the database in " + data);
            }
        }
    }
}
