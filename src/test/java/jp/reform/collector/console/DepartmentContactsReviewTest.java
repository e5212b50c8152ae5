package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of 連絡先: another 課's sender reaches this 課's line neither hidden behind the column's | (a|b@c.jp is read
 * back as two addresses) nor by a save made before serve took up the save that gave it to the other 課; a
 * recipient starting with = (a formula in Excel) is refused.
 */
class DepartmentContactsReviewTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> { }); // serve takes config/ up every 30 s, as by default
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> save(ConsoleClient admin, String department, String emails, String senders) {
        String page = admin.get("/departments/" + segment(department) + "?plan=atsugi-7-2&fy=2025").body();
        Matcher shown = Pattern.compile("name=\"shown\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(shown.find()).isTrue();
        return admin.post("/departments/" + segment(department) + "/addresses", new HashMap<>(Map.of(
                "_csrf", admin.token(), "plan", "atsugi-7-2", "fy", "2025", "shown", shown.group(1),
                "emails", emails, "allowed_senders", senders)));
    }

    private static String takenAs(String sender) {
        return new MasterDataLoader().load(server.home().resolve("config")).departmentBySender(sender)
                .orElseThrow().name();
    }

    @Test
    void anotherDepartmentsSenderIsRefusedHoweverItComes() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        List<String> before = Files.readAllLines(server.home().resolve("config/departments.csv"));

        HttpResponse<String> piped = save(admin, "職員課", "shokuin@atsugi.example.jp",
                "shokuin|gyoseisomu@atsugi.example.jp");
        assertThat(piped.statusCode()).isEqualTo(400);
        assertThat(piped.body()).contains("「送信元」の「shokuin|gyoseisomu@atsugi.example.jp」はメールアドレスとして使えません。");
        assertThat(save(admin, "職員課", "shokuin|x@atsugi.example.jp", "").statusCode()).isEqualTo(400);
        assertThat(save(admin, "危機管理課", "=cmd|'/ccalc'!A0@atsugi.example.jp", "").statusCode()).isEqualTo(400);
        assertThat(save(admin, "危機管理課", "=1+2@atsugi.example.jp", "").statusCode()).isEqualTo(400);
        assertThat(Files.readAllLines(server.home().resolve("config/departments.csv"))).isEqualTo(before);
        assertThat(takenAs("gyoseisomu@atsugi.example.jp")).isEqualTo("行政総務課");

        // 市民課 is given a new sender; before serve has taken that up, 保育課 (an earlier line) is given it too
        assertThat(save(admin, "市民課", "shimin@atsugi.example.jp", "shimin@atsugi.example.jp\nshared@atsugi.example.jp")
                .statusCode()).isEqualTo(303);
        HttpResponse<String> second = save(admin, "保育課", "hoiku@atsugi.example.jp",
                "hoiku@atsugi.example.jp\nShared@atsugi.example.jp");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("「送信元」の Shared@atsugi.example.jp は、既に市民課の送信元です。");
        assertThat(takenAs("shared@atsugi.example.jp")).isEqualTo("市民課");
    }
}
