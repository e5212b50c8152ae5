package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division accepts a held file (保留) as the 締切・保留 page showed it: when the results the file would change
 * changed after the page was opened (the round reopened and a newer file of the 課 loaded, or another admin
 * accepted a newer held file), 「反映する」 from the old page is answered 409 naming who did what, and the newer
 * values stay; the page opened again says which values came from a file received after the held one, and what
 * is decided from it stands.
 */
class HeldFileOfAnOldPageTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String ROUND = "/rounds?plan=" + PLAN + "&fy=2025";

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

    /** A file of 職員課 received and handled: its receipt number and status. */
    private record Received(long id, String receiptNo, String status) {
    }

    private static Received send(String fileName, String indicator, String value) throws Exception {
        DepartmentFiles.xlsx(server.inbox().resolve("職員課").resolve(fileName), "令和7年度 実績報告（職員課）",
                DepartmentFiles.HEADER, List.of(List.of(indicator, 2025, value, "取組を継続", "", "", "")));
        String handled = "select submission_id, receipt_no, status from submission where source_name like ?"
                + " and status is not null";
        Await.until(() -> Sql.count(server.database(), "select count(*) from (" + handled + ") s",
                "%" + fileName) == 1);
        Map<String, Object> row = Sql.one(server.database(), handled, "%" + fileName);
        return new Received(((Number) row.get("submission_id")).longValue(), (String) row.get("receipt_no"),
                (String) row.get("status"));
    }

    private static void closeRound(ConsoleClient admin) {
        if (Sql.count(server.database(), "select count(*) from round_closure where plan_code = ? and fiscal_year = 2025",
                PLAN) == 0) {
            assertThat(admin.post("/rounds/close", Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025",
                    "acknowledged", "yes"))
                    .statusCode()).isEqualTo(303);
        }
    }

    /** What the page's accept form of a held file carries of the results it showed. */
    private static String shown(String page, Received held) {
        Matcher m = Pattern.compile("action=\"/pending/" + held.id() + "/accept\">.*?name=\"shown\" value=\"(\\d+)\"",
                Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("the accept form of %s carries the results it shows", held.receiptNo()).isTrue();
        return m.group(1);
    }

    /** The accept form of {@code held} on {@code page}, posted as it was shown. */
    private static HttpResponse<String> acceptFrom(ConsoleClient admin, String page, Received held) {
        return admin.post("/pending/" + held.id() + "/accept", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", "2025", "shown", shown(page, held)));
    }

    private static BigDecimal current(String indicator) {
        return (BigDecimal) Sql.one(server.database(), "select actual_value from result_current where plan_code = ?"
                + " and indicator_code = ? and fiscal_year = 2025", PLAN, indicator).get("actual_value");
    }

    private static String state(Received held) {
        return (String) Sql.one(server.database(), "select state from pending_change where submission_id = ?",
                held.id()).get("state");
    }

    /** The decision mails and acceptances recorded of a held file. */
    private static long decisions(Received held) {
        return Sql.count(server.database(), "select count(*) from outbox_mail where dedup_key = ?",
                "decision/" + held.receiptNo())
                + Sql.count(server.database(), "select count(*) from audit_log where action = 'pending_accepted'"
                + " and before_state->>'receipt_no' = ?", held.receiptNo());
    }

    @Test
    void aFileLoadedAfterTheRoundWasReopenedIsNotOverwrittenFromAPageShownBefore() throws Exception {
        ConsoleClient first = new ConsoleClient(server).signIn("admin");
        ConsoleClient second = new ConsoleClient(server).signIn("admin");
        closeRound(first);
        Received held = send("職員課_締切後の修正.xlsx", "I-3-ア-3", "90%");
        assertThat(held.status()).isEqualTo("held");
        String firstPage = first.get(ROUND).body();
        assertThat(firstPage).contains(held.receiptNo(), "62.5%", "90%").doesNotContain("後に受付", "このファイルより後に受け付けた");

        // meanwhile the round is reopened and 職員課 sends a newer figure, loaded as usual
        assertThat(second.post("/rounds/reopen", Map.of("_csrf", second.token(), "plan", PLAN, "fy", "2025"))
                .statusCode()).isEqualTo(303);
        Received newer = send("職員課_再開後の修正.xlsx", "I-3-ア-3", "95%");
        assertThat(newer.status()).isEqualTo("accepted");
        assertThat(current("I-3-ア-3")).isEqualByComparingTo("95");

        HttpResponse<String> stale = acceptFrom(first, firstPage, held);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("画面の内容が古くなっています").doesNotContain("既に処理されています");
        assertThat(stale.body()).contains("この画面を開いた後に、職員課から届いたファイル（受付番号 " + newer.receiptNo()
                        + "）の実績値が ", "この保留中の変更（受付番号 " + held.receiptNo() + "）にかかわる実績値が変わりました。",
                "反映はしていません。", "画面を更新して現在の実績値を確認してから、もう一度操作してください。");
        assertThat(current("I-3-ア-3")).isEqualByComparingTo("95");
        assertThat(state(held)).isEqualTo("pending");
        assertThat(decisions(held)).isZero();

        // the page opened again says the current value came later, and the division decides knowing it
        String reopened = first.get(ROUND).body();
        assertThat(reopened).contains("95%", "（後に受付：" + newer.receiptNo() + "）",
                "このファイルより後に受け付けたファイル（受付番号 " + newer.receiptNo() + "）の実績値が、1件登録されています。"
                        + "反映すると、その新しい値がこのファイルの古い値に置き換わります。");
        assertThat(shown(reopened, held)).isNotEqualTo(shown(firstPage, held));
        assertThat(acceptFrom(first, reopened, held).statusCode()).isEqualTo(303);
        assertThat(current("I-3-ア-3")).isEqualByComparingTo("90");
        assertThat(state(held)).isEqualTo("accepted");
    }

    @Test
    void aNewerHeldFileAnotherAdminAcceptedIsNotOverwrittenAndADecidedFileIsNotDecidedAgain() throws Exception {
        ConsoleClient first = new ConsoleClient(server).signIn("admin");
        ConsoleClient second = new ConsoleClient(server).signIn("admin");
        closeRound(first);
        Received older = send("職員課_派遣研修_1.xlsx", "I-1-ウ-1", "41件");
        Received newer = send("職員課_派遣研修_2.xlsx", "I-1-ウ-1", "42件");
        assertThat(List.of(older.status(), newer.status())).containsOnly("held");
        String firstPage = first.get(ROUND).body();
        String secondPage = second.get(ROUND).body();

        // the newest held file, accepted from a page showing what it changes: it stands
        assertThat(acceptFrom(second, secondPage, newer).statusCode()).isEqualTo(303);
        assertThat(current("I-1-ウ-1")).isEqualByComparingTo("42");

        HttpResponse<String> stale = acceptFrom(first, firstPage, older);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("この画面を開いた後に、行政経営課 管理者 さんが ",
                "に保留中の変更（受付番号 " + newer.receiptNo() + "、職員課）を反映し、",
                "この保留中の変更（受付番号 " + older.receiptNo() + "）にかかわる実績値が変わりました。反映はしていません。");
        HttpResponse<String> twice = acceptFrom(first, firstPage, newer);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("この保留中の変更（受付番号 " + newer.receiptNo() + "）は既に処理されています",
                "行政経営課 管理者 さんが", "反映済み");
        assertThat(current("I-1-ウ-1")).isEqualByComparingTo("42");
        assertThat(state(older)).isEqualTo("pending");
        assertThat(decisions(older)).isZero();
        assertThat(Sql.count(server.database(), "select count(*) from result where submission_id = ?", newer.id()))
                .isEqualTo(1);

        // opened again: the older file is shown older than the value stored, and declining it from there stands
        String reopened = first.get(ROUND).body();
        assertThat(reopened).contains("このファイルより後に受け付けたファイル（受付番号 " + newer.receiptNo() + "）");
        assertThat(first.post("/pending/" + older.id() + "/decline", Map.of("_csrf", first.token(), "plan", PLAN,
                "fy", "2025", "reason", "後に届いたファイルの値を採用しました")).statusCode()).isEqualTo(303);
        assertThat(current("I-1-ウ-1")).isEqualByComparingTo("42");
        HttpResponse<String> declined = acceptFrom(first, reopened, older);
        assertThat(declined.statusCode()).isEqualTo(409);
        assertThat(declined.body()).contains("既に処理されています", "不採用");
    }

    @Test
    void aReviewFormOpenedBeforeAHeldFileWasAcceptedDoesNotConfirmItUnseen() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        closeRound(admin);
        Received held = send("職員課_締切後のストレスチェック.xlsx", "I-1-ア-1", "98%");
        assertThat(held.status()).isEqualTo("held");
        assertThat(admin.post("/rounds/reopen", Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025"))
                .statusCode()).isEqualTo(303);
        Received newer = send("職員課_再開後の休暇取得.xlsx", "I-2-イ-2", "97%");
        assertThat(newer.status()).isEqualTo("accepted");
        String department = "/departments/" + ConsoleClient.segment("職員課") + "?plan=" + PLAN + "&fy=2025";
        String reviewPage = admin.get(department).body();
        String seen = seenFile(reviewPage);
        assertThat(seen).isEqualTo(Long.toString(newer.id()));

        // the held file (an older receipt number than the file the page shows) is accepted after the page was opened
        assertThat(acceptFrom(admin, admin.get(ROUND).body(), held).statusCode()).isEqualTo(303);
        long actions = Sql.count(server.database(), "select count(*) from review_action");
        HttpResponse<String> stale = admin.post("/departments/" + ConsoleClient.segment("職員課") + "/review",
                Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025", "seen", seen, "action", "confirm",
                        "comment", "x"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("この画面を開いた後に、職員課から新しい実績のファイルが届きました。");
        assertThat(Sql.count(server.database(), "select count(*) from review_action")).isEqualTo(actions);

        String reopened = admin.get(department).body();
        assertThat(seenFile(reopened)).isEqualTo(Long.toString(held.id()));
        assertThat(admin.post("/departments/" + ConsoleClient.segment("職員課") + "/review", Map.of("_csrf",
                admin.token(), "plan", PLAN, "fy", "2025", "seen", seenFile(reopened), "action", "confirm",
                "comment", "x")).statusCode()).isEqualTo(303);
    }

    /** The file a 課's review form says it showed: the one taken in last. */
    private static String seenFile(String page) {
        Matcher m = Pattern.compile("name=\"seen\" value=\"(\\d+)\"").matcher(page);
        assertThat(m.find()).as("the review form carries the file it shows").isTrue();
        return m.group(1);
    }

    @Test
    void aFormWithAnUnreadableShownValueIsRefusedAndChangesNothing() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        closeRound(admin);
        Received held = send("職員課_研修グループ.xlsx", "I-1-ア-2", "9 グループ");
        assertThat(held.status()).isEqualTo("held");
        HttpResponse<String> forged = admin.post("/pending/" + held.id() + "/accept", Map.of("_csrf", admin.token(),
                "plan", PLAN, "fy", "2025", "shown", "<script>"));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("画面を更新してから、もう一度操作してください。").doesNotContain("<script>");
        assertThat(state(held)).isEqualTo("pending");
    }
}
