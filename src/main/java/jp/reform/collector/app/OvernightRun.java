package jp.reform.collector.app;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import jp.reform.collector.committee.CommitteeReportBuilder;
import jp.reform.collector.committee.CommitteeWorkbook;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.evaluate.EvaluationRefresh;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.notify.ExceptionReporter;
import jp.reform.collector.notify.OutboxSender;
import jp.reform.collector.notify.ReminderPlanner;
import jp.reform.collector.notify.UnreadItemMailer;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.OvernightRunLock;
import jp.reform.collector.store.PlannerStatistics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the overnight run, called in order by the overnight-run route: evaluate, queue reminders,
 * queue the exception reports, write the summary workbooks, send. Every step may run in two instances at once: evaluation takes the
 * plan's lock, and reminders and reports are queued under keys that exist once per day. Reminders, reports and
 * workbooks are independent of each other: when one fails the others and the sending still run, and the run
 * then ends failed with that step and its cause.
 */
public final class OvernightRun {

    private static final Logger LOG = LoggerFactory.getLogger(OvernightRun.class);

    /** Exchange property holding the run's date ("today" for reminders and reports). */
    public static final String AS_OF = "asOf";
    /** Exchange property naming the step under way, for the failure's log line. */
    public static final String STEP = "overnightStep";
    private static final String FAILURE_LOGGED = "overnightFailureLogged";
    private static final String FIRST_FAILED_STEP = "overnightFirstFailedStep";
    private static final String FIRST_FAILURE = "overnightFirstFailure";
    private static final String RUN_LOCK = "overnightRunLock";

    private final Database database;
    private final MasterData master;
    private final ReminderPlanner reminders;
    private final ExceptionReporter reports;
    private final UnreadItemMailer unreadItems;
    private final OutboxSender sender;
    private final Clock clock;
    private final String instance;
    private final List<CollectionRound> rounds;
    private final Path reportsDir;
    private final ChaseQueries queries = new ChaseQueries();

    public OvernightRun(Database database, MasterData master, ReminderPlanner reminders, ExceptionReporter reports,
                        UnreadItemMailer unreadItems, OutboxSender sender, Clock clock, String instance,
                        List<CollectionRound> rounds, Path reportsDir) {
        this.database = database;
        this.master = master;
        this.reminders = reminders;
        this.reports = reports;
        this.unreadItems = unreadItems;
        this.sender = sender;
        this.clock = clock;
        this.instance = instance;
        this.rounds = List.copyOf(rounds);
        this.reportsDir = reportsDir;
    }

