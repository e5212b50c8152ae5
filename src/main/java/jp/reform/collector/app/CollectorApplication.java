package jp.reform.collector.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.closing.RoundClosing;
import jp.reform.collector.committee.CommitteeReportBuilder;
import jp.reform.collector.committee.CommitteeWorkbook;
import jp.reform.collector.console.WebConsole;
import jp.reform.collector.console.auth.Sessions;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.evaluate.EvaluationRefresh;
import jp.reform.collector.intake.FolderIntake;
import jp.reform.collector.intake.MailIntake;
import jp.reform.collector.intake.RawMailBinding;
import jp.reform.collector.intake.ReadMailWindow;
import jp.reform.collector.intake.ReceivedFiles;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.ConfigSnapshot;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.MasterFingerprint;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.RoundsLoader;
import jp.reform.collector.notify.EmlFileDelivery;
import jp.reform.collector.notify.ExceptionReporter;
import jp.reform.collector.notify.MailDelivery;
import jp.reform.collector.notify.MailReplyNotice;
import jp.reform.collector.notify.MailSettings;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.OutboxSender;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.notify.ReminderNotice;
import jp.reform.collector.notify.ReminderPlanner;
import jp.reform.collector.notify.SmtpDelivery;
import jp.reform.collector.notify.UnreadItemMailer;
import jp.reform.collector.notify.UnreadItemNotice;
import jp.reform.collector.observe.CollectorHealthChecks;
import jp.reform.collector.observe.CollectorMetrics;
import jp.reform.collector.report.ReportFiles;
import jp.reform.collector.store.ClaimRepository;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.template.TemplateSpecBuilder;
import jp.reform.collector.template.TemplateWorkbook;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the parts together: database (server or embedded), schema, master data, evaluations, and the
 * Camel routes from the routes folder with the beans they call.
 */
