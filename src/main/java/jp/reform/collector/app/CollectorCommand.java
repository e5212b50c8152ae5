package jp.reform.collector.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.time.LocalDate;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.report.TableFormatter;
import jp.reform.collector.store.ReportQueries;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The command line: {@code serve}, {@code run-once}, {@code summary}, {@code status}. */
@Command(name = "reform-results-collector", mixinStandardHelpOptions = true, version = "0.1.0",
        description = "Collects administrative-reform results from department files into PostgreSQL.",
        subcommands = {CollectorCommand.Serve.class, CollectorCommand.RunOnce.class, CollectorCommand.Summary.class,
                CollectorCommand.Status.class, CollectorCommand.Report.class, CollectorCommand.Templates.class})
public final class CollectorCommand {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new CollectorCommand());
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof MasterDataException || e instanceof IllegalStateException
                    || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("Error: " + e.getMessage());
            } else {
                commandLine.getErr().println("Error: " + e);
                e.printStackTrace(commandLine.getErr());
            }
            return 2;
        });
        return cli.execute(args);
    }

    /** Options every command takes. */
    static final class CommonOptions {
        @Option(names = "--config", description = "Configuration folder (default: ${DEFAULT-VALUE})", defaultValue = "config")
        Path config;
        @Option(names = "--inbox", description = "Watched inbox folder (default: collector.inbox, ./inbox)")
        Path inbox;
        @Option(names = "--data", description = "Embedded database folder (default: collector.data, ./data)")
        Path data;
        @Option(names = "--outbox", description = "Folder for .eml files when no SMTP server is set (default: collector.outbox, ./outbox)")
        Path outbox;
        @Option(names = "--reports", description = "Folder for the summary workbooks of the overnight run (default: collector.reports, ./reports)")
        Path reports;
        @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL server; replaces the embedded database")
        String dbUrl;
        @Option(names = "--db-user", description = "PostgreSQL user")
        String dbUser;
        @Option(names = "--db-password", description = "PostgreSQL password (better: environment variable DB_PASSWORD)")
        String dbPassword;

        AppSettings settings() {
            return AppSettings.load(config, System.getenv())
                    .override("collector.inbox", inbox)
                    .override("collector.data", data)
                    .override("collector.outbox", outbox)
                    .override("collector.reports", reports)
                    .override("db.url", dbUrl)
                    .override("db.user", dbUser)
                    .override("db.password", dbPassword);
        }
    }

    @Command(name = "serve", description = "Keep running and process files as they arrive in the inbox.")
    static final class Serve implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            try (CollectorApplication app = CollectorApplication.open(common.settings())) {
                app.serve();
            }
            return 0;
        }
    }

    @Command(name = "run-once", description = {"The overnight run once, then exit: sweep the inbox and the mailbox,",
            "evaluate, queue reminders and exception reports, send mail."})
    static final class RunOnce implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--timeout-minutes", defaultValue = "120", description = "Give up after this long (default: ${DEFAULT-VALUE})")
        long timeoutMinutes;
        @Option(names = "--today", description = "Run as of this date (YYYY-MM-DD) for reminders and reports (default: today)")
        LocalDate today;

        @Override
        public Integer call() throws Exception {
            AppSettings settings = common.settings();
            LocalDate asOf = today != null ? today
                    : LocalDate.now(java.time.ZoneId.of(settings.get("collector.zone", "Asia/Tokyo")));
            try (CollectorApplication app = CollectorApplication.open(settings)) {
                CollectorApplication.RunOnceResult result = app.runOnce(Duration.ofMinutes(timeoutMinutes), asOf);
                print("Inbox and mailbox swept: " + result.sweep().summary() + "\n");
                if (result.sweep().hasFailed()) {
                    System.err.println("Error: some files or mails could not be processed and were left to be "
                            + "processed again (see the log); the overnight steps were not run");
                    return 1;
                }
                print("Overnight run as of " + asOf + ": " + result.overnight() + "\n");
                return 0;
            }
        }
    }

    @Command(name = "summary", description = "The committee's table per goal: set, achieved, mostly, not achieved.")
    static final class Summary extends ReportCommand {
        @Override
        String render(ReportQueries queries, TableFormatter formatter) throws Exception {
            List<ReportQueries.SummaryRow> rows = queries.summary(report.plan, report.fiscalYear);
            return report.csv() ? formatter.summaryCsv(rows) : formatter.summaryTable(rows);
        }
    }

    @Command(name = "status", description = "One row per indicator: target, actual, rate, grade and flags.")
    static final class Status extends ReportCommand {
        @Override
        String render(ReportQueries queries, TableFormatter formatter) throws Exception {
            List<ReportQueries.StatusRow> rows = queries.status(report.plan, report.fiscalYear);
            return report.csv() ? formatter.statusCsv(rows) : formatter.statusTable(rows);
        }
    }

    @Command(name = "report", description = "Write the committee's summary workbook (.xlsx) for a plan and year.")
    static final class Report implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        ReportOptions report;
        @Option(names = "--out", required = true, description = "Folder to write the workbook into")
        Path out;

        @Override
        public Integer call() throws Exception {
            AppSettings settings = common.settings();
            try (CollectorApplication app = CollectorApplication.open(settings)) {
                var plan = report.checkPlan(app);
                Path file = app.writeCommitteeWorkbook(plan, report.fiscalYear, out);
                print("Wrote " + file.toAbsolutePath() + "\n");
            }
            return 0;
        }
    }

    @Command(name = "templates", description = "Write one pre-filled result template (.xlsx) per department.")
    static final class Templates implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        ReportOptions report;
        @Option(names = "--out", required = true, description = "Folder to write the templates into")
        Path out;
        @Option(names = "--department", description = "Only this department (current or former name)")
        String department;

        @Override
        public Integer call() throws Exception {
            try (CollectorApplication app = CollectorApplication.open(common.settings())) {
                var plan = report.checkPlan(app);
                for (Path file : app.writeTemplates(plan, report.fiscalYear, department, out)) {
                    print("Wrote " + file.toAbsolutePath() + "\n");
                }
            }
            return 0;
        }
    }

    /** A report command: open the database, check plan and year, print the rendered report. */
    abstract static class ReportCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        ReportOptions report;

        abstract String render(ReportQueries queries, TableFormatter formatter) throws Exception;

        @Override
        public Integer call() throws Exception {
            report.csv(); // reject a bad --format before starting the database
            try (CollectorApplication app = CollectorApplication.open(common.settings())) {
                report.checkPlan(app);
                print(render(new ReportQueries(app.database()), new TableFormatter()));
            }
            return 0;
        }
    }

    /** Plan, fiscal year and output format of the report commands. */
    static final class ReportOptions {
        @Option(names = "--plan", required = true, description = "Plan code, e.g. atsugi-7-2")
        String plan;
        @Option(names = "--fy", required = true, description = "Fiscal year, e.g. 2025")
        int fiscalYear;
        @Option(names = "--format", defaultValue = "table", description = "table or csv (default: ${DEFAULT-VALUE})")
        String format;

        boolean csv() {
            if (!"csv".equals(format) && !"table".equals(format)) {
                throw new IllegalArgumentException("--format must be table or csv, found " + format);
            }
            return "csv".equals(format);
        }

        jp.reform.collector.master.PlanMaster checkPlan(CollectorApplication app) {
            var master = app.master().plan(plan).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown plan " + plan + "; known plans: " + app.master().plans().stream()
                            .map(p -> p.plan().code()).toList()));
            if (!master.plan().covers(fiscalYear)) {
                throw new IllegalArgumentException("Plan " + plan + " covers fiscal years " + master.plan().fyFrom()
                        + "–" + master.plan().fyTo() + ", not " + fiscalYear);
            }
            return master;
        }
    }

    private static void print(String text) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        out.print(text);
        out.flush();
    }
}