    /** Fixes the run's date: the one given (run-once --today) or today in the collector's zone. */
    public void start(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "start");
        LocalDate asOf = exchange.getProperty(AS_OF, LocalDate.class);
        if (asOf == null) {
            asOf = LocalDate.now(clock);
            exchange.setProperty(AS_OF, asOf);
        }
        long runId;
        try (Connection c = database.connect()) {
            runId = queries.startRun(c, asOf, instance);
        }
        exchange.setProperty("runId", runId);
        // held while the run runs: a run that stops halfway (the process killed, the database gone) is then seen
        // as stopped, and the catch-up starts the night again (OvernightDue)
        exchange.setProperty(RUN_LOCK, OvernightRunLock.take(database, runId));
        LOG.info("Overnight run as of {} started", asOf);
    }

    /**
     * Evaluations follow the current targets and thresholds before anything is chased, and the planner knows
     * what the sweep just loaded before the reports query it.
     */
    public void evaluate(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "evaluate");
        long started = System.nanoTime();
        new EvaluationRefresh().refreshAll(database, master);
        PlannerStatistics.refresh(database);
        logTime("evaluate", started);
    }

    public void queueReminders(Exchange exchange) {
        independent(exchange, "queue reminders", () ->
                exchange.setProperty("reminders", reminders.queueReminders(exchange.getProperty(AS_OF, LocalDate.class))));
    }

    /**
     * Each 課 told of what lies unread in its folder (serve does so every minute too): before the exception
     * report, which then says so beside each item.
     */
    public void tellDepartmentsOfUnreadItems(Exchange exchange) {
        independent(exchange, "tell departments of unread items", () ->
                exchange.setProperty("unreadNotices", unreadItems.queueDue()));
    }

    public void queueReports(Exchange exchange) {
        independent(exchange, "queue exception reports", () ->
                exchange.setProperty("reports", reports.queueReports(exchange.getProperty(AS_OF, LocalDate.class))));
    }

    /** The committee's summary workbook of each plan's current round, refreshed every night. */
    public void writeWorkbooks(Exchange exchange) {
        independent(exchange, "write summary workbooks", () -> writeWorkbooks(exchange.getProperty(AS_OF, LocalDate.class),
                exchange));
    }

    private void writeWorkbooks(LocalDate asOf, Exchange exchange) throws SQLException, IOException {
        CommitteeReportBuilder builder = new CommitteeReportBuilder(database);
        int written = 0;
        Exception firstFailure = null;
        for (PlanMaster plan : master.plans()) {
            var round = CollectionRound.current(rounds, plan.plan().code(), asOf);
            if (round.isEmpty()) {
                continue;
            }
            try {
                Path file = builder.stream(plan, round.get().fiscalYear(), asOf,
                        report -> new CommitteeWorkbook().writeTo(reportsDir.resolve(plan.plan().code()), report));
                LOG.info("Summary workbook written: {}", file);
                written++;
            } catch (IOException | RuntimeException e) {
                // a workbook left open in Excel must not keep the other plans' workbooks from being written
                LOG.error("Summary workbook of {} not written: {}", plan.plan().code(), LogText.cause(e));
                if (firstFailure == null) {
                    firstFailure = new IOException("Summary workbook of " + plan.plan().code() + " not written", e);
                }
            }
        }
        exchange.setProperty("workbooks", written);
        if (firstFailure instanceof IOException io) {
            throw io;
        }
    }

    /** The work of a step that the steps after it do not need. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs a step whose failure must not cost the others their work: reminders, exception reports and summary
     * workbooks do not depend on each other, and queued mail should still be sent. The failure (an exception,
     * or an Error such as OutOfMemoryError, whose heap is free again once the step has unwound) is logged in
     * one line now and ends the run as failed in {@link #finish}, so that run-once exits non-zero.
     */
    private static void independent(Exchange exchange, String step, Step work) {
        exchange.setProperty(STEP, step);
        long started = System.nanoTime();
        try {
            work.run();
            logTime(step, started);
        } catch (Exception | Error e) {
            LOG.error("Overnight step {} failed, the other steps go on: {}", step, LogText.cause(e));
            if (exchange.getProperty(FIRST_FAILED_STEP) == null) {
                exchange.setProperty(FIRST_FAILED_STEP, step);
                exchange.setProperty(FIRST_FAILURE, e);
            }
        }
    }

    public void send(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "send mail");
        long started = System.nanoTime();
        exchange.setProperty("mail", sender.sendDue().toString());
        logTime("send mail", started);
    }

    /** "Overnight step queue reminders done in 12.3 s": what an operator compares night to night. */
    private static void logTime(String step, long startedNanos) {
        LOG.info("Overnight step {} done in {} s", step, "%.1f".formatted((System.nanoTime() - startedNanos) / 1e9));
    }

    /**
     * Records the run and returns its one-line summary (logged by the route, printed by run-once); when an
     * independent step failed, fails the run with that step's failure instead.
     */
    public String finish(Exchange exchange) throws Exception {
        Throwable stepFailure = exchange.getProperty(FIRST_FAILURE, Throwable.class);
        if (stepFailure != null) {
            exchange.setProperty(STEP, exchange.getProperty(FIRST_FAILED_STEP, String.class));
            if (stepFailure instanceof Error error) {
                throw error;
            }
            throw (Exception) stepFailure;
        }
        exchange.setProperty(STEP, "finish");
        int queuedReminders = exchange.getProperty("reminders", 0, Integer.class);
        int queuedReports = exchange.getProperty("reports", 0, Integer.class);
        String summary = ("reminders queued %d, unread-item notices queued %d, exception reports queued %d, "
                + "summary workbooks %d, mail %s").formatted(queuedReminders,
                exchange.getProperty("unreadNotices", 0, Integer.class), queuedReports,
                exchange.getProperty("workbooks", 0, Integer.class),
                exchange.getProperty("mail", String.class));
        try (Connection c = database.connect()) {
            queries.finishRun(c, exchange.getProperty("runId", Long.class), queuedReminders, queuedReports, summary);
        }
        releaseLock(exchange);
        return summary;
    }

    /**
     * Called by the route when a step failed (an exception, or an Error such as OutOfMemoryError): logs the
     * cause in one line and marks the run failed, best effort (the database may be the cause). The failure
     * is not handled here: it goes back to the caller, so that run-once ends non-zero.
     */
    public void failed(Exchange exchange) {
        if (exchange.getProperty(FAILURE_LOGGED, false, Boolean.class)) {
            return;
        }
        exchange.setProperty(FAILURE_LOGGED, true);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String line = failureLine(exchange, cause);
        LOG.error("{}", line);
        Long runId = exchange.getProperty("runId", Long.class);
        if (runId != null) {
            try (Connection c = database.connect()) {
                queries.failRun(c, runId, "failed at " + exchange.getProperty(STEP, "start", String.class) + ": "
                        + LogText.cause(cause));
            } catch (SQLException | RuntimeException e) {
                LOG.warn("The failure of overnight run {} could not be recorded: {}", runId, LogText.cause(e));
            }
        }
        releaseLock(exchange);
    }

    private static void releaseLock(Exchange exchange) {
        OvernightRunLock lock = exchange.getProperty(RUN_LOCK, OvernightRunLock.class);
        if (lock != null) {
            exchange.removeProperty(RUN_LOCK);
            lock.close();
        }
    }

    /** "Overnight run as of 2026-07-01 failed at queue reminders: OutOfMemoryError: Java heap space". */
    static String failureLine(Exchange exchange, Throwable cause) {
        return "Overnight run as of %s failed at %s: %s".formatted(exchange.getProperty(AS_OF, "?", Object.class),
                exchange.getProperty(STEP, "start", String.class), LogText.cause(cause));
    }
}
