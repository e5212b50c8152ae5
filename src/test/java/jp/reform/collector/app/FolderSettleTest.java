package jp.reform.collector.app;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.AllLogLines;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files settle together across polls (no sleep per file) and are loaded in parallel: many files at once,
 * files still being written (also with a Windows copy's old modified time), two instances on one inbox,
 * and how soon serve answers a new file.
 */
class FolderSettleTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);

    @TempDir
    Path dir;
    private TestHome home;
    private Path inbox;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws IOException {
        home = TestHome.in(dir);
        inbox = home.inbox();
        dbUrl = home.dbUrl();
        db = home.db();
    }

    @AfterEach
    void tearDown() {
        home.close();
    }

    private CollectorApplication open(String home, Map<String, Object> extra) throws Exception {
        AppSettings settings = this.home.settings(dir.resolve(home), Map.of())
                .override("http.enabled", false)
                .override("intake.settle-ms", 1000)
                .override("intake.parallel", 4);
        extra.forEach(settings::override);
        return CollectorApplication.open(settings);
    }

    private RunControl runOnce(String home) throws Exception {
        try (CollectorApplication app = open(home, Map.of())) {
            return app.runOnce(Duration.ofMinutes(2), TODAY).sweep();
        }
    }

    /** 40 files, half of two departments each, every one with its own content. */
    private List<Path> dropForty() throws IOException {
        Path staging = Files.createDirectories(dir.resolve("written"));
        List<Path> dropped = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            boolean shokuin = i % 2 == 0;
            Path written = DepartmentFiles.csv(staging.resolve("実績_%02d.csv".formatted(i)), StandardCharsets.UTF_8,
                    true, ",", HEADER, List.of(List.of(shokuin ? "I-1-ウ-1" : "II-2-ア-1", "2025",
                            String.valueOf(10 + i), "取組 " + i, "", "", "")));
            Path folder = Files.createDirectories(inbox.resolve(shokuin ? "職員課" : "行政経営課"));
            dropped.add(Files.move(written, folder.resolve(written.getFileName())));
        }
        return dropped;
    }

    @Test
    void fortyFilesDroppedAtOnceAreAllLoadedWithOneReceiptEach() throws Exception {
        List<Path> dropped = dropForty();

        long started = System.nanoTime();
        RunControl run = runOnce("home");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 40, rejected 0, already received 0");
        assertThat(dropped).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(40);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(40);
        assertThat(receipts()).hasSize(40);
        // no 2-second wait per file (that was 80 s); a bound, not a performance figure
        assertThat(took).isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void aFileStillBeingWrittenIsReadOnceWholeAfterItStops() throws Exception {
        assertReadOnceWholeWhileWritten(false);
    }

    @Test
    void aFileOfAnotherFormatStillBeingWrittenIsAnsweredOnceWholeAfterItStops() throws Exception {
        // refused by its name, but only once it has settled: one receipt, for the whole file
        assertAnsweredOnceWholeWhileWritten("報告.pdf", false, "rejected");
    }

    @Test
    void aWindowsCopyThatKeepsTheOldModifiedTimeIsNotReadHalfWritten() throws Exception {
        assertReadOnceWholeWhileWritten(true);
    }

    private void assertReadOnceWholeWhileWritten(boolean oldTime) throws Exception {
        assertAnsweredOnceWholeWhileWritten("実績.csv", oldTime, "accepted");
    }

    /**
     * A slow copy: the file grows every 300 ms for 3 s; with {@code oldTime} its modified time is set back to
     * a date years ago after every write, as a Windows copy stamps the source's time.
     */
    private void assertAnsweredOnceWholeWhileWritten(String name, boolean oldTime, String status) throws Exception {
        byte[] whole = Files.readAllBytes(DepartmentFiles.csv(dir.resolve("whole.csv"), StandardCharsets.UTF_8, true,
                ",", HEADER, List.of(List.of("I-1-ウ-1", "2025", "31", "派遣研修を実施（" + "長い説明".repeat(50) + "）",
                        "", "", ""))));
        Path file = Files.createDirectories(inbox.resolve("職員課")).resolve(name);
        FileTime old = FileTime.from(Instant.parse("2020-04-01T00:00:00Z"));
        int chunks = 10;
        int chunk = (whole.length + chunks - 1) / chunks;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(whole, 0, chunk);
            out.flush();
            if (oldTime) {
                Files.setLastModifiedTime(file, old);
            }
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    for (int from = chunk; from < whole.length; from += chunk) {
                        Thread.sleep(300);
                        out.write(whole, from, Math.min(chunk, whole.length - from));
                        out.flush();
                        if (oldTime) {
                            Files.setLastModifiedTime(file, old);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            RunControl run = runOnce("home");

            writing.get(10, TimeUnit.SECONDS);
            assertThat(run.hasFailed()).isFalse();
        }
        assertThat(file).doesNotExist();
        List<Map<String, Object>> submissions = Sql.rows(db, "select status, sha256, size_bytes from submission");
        assertThat(submissions).singleElement().satisfies(s -> {
            assertThat(s.get("status")).isEqualTo(status);
            assertThat(s.get("sha256")).isEqualTo(sha256(whole));
            assertThat(((Number) s.get("size_bytes")).longValue()).isEqualTo(whole.length);
        });
    }

    @Test
    void aFileStillBeingWrittenWhenRunOnceStopsWaitingIsNamedInItsSummaryAndLogAndTakenByTheNextRun() throws Exception {
        Path folder = Files.createDirectories(inbox.resolve("職員課"));
        Files.writeString(folder.resolve("報告.pdf"), "%PDF-1.7 説明"); // answered as usual beside it
        Path growing = folder.resolve("growing.csv");
        byte[] whole = Files.readAllBytes(DepartmentFiles.csv(dir.resolve("whole.csv"), StandardCharsets.UTF_8, true,
                ",", HEADER, List.of(List.of("I-1-ウ-1", "2025", "31", "派遣研修を実施", "", "", ""))));
        Files.write(growing, whole);
        // a slow copy over the network: a line more every 300 ms, for longer than run-once waits (3 s here)
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try {
                while (!stop.get() && System.nanoTime() < until) {
                    Thread.sleep(300);
                    Files.writeString(growing, "\r\n", StandardOpenOption.APPEND);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        CollectorApplication.RunOnceResult result;
        List<String> logLines;
        try (AllLogLines logs = new AllLogLines();
             CollectorApplication app = open("home", Map.of("intake.settle-timeout-ms", 3000))) {
            result = app.runOnce(Duration.ofMinutes(2), TODAY);
            logLines = logs.lines();
        } finally {
            stop.set(true);
            writing.get(10, TimeUnit.SECONDS);
        }

        // not a failure of the run (exit 0), but said in the summary run-once prints and in the log
        assertThat(result.succeeded()).isTrue();
        assertThat(result.sweep().summary()).isEqualTo(
                "accepted 0, rejected 1, already received 0, still being written 1 (left for the next run: 職員課/growing.csv)");
        assertThat(logLines).anySatisfy(line -> assertThat(line).startsWith("WARN ").contains(
                "1 file(s) still being written", "left for the next run: 職員課/growing.csv"));
        assertThat(growing).exists();
        assertThat(Sql.count(db, "select count(*) from submission where source_name = 'growing.csv'")).isZero();

        // once it has settled, the next run answers it
        RunControl next = runOnce("home");
        assertThat(next.hasFailed()).isFalse();
        assertThat(next.summary()).doesNotContain("still being written");
        assertThat(growing).doesNotExist();
        assertThat(receipts()).anySatisfy(r -> assertThat(r.getFileName().toString()).endsWith("_growing.csv_受付結果.txt"));
    }

    @Test
    void twoInstancesOnOneDatabaseAndInboxTakeEachFileOnce() throws Exception {
        List<Path> dropped = dropForty();

        CompletableFuture<RunControl> first = CompletableFuture.supplyAsync(() -> sweep("first"));
        CompletableFuture<RunControl> second = CompletableFuture.supplyAsync(() -> sweep("second"));

        assertThat(first.get(3, TimeUnit.MINUTES).hasFailed()).isFalse();
        assertThat(second.get(3, TimeUnit.MINUTES).hasFailed()).isFalse();
        assertThat(dropped).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(40);
        assertThat(Sql.count(db, "select count(distinct sha256) from submission where status = 'accepted'"))
                .isEqualTo(40);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(40);
        assertThat(receipts()).hasSize(40);
        assertThat(Sql.count(db, "select count(*) from file_claim")).isZero();
    }

    private RunControl sweep(String home) {
        try {
            return runOnce(home);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void serveAnswersANewFileSoonAfterItSettles() throws Exception {
        Files.createDirectories(inbox.resolve("職員課"));
        serving(Map.of(), () -> {
            Path written = DepartmentFiles.xlsx(dir.resolve("実績.xlsx"), null, HEADER,
                    List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));
            long dropped = System.nanoTime();
            Files.move(written, inbox.resolve("職員課/実績.xlsx"));
            while (receipts().isEmpty() && System.nanoTime() - dropped < Duration.ofSeconds(30).toNanos()) {
                Thread.sleep(20);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - dropped);
            assertThat(receipts()).hasSize(1);
            // settle time 1 s, polls every 500 ms: answered in about 1.5 s
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        });
    }

    @Test
    void serveTellsA課OfAFolderMadeInsideItsFolderWithinTheNoticeIntervalAndOnce() throws Exception {
        Files.createDirectories(inbox.resolve("職員課"));
        serving(Map.of("intake.unread-notice-ms", 1000), () -> {
            Path folder = Files.createDirectories(dir.resolve("令和7年度"));
            DepartmentFiles.xlsx(folder.resolve("実績.xlsx"), null, HEADER,
                    List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));
            Files.move(folder, inbox.resolve("職員課/令和7年度"));
            // settled (1 s), recorded, then told at the next tick of the notice timer (1 s): not at 02:00
            Await.until(() -> Sql.count(db, "select count(*) from outbox_mail where kind = 'unread_items'") > 0);
            assertThat(Sql.rows(db, "select recipients_to::text as to_, subject from outbox_mail "
                    + "where kind = 'unread_items'")).singleElement().satisfies(mail -> assertThat(mail)
                    .containsEntry("to_", "{shokuin@atsugi.example.jp}")
                    .containsEntry("subject", "【行革実績】課のフォルダに読み取っていないものがあります（職員課）"));
            // the folder is listed at every poll and the timer goes on ticking: told once all the same
            Thread.sleep(3000);
            assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'unread_items'")).isEqualTo(1);
            assertThat(Sql.count(db, "select count(*) from submission")).isZero();
        });
    }

    /** Runs the body while serve runs with these settings and its folder consumer polls; stops serve after it. */
    private void serving(Map<String, Object> settings, ThrowingRunnable body) throws Exception {
        try (CollectorApplication app = open("home", settings)) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    app.serve();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                awaitPolling();
                body.run();
            } finally {
                app.stopServing();
                serving.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Waits until serve's folder consumer polls: Camel names its polling thread after the endpoint, and starts it
     * for the first poll (initialDelay 0).
     */
    private void awaitPolling() throws InterruptedException {
        String endpoint = "file://" + inbox.toAbsolutePath();
        Await.until(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().endsWith(" - " + endpoint)));
    }

    private List<Path> receipts() throws IOException {
        try (Stream<Path> files = Files.walk(inbox)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().endsWith("_受付結果.txt")).toList();
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
