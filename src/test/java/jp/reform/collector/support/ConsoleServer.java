package jp.reform.collector.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.Role;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.master.MasterDataLoader;

/**
 * {@code serve} with its web console on a home of its own (a copy of config/, routes/ and the sample inbox
 * in a temporary folder) and a database of the test server: the samples are loaded before it returns. Users:
 * {@code admin}, {@code iin} (viewer), {@code zaisei} (財政課) and {@code shokuin} (職員課), each with password
 * {@link #PASSWORD}.
 */
public final class ConsoleServer implements AutoCloseable {

    public static final String PASSWORD = "test-password-1234";

    /** Changes a copied folder (config or inbox) before serve starts; what it throws fails the start. */
    @FunctionalInterface
    public interface Preparation {
        void accept(Path folder) throws Exception;
    }

    private final Path home;
    private final int port;
    private final int managementPort;
    private final CollectorApplication app;
    private final CompletableFuture<Void> serving;
    private final String dbUrl;

    private ConsoleServer(Path home, int port, int managementPort, CollectorApplication app, CompletableFuture<Void> serving,
                          String dbUrl) {
        this.dbUrl = dbUrl;
        this.home = home;
        this.port = port;
        this.managementPort = managementPort;
        this.app = app;
        this.serving = serving;
    }

    /** Starts serve on a copy of the samples; {@code prepareInbox} may add files before the first sweep. */
    public static ConsoleServer start(Path home, Preparation prepareInbox) throws Exception {
        return start(home, config -> { }, prepareInbox, TestDatabase.freshUrl());
    }

    /** As {@link #start(Path, Preparation)}, on a given database: two of them make two instances. */
    public static ConsoleServer start(Path home, Preparation prepareInbox, String dbUrl)
            throws Exception {
        return start(home, config -> { }, prepareInbox, dbUrl);
    }

    /** As {@link #start(Path, Preparation)}, {@code prepareConfig} changing the copied config first. */
    public static ConsoleServer start(Path home, Preparation prepareConfig,
                                      Preparation prepareInbox) throws Exception {
        return start(home, prepareConfig, prepareInbox, TestDatabase.freshUrl());
    }

    /**
     * As {@link #start(Path, Preparation, Preparation)}, with settings of its own over the copied ones (e.g. a
     * short {@code config.check-seconds}).
     */
    public static ConsoleServer start(Path home, Preparation prepareConfig, Preparation prepareInbox,
                                      Map<String, Object> settings) throws Exception {
        return start(home, prepareConfig, prepareInbox, TestDatabase.freshUrl(), settings);
    }

    private static ConsoleServer start(Path home, Preparation prepareConfig,
                                       Preparation prepareInbox, String dbUrl) throws Exception {
        return start(home, prepareConfig, prepareInbox, dbUrl, Map.of());
    }

    private static ConsoleServer start(Path home, Preparation prepareConfig,
                                       Preparation prepareInbox, String dbUrl, Map<String, Object> extra) throws Exception {
        Path config = TestFiles.copyTree(Path.of("config"), home.resolve("config"));
        prepareConfig.accept(config);
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        TestFiles.copyTree(Path.of("samples", "inbox"), home.resolve("inbox"));
        prepareInbox.accept(home.resolve("inbox"));
        var master = new MasterDataLoader().load(config);
        PasswordHasher hasher = new PasswordHasher();
        UserDirectory users = UserDirectory.loadForEditing(config.resolve("users.csv"), master);
        String hash = hasher.hash(PASSWORD);
        users = users.withUser(new User("admin", "行政経営課 管理者", Role.ADMIN, null, hash))
                .withUser(new User("iin", "委員 山田", Role.VIEWER, null, hash))
                .withUser(new User("zaisei", "財政課 担当", Role.DEPARTMENT, "財政課", hash))
                .withUser(new User("shokuin", "職員課 担当", Role.DEPARTMENT, "職員課", hash));
        users.save();
        ConsoleServer server = serve(home, dbUrl, extra);
        server.awaitArchived(7);
        return server;
    }

    /**
     * serve again on the home and database of a server that was closed, as an operator restarts it after
     * changing config/ (its users and files as they are): nothing is copied.
     */
    public static ConsoleServer restart(Path home, String dbUrl) throws Exception {
        ConsoleServer server = serve(home, dbUrl, Map.of());
        server.awaitSignInPage();
        return server;
    }

    /** Waits until the console answers its sign-in page (the routes are up). */
    private void awaitSignInPage() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            try {
                int status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/login"))).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (serving.isDone() || Instant.now().isAfter(deadline)) {
                serving.getNow(null);
                throw new AssertionError("the console did not answer within 90 s");
            }
            Thread.sleep(200);
        }
    }

    private static ConsoleServer serve(Path home, String dbUrl, Map<String, Object> extra) throws Exception {
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        AppSettings settings = AppSettings.load(home, Path.of("config"), Map.of())
                .override("db.url", dbUrl)
                .override("http.port", port)
                .override("http.management-port", managementPort)
                .override("intake.poll-delay-ms", 300)
                // unchanged from one poll to the next is settled (bundled: 0.8 s): the samples are whole before serve
                // starts, and what a test writes while it serves is written in one go
                .override("intake.settle-ms", 300)
                .override("mail.send.poll-ms", 500);
        for (Map.Entry<String, Object> setting : extra.entrySet()) {
            settings = settings.override(setting.getKey(), setting.getValue());
        }
        CollectorApplication app = CollectorApplication.open(settings);
        CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
            try {
                app.serve();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new ConsoleServer(home, port, managementPort, app, serving, dbUrl);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** Whether serve has ended (stopped, or failed). */
    public boolean ended() {
        return serving.isDone();
    }

    /** Ends serve as a shutdown signal would, without waiting. */
    public void stopServing() {
        app.stopServing();
    }

    public jp.reform.collector.store.Database database() {
        return app.database();
    }

    /** The database's JDBC URL, for the command line's --db-url. */
    public String dbUrl() {
        return dbUrl;
    }

    public Path home() {
        return home;
    }

    public Path inbox() {
        return home.resolve("inbox");
    }

    /** Waits until this many files have been archived (loaded, rejected or receipted as duplicates). */
    public void awaitArchived(int files) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (archived() < files) {
            if (serving.isDone()) {
                serving.join(); // serve ended (it could not start): its cause, not a wait of 90 s
                throw new AssertionError("serve ended with only " + archived() + " of " + files + " files archived");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + archived() + " of " + files + " files archived within 90 s");
            }
            Thread.sleep(200);
        }
    }

    private long archived() {
        try (Stream<Path> files = Files.walk(inbox())) {
            return files.filter(p -> p.toString().contains("/.done/") || p.toString().contains("/.error/"))
                    .filter(p -> Files.isRegularFile(p) && !p.toString().endsWith("_受付結果.txt")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a file moved into the archive while the folder was listed: counted at the next look
        }
    }

    @Override
    public void close() throws Exception {
        app.stopServing();
        serving.get(60, TimeUnit.SECONDS);
        app.close();
    }
}
