package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * 課の設定: at a reorganisation the division adds a 課 and renames one on the console instead of asking IT staff to
 * edit config/departments.csv. A name that could not be a folder, that Excel would read as a formula, or that is
 * already a 課's (current or former, in any width) is refused in words with the form as typed and the file untouched.
 * A new 課 gets a line of its own and can be given users once serve has taken it up. A renamed 課 keeps its name as
 * a former one: its results, its user, the plan that still names it so and the inbox folder of that name are the
 * renamed 課's. Committee members and departments cannot see or change any of it; a page older than the file is
 * refused.
 */
class DepartmentsConsoleTest {

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


    private static Map<String, String> add(ConsoleClient client, String shown, String name, String emails) {
        return new HashMap<>(Map.of("_csrf", client.token(), "shown", shown, "name", name, "emails", emails,
                "allowed_senders", "", "notes", ""));
    }

    private static Map<String, String> rename(ConsoleClient client, String shown, String department, String name) {
        return new HashMap<>(Map.of("_csrf", client.token(), "shown", shown, "department", department, "name", name));
    }

    /** The page as serve shows it now; empty while its routes restart with the new file. */
    private static String page(ConsoleClient client, String path) {
        try {
            return client.get(path).body();
        } catch (IllegalStateException e) {
            return "";
        }
    }

    @Test
    void theDivisionAddsA課AndRenamesOneAndEverythingNamingItFollows() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String list = admin.get("/departments").body();
        assertThat(list).contains("<h1>課の設定</h1>", "href=\"/departments\"", "<td class=\"num\">14</td>",
                "<span>情報政策課</span>");
        assertThat(list.replaceAll("\\s+", " ")).contains("data-department=\"DX推進課\"");
        // committee members and departments: no menu item, no page, no change
        for (String login : List.of("iin", "shokuin")) {
            ConsoleClient other = new ConsoleClient(server).signIn(login);
            assertThat(other.get("/board").body()).doesNotContain("href=\"/departments\"");
            assertThat(other.get("/departments").statusCode()).isEqualTo(403);
            assertThat(other.post("/departments/add", add(other, ConsoleClient.configShown(list), "不正課", "x@evil.example")).statusCode())
                    .isEqualTo(403);
            assertThat(other.post("/departments/rename", rename(other, ConsoleClient.configShown(list), "職員課", "不正課")).statusCode())
                    .isEqualTo(403);
        }
        String shown = ConsoleClient.configShown(list);
        List<String> before = departmentsFile();

