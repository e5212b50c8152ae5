package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division changes config/ under a running serve (a plan import, a new round in rounds.csv, a slip of the
 * hand): serve takes a change that loads up by itself, files arriving meanwhile are loaded once each, a change
 * that does not load is reported and kept out, and serve can be stopped at any point of it.
 */
class ServeTakesUpConfigChangesTest {

    /** Looks at config/ every second and takes a change up once it has stood still for a second. */
    private static final Map<String, Object> FAST = Map.of("config.check-seconds", 1, "config.settle-seconds", 1);
    private static final String TARGET_ROW = "III-1-ア-1,2025,6件,6";
    private static final String NEW_TARGET_ROW = "III-1-ア-1,2025,10件,10";
    private static final String NEXT_ROUND = "atsugi-7-2,2026,2027-05-01,2027-06-30,7|1,7,14\n";

    @TempDir
    Path home;

    @Test
    void aNewTargetAndNextYearsRoundAreTakenUpAndFilesArrivingMeanwhileAreLoadedOnce() throws Exception {
        try (LogCapture log = new LogCapture(CollectorApplication.class, ConfigWatcher.class);
             ConsoleServer server = ConsoleServer.start(home, config -> { }, inbox -> { }, FAST)) {
            ConsoleClient admin = new ConsoleClient(server).signIn("admin");
            assertThat(admin.get("/api/board?plan=atsugi-7-2&fy=2026").body()).doesNotContain("2027-06-30");
            Path config = server.home().resolve("config");

            // a user reading the board throughout: while the routes stop or start, the console says so (503), not
            // that the address is wrong (404/405) nor a blank page
            List<HttpResponse<String>> duringReload = new CopyOnWriteArrayList<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            ConsoleClient reader = new ConsoleClient(server).signIn("admin");
            Thread readingBoard = new Thread(() -> {
                while (reading.get()) {
                    try {
                        duringReload.add(reader.get("/board?plan=atsugi-7-2&fy=2025"));
                    } catch (IllegalStateException refused) {
                        // between the two Camel mains nothing listens: the browser's own "cannot connect"
                        duringReload.add(null);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "reading-board");
            readingBoard.start();

            dropZaiseiCopy(server, "財政課_直前.xlsx");
            Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
            Files.writeString(targets, Files.readString(targets).replace(TARGET_ROW, NEW_TARGET_ROW));
            Files.writeString(config.resolve("rounds.csv"), NEXT_ROUND, StandardOpenOption.APPEND);
            Await.until(() -> has(log, "INFO config/ changed (plan", "rounds.csv): stopping the routes"));
            for (int i = 1; i <= 3; i++) {
                dropZaiseiCopy(server, "財政課_最中" + i + ".xlsx");
            }
            Await.until(() -> has(log, "INFO config/ changed (", "routes running again after"));
            reading.set(false);
            readingBoard.join();
            // null: refused, nothing listened (between the two Camel mains)
            int restarting = duringReload.indexOf(null);
            for (int i = 0; i < duringReload.size(); i++) {
                HttpResponse<String> answer = duringReload.get(i);
                if (answer == null || answer.statusCode() == 200) {
                    continue;
                }
                if (answer.statusCode() == 404 && restarting >= 0 && i > restarting) {
                    // the new server listens an instant before its router exists: Vert.x's own answer, then
                    assertThat(answer.body()).contains("Resource not found");
                    continue;
                }
                assertThat(answer.statusCode()).as("answer %d while the routes stopped: %s", i, answer.body())
                        .isEqualTo(503);
                assertThat(answer.body()).contains("設定を読み込み直しているか、停止の途中", "登録・変更はされていません");
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            }

            Await.until(() -> "UP".equals(configCheck(server).path("status").asText()));
            assertThat(Sql.one(server.database(), "select target_text from target where plan_code = 'atsugi-7-2' "
                    + "and indicator_code = 'III-1-ア-1' and fiscal_year = 2025").get("target_text")).isEqualTo("10件");
            // the same sign-in, after the reload: the new round's deadline is on the board
            HttpResponse<String> board = admin.get("/api/board?plan=atsugi-7-2&fy=2026");
            assertThat(board.statusCode()).isEqualTo(200);
            assertThat(board.body()).contains("2027-06-30");

            // a file dropped afterwards is graded against the new target: 9 of 10 件
            Path kyodo = Path.of("samples", "inbox", "市民協働推進課", "kyodo_2025.csv");
            Files.writeString(server.inbox().resolve("市民協働推進課/kyodo_2025_再提出.csv"),
                    Files.readString(kyodo).replace(",6件,市民活動団体", ",9件,市民活動団体"));
            Await.until(() -> rate(server).equals("90"));
            assertThat(Sql.one(server.database(), "select grade from evaluation where plan_code = 'atsugi-7-2' "
                    + "and indicator_code = 'III-1-ア-1' and fiscal_year = 2025").get("grade")).isNotEqualTo("達成");

            server.awaitArchived(7 + 4 + 1);
            for (String name : List.of("財政課_直前.xlsx", "財政課_最中1.xlsx", "財政課_最中2.xlsx", "財政課_最中3.xlsx")) {
                assertThat(Sql.count(server.database(), "select count(*) from submission where source_name = ?", name))
                        .as(name).isEqualTo(1);
                assertThat(receipts(server, "財政課", name)).as("receipts of " + name).isEqualTo(1);
            }
            assertThat(Files.exists(server.inbox().resolve("財政課/財政課_最中1.xlsx"))).isFalse();
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR"));
            // the operator learns from the start's line where to open the console
            assertThat(log.lines()).anyMatch(line -> line.startsWith("INFO Instance ")
                    && line.endsWith("; console at " + server.url("/")));
        }
    }

    @Test
    void aChangeThatDoesNotLoadIsReportedOnceAndKeptOutUntilItIsFixed() throws Exception {
        try (LogCapture log = new LogCapture(CollectorApplication.class, ConfigWatcher.class);
             ConsoleServer server = ConsoleServer.start(home, config -> { }, inbox -> { }, FAST)) {
            Path targets = server.home().resolve("config/plans/atsugi-7-2/targets.csv");
            String good = Files.readString(targets);
            Files.writeString(targets, good + "X-9-ア-9,2025,1件,1\n");

            Await.until(() -> configCheck(server).path("message").asText().contains("does not load"));
            JsonNode check = configCheck(server);
            assertThat(check.path("status").asText()).isEqualTo("DOWN");
            assertThat(check.path("message").asText()).contains("plan atsugi-7-2 targets.csv", "X-9-ア-9",
                    "files are still checked against the master data in use");

            // serve goes on with what it has: a file is still loaded, graded against the old target
            dropZaiseiCopy(server, "財政課_その後.xlsx");
            server.awaitArchived(8);
            assertThat(Sql.count(server.database(), "select count(*) from submission where source_name = ?",
                    "財政課_その後.xlsx")).isEqualTo(1);
            assertThat(Sql.one(server.database(), "select target_text from target where plan_code = 'atsugi-7-2' "
                    + "and indicator_code = 'III-1-ア-1' and fiscal_year = 2025").get("target_text")).isEqualTo("6件");
            List<String> errors = log.lines().stream().filter(line -> line.startsWith("ERROR")).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).contains("config/ changed (plan", "does not load", "X-9-ア-9");
            assertThat(log.lines()).noneMatch(line -> line.contains("stopping the routes"));

            Files.writeString(targets, good.replace(TARGET_ROW, NEW_TARGET_ROW));
            Await.until(() -> has(log, "INFO config/ changed (", "routes running again after"));
            Await.until(() -> "UP".equals(configCheck(server).path("status").asText()));
            assertThat(Sql.one(server.database(), "select target_text from target where plan_code = 'atsugi-7-2' "
                    + "and indicator_code = 'III-1-ア-1' and fiscal_year = 2025").get("target_text")).isEqualTo("10件");
        }
    }

    @Test
    void aChangeMadeWhileTheDatabaseDoesNotAnswerWaitsForItWithTheConsoleAndHealthStillAnswering() throws Exception {
        // each wait for the database that is away lasts 2 s (10 s as shipped)
        Map<String, Object> settings = new java.util.HashMap<>(FAST);
        settings.put("db.connect-timeout-seconds", 2);
        try (LogCapture log = new LogCapture(CollectorApplication.class, ConfigWatcher.class);
             ConsoleServer server = ConsoleServer.start(home, config -> { }, inbox -> { }, settings)) {
            TestDatabase.setReachable(server.dbUrl(), false);
            try {
                Files.writeString(server.home().resolve("config/rounds.csv"), NEXT_ROUND, StandardOpenOption.APPEND);
                Await.until(() -> has(log, "INFO config/ changed (rounds.csv): taken up when the database answers again"));
                // several looks later: the routes were never stopped, the console and health answer throughout
                for (int look = 0; look < 3; look++) {
                    assertThat(answers(server.url("/login"))).as("the console").isTrue();
                    assertThat(configCheck(server).path("status").asText()).isEqualTo("DOWN");
                    Thread.sleep(1_000);
                }
                assertThat(log.lines()).noneMatch(line -> line.contains("stopping the routes"));
            } finally {
                TestDatabase.setReachable(server.dbUrl(), true);
            }
            Await.until(() -> has(log, "INFO config/ changed (rounds.csv): routes running again after"));
            Await.until(() -> "UP".equals(configCheck(server).path("status").asText()));
            assertThat(new ConsoleClient(server).signIn("admin").get("/api/board?plan=atsugi-7-2&fy=2026").body())
                    .contains("2027-06-30");
        }
    }

    @Test
    void serveStoppedWhileAChangeSettlesEnds() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, config -> { }, inbox -> { }, FAST)) {
            Files.writeString(server.home().resolve("config/rounds.csv"), NEXT_ROUND, StandardOpenOption.APPEND);
            server.stopServing();
            Await.until(server::ended);
            assertThat(answers(server.url("/login"))).as("the console after serve ended").isFalse();
        }
    }

    @Test
    void serveStoppedWhileItTakesAChangeUpEndsWithoutStartingAgain() throws Exception {
        try (LogCapture log = new LogCapture(CollectorApplication.class);
             ConsoleServer server = ConsoleServer.start(home, config -> { }, inbox -> { }, FAST)) {
            Files.writeString(server.home().resolve("config/rounds.csv"), NEXT_ROUND, StandardOpenOption.APPEND);
            Await.until(() -> has(log, "INFO config/ changed (rounds.csv): stopping the routes"));
            server.stopServing();
            Await.until(server::ended);
            // ended, so not started again: its console is gone
            assertThat(answers(server.url("/login"))).as("the console after serve ended").isFalse();
        }
    }

    private static boolean answers(String url) throws InterruptedException {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void dropZaiseiCopy(ConsoleServer server, String name) throws IOException {
        Path sample = Path.of("samples", "inbox", "財政課", "財政課_実績報告.xlsx");
        Path staged = server.home().resolve(name);
        Files.copy(sample, staged);
        // moved in whole, as a department's save does not leave half a file for long
        Files.move(staged, server.inbox().resolve("財政課").resolve(name));
    }

    private static long receipts(ConsoleServer server, String department, String file) throws IOException {
        // R2026-000008_財政課_直前.xlsx_受付結果.txt beside R2026-000008_財政課_直前.xlsx
        try (Stream<Path> files = Files.walk(server.inbox().resolve(department))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("_" + file + "_受付結果.txt")).count();
        }
    }

    private static String rate(ConsoleServer server) {
        Object rate = Sql.one(server.database(), "select round(rate)::text as rate from evaluation where plan_code = "
                + "'atsugi-7-2' and indicator_code = 'III-1-ア-1' and fiscal_year = 2025").get("rate");
        return String.valueOf(rate);
    }

    private static boolean has(LogCapture log, String... parts) {
        return log.lines().stream().anyMatch(line -> {
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return line.startsWith(parts[0]);
        });
    }

    private static JsonNode configCheck(ConsoleServer server) {
        try {
            String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.managementUrl("/observe/health"))).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode check : new ObjectMapper().readTree(health).path("checks")) {
                if (check.path("name").asText().equals("config")) {
                    return check;
                }
            }
        } catch (IOException e) {
            // not answering: serve is between two Camel mains
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ObjectMapper().createObjectNode();
    }
}
