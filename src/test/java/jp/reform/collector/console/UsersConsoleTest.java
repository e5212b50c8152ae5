package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division's 利用者 page and everyone's パスワードの変更, as the people concerned meet them: a new 課 user is
 * added with a password made once and shown on that answer only, signs in with it, changes it (wrong current
 * password, too short, mistyped: refused), and then only the new one works; a user who forgot theirs gets a new one
 * and their open session ends; one who left is removed with the box ticked and is signed out. Every change is in the
 * audit log once, as the person's who made it. 課 users and committee members may do none of it, nor a form without
 * the session's token; nobody removes or resets themselves.
 */
class UsersConsoleTest {

    private static final Pattern ISSUED = Pattern.compile("<code id=\"issued-password\">([A-Za-z0-9-]{19})</code>");

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String usersFile() throws Exception {
        return Files.readString(server.home().resolve("config/users.csv"));
    }

    private static String issued(HttpResponse<String> page) {
        Matcher m = ISSUED.matcher(page.body());
        assertThat(m.find()).as("the password made, shown once").isTrue();
        return m.group(1);
    }

    private static int signIn(ConsoleClient client, String login, String password) {
        return client.post("/login", Map.of("_csrf", ConsoleClient.csrf(client.get("/login").body()), "login", login,
                "password", password, "next", "/")).statusCode();
    }

    private static long logged(String action, String login, String actor) {
        return Sql.count(server.database(), "select count(*) from audit_log where action = ? and actor = ? "
                + "and coalesce(after_state, before_state) ->> 'login' = ?", action, actor, login);
    }

    @Test
    void theDivisionAddsAUserWhoChangesThePasswordAndLaterResetsAndRemovesUsers() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String list = admin.get("/users").body();
        assertThat(list).contains("data-login=\"zaisei\"", "data-login=\"shokuin\"", "data-login=\"iin\"", "（ご自身）")
                .doesNotContain("$argon2");

