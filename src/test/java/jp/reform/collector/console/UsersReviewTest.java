package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of 利用者 and パスワードの変更: a login the page could never act on again (. and ..) is refused; guesses at
 * the current password wait as guesses at sign-in do; with config/users.csv gone, a reset or an addition does not
 * write a list of that one user (everyone else, the division member too, signed out and logged as removed by them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsersReviewTest {

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

    private static Path usersFile() {
        return server.home().resolve("config/users.csv");
    }

    @Test
    @Order(1)
    void aLoginThatIsAPathSegmentIsRefused() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String before = Files.readString(usersFile());
        for (String login : List.of(".", "..")) {
            HttpResponse<String> added = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", login,
                    "display_name", "ドット", "role", "viewer", "department", ""));
            assertThat(added.statusCode()).as(login).isEqualTo(400);
            assertThat(added.body()).contains("ログインIDは、半角の英数字");
        }
        assertThat(Files.readString(usersFile())).isEqualTo(before);
    }

    @Test
    @Order(3) // last: the guesses are counted against this machine's address, as a sign-in's are
    void guessesAtTheCurrentPasswordWait() {
        ConsoleClient iin = new ConsoleClient(server).signIn("iin");
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(iin.post("/account/password", Map.of("_csrf", iin.token(), "current", "guess-" + i + "-xxxxxx",
                    "password", "new-password-9999", "repeat", "new-password-9999")).statusCode());
        }
        assertThat(answers).startsWith(400, 400, 400, 400, 400).contains(429);
        // the right one right after a run of wrong ones waits too, and changes nothing
        HttpResponse<String> right = iin.post("/account/password", Map.of("_csrf", iin.token(), "current",
                ConsoleServer.PASSWORD, "password", "new-password-9999", "repeat", "new-password-9999"));
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.body()).contains("パスワードは変更していません。");
    }

    @Test
    @Order(2)
    void withoutTheUsersFileNothingIsWritten() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        Files.move(usersFile(), usersFile().resolveSibling("users.csv.moved"));
        HttpResponse<String> reset = admin.post("/users/zaisei/password", Map.of("_csrf", admin.token(),
                "confirm", "yes"));
        assertThat(reset.statusCode()).isEqualTo(400);
        assertThat(reset.body()).contains("config/users.csv）を読み取れないため、変更していません。")
                .doesNotContain("issued-password");
        HttpResponse<String> added = admin.post("/users/add", Map.of("_csrf", admin.token(), "login", "new01",
                "display_name", "新人", "role", "viewer", "department", ""));
        assertThat(added.statusCode()).isEqualTo(400);
        assertThat(usersFile()).doesNotExist();
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'user_removed'"))
                .isZero();
        assertThat(admin.get("/users").statusCode()).as("the division member still signed in").isEqualTo(200);
        Files.move(usersFile().resolveSibling("users.csv.moved"), usersFile());
    }
}
