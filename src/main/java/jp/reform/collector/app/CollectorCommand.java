package jp.reform.collector.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import jp.reform.collector.committee.TableFormatter;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.store.ReportQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command line: {@code serve}, {@code run-once}, {@code demo} and the report commands. */
@Command(name = "reform-results-collector", mixinStandardHelpOptions = true, version = "0.1.0",
        description = "Collects administrative-reform results from department files into PostgreSQL.",
        subcommands = {CollectorCommand.Serve.class, CollectorCommand.RunOnce.class, CollectorCommand.Demo.class,
                CollectorCommand.Summary.class, CollectorCommand.Status.class, CollectorCommand.Report.class,
                CollectorCommand.Templates.class, UsersCommand.class, PlanCommand.class, OutboxCommand.class})
public final class CollectorCommand {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new CollectorCommand());
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof MasterDataException || e instanceof IllegalStateException
                    || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("Error: " + (e.getMessage() != null ? e.getMessage()
                        : LogText.cause(e)));
            } else if (e instanceof java.nio.file.FileSystemException) {
                // a folder or file the user may not write (report --out, a read-only or full disk): named by its path
                commandLine.getErr().println("Error: file system: " + LogText.cause(e));
            } else if (FailureText.isDatabase(e)) {
                // the database unreachable, stopped or not answering in time: the cause is all an operator needs
                commandLine.getErr().println("Error: database: " + LogText.cause(e));
            } else {
                commandLine.getErr().println("Error: " + LogText.cause(e));
                e.printStackTrace(commandLine.getErr());
            }
            return 2;
        });
        cli.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            var encoding = FileNameEncoding.problem();
            if (encoding.isPresent()) {
                cli.getErr().println("Error: " + encoding.get());
                return 2;
            }
            WorkbookTempFolder.useOwnFolder();
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli.execute(args);
    }

    /** Options every command takes: where the home is, and the configuration and database to use instead of its own. */
    static final class CommonOptions {
        @Option(names = "--home", description = "Application home: config/, routes/, inbox/, data/, outbox/, reports/ "
                + "and logs/ resolve from here (default: the folder holding the jar's config/, else the working directory)")
        Path home;
        @Option(names = "--config", description = "Configuration folder (default: <home>/config)")
        Path config;
        @Option(names = "--data", description = "Embedded database folder (default: collector.data, <home>/data)")
        Path data;
        @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL server; replaces the embedded database")
        String dbUrl;
        @Option(names = "--db-user", description = "PostgreSQL user")
        String dbUser;
        @Option(names = "--db-password", description = "PostgreSQL password (better: environment variable DB_PASSWORD)")
        String dbPassword;

        AppSettings settings() {
            return settings(AppHome.resolve(home));
        }

        /** Paths typed on the command line are taken from the working directory, settings' from the home. */
        AppSettings settings(Path homeDir) {
            AppSettings settings = AppSettings.load(homeDir, config != null ? absolute(config) : Path.of("config"),
                            System.getenv())
                    .override("collector.data", absolute(data))
                    .override("db.url", dbUrl)
                    .override("db.user", dbUser)
                    .override("db.password", dbPassword)
                    .check();
            LogSetup.beforeFirstLog(settings);
            // after the log is set up: a static logger would have started it with the default zone
            settings.warnings().forEach(org.slf4j.LoggerFactory.getLogger(CollectorCommand.class)::warn);
            return settings;
        }
    }

    /** The folders a processing command works in, when not the home's. */
    static final class WorkFolderOptions {
        @Option(names = "--inbox", description = "Watched inbox folder (default: collector.inbox, <home>/inbox)")
        Path inbox;
        @Option(names = "--outbox", description = "Folder for .eml files when no SMTP server is set (default: collector.outbox, <home>/outbox)")
        Path outbox;
        @Option(names = "--reports", description = "Folder for the summary workbooks of the overnight run (default: collector.reports, <home>/reports)")
        Path reports;

        AppSettings applyTo(AppSettings settings) {
            return settings.override("collector.inbox", absolute(inbox))
                    .override("collector.outbox", absolute(outbox))
                    .override("collector.reports", absolute(reports));
        }
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Keep running: process files and mail as they arrive, the overnight run on its cron.")
    static final class Serve implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        WorkFolderOptions folders;

        @Override
        public Integer call() throws Exception {
            try (CollectorApplication app = CollectorApplication.open(folders.applyTo(common.settings()), "serve",
                    DatabaseConnector.Access.SERVE)) {
                app.serve();
            } catch (Exception | Error e) {
                logFailure("serve", e);
                throw e;
            }
            return 0;
        }
    }

    @Command(name = "run-once", mixinStandardHelpOptions = true,
            description = {"The overnight run once, then exit.",
                    "Sweeps the inbox and the mailbox, evaluates, queues reminders and exception reports,",
                    "sends mail."})
    static final class RunOnce implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        WorkFolderOptions folders;
        @Mixin
        RunOptions run;

        @Override
        public Integer call() throws Exception {
            return run.runOnce(folders.applyTo(common.settings()));
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Try the collector on the sample department files in a fresh demo home.",
                    "Copies config/, routes/ and samples/inbox/ into it, runs run-once there (no mail is sent:",
                    ".eml files go to its outbox/), and prints the committee's table of each collection round."})
    static final class Demo implements Callable<Integer> {
        @Option(names = "--home", description = "Application home holding config/, routes/ and samples/ (default: the folder holding the jar's config/, else the working directory)")
        Path home;
        @Option(names = "--dir", description = "The demo home to make afresh (default: <home>/demo)")
        Path dir;
        @Mixin
        RunOptions run;

        @Override
        public Integer call() throws Exception {
            Path source = AppHome.resolve(home);
            Path demo = DemoHome.prepare(source, dir != null ? dir.toAbsolutePath().normalize() : source.resolve("demo"));
            print("Demo home: " + demo + "\n");
            CommonOptions options = new CommonOptions();
            AppSettings settings = options.settings(demo)
                    // the demo never touches a configured server or mailbox, whatever config/ or the environment say
                    .override("db.url", "").override("mail.imap.host", "").override("mail.smtp.host", "")
                    // nor its folders: an installation's collector.inbox (COLLECTOR_INBOX, an absolute path in the
                    // copied application.properties) names the real shared folder, whose files the demo would move
                    .override("collector.inbox", demo.resolve("inbox")).override("collector.data", demo.resolve("data"))
                    .override("collector.outbox", demo.resolve("outbox"))
                    .override("collector.reports", demo.resolve("reports"))
                    .override("collector.routes", demo.resolve("routes"))
                    // the demo's mails (.eml in its outbox) name the demo's own folders
                    .override("collector.inbox-shown-to-departments", demo.resolve("inbox").toString());
            // the tables from the run's own application: its master data is parsed (and its warnings logged) once
            int exit = run.runOnce(settings, app -> {
                ReportQueries queries = new ReportQueries(app.database());
                for (CollectionRound round : app.rounds()) {
                    print("\n" + round.planCode() + " " + FiscalYears.japaneseLabel(round.fiscalYear()) + "\n");
                    print(new TableFormatter(queries.gradeWords(round.planCode()))
                            .summaryTable(queries.summary(round.planCode(), round.fiscalYear())));
                }
            });
            if (exit != 0) {
                return exit;
            }
            print("\nReceipts: " + settings.path("collector.inbox", "inbox") + "/<課>/.done|.error/; mail: "
                    + settings.path("collector.outbox", "outbox") + "\n");
            return 0;
        }
    }

    /** The options of a run: as of which day, and for how long at most. */
    static final class RunOptions {
        @Option(names = "--timeout-minutes", defaultValue = "120", description = "Stop sweeping the inbox and the mailbox after this long; files not taken stay for the next run (default: ${DEFAULT-VALUE})")
        long timeoutMinutes;
        @Option(names = "--today", description = "Run as of this date (YYYY-MM-DD) for reminders and reports (default: today)")
        LocalDate today;

        /** What is done with the application after a successful run, before it is closed. */
        interface AfterRun {
            void accept(CollectorApplication app) throws Exception;
        }

        int runOnce(AppSettings settings) throws Exception {
            return runOnce(settings, app -> { });
        }

        int runOnce(AppSettings settings, AfterRun afterwards) throws Exception {
            LocalDate asOf = today != null ? today : LocalDate.now(settings.zone());
            try {
                return runOnce(settings, asOf, afterwards);
            } catch (Exception | Error e) {
                logFailure("run-once as of " + asOf, e);
                throw e;
            }
        }

        private int runOnce(AppSettings settings, LocalDate asOf, AfterRun afterwards) throws Exception {
            try (CollectorApplication app = CollectorApplication.open(settings, "run-once", DatabaseConnector.Access.RUN)) {
                CollectorApplication.RunOnceResult result = app.runOnce(Duration.ofMinutes(timeoutMinutes), asOf);
                print("Inbox and mailbox swept: " + result.sweep().summary() + "\n");
                if (result.sweep().hasFailed()) {
                    System.err.println("Error: some files or mails could not be processed and were left to be "
                            + "processed again (see the log); the overnight steps were not run. First failure: "
                            + result.sweep().firstFailure());
                    return 1;
                }
                if (result.overnightFailure() != null) {
                    // already logged by the route (OvernightRun.failed); this is the line a scheduler mails
                    System.err.println("Error: " + result.overnightFailure());
                    return 1;
                }
                print("Overnight run as of " + asOf + ": " + result.overnight() + "\n");
                afterwards.accept(app);
                return 0;
            }
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "The committee's table per goal: set, achieved, mostly, not achieved.")
    static final class Summary extends ReportCommand {
        @Override
        String render(ReportQueries queries, TableFormatter formatter) throws Exception {
            List<ReportQueries.SummaryRow> rows = queries.summary(planYear.plan, planYear.fiscalYear);
            return output.csv() ? formatter.summaryCsv(rows) : formatter.summaryTable(rows)
                    + formatter.overrideNotes(queries.overrides(planYear.plan, planYear.fiscalYear));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "One row per indicator: target, actual, rate, grade and flags.")
    static final class Status extends ReportCommand {
        @Override
        String render(ReportQueries queries, TableFormatter formatter) throws Exception {
            List<ReportQueries.StatusRow> rows = queries.status(planYear.plan, planYear.fiscalYear);
            return output.csv() ? formatter.statusCsv(rows) : formatter.statusTable(rows);
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Write the committee's summary workbook (.xlsx) for a plan and year.")
    static final class Report implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        PlanYearOptions planYear;
        @Option(names = "--out", required = true, description = "Folder to write the workbook into")
        Path out;

        @Override
        public Integer call() throws Exception {
            outputFolder(out);
            try (CollectorApplication app = CollectorApplication.open(common.settings(), "report",
                    DatabaseConnector.Access.READ)) {
                var plan = planYear.checkPlan(app);
                Path file = app.writeCommitteeWorkbook(plan, planYear.fiscalYear, out.toAbsolutePath());
                print("Wrote " + file + "\n");
            }
            return 0;
        }
    }

    @Command(name = "templates", mixinStandardHelpOptions = true,
            description = "Write one pre-filled result template (.xlsx) per department.")
    static final class Templates implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        PlanYearOptions planYear;
        @Option(names = "--out", required = true, description = "Folder to write the templates into")
        Path out;
        @Option(names = "--department", description = "Only this department (current or former name)")
        String department;

        @Override
        public Integer call() throws Exception {
            outputFolder(out);
            try (CollectorApplication app = CollectorApplication.open(common.settings(), "templates",
                    DatabaseConnector.Access.READ)) {
                var plan = planYear.checkPlan(app);
                for (Path file : app.writeTemplates(plan, planYear.fiscalYear, department, out.toAbsolutePath())) {
                    print("Wrote " + file + "\n");
                }
            }
            return 0;
        }
    }

    /**
     * An --out that names an existing file, not a folder (a workbook's name typed where its folder belongs):
     * refused in one line before the database starts, instead of a stack trace after it.
     */
    static void outputFolder(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder; give the folder to "
                    + "write into (it is made if missing)");
        }
    }

    /** A report command: open the database, check plan and year, print the rendered report. */
    abstract static class ReportCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        PlanYearOptions planYear;
        @Mixin
        OutputOptions output;

        abstract String render(ReportQueries queries, TableFormatter formatter) throws Exception;

        @Override
        public Integer call() throws Exception {
            output.csv(); // reject a bad --format before starting the database
            try (CollectorApplication app = CollectorApplication.open(common.settings(),
                    getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), DatabaseConnector.Access.READ)) {
                planYear.checkPeriod(app);
                ReportQueries queries = new ReportQueries(app.database());
                print(render(queries, new TableFormatter(queries.gradeWords(planYear.plan))));
            }
            return 0;
        }
    }

    /** Plan and fiscal year of the report commands. */
    static final class PlanYearOptions {
        @Option(names = "--plan", required = true, description = "Plan code, e.g. atsugi-7-2")
        String plan;
        @Option(names = "--fy", required = true, converter = FiscalYearConverter.class,
                description = "Fiscal year as departments write it: 2025, R7, 令和7年度")
        int fiscalYear;

        /** As {@link #checkPlan}, without parsing the master data when the database holds it already. */
        void checkPeriod(CollectorApplication app) throws java.sql.SQLException {
            List<ReportQueries.PlanPeriod> plans = app.planPeriods();
            ReportQueries.PlanPeriod period = plans.stream().filter(p -> p.planCode().equals(plan)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown plan " + plan + "; known plans: "
                            + plans.stream().map(ReportQueries.PlanPeriod::planCode).toList()));
            if (!period.covers(fiscalYear)) {
                throw new IllegalArgumentException("Plan " + plan + " covers fiscal years " + period.fyFrom()
                        + "–" + period.fyTo() + ", not " + fiscalYear);
            }
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

    /** Output format of the printing report commands. */
    static final class OutputOptions {
        @Option(names = "--format", defaultValue = "table", description = "table or csv (default: ${DEFAULT-VALUE})")
        String format;

        boolean csv() {
            if (!"csv".equals(format) && !"table".equals(format)) {
                throw new IllegalArgumentException("--format must be table or csv, found " + format);
            }
            return "csv".equals(format);
        }
    }

    /** --fy 2025, R7, 令和7年度, FY2025: the same years department files may state. */
    static final class FiscalYearConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return FiscalYears.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a fiscal year (write 2025, R7 or 令和7年度)"));
        }
    }

    /**
     * Puts a failure that ends serve or run-once into the log file too, in one line (the exception handler
     * prints it on stderr). The logger is looked up here, never earlier: logging must not start before
     * {@link LogSetup} has named the home's log folder.
     */
    private static void logFailure(String what, Throwable failure) {
        org.slf4j.LoggerFactory.getLogger(CollectorCommand.class).error("{} failed: {}", what,
                LogText.cause(failure));
    }

    static void print(String text) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        out.print(text);
        out.flush();
    }
}
