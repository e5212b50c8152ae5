package jp.reform.collector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running serve checks files against the master data it read. When config/ changes under it (a plan
 * imported, rounds.csv edited), the IT staff's monitoring must see it until serve has taken it up, with the
 * files named; a change of users.csv (which serve follows as it changes) or a plan backup is no such change.
 */
class ConfigChangedHealthTest {

    @TempDir
    Path home;

    @Test
    void aChangedPlanOrRoundsFileTurnsTheConfigCheckDownNamingTheFiles() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            Path config = server.home().resolve("config");
            HttpResponse<String> before = health(server);
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(configCheck(before.body()).path("status").asText()).isEqualTo("UP");

            // what serve follows by itself, and what is not read at all
            Files.writeString(config.resolve("users.csv"), "\n", StandardOpenOption.APPEND);
            Files.createDirectories(config.resolve("plans-backup").resolve("atsugi-7-2-20261201-090000"));
            Files.writeString(config.resolve("plans-backup").resolve("atsugi-7-2-20261201-090000").resolve("plan.csv"), "x");
            assertThat(health(server).statusCode()).isEqualTo(200);

            Files.writeString(config.resolve("rounds.csv"), "atsugi-7-2,2026,2027-05-01,2027-06-30,7|1,7,14\n",
                    StandardOpenOption.APPEND);
            Path targets = config.resolve("plans").resolve("atsugi-7-2").resolve("targets.csv");
            Files.writeString(targets, Files.readString(targets) + "\n");
            HttpResponse<String> after = health(server);
            assertThat(after.statusCode()).isEqualTo(503);
            JsonNode check = configCheck(after.body());
            assertThat(check.path("status").asText()).isEqualTo("DOWN");
            assertThat(check.path("message").asText()).contains(
                    "the configuration folder changed (plan atsugi-7-2 targets.csv, rounds.csv)",
                    "the collector takes it up once the files have not changed for 5 s");
        }
    }

    private static JsonNode configCheck(String health) throws Exception {
        for (JsonNode check : new ObjectMapper().readTree(health).path("checks")) {
            if (check.path("name").asText().equals("config")) {
                return check;
            }
        }
        throw new AssertionError("no config check in " + health);
    }

    private static HttpResponse<String> health(ConsoleServer server) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.managementUrl("/observe/health"))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
