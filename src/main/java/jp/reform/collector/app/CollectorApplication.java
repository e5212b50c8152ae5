package jp.reform.collector.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.time.ZoneId;
import jp.reform.collector.evaluate.EvaluationRefresh;
import jp.reform.collector.intake.FolderIntake;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.store.SubmissionRepository;
import org.apache.camel.main.Main;
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
    private final MasterData master;

    private CollectorApplication(AppSettings settings, Database database, MasterData master) {
        this.settings = settings;
        this.database = database;
        this.master = master;
    }

    /** Checks the master data, opens the database, brings the schema and the master data up to date. */
    public static CollectorApplication open(AppSettings settings) throws SQLException {
        MasterData master = new MasterDataLoader().load(settings.configDir());
        Database database = connect(settings);
        try {
            database.migrate();
            new MasterDataSync().sync(database, master);
            refreshEvaluations(database, master);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return new CollectorApplication(settings, database, master);
    }

    private static Database connect(AppSettings settings) {
        String url = settings.get("db.url", null);
        if (url != null) {
            return Database.server(url, settings.get("db.user", null), settings.get("db.password", null));
        }
        return Database.embedded(settings.path("collector.data", "data"), settings.getInt("db.embedded-port", 0));
    }

    /** Targets or thresholds may have changed in config/ since the last run. */
    private static void refreshEvaluations(Database database, MasterData master) throws SQLException {
        EvaluationRefresh refresh = new EvaluationRefresh();
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                for (PlanMaster plan : master.plans()) {
                    new SubmissionRepository().lockPlan(c, plan.plan().code());
                    refresh.refresh(c, plan);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Builds the Camel main with the routes folder and the beans; not started. */
    private Main camel(RunControl runControl) {
        Path routes = settings.path("collector.routes", "routes").toAbsolutePath();
        if (!Files.isDirectory(routes)) {
            throw new IllegalStateException("Routes folder not found: " + routes + " (set collector.routes)");
        }
        Path inbox = settings.path("collector.inbox", "inbox").toAbsolutePath();
        if (!Files.isDirectory(inbox)) {
            throw new IllegalStateException("Inbox folder not found: " + inbox + " (set --inbox)");
        }
        ZoneId zone = ZoneId.of(settings.get("collector.zone", "Asia/Tokyo"));
        Main main = new Main();
        main.bind("submissionIngestor", new SubmissionIngestor(database, master, zone));
        main.bind("folderIntake", new FolderIntake(inbox, Clock.system(zone)));
        main.bind("runControl", runControl);
        var properties = settings.asProperties();
        properties.setProperty("collector.inbox", inbox.toString());
        properties.setProperty("intake.signal-idle", Boolean.toString(runControl.isOnce()));
        if (runControl.isOnce()) {
            properties.setProperty("intake.poll-delay-ms", "200");
        }
        properties.setProperty("camel.main.routes-include-pattern",
                "file:" + routes.toString().replace('\\', '/') + "/*.camel.yaml");
        main.setInitialProperties(properties);
        LOG.info("Watching {} with routes from {}; database: {}", inbox, routes, database.description());
        return main;
    }

    /** Keeps processing files as they arrive until the process is stopped (Ctrl-C, SIGTERM). */
    public void serve() throws Exception {
        camel(new RunControl(false)).run();
    }

    /**
     * Sweeps the inbox once with the same routes as {@link #serve()} and returns what happened.
     *
     * @throws IllegalStateException when the sweep does not end within the timeout
     */
    public RunControl runOnce(Duration timeout) throws Exception {
        RunControl run = new RunControl(true);
        Main main = camel(run);
        main.start();
        try {
            if (!run.awaitFinished(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The inbox was not swept within " + timeout);
            }
        } finally {
            main.stop();
        }
        return run;
    }

    public Database database() {
        return database;
    }

    public MasterData master() {
        return master;
    }

    @Override
    public void close() {
        database.close();
    }
}
