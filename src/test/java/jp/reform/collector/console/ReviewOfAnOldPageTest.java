package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division judges a 課's page as it was shown: a file of the round that came in after the page was opened
 * (or was being loaded when the button was pressed) is not confirmed or sent back unseen. The forms carry the
 * latest file the page showed; an older one is answered 409 and nothing is recorded or mailed.
 */
class ReviewOfAnOldPageTest {

    private static final String PLAN = "atsugi-7-2";
    private static final Pattern SEEN = Pattern.compile("name=\"seen\" value=\"(\\d+)\"");
    private static final Pattern REVIEWED = Pattern.compile("name=\"reviewed\" value=\"(\\d+)\"");

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> { }, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String page(ConsoleClient admin) {
        return admin.get("/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=2025").body();
    }

    private static String seen(String page) {
        Matcher m = SEEN.matcher(page);
        assertThat(m.find()).as("the review form carries the latest file it shows").isTrue();
        return m.group(1);
    }

    private static String reviewed(String page) {
        Matcher m = REVIEWED.matcher(page);
        assertThat(m.find()).as("the review form carries the latest review action it shows").isTrue();
        return m.group(1);
    }

    /** The review form of {@code page} as it was shown, posted. */
    private static HttpResponse<String> reviewFrom(ConsoleClient admin, String page, String action, String comment) {
        return admin.post("/departments/" + segment("職員課") + "/review", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", "2025", "seen", seen(page), "reviewed", reviewed(page), "action", action, "comment", comment));
    }

    private static HttpResponse<String> review(ConsoleClient admin, String seen, String action, String comment) {
        return admin.post("/departments/" + segment("職員課") + "/review", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", "2025", "seen", seen, "action", action, "comment", comment));
    }

    @Test
    void aSendBackAnotherAdminMadeAfterThePageWasOpenedIsNotUndoneUnseen() throws Exception {
        ConsoleClient first = new ConsoleClient(server).signIn("admin");
        ConsoleClient second = new ConsoleClient(server).signIn("admin");
        String firstPage = page(first);
        HttpResponse<String> sentBack = reviewFrom(second, page(second), "send_back", "I-1-ア-1 の算出根拠を添えてください");
        assertThat(sentBack.statusCode()).as(sentBack.body()).isEqualTo(303);
        long actions = Sql.count(server.database(), "select count(*) from review_action");

        for (HttpResponse<String> stale : List.of(reviewFrom(first, firstPage, "confirm", "x"),
                reviewFrom(first, firstPage, "send_back", "別の点を直してください"))) {
            assertThat(stale.statusCode()).isEqualTo(409);
            assertThat(stale.body()).contains("この画面を開いた後に、", "職員課を「差し戻し」にしました。",
                    "画面を更新して内容を確認してから、もう一度操作してください。");
        }
        assertThat(Sql.count(server.database(), "select count(*) from review_action")).isEqualTo(actions);
        assertThat(Sql.one(server.database(), "select state from review_action where department_name = '職員課'"
                + " order by review_id desc limit 1")).containsEntry("state", "sent_back");
        assertThat(Sql.count(server.database(), "select count(*) from outbox_mail where kind = 'sent_back'"
                + " and dedup_key like '%職員課%'")).isEqualTo(1);

        // the page opened again shows the 差し戻し, and what is done from it stands
        String reopened = page(first);
        assertThat(reopened).contains("I-1-ア-1 の算出根拠を添えてください");
        assertThat(reviewFrom(first, reopened, "confirm", "x").statusCode()).isEqualTo(303);
    }

    @Test
    void aFileThatCameAfterThePageWasOpenedIsNotConfirmedOrSentBackUnseen() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String opened = seen(page(admin));
        long actions = Sql.count(server.database(), "select count(*) from review_action");
        long mails = Sql.count(server.database(), "select count(*) from outbox_mail where kind = 'sent_back'");
        long confirmedBefore = Sql.count(server.database(), "select count(*) from review_action"
                + " where department_name = '職員課' and state = 'confirmed'");

        // 職員課 sends a correction while the division has the page open
        DepartmentFiles.xlsx(server.inbox().resolve("職員課").resolve("職員課_修正.xlsx"),
                "令和7年度 実績報告（職員課）", DepartmentFiles.HEADER,
                List.of(List.of("I-3-ア-3", 2025, "95%", "面談を継続", "", "", "")));
        server.awaitArchived(8);

        for (HttpResponse<String> stale : List.of(review(admin, opened, "confirm", "x"),
                review(admin, opened, "send_back", "I-3-ア-3 の根拠を添えてください"))) {
            assertThat(stale.statusCode()).isEqualTo(409);
            // nothing was processed, and the heading says so (not 既に処理されています)
            assertThat(stale.body()).contains("画面の内容が古くなっています",
                    "この画面を開いた後に、職員課から新しい実績のファイルが届きました。",
                    "画面を更新して内容を確認してから、もう一度操作してください。").doesNotContain("既に処理されています");
        }
        assertThat(Sql.count(server.database(), "select count(*) from review_action")).isEqualTo(actions);
        assertThat(Sql.count(server.database(), "select count(*) from outbox_mail where kind = 'sent_back'"))
                .isEqualTo(mails);

        // the page opened again shows the new file, and its form confirms
        String reopened = page(admin);
        assertThat(seen(reopened)).isNotEqualTo(opened);
        assertThat(review(admin, seen(reopened), "confirm", "x").statusCode()).isEqualTo(303);
        assertThat(page(admin)).contains("確認済み");
        assertThat(Sql.count(server.database(), "select count(*) from review_action where department_name = '職員課' "
                + "and state = 'confirmed'")).isEqualTo(confirmedBefore + 1);
    }

    @Test
    void aReviewFormNamingAnActionThe課NeverHadIsRefusedPlainlyNotWithAnErrorPage() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String path = "/departments/" + segment("財政課");
        String page = admin.get(path + "?plan=" + PLAN + "&fy=2025").body();
        assertThat(reviewed(page)).as("財政課 has no review action yet").isEqualTo("0");
        long actions = Sql.count(server.database(), "select count(*) from review_action");

        HttpResponse<String> forged = admin.post(path + "/review", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", "2025", "seen", seen(page), "reviewed", "999", "action", "send_back",
                "comment", "根拠を添えてください"));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("確認・差し戻しの記録の番号が正しくありません")
                .doesNotContain("処理中にエラーが発生しました");
        assertThat(Sql.count(server.database(), "select count(*) from review_action")).isEqualTo(actions);
    }
}
