package jp.reform.collector.app;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import jp.reform.collector.committee.CommitteeReport;
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
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.Database;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the overnight run, called in order by the overnight-run route: evaluate, queue reminders,
 * queue the exception reports, write the summary workbooks, send. Every step may run in two instances at once: evaluation takes the
 * plan's lock, and reminders and reports are queued under keys that exist once per day.
 */
public final class OvernightRun {

    private static final Logger LOG = LoggerFactory.getLogger(OvernightRun.class);

    /** Exchange property holding the run's date ("today" for reminders and reports). */
    public static final String AS_OF = "asOf";
    /** Exchange property naming the step under way, for the failure's log line. */
    public static final String STEP = "overnightStep";
    private static final String FAILURE_LOGGED = "overnightFailureLogged";

    private final Database database;
    private final MasterData master;
    private final ReminderPlanner reminders;
    private final ExceptionReporter reports;
    private final OutboxSender sender;
    private final Clock clock;
    private final String instance;
    private final List<CollectionRound> rounds;
    private final Path reportsDir;
    private final ChaseQueries queries = new ChaseQueries();

    public OvernightRun(Database database, MasterData master, ReminderPlanner reminders, ExceptionReporter reports,
                        OutboxSender sender, Clock clock, String instance, List<CollectionRound> rounds,
                        Path reportsDir) {
        this.database = database;
        this.master = master;
        this.reminders = reminders;
        this.reports = reports;
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
        try (Connection c = database.connect()) {
            exchange.setProperty("runId", queries.startRun(c, asOf, instance));
        }
        LOG.info("Overnight run as of {} started", asOf);
    }

    /** Evaluations follow the current targets and thresholds before anything is chased. */
    public void evaluate(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "evaluate");
        new EvaluationRefresh().refreshAll(database, master);
    }

    public void queueReminders(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "queue reminders");
        exchange.setProperty("reminders", reminders.queueReminders(exchange.getProperty(AS_OF, LocalDate.class)));
    }

    public void queueReports(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "queue exception reports");
        exchange.setProperty("reports", reports.queueReports(exchange.getProperty(AS_OF, LocalDate.class)));
    }

    /** The committee's summary workbook of each plan's current round, refreshed every night. */
    public void writeWorkbooks(Exchange exchange) throws SQLException, IOException {
        exchange.setProperty(STEP, "write summary workbooks");
        LocalDate asOf = exchange.getProperty(AS_OF, LocalDate.class);
        CommitteeReportBuilder builder = new CommitteeReportBuilder(database);
        int written = 0;
        for (PlanMaster plan : master.plans()) {
            var round = CollectionRound.current(rounds, plan.plan().code(), asOf);
            if (round.isEmpty()) {
                continue;
            }
            CommitteeReport report = builder.build(plan, round.get().fiscalYear(), asOf);
            try {
                Path file = new CommitteeWorkbook().writeTo(reportsDir.resolve(plan.plan().code()), report);
                LOG.info("Summary workbook written: {}", file);
                written++;
            } catch (IOException e) {
                // a workbook left open in Excel must not stop the reminders and reports that follow
                LOG.error("Summary workbook of {} not written: {}", plan.plan().code(), e.getMessage());
            }
        }
        exchange.setProperty("workbooks", written);
    }

    public void send(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "send mail");
        exchange.setProperty("mail", sender.sendDue().toString());
    }

    /** Records the run and returns its one-line summary (logged by the route, printed by run-once). */
    public String finish(Exchange exchange) throws SQLException {
        exchange.setProperty(STEP, "finish");
        int queuedReminders = exchange.getProperty("reminders", 0, Integer.class);
        int queuedReports = exchange.getProperty("reports", 0, Integer.class);
        String summary = "reminders queued %d, exception reports queued %d, summary workbooks %d, mail %s".formatted(
                queuedReminders, queuedReports, exchange.getProperty("workbooks", 0, Integer.class),
                exchange.getProperty("mail", String.class));
        try (Connection c = database.connect()) {
            queries.finishRun(c, exchange.getProperty("runId", Long.class), queuedReminders, queuedReports, summary);
        }
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
    }

    /** "Overnight run as of 2026-07-01 failed at queue reminders: OutOfMemoryError: Java heap space". */
    static String failureLine(Exchange exchange, Throwable cause) {
        return "Overnight run as of %s failed at %s: %s".formatted(exchange.getProperty(AS_OF, "?", Object.class),
                exchange.getProperty(STEP, "start", String.class), LogText.cause(cause));
    }
}
