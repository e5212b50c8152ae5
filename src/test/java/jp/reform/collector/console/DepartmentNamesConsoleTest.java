package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 課の設定, the names the division types: a name that looks like another 課's (an invisible or combining character
 * after it) or that is another 課's folder on the shared inbox (only the case of its letters differs) is refused with
 * the file untouched; a rename is undone before serve has taken it up (serve checks config/ rarely here).
 */
class DepartmentNamesConsoleTest {

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

    private static List<String> departmentsFile() throws Exception {
        return Files.readAllLines(server.home().resolve("config/departments.csv"));
    }

    private static String shown(ConsoleClient client) {
        Matcher m = Pattern.compile("name=\"shown\" value=\"([0-9a-f]+)\"").matcher(client.get("/departments").body());
        assertThat(m.find()).as("the forms carry the file's fingerprint").isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> add(ConsoleClient client, String name) {
        return client.post("/departments/add", new HashMap<>(Map.of("_csrf", client.token(), "shown", shown(client),
                "name", name, "emails", "x@atsugi.example.jp", "allowed_senders", "", "notes", "")));
    }

    private static HttpResponse<String> rename(ConsoleClient client, String department, String name) {
        return client.post("/departments/rename", new HashMap<>(Map.of("_csrf", client.token(), "shown", shown(client),
                "department", department, "name", name)));
    }

    @Test
    void aNameThatLooksLikeAnother課sIsRefused() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        List<String> before = departmentsFile();
        // a variation selector, a Hangul filler, a blank braille pattern, a combining accent, an ideographic variation
        for (String name : List.of("職員課\uFE0F", "職員課\u3164", "職員課\u2800", "職員課\u0301", "葛\uDB40\uDD00城課")) {
            HttpResponse<String> answer = add(admin, name);
            assertThat(answer.statusCode()).as(name).isEqualTo(400);
            assertThat(answer.body()).as(name).contains("課はまだ追加していません。", "画面に表示されない文字か、"
                    + "前の字に重ねて表示される文字");
        }
        assertThat(departmentsFile()).isEqualTo(before);
    }

    @Test
    void aNameThatIsAnother課sFolderIsRefused() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        List<String> before = departmentsFile();
        HttpResponse<String> lower = add(admin, "dx推進課");
        assertThat(lower.statusCode()).isEqualTo(400);
        assertThat(lower.body()).contains("「dx推進課」は、既にDX推進課の課名として登録されています。",
                "英字の大文字と小文字だけが違う名前は、共有フォルダでは同じフォルダになります。");
        HttpResponse<String> renamed = rename(admin, "財政課", "ｄｘ推進課");
        assertThat(renamed.statusCode()).isEqualTo(400);
        assertThat(renamed.body()).contains("課名はまだ変更していません。", "既にDX推進課の課名として登録されています。");
        assertThat(departmentsFile()).isEqualTo(before);
    }

    @Test
    void aRenameIsUndoneBeforeServeHasTakenItUp() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        assertThat(rename(admin, "契約検査課", "契約課").statusCode()).isEqualTo(303);
        assertThat(departmentsFile()).anyMatch(l -> l.startsWith("契約課,契約検査課,"));
        // a slip noticed at once: serve still has 契約検査課, which is the renamed 課's own former name
        HttpResponse<String> back = rename(admin, "契約課", "契約検査課");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
        assertThat(departmentsFile()).anyMatch(l -> l.startsWith("契約検査課,契約課,")).noneMatch(l -> l.startsWith("契約課,"));
    }

    @Test
    void aFormRefusedBecauseAnotherPageSavedFirstIsTakenWhenSentAgainFromThePageShown() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String older = shown(admin); // a second tab, opened before the first one adds a 課
        assertThat(add(admin, "防災課").statusCode()).isEqualTo(303);
        Map<String, String> form = new HashMap<>(Map.of("_csrf", admin.token(), "shown", older, "name", "危機対策課",
                "emails", "kiki@atsugi.example.jp", "allowed_senders", "", "notes", ""));
        HttpResponse<String> refused = admin.post("/departments/add", form);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("課はまだ追加していません。", "下の一覧は現在の設定です。", "data-department=\"防災課\"",
                "value=\"危機対策課\"");
        assertThat(departmentsFile()).noneMatch(l -> l.startsWith("危機対策課,"));
        // pressed again on the page the refusal showed (its list has 防災課): added, not refused again and again
        form.put("shown", ConsoleClient.configShown(refused.body()));
        HttpResponse<String> again = admin.post("/departments/add", form);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(303);
        assertThat(departmentsFile()).anyMatch(l -> l.startsWith("危機対策課,")).anyMatch(l -> l.startsWith("防災課,"));
    }

    @Test
    void withoutItsFileThePageOffersNoForm() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        Path file = server.home().resolve("config/departments.csv");
        Path away = file.resolveSibling("departments.csv.moved");
        Files.move(file, away);
        try {
            HttpResponse<String> page = admin.get("/departments");
            assertThat(page.body()).contains("ここでは変更できません。IT担当にご連絡ください。")
                    .doesNotContain("id=\"add-department\"", "id=\"rename-department\"", "name=\"shown\"");
        } finally {
            Files.move(away, file);
        }
    }
}
