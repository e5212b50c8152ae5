package jp.reform.collector.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IngestOutcome;
import jp.reform.collector.store.Database;
import org.apache.camel.Exchange;

/**
 * The collector's own Prometheus metrics, next to Camel's route metrics at /observe/metrics: files by
 * outcome, ingest time, mail pending, failed or partly delivered in the outbox (read from the database at
 * most every 15 seconds, however often it is scraped), and the use of the database connection pool.
 */
public final class CollectorMetrics {

    private static final Duration OUTBOX_READ_EVERY = Duration.ofSeconds(15);
    private static final List<String> OUTCOMES = List.of("accepted", "rejected", "held", "duplicate");

    private final MeterRegistry registry;
    private final Timer ingestTime;
    private final Database database;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong partlyDelivered = new AtomicLong();
    private volatile Instant outboxReadAt = Instant.EPOCH;

    public CollectorMetrics(MeterRegistry registry, Database database) {
        this.registry = registry;
        this.database = database;
        this.ingestTime = Timer.builder("collector.ingest").description("Time to read, check and load one file")
                .register(registry);
        // every outcome from the start, at 0: a monitoring rule on rejected files must not see "no data" until
        // the first rejection after a restart
        for (String outcome : OUTCOMES) {
            files(outcome);
        }
        Gauge.builder("collector.mail.pending", this, m -> m.outbox(m.pending))
                .description("Mail waiting in the outbox").register(registry);
        Gauge.builder("collector.mail.failed", this, m -> m.outbox(m.failed))
                .description("Mail that could not be delivered (failed or unconfirmed)").register(registry);
        Gauge.builder("collector.mail.partly.delivered", this, m -> m.outbox(m.partlyDelivered))
                .description("Mail sent with some of its recipients refused by the mail server").register(registry);
        // the connection pool: waiting above 0 for long means db.max-connections is too small for the load
        pool("active", "Database connections in use", Database.PoolUse::active);
        pool("idle", "Database connections open and unused", Database.PoolUse::idle);
        pool("waiting", "Threads waiting for a database connection", Database.PoolUse::waiting);
        pool("max", "Most database connections the pool opens (db.max-connections)", Database.PoolUse::max);
    }

    /** Called by the routes after each file with its outcome; the exchange's creation time starts the timer. */
    public void fileHandled(IngestOutcome outcome, Exchange exchange) {
        if (outcome.resumed()) {
            return; // received before an interruption, only archived now: not a file received
        }
        String status = outcome.status() == SubmissionStatus.ACCEPTED ? "accepted"
                : outcome.status() == SubmissionStatus.REJECTED ? "rejected"
                : outcome.status() == SubmissionStatus.HELD ? "held" : "duplicate";
        files(status).increment();
        ingestTime.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated())));
    }

    private void pool(String name, String description, ToIntFunction<Database.PoolUse> figure) {
        Gauge.builder("collector.db.connections." + name, database,
                        db -> db.poolUse().map(use -> (double) figure.applyAsInt(use)).orElse(Double.NaN))
                .description(description).register(registry);
    }

    private Counter files(String outcome) {
        return Counter.builder("collector.files").description("Files received, by outcome").tag("outcome", outcome)
                .register(registry);
    }

    private double outbox(AtomicLong value) {
        if (outboxReadAt.isBefore(Instant.now().minus(OUTBOX_READ_EVERY))) {
            outboxReadAt = Instant.now();
            try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "select count(*) filter (where status in ('pending', 'sending')), "
                            + "count(*) filter (where status in ('failed', 'unconfirmed')), "
                            + "count(*) filter (where status = 'sent' and last_error is not null) from outbox_mail")) {
                rs.next();
                pending.set(rs.getLong(1));
                failed.set(rs.getLong(2));
                partlyDelivered.set(rs.getLong(3));
            } catch (SQLException e) {
                return Double.NaN;
            }
        }
        return value.get();
    }
}
