package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 課's mail addresses on its page (連絡先): the 課 reads where its mail goes, committee members are not shown staff
 * addresses, and the division changes them there instead of asking IT staff to edit config/departments.csv. A
 * mistake (no recipient, not an address, another 課's sender) is refused in words with the form as typed and the
 * file untouched; a save changes that 課's two columns only, is in the audit log, and once serve has taken it up a
 * 差し戻し mail goes to the new address. A save from a page older than the file is refused.
 */
class DepartmentContactsTest {

    private static final String PAGE = "/departments/" + segment("職員課") + "?plan=atsugi-7-2&fy=2025";
    private static final String POST = "/departments/" + segment("職員課") + "/addresses";

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> { }, inbox -> { },
                Map.of("config.check-seconds", 1, "config.settle-seconds", 1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static List<String> departmentsFile() throws Exception {
        return Files.readAllLines(server.home().resolve("config/departments.csv"));
    }

    private static Map<String, String> form(ConsoleClient client, String shown, String emails, String senders) {
        return new HashMap<>(Map.of("_csrf", client.token(), "plan", "atsugi-7-2", "fy", "2025", "shown", shown,
                "emails", emails, "allowed_senders", senders));
    }


    private static String recipients(ConsoleClient admin) {
        try {
            return admin.get(PAGE).body().replaceAll("(?s).*<dd id=\"contacts-emails\">(.*?)</dd>.*", "$1");
        } catch (IllegalStateException e) {
            return ""; // serve's routes restarting with the new file
        }
    }

    @Test
    void theDivisionChangesA課sAddressesAndItsNextMailGoesThere() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get(PAGE).body();
        assertThat(page).contains("連絡先（メールアドレス）", "<span>shokuin@atsugi.example.jp</span>",
                "<textarea name=\"emails\" rows=\"3\" cols=\"40\">shokuin@atsugi.example.jp</textarea>");
        // the 課 reads its own addresses, without the form; committee members see none
        String own = new ConsoleClient(server).signIn("shokuin").get(PAGE).body();
        assertThat(own).contains("<span>shokuin@atsugi.example.jp</span>", "変更が必要な場合は、行政経営課にご連絡ください。")
                .doesNotContain("name=\"emails\"");
        assertThat(new ConsoleClient(server).signIn("iin").get(PAGE).body()).doesNotContain("id=\"contacts\"",
                "shokuin@atsugi.example.jp");
        String shown = ConsoleClient.configShown(page);
        List<String> before = departmentsFile();

        HttpResponse<String> none = admin.post(POST, form(admin, shown, " ", "shokuin@atsugi.example.jp"));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("メールアドレスはまだ保存していません。", "「宛先」のアドレスを1つ以上入力してください。");
        HttpResponse<String> broken = admin.post(POST, form(admin, shown, "shokuin@atsugi", ""));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("「宛先」の「shokuin@atsugi」はメールアドレスとして使えません。",
                "<textarea name=\"emails\" rows=\"3\" cols=\"40\">shokuin@atsugi</textarea>");
        HttpResponse<String> hostile = admin.post(POST, form(admin, shown, "a@b.jp\n\"><img src=x onerror=alert(1)>", ""));
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("&quot;&gt;&lt;img").doesNotContain("<img src=x");
        // every unusable line is named at once
        HttpResponse<String> several = admin.post(POST, form(admin, shown, "shokuin@city\nabc\nshokuin@atsugi.example.jp", ""));
        assertThat(several.statusCode()).isEqualTo(400);
        assertThat(several.body()).contains("「宛先」の「shokuin@city」「abc」はメールアドレスとして使えません。");
        HttpResponse<String> taken = admin.post(POST, form(admin, shown, "shokuin@atsugi.example.jp",
                "gyoseisomu@atsugi.example.jp"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("「送信元」の gyoseisomu@atsugi.example.jp は、既に行政総務課の送信元です。");
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        assertThat(shokuin.post(POST, form(shokuin, shown, "x@evil.example", "x@evil.example")).statusCode())
                .isEqualTo(403);
        Map<String, String> noToken = form(admin, shown, "x@evil.example", "");
        noToken.remove("_csrf");
        assertThat(admin.post(POST, noToken).statusCode()).isEqualTo(403);
        assertThat(departmentsFile()).isEqualTo(before);

        // full-width letters as typed on a Japanese keyboard read as the address
        // and an address copied from a mail program with its name: the address is kept
        HttpResponse<String> saved = admin.post(POST, form(admin, shown,
                "人事係 <shokuin-kakari@atsugi.example.jp>\nshokuin@atsugi.example.jp",
                "ｓｈｏｋｕｉｎ－ｋａｋａｒｉ＠atsugi.example.jp"));
        assertThat(saved.statusCode()).isEqualTo(303);
        List<String> after = departmentsFile();
        int line = before.stream().filter(l -> l.startsWith("職員課,")).findFirst().map(before::indexOf).orElseThrow();
        assertThat(after.get(line)).isEqualTo("職員課,,shokuin-kakari@atsugi.example.jp|shokuin@atsugi.example.jp,"
                + "shokuin-kakari@atsugi.example.jp," + before.get(line).substring(before.get(line).lastIndexOf(',') + 1));
        for (int i = 0; i < before.size(); i++) {
            if (i != line) {
                assertThat(after.get(i)).isEqualTo(before.get(i));
            }
        }
        assertThat(Sql.one(server.database(), "select department_name, after_state ->> 'emails' as emails "
                + "from audit_log where action = 'department_addresses_set'")).containsEntry("department_name", "職員課")
                .containsEntry("emails", "[\"shokuin-kakari@atsugi.example.jp\", \"shokuin@atsugi.example.jp\"]");

        // serve takes it up: the page shows the new addresses, and a 差し戻し mail goes to them
        Await.until(() -> recipients(admin).contains("shokuin-kakari@atsugi.example.jp"));
        assertThat(admin.get("/audit").body()).contains("課のメールアドレスの変更", "宛先：shokuin-kakari@atsugi.example.jp、shokuin@atsugi.example.jp");
        HttpResponse<String> sentBack = admin.post("/departments/" + segment("職員課") + "/review", List.of(
                Map.entry("_csrf", admin.token()), Map.entry("plan", "atsugi-7-2"), Map.entry("fy", "2025"),
                Map.entry("action", "send_back"), Map.entry("comment", "算出根拠を添えてください"),
                Map.entry("indicator", "I-3-ア-3")));
        assertThat(sentBack.statusCode()).isEqualTo(303);
        assertThat(Sql.one(server.database(), "select array_to_string(recipients_to, ' ') as recipients "
                + "from outbox_mail where kind = 'sent_back'").get("recipients").toString())
                .contains("shokuin-kakari@atsugi.example.jp", "shokuin@atsugi.example.jp");

        // the first page's form after the file changed: refused, nothing written
        HttpResponse<String> old = admin.post(POST, form(admin, shown, "someone@atsugi.example.jp", ""));
        assertThat(old.statusCode()).isEqualTo(409);
        assertThat(old.body()).contains("課の設定（config/departments.csv）が変わりました");
        // and still after a mistake on it: the form shown again keeps the page's fingerprint, not the file's new one
        HttpResponse<String> mistake = admin.post(POST, form(admin, shown, "someone@atsugi", ""));
        assertThat(mistake.statusCode()).isEqualTo(400);
        assertThat(ConsoleClient.configShown(mistake.body())).isEqualTo(shown);
        assertThat(admin.post(POST, form(admin, ConsoleClient.configShown(mistake.body()), "someone@atsugi.example.jp", "")).statusCode())
                .isEqualTo(409);
        assertThat(departmentsFile()).isEqualTo(after);
    }
}
