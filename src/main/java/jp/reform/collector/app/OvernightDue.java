package jp.reform.collector.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.observe.CollectorHealthChecks;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.OvernightRunLock;
import org.apache.camel.Exchange;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the overnight run last due at overnight.cron is missing: serve was not running at that time, or the
 * database did not answer when the trigger fired (the run then fails before it records itself). serve's
 * catch-up route asks every overnight.catch-up-check-seconds and starts the missing run, as of the day it was
 * due; the health check overnight-run is DOWN while one is missing. A run that failed halfway (the database went
 * away during it) is started again likewise, up to three runs in all for one night.
 *
 * <p>Only a collector that has run overnight in the week before is owed a run: a new installation, or one
 * used with run-once alone, does not start one the moment serve first comes up.
 */
public final class OvernightDue implements CollectorHealthChecks.DueRun {

    private static final Logger LOG = LoggerFactory.getLogger(OvernightDue.class);
    /**
     * A trigger that has just fired is starting its run (its wait for a connection counts as under way): only
     * a fire older than this can have been missed. Should a late trigger still start a second run of the same
     * day, that is harmless: every step may run twice (see OvernightRun).
     */
    private static final Duration FIRING = Duration.ofSeconds(10);
    private static final Duration IN_USE = Duration.ofDays(8);
    /** How far the database's clock may be from this machine's (the runs' times are the database's). */
    private static final Duration CLOCKS_APART = Duration.ofMinutes(5);
    /** Runs of one night, the first included, before a failing one is left to the next night. */
    static final int ATTEMPTS = 3;
    /** Widening windows to look back for the last fire: a cron every second stops at the first. */
    private static final List<Duration> LOOK_BACK = List.of(Duration.ofMinutes(2), Duration.ofHours(2),
            Duration.ofDays(2), Duration.ofDays(40), Duration.ofDays(400));

    private final Database database;
    private final CronExpression cron;
    private final ZoneId zone;
    private final Clock clock;
    private volatile String lastLogged;

    public OvernightDue(Database database, String cron, ZoneId zone, Clock clock) {
        this.database = database;
        try {
            this.cron = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Setting overnight.cron is not a Quartz cron expression: " + cron, e);
        }
        this.cron.setTimeZone(TimeZone.getTimeZone(zone));
        this.zone = zone;
        this.clock = clock;
    }

    /** The trigger's last fire time at or before {@code now}, if it fired in the last 400 days. */
    Optional<Instant> lastFire(Instant now) {
        for (Duration back : LOOK_BACK) {
            Date fire = cron.getNextValidTimeAfter(Date.from(now.minus(back)));
            if (fire == null || fire.toInstant().isAfter(now)) {
                continue;
            }
            Instant last = fire.toInstant();
            for (Date next = cron.getNextValidTimeAfter(fire); next != null && !next.toInstant().isAfter(now);
                 next = cron.getNextValidTimeAfter(next)) {
                last = next.toInstant();
            }
            return Optional.of(last);
        }
        return Optional.empty();
    }

    /**
     * The fire time of the missing run: the trigger fired more than 10 seconds ago, no run started since, and a
     * run started in the eight days before it.
     */
    @Override
    public Optional<Instant> missed(Connection c) throws SQLException {
        return since(c).filter(due -> due.started() == 0).map(Due::fire);
    }

    /**
     * The fire time of the run to start now: the missing one, or one whose runs since all failed or stopped
     * halfway (the database went away, the process was killed), tried again up to {@link #ATTEMPTS} runs in all;
     * a night that failed that often is left to the next, with the health check DOWN.
     */
    Optional<Instant> toRun(Connection c) throws SQLException {
        return since(c).filter(due -> due.started() == 0 || !due.finishedOrUnderWay() && due.started() < ATTEMPTS)
                .map(Due::fire);
    }

    /** The last fire time, and the runs started since it. */
    private record Due(Instant fire, int started, boolean finishedOrUnderWay) {
    }

    private Optional<Due> since(Connection c) throws SQLException {
        Instant now = clock.instant();
        Optional<Instant> last = lastFire(now).filter(fire -> fire.isBefore(now.minus(FIRING)));
        if (last.isEmpty()) {
            return Optional.empty();
        }
        // an open run without an outcome is under way while it holds its lock; without it, it stopped halfway
        try (PreparedStatement ps = c.prepareStatement("select count(*) filter (where started_at >= ?),"
                + " coalesce(bool_or(started_at >= ? and (finished_at is not null"
                + " or outcome is null and " + OvernightRunLock.heldBy("r") + ")), false),"
                + " coalesce(bool_or(started_at >= ? and started_at < ?), false)"
                + " from overnight_run r where started_at >= ?")) {
            ps.setQueryTimeout(5);
            // the runs are timed by the database's clock, the trigger by this machine's: a run that started a little
            // before the fire time by the database's clock is still that night's
            Timestamp fire = Timestamp.from(last.get().minus(CLOCKS_APART));
            ps.setTimestamp(1, fire);
            ps.setTimestamp(2, fire);
            ps.setTimestamp(3, Timestamp.from(last.get().minus(IN_USE)));
            ps.setTimestamp(4, fire);
            ps.setTimestamp(5, Timestamp.from(last.get().minus(IN_USE)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(3) ? Optional.of(new Due(last.get(), rs.getInt(1), rs.getBoolean(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * For the catch-up route: true, with the run's date set on the exchange, when the last due run is missing
     * and no overnight run is under way in this collector. An unreachable database is the database check's to
     * report: the question is asked again at the next look.
     */
    public boolean catchUp(Exchange exchange) {
        if (exchange.getContext().getInflightRepository().size("overnight-run") > 0) {
            return false;
        }
        Optional<Instant> missed;
        try (Connection c = database.connect()) {
            missed = toRun(c);
        } catch (SQLException | RuntimeException e) {
            String cause = LogText.cause(e);
            if (!cause.equals(lastLogged)) {
                lastLogged = cause;
                LOG.debug("Whether an overnight run was missed cannot be read now: {}", cause);
            }
            return false;
        }
        if (missed.isEmpty()) {
            return false;
        }
        LocalDate asOf = missed.get().atZone(zone).toLocalDate();
        LOG.warn("The overnight run due at {} did not run or failed (serve was not running or the database did not "
                + "answer): starting it now as of {}", missed.get().atZone(zone).toOffsetDateTime(), asOf);
        exchange.setProperty(OvernightRun.AS_OF, asOf);
        return true;
    }
}