public final class CollectorApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorApplication.class);

    private final AppSettings settings;
    private final Database database;
    /** Parsed when first needed: a reading command of an up-to-date database may never need it. */
    private MasterData master;
    private List<CollectionRound> rounds;
    private volatile Main serving;
    /** config/ as it was before the master data was read: serve's health check tells when it changes. */
    private final ConfigSnapshot configAtStart;
    /** What the config health check compares with: serve's watcher, else config/ at the start. */
    private volatile CollectorHealthChecks.ConfigState configState;
    /** Guards serving, stopping and reloadPending between serve's thread, its watcher and stopServing. */
    private final Object lifecycle = new Object();
    private boolean stopping;
    private ConfigWatcher.Change reloadPending;
    /** Why serve ended on its own: the embedded database's process is gone (see superviseEmbeddedServer). */
    private volatile String embeddedServerGone;
    /** Looks in a row that found the embedded server's process gone (one thread makes them). */
    private int embeddedServerMissed;
    /** Counted down when {@link #close} has run: serve's shutdown hook waits for it. */
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Console sign-ins, kept across a reload of the master data (a restart signs everyone out). */
    private Sessions sessions;
    /** Names this process in claims, outbox rows and overnight runs (several may share one database). */
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    private CollectorApplication(AppSettings settings, ConfigSnapshot configAtStart, Database database,
                                 MasterData master, List<CollectionRound> rounds) {
        this.settings = settings;
        this.configAtStart = configAtStart;
        this.configState = CollectorHealthChecks.ConfigState.readAtStart(configAtStart);
        this.database = database;
        this.master = master;
        this.rounds = rounds;
    }

    /** Opens as {@code run-once} does: the database is created when there is none. */
    public static CollectorApplication open(AppSettings settings) throws SQLException {
        return open(settings, "run-once", DatabaseConnector.Access.RUN);
    }

    /**
     * Checks the master data, finds the database the command may use (see {@link DatabaseConnector}), brings
     * the schema and the master data up to date. A reading command whose config/ files are byte for byte those
     * the database was last synchronised and evaluated from skips all of that but the schema check: it parses
     * the master data only if it asks for it ({@link #master()}).
     */
    static CollectorApplication open(AppSettings settings, String command, DatabaseConnector.Access access)
            throws SQLException {
        ConfigSnapshot configAtStart = ConfigSnapshot.of(settings.configDir());
        if (access == DatabaseConnector.Access.READ) {
            Map<String, String> fingerprints = MasterFingerprint.of(settings.configDir());
            DatabaseConnector connector = new DatabaseConnector(settings, command, access);
            Database database = connector.connect();
            try {
                database.migrateUnlessCurrent();
                boolean current = upToDate(database, fingerprints);
                if (current) {
                    return new CollectorApplication(settings, configAtStart, database, null, null);
                }
                refuseUnderARunningServe(connector);
                MasterData master = new MasterDataLoader().load(settings.configDir());
                List<CollectionRound> rounds = new RoundsLoader().load(settings.configDir(), master);
                bringUpToDate(database, master);
                return new CollectorApplication(settings, configAtStart, database, master, rounds);
            } catch (SQLException | RuntimeException e) {
                database.close();
                throw e;
            }
        }
        Map<String, String> fingerprints = MasterFingerprint.of(settings.configDir());
        MasterData master = new MasterDataLoader().load(settings.configDir());
        List<CollectionRound> rounds = new RoundsLoader().load(settings.configDir(), master);
        DatabaseConnector connector = new DatabaseConnector(settings, command, access);
        Database database = connector.connect();
        try {
            database.migrate();
            if (connector.servedBy().isPresent() && !upToDate(database, fingerprints)) {
                refuseUnderARunningServe(connector);
            }
            if (access.mayCreate) {
                // files and mail of a collector of this machine that was killed need not wait for the claim expiry
                ClaimRepository.releaseAbandoned(database, thisMachine());
            }
            bringUpToDate(database, master);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return new CollectorApplication(settings, configAtStart, database, master, rounds);
    }

    /**
     * A command using a running serve's database must not bring its master data up to date: serve checks
     * every file against the master data it read, and would go on doing so against a database that says
     * otherwise. serve does it itself when it takes the change up.
     */
    private static void refuseUnderARunningServe(DatabaseConnector connector) {
        connector.servedBy().ifPresent(serve -> {
            throw new IllegalStateException("The master data in config/ changed and " + serve.describe()
                    + " has not taken it up yet, and this command uses its database: serve takes it up by itself "
                    + "within config.check-seconds once the files load (its health check config tells: UP again, "
                    + "or DOWN with why they do not load), then run this command again. Nothing was changed.");
        });
    }

    /** Master data and evaluations as config/ says; each does nothing for a plan that did not change. */
    private static void bringUpToDate(Database database, MasterData master) throws SQLException {
        long started = System.nanoTime();
        new MasterDataSync().sync(database, master);
        long synced = System.nanoTime();
        new EvaluationRefresh().refreshAll(database, master);
        LOG.debug("Master data checked in {} ms, evaluations in {} ms", (synced - started) / 1_000_000,
                (System.nanoTime() - synced) / 1_000_000);
    }

    /** The database holds the master data of exactly these files, and every plan is evaluated from it. */
    private static boolean upToDate(Database database, Map<String, String> fingerprints) throws SQLException {
        try (Connection c = database.connect()) {
            return MasterDataSync.matchesFiles(c, fingerprints) && EvaluationRefresh.allCurrent(c);
        }
    }

    /** What one submitted file may hold (limits.* settings). */
    static Limits limits(AppSettings settings) {
        Limits d = Limits.DEFAULTS;
        return new Limits(settings.getInt("limits.max-rows-per-file", d.maxRowsPerFile()),
                settings.getInt("limits.max-findings-kept", d.maxFindingsKept()),
                settings.getInt("limits.max-cell-chars", d.maxCellChars()),
                settings.getInt("limits.max-file-mb", d.maxFileMb()));
    }

    /** The host part of this JVM's name ({@code pid@host}), as in every instance name. */
    private static String thisMachine() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return name.substring(name.indexOf('@') + 1);
    }

    /** Builds the Camel main with the routes folder and the beans; not started. */
    private Main camel(RunControl runControl) throws IOException {
        MasterData master = master();
        List<CollectionRound> rounds = rounds();
        Path routes = settings.path("collector.routes", "routes");
        if (!Files.isDirectory(routes)) {
            throw new IllegalStateException("Routes folder not found: " + routes + " (set collector.routes)");
        }
        Path inbox = settings.path("collector.inbox", "inbox");
        if (!Files.isDirectory(inbox)) {
            throw new IllegalStateException("Inbox folder not found: " + inbox + " (set --inbox)");
        }
        // a folder the collector's user may not list looks empty to the file consumer: not a file would be read
        try (var entries = Files.newDirectoryStream(inbox)) {
            entries.iterator().hasNext();
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            throw new IllegalStateException("Inbox folder cannot be read: " + inbox + " (" + LogText.cause(e)
                    + "): give the user the collector runs as (" + System.getProperty("user.name")
                    + ") the right to list and read it", e);
        }
        ZoneId zone = settings.zone();
        Clock clock = Clock.system(zone);
        MailSettings mail = mailSettings(settings);
        if (!mail.inboxShownToDepartmentsSet()) {
            LOG.warn("collector.inbox-shown-to-departments is not set: reminders and replies tell departments to save "
                    + "into their folder without its path. Set it to the shared folder as departments open it "
                    + "(e.g. \\\\fileserver\\gyokaku\\inbox)");
        }
        if (settings.get("mail.send.max-attempts", null) != null) {
            LOG.warn("mail.send.max-attempts is no longer used: mail that cannot be sent for a reason that may pass is "
                    + "retried for mail.send.give-up-hours ({} h) after its first failed attempt", mail.giveUpAfter().toHours());
        }
        Duration claimExpiry = Duration.ofMinutes(settings.getInt("intake.claim-expiry-minutes", 30));

        Outbox outbox = new Outbox(new MimeComposer(mail, clock));
        MailDelivery delivery = mail.smtpEnabled() ? new SmtpDelivery(mail) : new EmlFileDelivery(mail.outboxDir(), clock);
        OutboxSender sender = new OutboxSender(database, delivery, mail, instance);
        Main main = new Main();
        onlyOurSettingsInRoutes(main);
        main.bind("submissionIngestor", new SubmissionIngestor(database, master, zone,
                new ReceiptMailer(outbox, new ReceiptNotice(mail)), rounds, limits(settings)));
        FolderRefusalRepository refusals = new FolderRefusalRepository(database, instance);
        FolderIntake folderIntake = new FolderIntake(inbox, settings.path("collector.data", "data").resolve("folder-staging"),
                refusals, new ReceivedFiles(database), settleTime(settings),
                // the former names of these settings (read-lock-*) still work in old configuration files
                Duration.ofMillis(settings.getInt("intake.settle-timeout-ms",
                        settings.getInt("intake.read-lock-timeout-ms", 30000))), clock, limits(settings).maxFileBytes(),
                FolderIntake.departmentOfFolder(master));
        main.bind("folderIntake", folderIntake);
        main.bind("folderJail", folderIntake.jail());
        main.bind("folderPolls", folderIntake.jail().pollStrategy());
        runControl.watchInbox(folderIntake.jail()::waiting, folderIntake.jail()::stillChanging);
        int backOffPolls = settings.getInt("intake.backoff-polls", 6);
        runControl.afterFolderFailure(() -> folderIntake.jail().backOff(backOffPolls));
        main.bind("folderClaims", new ClaimRepository(database, "folder", instance, claimExpiry, runControl::claimFailed));
        main.bind("mailIntake", new MailIntake(database, master,
                new ClaimRepository(database, "mail", instance, claimExpiry), refusals, outbox, new MailReplyNotice(mail),
                settings.path("collector.data", "data").resolve("mail-staging"), inbox, mail.maxAttachmentBytes(),
                maxMailFiles(settings), clock));
        main.bind("rawMailBinding", new RawMailBinding());
        main.bind("imapSessionProperties", mail.imapTimeouts().sessionProperties(mail.imapSsl() ? "imaps" : "imap"));
        // unread mail, and read mail received in the last mail.imap.read-mail-days days: older read mail (a mailbox
        // used before, or the first poll after an upgrade from reading unread mail only) is left alone
        ReadMailWindow readMail = new ReadMailWindow(notNegative(settings, "mail.imap.read-mail-days", 7), clock,
                mail.imapFolder());
        main.bind("mailToCollect", readMail.searchTerm());
        main.bind("mailPolls", readMail.pollStrategy());
        main.bind("mailLeftAlone", readMail.leftAloneCounter());
        main.bind("outboxSender", sender);
        ExceptionReporter exceptionReporter = new ExceptionReporter(database, master, rounds, outbox, mail, zone);
        UnreadItemMailer unreadItems = new UnreadItemMailer(database, master, outbox, new UnreadItemNotice(mail));
        main.bind("unreadItemMailer", unreadItems);
        main.bind("overnightRun", new OvernightRun(database, master,
                new ReminderPlanner(database, master, rounds, outbox, new ReminderNotice(mail)),
                exceptionReporter, unreadItems, sender, clock, instance, rounds,
                settings.path("collector.reports", "reports")));
        OvernightDue overnightDue = new OvernightDue(database, settings.get("overnight.cron", "0 0 2 * * ?"),
                settings.zone(), clock);
        main.bind("overnightDue", overnightDue);
        main.bind("runControl", runControl);
        // Camel's Prometheus support takes this registry (by its name) instead of making its own
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        main.bind("metricsRegistry", meters);
        main.bind("collectorMetrics", new CollectorMetrics(meters, database));
        CollectorHealthChecks.all(database, inbox, Duration.ofMinutes(settings.getInt("health.outbox-max-age-minutes", 120)),
                clock, configState, overnightDue).forEach(check -> main.bind(check.getGroup() + "-" + check.getId(), check));
        boolean console = !runControl.isOnce() && settings.getBoolean("http.enabled", true);
        if (console) {
            if (sessions == null) {
                WebConsole.Settings web = consoleSettings();
                sessions = new Sessions(web.sessionIdle(), web.sessionMaxAge());
            }
            WebConsole.bind(main, consoleSettings(), sessions, database, master, rounds, settings.configDir(), inbox, clock,
                    exceptionReporter, mail.submitTo(), outbox, mail,
                    new RoundClosing(database, master, new AuditLog(database), outbox, zone,
                            limits(settings)), refusals);
        }

        var properties = settings.asProperties();
        properties.setProperty("collector.inbox", inbox.toString());
        // one Camel context (and Quartz scheduler) name per instance, even with two in one JVM
        properties.setProperty("camel.main.name", settings.get("camel.main.name", "reform-results-collector")
                + "-" + instance.substring(instance.lastIndexOf('/') + 1));
        properties.setProperty("collector.serve-mode", Boolean.toString(!runControl.isOnce()));
        properties.setProperty("intake.signal-idle", Boolean.toString(runControl.isOnce()));
        properties.setProperty("intake.parallel", Integer.toString(parallel(settings)));
        // set here (not left to the file) so that an operator's settings file from before this key still starts
        properties.setProperty("overnight.catch-up-check-seconds",
                Integer.toString(settings.getInt("overnight.catch-up-check-seconds", 60)));
        properties.setProperty("intake.poll-delay-ms", Integer.toString(settings.getInt("intake.poll-delay-ms", 200)));
        properties.setProperty("intake.unread-notice-ms",
                Integer.toString(Math.max(1000, settings.getInt("intake.unread-notice-ms", 60000))));
        properties.setProperty("mail.imap.protocol", mail.imapSsl() ? "imaps" : "imap");
        properties.setProperty("mail.imap.processed-folder", processedFolder(settings));
        if (runControl.isOnce()) {
            properties.setProperty("intake.poll-delay-ms", "200");
            properties.setProperty("mail.imap.poll-delay-ms", "200");
        }
        String routesFolder = routes.toString().replace('\\', '/');
        properties.setProperty("camel.main.routes-include-pattern", "file:" + routesFolder + "/*.camel.yaml");
        List<String> excluded = new ArrayList<>();
        if (!mail.mailboxEnabled()) {
            excluded.add("**/mailbox-intake.camel.yaml");
        }
        if (runControl.isOnce()) {
            excluded.add("**/overnight-schedule.camel.yaml");
        }
        if (console) {
            WebConsole.configure(properties, consoleSettings());
        } else {
            excluded.add("**/console.camel.yaml");
        }
        if (!excluded.isEmpty()) {
            properties.setProperty("camel.main.routes-exclude-pattern", String.join(",", excluded));
        }
        main.setInitialProperties(properties);
        LOG.info("Instance {}: watching {}{}; mail out: {}; routes from {}; database: {}{}", instance, inbox,
                mail.mailboxEnabled() ? " and mailbox " + mail.imapUsername() + "@" + mail.imapHost() : "",
                mail.smtpEnabled() ? "SMTP " + mail.smtpHost() + ":" + mail.smtpPort() : ".eml files in " + mail.outboxDir(),
                routes, database.description(), console ? "; console at " + consoleAddress(consoleSettings()) : "");
        return main;
    }

    /**
     * Stops serve before it starts when its console or management server could not listen: Vert.x would only log
     * the failure and serve would run on without a console or a health check (a unit manager seeing nothing
     * wrong), its start line naming an address that another program answers.
     */
    private static void refuseTakenAddress(String host, int port, String hostKey, String portKey) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Vert.x binds: a port left in TIME_WAIT by the last serve is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + hostKey + ", " + portKey
                    + "): " + LogText.cause(e) + "; another program (another serve?) may be using it, or the address "
                    + "is not this server's");
        }
    }

    /** Where the operator opens the console (http.host, http.port), as the log says it at start. */
    static String consoleAddress(WebConsole.Settings console) {
        String host = console.host().contains(":") ? "[" + console.host() + "]" : console.host();
        return "http://" + host + ":" + console.port() + "/";
    }

    /** How long a file must stay unchanged before it is read (intake.settle-ms). */
    static Duration settleTime(AppSettings settings) {
        return Duration.ofMillis(settings.getInt("intake.settle-ms", settings.getInt("intake.read-lock-check-ms", 800)));
    }

    /** Most files read from one mail (mail.max-files; default 20: a 課 sends one file or a few). */
    static int maxMailFiles(AppSettings settings) {
        return positive(settings, "mail.max-files", 20);
    }

    /**
     * The IMAP folder a mail is moved to once it has been dealt with (mail.imap.processed-folder): the folder read
     * then holds only mail not processed yet, whether or not someone opened it. It must be another folder than
     * the one read, or each mail would be moved into the folder it is read from, and read again, at every poll.
     */
    static String processedFolder(AppSettings settings) {
        String processed = settings.get("mail.imap.processed-folder", DEFAULT_PROCESSED_FOLDER);
        String read = settings.get("mail.imap.folder", "INBOX");
        if (processed.equalsIgnoreCase(read)) {
            throw new IllegalArgumentException("Setting mail.imap.processed-folder must name another folder than"
                    + " mail.imap.folder (" + read + ")");
        }
        return processed;
    }

    /** mail.imap.processed-folder when not set: a name the city's staff read in Outlook beside the inbox. */
    static final String DEFAULT_PROCESSED_FOLDER = "取込済み";

    /** How many files are processed at once (intake.parallel; default: one per core). */
    static int parallel(AppSettings settings) {
        return positive(settings, "intake.parallel", Runtime.getRuntime().availableProcessors());
    }

    /** A whole-number setting that must be 1 or more, refused at start with its name otherwise. */
    private static int notNegative(AppSettings settings, String key, int defaultValue) {
        int value = settings.getInt(key, defaultValue);
        if (value < 0) {
            throw new IllegalArgumentException("Setting " + key + " must be 0 or more, found " + value);
        }
        return value;
    }

    private static int positive(AppSettings settings, String key, int defaultValue) {
        int value = settings.getInt(key, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException("Setting " + key + " must be at least 1, found " + value);
        }
        return value;
    }

    private WebConsole.Settings consoleSettings() {
        Path data = settings.path("collector.data", "data");
        return new WebConsole.Settings(settings.get("http.host", "127.0.0.1"), settings.getInt("http.port", 8080),
                settings.getBoolean("http.secure-cookies", false),
                Duration.ofMinutes(positive(settings, "http.session-idle-minutes", 30)),
                Duration.ofHours(positive(settings, "http.session-max-hours", 12)),
                settings.get("http.management-host", "127.0.0.1"), settings.getInt("http.management-port", 9876),
                data.resolve("web-uploads"), data.resolve("web-staging"),
                // a department's upload is held to the same size as a mailed attachment
                mailSettings(settings).maxAttachmentBytes(), settings.get("http.trusted-proxies", ""),
                Duration.ofSeconds(positive(settings, "http.idle-timeout-seconds", 60)));
    }

    static MailSettings mailSettings(AppSettings s) {
        String from = s.get("mail.from", "reform-results@localhost");
        String imapUser = s.get("mail.imap.username", null);
        String collection = s.get("mail.collection-address",
                imapUser != null && imapUser.contains("@") ? imapUser : from);
        return new MailSettings(s.get("mail.imap.host", null), s.getInt("mail.imap.port", 993), imapUser,
                s.get("mail.imap.password", ""), s.getBoolean("mail.imap.ssl", true), s.get("mail.imap.folder", "INBOX"),
                s.get("mail.smtp.host", null), s.getInt("mail.smtp.port", 25), s.get("mail.smtp.username", null),
                s.get("mail.smtp.password", null), s.getBoolean("mail.smtp.ssl", false),
                s.getBoolean("mail.smtp.starttls", false), from, collection,
                positive(s, "mail.max-attachment-mb", 10) * 1024L * 1024L,
                // 0 means at once (the fault tests retry so); a negative time is a typing slip, not a setting
                Duration.ofSeconds(notNegative(s, "mail.send.retry-initial-seconds", 60)),
                Duration.ofSeconds(notNegative(s, "mail.send.retry-max-seconds", 3600)),
                Duration.ofHours(notNegative(s, "mail.send.give-up-hours", 72)), s.path("collector.outbox", "outbox"),
                s.get("collector.inbox-shown-to-departments", null),
                s.getBoolean("report.all-clear", true),
                timeouts(s, "mail.imap.", MailSettings.Timeouts.IMAP_DEFAULT),
                timeouts(s, "mail.smtp.", MailSettings.Timeouts.SMTP_DEFAULT));
    }

    private static MailSettings.Timeouts timeouts(AppSettings s, String prefix, MailSettings.Timeouts defaults) {
        return new MailSettings.Timeouts(
                Duration.ofSeconds(s.getInt(prefix + "connect-timeout-seconds", (int) defaults.connect().toSeconds())),
                Duration.ofSeconds(s.getInt(prefix + "timeout-seconds", (int) defaults.readWrite().toSeconds())));
    }

    private boolean mailboxPolled() {
        return settings.get("mail.imap.host", null) != null;
    }

    /**
     * Keeps processing files and mail as they arrive, with the overnight run on its cron, until stopped. Takes
     * up changed master data, rounds and holidays of config/ as it runs (see {@link ConfigWatcher}): stops the
     * Camel main as a shutdown does (files in hand finish, the others stay in the inbox), brings the database
     * up to date as a start does, and starts a new Camel main with them, the database and console sign-ins
     * kept.
     */
    public void serve() throws Exception {
        serveUntilStopped();
        String gone = embeddedServerGone;
        if (gone != null) {
            // exit non-zero, so that the service manager starts serve, and with it the database, again
            throw new IllegalStateException(gone);
        }
    }

    /**
     * The embedded PostgreSQL died under serve (killed: the out-of-memory killer, a mistaken kill), seen at two
     * looks in a row: it does not come back by itself, and a serve that stayed up would only fail every file and
     * poll for ever. serve ends instead, as a signal would end it; what was not loaded waits in the inbox and the
     * mailbox.
     */
    private void superviseEmbeddedServer() {
        if (database.embeddedServerRuns()) {
            embeddedServerMissed = 0;
            return;
        }
        // twice in a row, 5 s apart: postmaster.pid may be rewritten or moved aside for a moment
        if (++embeddedServerMissed >= 2 && embeddedServerGone == null) {
            embeddedServerGone = "The embedded PostgreSQL (" + database.description() + ") stopped: its process is "
                    + "gone. serve stops so that it can be started again (files and mail wait until then)";
            LOG.error(embeddedServerGone);
            stopServing();
        }
    }

    private void serveUntilStopped() throws Exception {
        if (settings.getBoolean("http.enabled", true)) {
            WebConsole.Settings console = consoleSettings();
            refuseTakenAddress(console.host(), console.port(), "http.host", "http.port");
            refuseTakenAddress(console.managementHost(), console.managementPort(), "http.management-host",
                    "http.management-port");
        }
        Duration interval = Duration.ofSeconds(Math.max(1, settings.getInt("config.check-seconds", 30)));
        Duration settle = Duration.ofSeconds(Math.max(1, settings.getInt("config.settle-seconds", 5)));
        ConfigWatcher watcher = new ConfigWatcher(settings.configDir(), configAtStart, settle);
        configState = watcher;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "config-watcher");
            thread.setDaemon(true);
            return thread;
        });
        // a signal (Ctrl+C, systemctl stop) ends serve through this hook, also between two Camel mains (during a
        // reload), and holds the JVM until the application is closed: the embedded database stopped and its owner
        // file withdrawn (the JVM halts as soon as its hooks return)
        Thread hook = new Thread(() -> {
            stopServing();
            try {
                closed.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            watch(timer, watcher, interval, interval);
            timer.scheduleWithFixedDelay(this::superviseEmbeddedServer, 5, 5, TimeUnit.SECONDS);
            ConfigWatcher.Change takenUp = null;
            while (true) {
                Main main = camel(new RunControl(false, mailboxPolled()));
                // no JVM hook of Camel's own for each Main: it would keep every Main a reload left behind (its
                // context and master data) until the JVM exits; serve's hook above ends whichever runs
                main.setShutdownStrategy(new SimpleMainShutdownStrategy());
                if (takenUp != null) {
                    logRunningAgain(main, takenUp);
                }
                synchronized (lifecycle) {
                    if (stopping) {
                        return;
                    }
                    serving = main;
                }
                main.run();
                ConfigWatcher.Change change;
                synchronized (lifecycle) {
                    serving = null;
                    change = reloadPending;
                    reloadPending = null;
                    if (stopping || change == null) {
                        return;
                    }
                }
                takenUp = takeUp(change, watcher) ? change : null;
            }
        } finally {
            timer.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or ran
            }
        }
    }

    /** The watcher's next look at config/, after {@code delay}; each look says when the next one is due. */
    private void watch(ScheduledExecutorService timer, ConfigWatcher watcher, Duration delay, Duration interval) {
        try {
            timer.schedule(() -> {
                Duration next = interval;
                try {
                    next = watcher.check(reloader(), interval);
                } catch (RuntimeException e) {
                    LOG.error("config/ could not be checked for changes: {}", LogText.cause(e));
                }
                watch(timer, watcher, next, interval);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // serve has ended
        }
    }

    private ConfigWatcher.Serve reloader() {
        return new ConfigWatcher.Serve() {
            @Override
            public String reloadWaitsFor() {
                if (overnightRunNear()) {
                    return "after the overnight run";
                }
                // taking a change up brings the database up to date: without it the routes would only stop and start
                return databaseAnswers() ? null : "when the database answers again";
            }

            @Override
            public boolean reload(ConfigWatcher.Change change) {
                Main main;
                synchronized (lifecycle) {
                    main = serving;
                    if (stopping || main == null || reloadPending != null || !started(main)) {
                        return false;
                    }
                    reloadPending = change;
                }
                LOG.info("config/ changed ({}): stopping the routes to take it up (files in hand are finished first)",
                        String.join(", ", change.files()));
                main.completed();
                return true;
            }
        };
    }

    private boolean databaseAnswers() {
        try (Connection c = database.connect()) {
            return c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static boolean started(Main main) {
        return main.getCamelContext() != null && main.getCamelContext().isStarted();
    }

    /**
     * The overnight run is under way, or due within two minutes (a reload then would stop it halfway, or its
     * trigger would fire while no Camel main listens and the night would pass without a run).
     */
    private boolean overnightRunNear() {
        Main main = serving;
        if (main == null || !started(main)) {
            return false; // not running yet, or between two mains: the reload itself is refused and asked again
        }
        if (main.getCamelContext().getInflightRepository().size("overnight-run") > 0) {
            return true;
        }
        try {
            CronExpression cron = new CronExpression(settings.get("overnight.cron", "0 0 2 * * ?"));
            cron.setTimeZone(TimeZone.getTimeZone(settings.zone()));
            Date now = new Date();
            Date next = cron.getNextValidTimeAfter(now);
            return next != null && next.getTime() - now.getTime() < Duration.ofMinutes(2).toMillis();
        } catch (ParseException e) {
            return false; // Camel's own reading of the setting fails the start; nothing to protect here
        }
    }

    /**
     * Between two Camel mains: the database as a start brings it, then the new master data in use. When the
     * database cannot be brought up to date (it is down), the master data in use stays, and the watcher tries
     * again at its next look.
     */
    private boolean takeUp(ConfigWatcher.Change change, ConfigWatcher watcher) {
        long started = System.nanoTime();
        try {
            bringUpToDate(database, change.master());
        } catch (SQLException | RuntimeException e) {
            LOG.error("config/ changed ({}) but the database could not be brought up to date, so serve goes on with "
                    + "the master data it has: {}", String.join(", ", change.files()),
                    LogText.cause(e));
            return false;
        }
        synchronized (this) {
            master = change.master();
            rounds = change.rounds();
        }
        watcher.inUse(change.snapshot());
        LOG.info("config/ changed ({}): taken up, database brought up to date in {} ms; routes starting again",
                String.join(", ", change.files()), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /**
     * The routes' {{placeholders}} take the settings as this application resolved them (file, environment,
     * then the command line) and nothing else: Camel by default looks up COLLECTOR_INBOX (or -Dcollector.inbox)
     * for {{collector.inbox}} itself, which put the environment back over --inbox and the demo's own folders,
     * so that the folder route polled one folder while the application checked files against another.
     */
    private static void onlyOurSettingsInRoutes(Main main) {
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void beforeConfigure(org.apache.camel.main.BaseMainSupport configuring) {
                if (configuring.getCamelContext().getPropertiesComponent()
                        instanceof org.apache.camel.component.properties.PropertiesComponent properties) {
                    properties.setEnvironmentVariableMode(
                            org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                    properties.setSystemPropertiesMode(
                            org.apache.camel.component.properties.PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
                }
            }
        });
    }

    /** "Routes running again after 1234 ms": how long files, mail and the console waited for the reload. */
    private void logRunningAgain(Main main, ConfigWatcher.Change change) {
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport started) {
                LOG.info("config/ changed ({}): routes running again after {} ms", String.join(", ", change.files()),
                        (System.nanoTime() - change.requestedNanos()) / 1_000_000);
            }
        });
    }

    /** Ends {@link #serve()} as a shutdown signal would (tests, an embedding service wrapper), a reload too. */
    public void stopServing() {
        Main main;
        synchronized (lifecycle) {
            stopping = true;
            main = serving;
        }
        if (main != null) {
            main.completed();
        }
    }

    /**
     * The overnight run once: sweeps the inbox and the mailbox with the same routes as {@link #serve()},
     * then evaluates, queues reminders and exception reports as of {@code asOf} and sends the mail. A sweep
     * that does not end within {@code timeout} fails the run as a file left for the next run does.
     */
    public RunOnceResult runOnce(Duration timeout, LocalDate asOf) throws Exception {
        RunControl run = new RunControl(true, mailboxPolled());
        Main main = camel(run);
        main.start();
        try {
            if (!run.awaitSwept(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // a failed run (exit 1), not a failed start: what was not taken waits for the next run
                run.sweepTimedOut(timeout);
            }
            // stop reading before the overnight steps, so that what they chase is what was swept
            main.getCamelContext().getRouteController().stopRoute("folder-intake");
            if (main.getCamelContext().getRoute("mailbox-intake") != null) {
                main.getCamelContext().getRouteController().stopRoute("mailbox-intake");
            }
            if (run.hasFailed()) {
                return new RunOnceResult(run, null, null);
            }
            // send() does not throw: a failed step (an Error such as OutOfMemoryError too) is on the exchange
            Exchange done = main.getCamelContext().createProducerTemplate().send("direct:overnight-run",
                    exchange -> exchange.setProperty(OvernightRun.AS_OF, asOf));
            if (done.getException() != null) {
                return new RunOnceResult(run, null, OvernightRun.failureLine(done, done.getException()));
            }
            return new RunOnceResult(run, done.getMessage().getBody(String.class), null);
        } finally {
            main.stop();
        }
    }

    /**
     * What run-once did: the sweep's counts, and the overnight run's summary or, when one of its steps failed,
     * its failure in one line; both null when the sweep failed and the overnight steps were not run.
     */
    public record RunOnceResult(RunControl sweep, String overnight, String overnightFailure) {

        /** The sweep and every overnight step succeeded. */
        public boolean succeeded() {
            return !sweep.hasFailed() && overnightFailure == null;
        }
    }

    /** Writes the committee's summary workbook for a plan and year into a folder; returns the file. */
    public Path writeCommitteeWorkbook(PlanMaster plan, int fiscalYear, Path folder) throws SQLException, IOException {
        ZoneId zone = settings.zone();
        return new CommitteeReportBuilder(database).stream(plan, fiscalYear, LocalDate.now(zone),
                report -> new CommitteeWorkbook().writeTo(folder, report));
    }

    /** Writes one pre-filled template per department of the plan (or only the one named). */
    public List<Path> writeTemplates(PlanMaster plan, int fiscalYear, String departmentName, Path folder)
            throws SQLException, IOException {
        MasterData master = master();
        List<Department> departments = TemplateSpecBuilder.departments(plan, master.departments());
        if (departmentName != null) {
            Department wanted = master.department(departmentName).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown department " + departmentName + " (see config/departments.csv)"));
            if (!departments.contains(wanted)) {
                throw new IllegalArgumentException(wanted.name() + " reports no indicator of " + plan.plan().code());
            }
            departments = List.of(wanted);
        }
        // every department's template from one query (one query each would read the plan 1,741 times)
        Map<String, Path> written = new HashMap<>();
        try {
            new TemplateSpecBuilder(database).forEach(plan, fiscalYear, departments.stream().map(Department::name).toList(),
                    spec -> written.put(spec.department(),
                            ReportFiles.write(folder, TemplateWorkbook.fileName(spec), new TemplateWorkbook(mailSettings(settings).submitTo()).write(spec))));
        } catch (SQLException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // in the order of departments.csv, as before
        return departments.stream().map(d -> written.get(d.name())).filter(Objects::nonNull).toList();
    }

    public Database database() {
        return database;
    }

    /** The master data of config/, parsed at the first call when {@link #open} did not need it. */
    public synchronized MasterData master() {
        if (master == null) {
            master = new MasterDataLoader().load(settings.configDir());
        }
        return master;
    }

    /**
     * The plans of config/ and their years: from the database when {@link #open} found it holding exactly the
     * master data of config/ (then there is no need to parse it), else from the parsed master data.
     */
    public synchronized List<ReportQueries.PlanPeriod> planPeriods() throws SQLException {
        if (master == null) {
            return new ReportQueries(database).plans();
        }
        return master.plans().stream()
                .map(p -> new ReportQueries.PlanPeriod(p.plan().code(), p.plan().fyFrom(), p.plan().fyTo())).toList();
    }

    public synchronized List<CollectionRound> rounds() {
        if (rounds == null) {
            rounds = new RoundsLoader().load(settings.configDir(), master());
        }
        return rounds;
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            closed.countDown();
        }
    }
}
