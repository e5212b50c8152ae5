package jp.reform.collector.observe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.master.ConfigSnapshot;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.OvernightRunLock;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the IT staff's monitoring asks of a running collector, as Camel health checks (shown with Camel's own
 * route checks at /observe/health): the database answers, the inbox can be read, mail is not piling up in
 * the outbox, the overnight run finished, and config/ still says what the collector started with.
 */
public final class CollectorHealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorHealthChecks.class);

    private CollectorHealthChecks() {
    }

    public static List<HealthCheck> all(Database database, Path inbox, Duration outboxMaxAge, Clock clock,
                                        ConfigState config, DueRun overnightDue) {
        return List.of(new DatabaseCheck(database), new InboxCheck(inbox), new OutboxCheck(database, outboxMaxAge, clock),
                new OvernightCheck(database, clock, overnightDue), new ConfigCheck(config));
    }

    /** Whether the overnight run last due by the schedule is missing, and since when. */
    @FunctionalInterface
    public interface DueRun {
        /** The time the missing run was due, or empty when none is missing. */
        Optional<Instant> missed(Connection c) throws SQLException;
    }

    /** What config/ says compared with what the collector works with, for the {@code config} check. */
    public interface ConfigState {
        /** The files (relative to config/, with /) that differ from what is in use, in name order. */
        List<String> changed();

        /** Why these changed files are not in use (yet), in one sentence without a full stop. */
        String why(List<String> changed);

        /** A collector that reads config/ at its start only (run-once): any change waits for the next start. */
        static ConfigState readAtStart(ConfigSnapshot atStart) {
            return new ConfigState() {
                @Override
                public List<String> changed() {
                    return atStart.changedNow();
                }

                @Override
                public String why(List<String> changed) {
                    return "files are still checked against the master data read at the start; restart the collector "
                            + "to use the change";
                }
            };
        }
    }

    /** The database answers a query within 5 seconds. */
    static final class DatabaseCheck extends AbstractHealthCheck {
        private final Database database;

        DatabaseCheck(Database database) {
            super("collector", "database");
            this.database = database;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("select 1")) {
                ps.setQueryTimeout(5);
                ps.executeQuery().close();
                builder.up();
            } catch (SQLException e) {
                builder.down().message("database unreachable: " + e.getMessage());
            }
        }
    }

    /** The watched shared folder exists and can be read. */
    static final class InboxCheck extends AbstractHealthCheck {
        private final Path inbox;

        InboxCheck(Path inbox) {
            super("collector", "inbox");
            this.inbox = inbox;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (Files.isDirectory(inbox) && Files.isReadable(inbox)) {
                builder.up();
            } else {
                builder.down().message("inbox folder missing or unreadable");
            }
        }
    }

    /**
     * Mail waiting to be sent (backlog), mail that failed and mail some of whose recipients were refused, until
     * the exception report has listed them; DOWN when the oldest waits too long.
     */
    static final class OutboxCheck extends AbstractHealthCheck {
        private final Database database;
        private final Duration maxAge;
        private final Clock clock;

        OutboxCheck(Database database, Duration maxAge, Clock clock) {
            super("collector", "outbox");
            this.database = database;
            this.maxAge = maxAge;
            this.clock = clock;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                    "select count(*) filter (where status in ('pending', 'sending')), "
                            + "count(*) filter (where status in ('failed', 'unconfirmed') and reported_at is null), "
                            + "min(created_at) filter (where status = 'pending'), "
                            // sent, but some recipients refused (OutboxSender): reported like a failed one
                            + "count(*) filter (where status = 'sent' and last_error is not null and reported_at is null) "
                            + "from outbox_mail")) {
                ps.setQueryTimeout(5);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    builder.detail("pending", rs.getLong(1)).detail("failed_unreported", rs.getLong(2))
                            .detail("partly_delivered_unreported", rs.getLong(4));
                    Timestamp oldest = rs.getTimestamp(3);
                    if (oldest != null && oldest.toInstant().isBefore(clock.instant().minus(maxAge))) {
                        builder.down().message("mail waiting to be sent since " + oldest.toInstant());
                    } else {
                        builder.up();
                    }
                }
            } catch (SQLException e) {
                builder.down().message("outbox unreadable: " + e.getMessage());
            }
        }
    }

    /**
     * The last overnight run finished; one that failed, stopped halfway (its lock let go: the process died), or
     * started more than 3 hours ago and is still open, is DOWN, and so is a run the schedule made due that never started (serve was down
     * or the database did not answer at that time) until serve has caught it up.
     */
    static final class OvernightCheck extends AbstractHealthCheck {
        private final Database database;
        private final Clock clock;
        private final DueRun due;

        OvernightCheck(Database database, Clock clock, DueRun due) {
            super("collector", "overnight-run");
            this.database = database;
            this.clock = clock;
            this.due = due;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                    "select as_of, started_at, finished_at, outcome, " + OvernightRunLock.heldBy("r")
                            + " from overnight_run r order by run_id desc limit 1")) {
                ps.setQueryTimeout(5);
                Optional<Instant> missed = due.missed(c);
                if (missed.isPresent()) {
                    builder.detail("missed", missed.get().toString()).down().message("the overnight run due at "
                            + missed.get() + " did not start; serve starts it as soon as it runs with the database");
                    return;
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        builder.up().message("no overnight run yet");
                        return;
                    }
                    Instant started = rs.getTimestamp(2).toInstant();
                    Timestamp finished = rs.getTimestamp(3);
                    builder.detail("last_as_of", rs.getString(1)).detail("last_started", started.toString());
                    String outcome = rs.getString(4);
                    if (finished != null) {
                        builder.detail("last_finished", finished.toInstant().toString()).up();
                    } else if (outcome != null) {
                        // an open run with an outcome is one that failed (OvernightRun.failed)
                        builder.down().message("the overnight run started at " + started + " " + outcome);
                    } else if (!rs.getBoolean(5)) {
                        // no one holds the run's lock: its process or its database connection ended halfway
                        builder.down().message("the overnight run started at " + started + " stopped before it "
                                + "finished (its process or its database connection ended)");
                    } else if (started.isBefore(clock.instant().minus(Duration.ofHours(3)))) {
                        builder.down().message("the overnight run started at " + started + " did not finish");
                    } else {
                        builder.up().message("overnight run in progress");
                    }
                }
            } catch (SQLException e) {
                builder.down().message("overnight runs unreadable: " + e.getMessage());
            }
        }
    }

    /**
     * DOWN when the master data, rounds, holidays or settings in config/ differ from what the collector works
     * with: a change not taken up yet, one that does not load, or settings that need a restart. The message
     * says which files and why.
     */
    static final class ConfigCheck extends AbstractHealthCheck {
        private static final int NAMED = 10;
        private final ConfigState state;
        private volatile List<String> lastLogged = List.of();

        ConfigCheck(ConfigState state) {
            super("collector", "config");
            this.state = state;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            List<String> changed = state.changed();
            if (changed.isEmpty()) {
                builder.up();
                return;
            }
            String named = String.join(", ", changed.subList(0, Math.min(NAMED, changed.size())).stream()
                    .map(ConfigCheck::shown).toList())
                    + (changed.size() > NAMED ? " and " + (changed.size() - NAMED) + " more" : "");
            String message = "the configuration folder changed (" + named + "): " + state.why(changed);
            if (!changed.equals(lastLogged)) {
                lastLogged = changed;
                LOG.warn(message);
            }
            builder.detail("changed", changed.size()).down().message(message);
        }

        /** "plan atsugi-7-2 targets.csv": Camel's health JSON shows a slash as "\/", which reads badly. */
        private static String shown(String name) {
            String[] parts = name.split("/", 3);
            return parts.length == 3 ? "plan " + parts[1] + " " + parts[2].replace('/', ' ') : name.replace('/', ' ');
        }
    }
}
