package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A form shown again after a mistake (400) still carries the fingerprint of the page it was typed on: when IT staff
 * edited rounds.csv in between, correcting the mistake and saving is refused (409), not a silent undo of their edit.
 */
class RoundPeriodStaleAfterMistakeTest {

    private static final String PLAN = "atsugi-7-2";
    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> { }, inbox -> { }, Map.of("config.check-seconds", 3600));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }


    private static Map<String, String> form(ConsoleClient c, String shown, String opens) {
        return new HashMap<>(Map.of("_csrf", c.token(), "plan", PLAN, "fy", "2026", "shown", shown, "opens", opens,
                "deadline", "2027-06-30", "remind_days", "7,1", "overdue_every", "7", "escalate_after", "14"));
    }

    @Test
    void aCorrectedFormFromAPageOlderThanTheFileIsStillRefused() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String onPage = ConsoleClient.configShown(admin.get("/rounds?plan=" + PLAN + "&fy=2026").body());
        Path rounds = server.home().resolve("config/rounds.csv");
        String byIt = Files.readString(rounds) + PLAN + ",2026,2027-05-01,2027-07-15,7|1,7,14\n";
        Files.writeString(rounds, byIt);

        HttpResponse<String> typo = admin.post("/rounds/period", form(admin, onPage, "2027-0501"));
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(ConsoleClient.configShown(typo.body())).isEqualTo(onPage);
        HttpResponse<String> corrected = admin.post("/rounds/period", form(admin, ConsoleClient.configShown(typo.body()), "2027-05-01"));
        assertThat(corrected.statusCode()).isEqualTo(409);
        assertThat(Files.readString(rounds)).isEqualTo(byIt);
    }
}
