package jp.reform.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the IT staff's monitoring sees of a running serve: in the outbox, mail that failed and mail the server took
 * with some of its recipients refused (a 課 that never got its reminder although the mail was "sent"); and how
 * the database connection pool is used.
 */
class ServeMonitoringTest {

    @TempDir
    Path home;

    @Test
    void failedAndPartlyDeliveredMailAreCountedByTheHealthCheckAndTheMetrics() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            Database db = server.database();
            mail(db, "refused", "failed", "550 5.1.1 no such user");
            mail(db, "half", "sent", "一部の宛先が受け付けられませんでした: kikaku@example.lg.jp (550 5.1.1 no such user)");
            mail(db, "whole", "sent", null);

            JsonNode outbox = check(get(server, "/observe/health?data=true").body(), "outbox");
            assertThat(outbox.path("status").asText()).isEqualTo("UP");
            JsonNode details = outbox.path("data");
            assertThat(details.path("failed_unreported").asLong()).as(outbox.toString()).isEqualTo(1);
            assertThat(details.path("partly_delivered_unreported").asLong()).isEqualTo(1);

            String metrics = get(server, "/observe/metrics").body();
            assertThat(metrics).containsPattern("(?m)^collector_mail_failed(\\{[^}]*})? 1\\.0$")
                    .containsPattern("(?m)^collector_mail_partly_delivered(\\{[^}]*})? 1\\.0$");

            // once the exception report has listed them, the health check no longer counts them
            Sql.rows(db, "update outbox_mail set reported_at = now() where status in ('failed', 'sent') returning 1");
            JsonNode reported = check(get(server, "/observe/health?data=true").body(), "outbox").path("data");
            assertThat(reported.path("failed_unreported").asLong()).isZero();
            assertThat(reported.path("partly_delivered_unreported").asLong()).isZero();
        }
    }

    @Test
    void theDatabaseConnectionPoolIsInTheMetrics() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, config -> { }, inbox -> { },
                Map.of("db.max-connections", 6))) {
            String metrics = get(server, "/observe/metrics").body();
            assertThat(metrics).containsPattern("(?m)^collector_db_connections_max(\\{[^}]*})? 6\\.0$")
                    .containsPattern("(?m)^collector_db_connections_waiting(\\{[^}]*})? 0\\.0$")
                    .containsPattern("(?m)^collector_db_connections_active(\\{[^}]*})? [0-6]\\.0$")
                    .containsPattern("(?m)^collector_db_connections_idle(\\{[^}]*})? [0-6]\\.0$");
        }
    }

    private static void mail(Database db, String key, String status, String lastError) {
        Sql.rows(db, "insert into outbox_mail (kind, dedup_key, recipients_to, recipients_cc, subject, mime, status, "
                + "last_error) values ('reminder', ?, array['kikaku@example.lg.jp', 'somu@example.lg.jp'], '{}', "
                + "'提出のお願い', ''::bytea, ?, ?) returning mail_id", key, status, lastError);
    }

    private static HttpResponse<String> get(ConsoleServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.managementUrl(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(String health, String name) throws Exception {
        for (JsonNode check : new ObjectMapper().readTree(health).path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