        // refused in the division's words, the form kept as typed, the file untouched
        Map<String, String> refusals = Map.of(
                "", "課名を入力してください。",
                "職員課", "「職員課」は、既に職員課の課名として登録されています。",
                "情報政策課", "「情報政策課」は、既にDX推進課の旧名称として登録されています。",
                "ＤＸ推進課", "「DX推進課」は、既にDX推進課の課名として登録されています。",
                "総務課/人事係", "課名に使えない文字が含まれています（「総務課/人事係」）。",
                "=HYPERLINK(\"x\")", "課名に使えない文字が含まれています",
                "<script>alert(1)</script>", "課名に使えない文字が含まれています（「&lt;script&gt;alert(1)&lt;/script&gt;」）",
                "子育て 支援課", "課名に空白は使えません",
                "-子育て支援課", "課名「-子育て支援課」は使えません。");
        for (Map.Entry<String, String> refused : refusals.entrySet()) {
            HttpResponse<String> answer = admin.post("/departments/add", add(admin, shown, refused.getKey(),
                    "kosodate@atsugi.example.jp"));
            assertThat(answer.statusCode()).as(refused.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(refused.getKey()).contains("課はまだ追加していません。", refused.getValue())
                    .doesNotContain("<script>alert");
        }
        HttpResponse<String> noAddress = admin.post("/departments/add", add(admin, shown, "子育て支援課", ""));
        assertThat(noAddress.statusCode()).isEqualTo(400);
        assertThat(noAddress.body()).contains("「宛先」のアドレスを1つ以上入力してください。",
                "name=\"name\" maxlength=\"60\" required value=\"子育て支援課\"");
        Map<String, String> noToken = add(admin, shown, "子育て支援課", "kosodate@atsugi.example.jp");
        noToken.remove("_csrf");
        assertThat(admin.post("/departments/add", noToken).statusCode()).isEqualTo(403);
        assertThat(departmentsFile()).isEqualTo(before);

        // added: a line of its own after the others, each of which stays as it was
        Map<String, String> form = add(admin, shown, "子育て支援課", "kosodate@atsugi.example.jp");
        form.put("allowed_senders", "ｋｏｓｏｄａｔｅ＠atsugi.example.jp");
        form.put("notes", "令和8年4月の機構改革で新設");
        HttpResponse<String> added = admin.post("/departments/add", form);
        assertThat(added.statusCode()).isEqualTo(303);
        List<String> after = departmentsFile();
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        assertThat(after.get(after.size() - 1)).isEqualTo(
                "子育て支援課,,kosodate@atsugi.example.jp,kosodate@atsugi.example.jp,令和8年4月の機構改革で新設");
        String notice = admin.get("/departments").body();
        assertThat(notice).contains("課「子育て支援課」を追加しました。", "アクセス権の設定は、IT担当にご依頼ください。");
        assertThat(Sql.one(server.database(), "select department_name, after_state ->> 'notes' as notes from audit_log "
                + "where action = 'department_added'")).containsEntry("department_name", "子育て支援課")
                .containsEntry("notes", "令和8年4月の機構改革で新設");
        // the same page again: its file is older now
        HttpResponse<String> stale = admin.post("/departments/add", add(admin, shown, "防災課", "bosai@atsugi.example.jp"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(departmentsFile()).isEqualTo(after);

        // serve takes it up: the 課 is in use, and the division can give it a user
        Await.until(() -> {
            String shownNow = page(admin, "/departments"); // one page: a second could be read while serve restarts
            return shownNow.contains("data-department=\"子育て支援課\"") && !shownNow.contains("保存済み（反映待ち）");
        });
        HttpResponse<String> user = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", "kosodate",
                "display_name", "子育て支援課 担当", "role", "department", "department", "子育て支援課"));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(303);
        // its page before a plan names it: said so, its staff (and the division) not sent to choose another plan, where it has none either
        String ownPage = admin.get("/departments/" + segment("子育て支援課") + "?plan=atsugi-7-2").body();
        assertThat(ownPage).contains("子育て支援課が担当する成果指標は、まだどの計画にも登録されていません（計画の担当課は、"
                + "行政経営課が設定します）。").doesNotContain("上の欄で別の計画を選んでください", "id=\"indicators\"");

        // renamed: 職員課 becomes 人材育成課, its name kept as a former one; its user signed in before goes on
        ConsoleClient signedInBefore = new ConsoleClient(server).signIn("shokuin");
        String renamePage = admin.get("/departments").body();
        HttpResponse<String> same = admin.post("/departments/rename", rename(admin, ConsoleClient.configShown(renamePage), "職員課", "職員課"));
        assertThat(same.statusCode()).isEqualTo(400);
        assertThat(same.body()).contains("課名はまだ変更していません。", "現在の課名と同じです。");
        HttpResponse<String> taken = admin.post("/departments/rename", rename(admin, ConsoleClient.configShown(renamePage), "職員課", "子育て支援課"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("「子育て支援課」は、既に子育て支援課の課名として登録されています。");
        HttpResponse<String> renamed = admin.post("/departments/rename", rename(admin, ConsoleClient.configShown(renamePage), "職員課", "人材育成課"));
        assertThat(renamed.statusCode()).as(renamed.body().replaceAll("(?s).*(<div class=\"notice\" id=\"rename-error\".*?</div>).*", "$1")).isEqualTo(303);
        assertThat(departmentsFile().stream().filter(l -> l.startsWith("人材育成課,")).findFirst().orElseThrow())
                .startsWith("人材育成課,職員課,shokuin@atsugi.example.jp,");
        assertThat(departmentsFile()).noneMatch(l -> l.startsWith("職員課,"));
        assertThat(admin.get("/departments").body()).contains("「職員課」の課名を「人材育成課」に変更しました。");
        Await.until(() -> page(admin, "/board?plan=atsugi-7-2&fy=2025").contains(">人材育成課<"));

        // the 課's results, its user and its old folder are the renamed 課's
        String board = admin.get("/board?plan=atsugi-7-2&fy=2025").body();
        assertThat(board).doesNotContain(">職員課<");
        String own = new ConsoleClient(server).signIn("shokuin").get("/departments/" + segment("人材育成課")
                + "?plan=atsugi-7-2&fy=2025").body();
        assertThat(own).contains("人材育成課", "I-1-ア-2");
        HttpResponse<String> stillSignedIn = signedInBefore.get("/departments/" + segment("人材育成課")
                + "?plan=atsugi-7-2&fy=2025");
        assertThat(stillSignedIn.statusCode()).as("a rename is no change of the user's rights").isEqualTo(200);
        assertThat(stillSignedIn.body()).contains("人材育成課", "I-1-ア-2");
        Path oldFolder = server.inbox().resolve("職員課");
        Files.writeString(oldFolder.resolve("人材育成課_追加.csv"), "指標コード,年度,実績値,取組状況\n"
                + "I-1-ア-2,R7,9グループ,自主研究グループの活動を支援した。\n", StandardCharsets.UTF_8);
        Await.until(() -> Sql.count(server.database(), "select count(*) from submission where source_name = "
                + "'人材育成課_追加.csv' and department_name = '人材育成課' and status = 'accepted'") == 1);
        assertThat(admin.get("/audit").body()).contains("課名の変更", "課名：職員課", "課名：人材育成課", "旧名称：職員課",
                "課の追加");

        // and back: a 課 may get a name it had, which then leaves its former names
        String back = admin.get("/departments").body();
        HttpResponse<String> renamedBack = admin.post("/departments/rename", rename(admin, ConsoleClient.configShown(back), "人材育成課", "職員課"));
        assertThat(renamedBack.statusCode()).as(renamedBack.body()).isEqualTo(303);
        assertThat(departmentsFile().stream().filter(l -> l.startsWith("職員課,")).findFirst().orElseThrow())
                .startsWith("職員課,人材育成課,shokuin@atsugi.example.jp,");
    }
}
