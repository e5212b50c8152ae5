package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.OvernightRunLock;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night's overnight run that the trigger could not start is not lost: serve starts it as of the day it was
 * due when it next runs with the database, and the health check says it is missing until then.
 */
class OvernightCatchUpTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path home;

    @Test
    void aNightServeWasNotRunningForIsRunWhenServeStartsAgain() throws Exception {
        ZonedDateTime due = ZonedDateTime.now(TOKYO).minusHours(1).withNano(0);
        ConsoleServer first = ConsoleServer.start(home, config -> settings(config, due, 3600), inbox -> { });
        String dbUrl = first.dbUrl();
        try {
            // a collector that never ran overnight (a first start of serve) is owed nothing
            Thread.sleep(6_000);
            assertThat(Sql.count(first.database(), "select count(*) from overnight_run")).isZero();
            assertThat(overnightHealth(first).path("status").asText()).isEqualTo("UP");

            // it ran the night before, and serve was not running at the time of tonight's run
            ranTheNightBefore(first, due);
            JsonNode missing = overnightHealth(first);
            assertThat(missing.path("status").asText()).isEqualTo("DOWN");
            assertThat(missing.path("message").asText()).contains("the overnight run due at " + due.toInstant(),
                    "did not start");
        } finally {
            first.close();
        }

        try (ConsoleServer again = ConsoleServer.restart(home, dbUrl)) {
            Await.until(() -> Sql.count(again.database(),
                    "select count(*) from overnight_run where as_of = ?::date and finished_at is not null",
                    due.toLocalDate().toString()) == 1);
            assertThat(Sql.one(again.database(), "select outcome from overnight_run where as_of = ?::date",
                    due.toLocalDate().toString()).get("outcome").toString()).contains("reminders queued");
            assertThat(overnightHealth(again).path("status").asText()).isEqualTo("UP");
            // once: the catch-up looks again and finds tonight's run done
            Thread.sleep(2_000);
            assertThat(Sql.count(again.database(), "select count(*) from overnight_run")).isEqualTo(2);
        }
    }

    @Test
    void aNightTheDatabaseDidNotAnswerAtTheRunsTimeIsRunWhenItAnswersAgain() throws Exception {
        ZonedDateTime due = ZonedDateTime.now(TOKYO).plusSeconds(22).withNano(0);
        // each wait for the database that is away lasts 2 s (10 s as shipped): the trigger's run fails 2 s after it fires
        try (ConsoleServer server = ConsoleServer.start(home, config -> {
            settings(config, due, 1);
            Path file = config.resolve("application.properties");
            Files.writeString(file, Files.readString(file).replace("db.connect-timeout-seconds=10",
                    "db.connect-timeout-seconds=2"));
        }, inbox -> { })) {
            ranTheNightBefore(server, due);
            Duration untilDue = Duration.between(Instant.now(), due.toInstant());
            assertThat(untilDue).as("serve started too slowly for this test's timing").isGreaterThan(Duration.ofSeconds(4));
            Thread.sleep(untilDue.minusSeconds(3).toMillis());
            TestDatabase.setReachable(server.dbUrl(), false);
            try {
                // the trigger fires while no connection can be had, and its run fails (the catch-up waits 10 s anyway)
                Thread.sleep(Duration.between(Instant.now(), due.toInstant()).plusSeconds(5).toMillis());
            } finally {
                TestDatabase.setReachable(server.dbUrl(), true);
            }
            Await.until(() -> {
                try {
                    return Sql.count(server.database(), "select count(*) from overnight_run where as_of = ?::date "
                            + "and finished_at is not null", due.toLocalDate().toString()) == 1;
                } catch (IllegalStateException poolStillComingBack) {
                    return false;
                }
            });
            List<Map<String, Object>> tonight = Sql.rows(server.database(),
                    "select started_at from overnight_run where started_at >= ?", Timestamp.from(due.toInstant()));
            assertThat(tonight).hasSize(1);
            assertThat(((Timestamp) tonight.get(0).get("started_at")).toInstant())
                    .as("started by the catch-up once the database answered, not by the trigger")
                    .isAfter(due.toInstant().plusSeconds(10));
            Await.until(() -> "UP".equals(overnightHealth(server).path("status").asText()));
        }
    }

    @Test
    void aNightsRunThatFailedOrStoppedHalfwayIsRunAgainUpToThreeTimesInAll() throws Exception {
        ZonedDateTime due = ZonedDateTime.now(TOKYO).minusHours(1).withNano(0);
        try (ConsoleServer server = ConsoleServer.start(home, config -> settings(config, due, 1), inbox -> { })) {
            ranTheNightBefore(server, due);
            // tonight's run failed twice (the database went away), then stopped halfway (its process was killed:
            // no outcome written, its lock gone): three runs, left to the next night
            failedTonight(server, due, 1);
            failedTonight(server, due, 2);
            long stopped = startedTonight(server, due, 3);
            Thread.sleep(3_000);
            assertThat(Sql.count(server.database(), "select count(*) from overnight_run where as_of = ?::date",
                    due.toLocalDate().toString())).isEqualTo(3);
            JsonNode health = overnightHealth(server);
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("message").asText()).contains("stopped before it finished");

            // two runs of tonight: tried a third time, and it finishes
            Sql.rows(server.database(), "delete from overnight_run where outcome like 'failed at evaluate (1)%' "
                    + "returning run_id");
            Await.until(() -> Sql.count(server.database(), "select count(*) from overnight_run where as_of = ?::date "
                    + "and finished_at is not null", due.toLocalDate().toString()) == 1);
            Thread.sleep(2_000);
            assertThat(Sql.count(server.database(), "select count(*) from overnight_run where as_of = ?::date",
                    due.toLocalDate().toString())).isEqualTo(3);
            assertThat(Sql.count(server.database(), "select count(*) from overnight_run where run_id = ?", stopped))
                    .isEqualTo(1);
            Await.until(() -> "UP".equals(overnightHealth(server).path("status").asText()));
        }
    }

    @Test
    void aRunUnderWayIsNotStartedTwiceAndOneThatStopsIsStartedAgain() throws Exception {
        ZonedDateTime due = ZonedDateTime.now(TOKYO).minusHours(1).withNano(0);
        try (ConsoleServer server = ConsoleServer.start(home, config -> settings(config, due, 1), inbox -> { })) {
            ranTheNightBefore(server, due);
            long running = startedTonight(server, due, 1);
            // the run holds its lock as a running one does (another instance's, say)
            try (OvernightRunLock lock = OvernightRunLock.take(server.database(), running)) {
                Thread.sleep(3_000);
                assertThat(Sql.count(server.database(), "select count(*) from overnight_run where as_of = ?::date",
                        due.toLocalDate().toString())).isEqualTo(1);
                JsonNode health = overnightHealth(server);
                assertThat(health.path("status").asText()).isEqualTo("UP");
                assertThat(health.path("message").asText()).isEqualTo("overnight run in progress");
            }
            // its process dies: the lock goes with it, and serve runs the night again
            Await.until(() -> Sql.count(server.database(), "select count(*) from overnight_run where as_of = ?::date "
                    + "and finished_at is not null", due.toLocalDate().toString()) == 1);
        }
    }

    /** A run of tonight that started {@code minutes} after it was due and is still open (no outcome). */
    private static long startedTonight(ConsoleServer server, ZonedDateTime due, int minutes) {
        return ((Number) Sql.one(server.database(), "insert into overnight_run (as_of, instance, started_at) values "
                + "(?::date, 'elsewhere', ?) returning run_id", due.toLocalDate().toString(),
                Timestamp.from(due.plusMinutes(minutes).toInstant())).get("run_id")).longValue();
    }

    private static void failedTonight(ConsoleServer server, ZonedDateTime due, int attempt) {
        Sql.rows(server.database(), "insert into overnight_run (as_of, instance, started_at, outcome) values "
                + "(?::date, 'earlier', ?, ?) returning run_id", due.toLocalDate().toString(),
                Timestamp.from(due.plusMinutes(attempt).toInstant()),
                "failed at evaluate (" + attempt + "): PSQLException: FATAL: terminating connection");
    }

    /** The run of the day before {@code due}, at the same time, finished. */
    private static void ranTheNightBefore(ConsoleServer server, ZonedDateTime due) {
        Sql.rows(server.database(), "insert into overnight_run (as_of, instance, started_at, finished_at, reminders, "
                + "reports, outcome) values (?::date, 'earlier', ?, ?, 0, 0, 'reminders queued 0') returning run_id",
                due.toLocalDate().minusDays(1).toString(), Timestamp.from(due.minusDays(1).toInstant()),
                Timestamp.from(due.minusDays(1).plusMinutes(3).toInstant()));
    }

    /** overnight.cron daily at {@code due}'s time of day in Tokyo, and how often serve looks for a missed run. */
    private static void settings(Path config, ZonedDateTime due, int checkSeconds) throws Exception {
        Path file = config.resolve("application.properties");
        String text = Files.readString(file, StandardCharsets.UTF_8)
                .replace("overnight.cron=0 0 2 * * ?", "overnight.cron=%d %d %d * * ?".formatted(due.getSecond(),
                        due.getMinute(), due.getHour()))
                .replace("overnight.catch-up-check-seconds=60", "overnight.catch-up-check-seconds=" + checkSeconds);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static JsonNode overnightHealth(ConsoleServer server) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.managementUrl("/observe/health?data=true"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode check : new ObjectMapper().readTree(body).path("checks")) {
                if (check.path("name").asText().equals("overnight-run")) {
                    return check;
                }
            }
            throw new AssertionError("no overnight-run check in " + body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
