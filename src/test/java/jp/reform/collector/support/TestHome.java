package jp.reform.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.store.Database;

/**
 * A collector's surroundings in a test: an inbox under a temporary folder and a fresh database on the test
 * server. Each collector opened on it keeps its data, outbox and reports in a folder of its own, so that two
 * instances can share the inbox and the database as two installations would.
 */
public final class TestHome implements AutoCloseable {

    /**
     * intake.settle-ms for a collector in a test: one poll of run-once (200 ms) instead of the bundled 0.8 s. A
     * test's files are whole before a run starts, or written in one go while serve runs; FolderSettleTest proves
     * the settle rule with a slow writer and a settle time of its own.
     */
    public static final int SETTLE_MS = 200;

    private final Path inbox;
    private final String dbUrl;
    private final Database db;

    private TestHome(Path inbox, String dbUrl) {
        this.inbox = inbox;
        this.dbUrl = dbUrl;
        this.db = TestDatabase.at(dbUrl);
    }

    /** An empty inbox in {@code dir} and a fresh database. */
    public static TestHome in(Path dir) throws IOException {
        return new TestHome(Files.createDirectories(dir.resolve("inbox")), TestDatabase.freshUrl());
    }

    public Path inbox() {
        return inbox;
    }

    public String dbUrl() {
        return dbUrl;
    }

    /** The test's own connection to the database, for looking at what a collector did. */
    public Database db() {
        return db;
    }

    /**
     * The bundled settings (with the environment given) pointed at this inbox and database, the collector's
     * data, outbox and reports under {@code instanceDir}.
     */
    public AppSettings settings(Path instanceDir, Map<String, String> environment) {
        return AppSettings.load(Path.of("config"), environment)
                .override("collector.inbox", inbox)
                .override("collector.data", instanceDir.resolve("data"))
                .override("collector.outbox", instanceDir.resolve("outbox"))
                .override("collector.reports", instanceDir.resolve("reports"))
                .override("db.url", dbUrl);
    }

    /**
     * {@code settings} pointed at a collector of its own under {@code dir} (inbox, data, outbox, reports) on
     * the database {@code dbUrl}, with a quick settle check: what a test's run-once or serve needs.
     */
    public static AppSettings under(AppSettings settings, Path dir, String dbUrl) {
        return settings.override("collector.inbox", dir.resolve("inbox"))
                .override("collector.data", dir.resolve("data"))
                .override("collector.outbox", dir.resolve("outbox"))
                .override("collector.reports", dir.resolve("reports"))
                .override("db.url", dbUrl)
                .override("intake.settle-ms", SETTLE_MS);
    }

    /**
     * The settings of {@code config} for a collector under {@code dir} ({@link #under}) on the database
     * {@code dbUrl}, its mail to and from {@code mail}, with {@code extraEnvironment} over that.
     */
    public static AppSettings withMail(Path config, Path dir, String dbUrl, MailServer mail,
                                       Map<String, String> extraEnvironment) {
        Map<String, String> env = new HashMap<>(mail.environment());
        env.putAll(extraEnvironment);
        return under(AppSettings.load(config, env), dir, dbUrl);
    }

    /**
     * One {@code run-once} as of {@code today} with {@code config}, the collector under {@code dir} on the database
     * {@code dbUrl}, sending its mail to {@code mail} (no mailbox read); the overnight steps must succeed.
     */
    public static CollectorApplication.RunOnceResult runOnce(Path config, Path dir, String dbUrl, MailServer mail,
                                                             String today) throws Exception {
        try (CollectorApplication app = CollectorApplication.open(
                withMail(config, dir, dbUrl, mail, Map.of("MAIL_IMAP_HOST", "")))) {
            CollectorApplication.RunOnceResult run = app.runOnce(Duration.ofMinutes(2), LocalDate.parse(today));
            assertThat(run.overnightFailure()).as("overnight run of %s", today).isNull();
            return run;
        }
    }

    /**
     * One {@code run-once} as of {@code today} with {@code config}, the collector under {@code dir} on the database
     * {@code dbUrl}, its mail written as .eml files; the result as it is, for the test to judge.
     */
    public static CollectorApplication.RunOnceResult runOnce(Path config, Path dir, String dbUrl, String today)
            throws Exception {
        try (CollectorApplication app = CollectorApplication.open(under(AppSettings.load(config, Map.of()), dir, dbUrl))) {
            return app.runOnce(Duration.ofMinutes(2), LocalDate.parse(today));
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