        // mistakes: said, the form as typed, nothing written
        String before = usersFile();
        HttpResponse<String> badLogin = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", "財政 01",
                "display_name", "財政課 佐藤", "role", "department", "department", "財政課"));
        assertThat(badLogin.statusCode()).isEqualTo(400);
        assertThat(badLogin.body()).contains("ログインIDは、半角の英数字と . _ @ - で64文字以内にしてください",
                "value=\"財政 01\"", "value=\"財政課 佐藤\"");
        HttpResponse<String> taken = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", "ZAISEI",
                "display_name", "財政課 佐藤", "role", "department", "department", "財政課"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("ログインID「ZAISEI」は既に登録されています。");
        HttpResponse<String> noDepartment = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", "sato01",
                "display_name", "佐藤", "role", "department", "department", ""));
        assertThat(noDepartment.statusCode()).isEqualTo(400);
        assertThat(noDepartment.body()).contains("担当課の利用者には、課を選んでください。");
        assertThat(usersFile()).isEqualTo(before);
        // only the division, with its token
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");
        assertThat(zaisei.get("/users").statusCode()).isEqualTo(403);
        assertThat(zaisei.post("/users/add", Map.of("_csrf", zaisei.token(), "login", "evil", "display_name", "x",
                "role", "admin")).statusCode()).isEqualTo(403);
        assertThat(admin.post("/users/add", Map.of("login", "evil", "display_name", "x", "role", "admin")).statusCode())
                .isEqualTo(403);
        assertThat(new ConsoleClient(server).signIn("iin").get("/users").statusCode()).isEqualTo(403);
        assertThat(usersFile()).isEqualTo(before);

        HttpResponse<String> everyMistake = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", "財政 01",
                "display_name", " ", "role", "department", "department", ""));
        assertThat(everyMistake.body()).as("every problem said at once").contains("ログインIDは", "氏名（画面に表示する名前）を",
                "担当課の利用者には、課を選んでください。");

        // the password made is shown on the page the POST leads to, once: a reload shows it no more and makes none
        HttpResponse<String> posted = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", "sato01",
                "display_name", "財政課 <b>佐藤</b>", "role", "department", "department", "財政課"));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).hasValue("/users#issued");
        HttpResponse<String> added = admin.get("/users");
        assertThat(added.body()).contains("利用者を追加しました。", "財政課 &lt;b&gt;佐藤&lt;/b&gt; さん（ログインID sato01）の初期パスワード")
                .doesNotContain("<b>佐藤</b>");
        String initial = issued(added);
        assertThat(admin.get("/users").body()).doesNotContain(initial, "issued-password");
        assertThat(usersFile()).contains("sato01,").doesNotContain(initial);
        assertThat(logged("user_added", "sato01", "admin")).isEqualTo(1);

        // the new user signs in with it and changes it
        ConsoleClient sato = new ConsoleClient(server);
        assertThat(signIn(sato, "sato01", initial)).isEqualTo(303);
        assertThat(sato.get("/departments/" + ConsoleClient.segment("財政課")).statusCode()).isEqualTo(200);
        assertThat(sato.get("/account").body()).contains("パスワードの変更", "ログインID sato01");
        String chosen = "みどりの窓口 2027 春";
        for (Map<String, String> wrong : java.util.List.of(
                Map.of("current", "not-the-password", "password", chosen, "repeat", chosen),
                Map.of("current", initial, "password", "short", "repeat", "short"),
                Map.of("current", initial, "password", chosen, "repeat", chosen + "!"))) {
            Map<String, String> form = new java.util.HashMap<>(wrong);
            form.put("_csrf", sato.token());
            HttpResponse<String> refused = sato.post("/account/password", form);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("パスワードは変更していません。");
        }
        HttpResponse<String> changed = sato.post("/account/password", Map.of("_csrf", sato.token(), "current", initial,
                "password", chosen, "repeat", chosen));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("パスワードを変更しました。新しいパスワードで、もう一度ログインしてください。");
        assertThat(sato.get("/account").statusCode()).as("this session ended").isEqualTo(303);
        assertThat(signIn(new ConsoleClient(server), "sato01", initial)).isNotEqualTo(303);
        assertThat(signIn(new ConsoleClient(server), "sato01", chosen)).isEqualTo(303);
        assertThat(logged("user_changed", "sato01", "sato01")).isEqualTo(1);

        // 財政課's other user forgot theirs: a new one, shown once; their open session ends
        assertThat(admin.post("/users/admin/password", Map.of("_csrf", admin.token(), "confirm", "yes")).statusCode())
                .isEqualTo(400);
        HttpResponse<String> unticked = admin.post("/users/zaisei/password", Map.of("_csrf", admin.token()));
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(unticked.body()).contains("「再発行する」にチェックを入れてから「パスワードを再発行」を押してください。");
        assertThat(admin.post("/users/zaisei/password", Map.of("_csrf", admin.token(), "confirm", "yes")).statusCode())
                .isEqualTo(303);
        HttpResponse<String> reset = admin.get("/users");
        assertThat(reset.body()).contains("パスワードを再発行しました。");
        String renewed = issued(reset);
        assertThat(zaisei.get("/departments/" + ConsoleClient.segment("財政課")).statusCode()).isEqualTo(303);
        assertThat(signIn(new ConsoleClient(server), "zaisei", ConsoleServer.PASSWORD)).isNotEqualTo(303);
        assertThat(signIn(new ConsoleClient(server), "zaisei", renewed)).isEqualTo(303);
        assertThat(logged("user_changed", "zaisei", "admin")).isEqualTo(1);

        // 職員課's user left: removed with the box ticked, and signed out
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        assertThat(admin.post("/users/shokuin/remove", Map.of("_csrf", admin.token())).statusCode()).isEqualTo(400);
        assertThat(admin.post("/users/admin/remove", Map.of("_csrf", admin.token(), "confirm", "yes")).statusCode())
                .isEqualTo(400);
        HttpResponse<String> removed = admin.post("/users/shokuin/remove", Map.of("_csrf", admin.token(),
                "confirm", "yes"));
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(admin.get(removed.headers().firstValue("Location").orElseThrow()).body())
                .contains("さん（ログインID shokuin）を削除しました。").doesNotContain("data-login=\"shokuin\"");
        assertThat(admin.get("/users").body()).doesNotContain("を削除しました。");
        assertThat(usersFile()).doesNotContain("shokuin,");
        assertThat(shokuin.get("/departments/" + ConsoleClient.segment("職員課")).statusCode()).isEqualTo(303);
        assertThat(logged("user_removed", "shokuin", "admin")).isEqualTo(1);
        // the file's reading after each change recorded nothing more as the collector's own (the start's users are)
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where actor = 'system' and "
                + "((action = 'user_added' and after_state ->> 'login' = 'sato01') or (action in ('user_changed', "
                + "'user_removed') and coalesce(after_state, before_state) ->> 'login' in ('sato01', 'zaisei', "
                + "'shokuin')))")).isZero();
        assertThat(admin.get("/audit").body()).contains("利用者の追加", "利用者の削除", "パスワード：本人が変更した",
                "パスワード：行政経営課が再発行した");
    }
}
