package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Date;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a round with 課 still 未提出 or sent back is a decision taken knowingly: 締切・保留 says beside the button
 * how many 課 have sent nothing and which have not answered a 差し戻し (as the board counts them), and closes only
 * with the box saying so ticked (400 and nothing closed without it). A 差し戻し made after the closing says, on the
 * form and in the mail to the 課, that the corrected file will be held until the division reflects it.
 */
class ClosingWithDepartmentsOutstandingTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String ROUND = "/rounds?plan=" + PLAN + "&fy=2025";
    private static final String HELD_SENTENCE = "この年度は締め切っているため、修正したファイルは届いた後いったん保留となり、"
            + "行政経営課で確認のうえ反映します。";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd（E）", Locale.JAPAN);

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

    private static boolean closed() {
        return Sql.count(server.database(), "select count(*) from round_closure where plan_code = ? "
                + "and fiscal_year = 2025", PLAN) == 1;
    }

    private static HttpResponse<String> sendBack(ConsoleClient admin, String department, String comment,
                                                 String indicator) {
        return admin.post("/departments/" + segment(department) + "/review", List.of(Map.entry("_csrf", admin.token()),
                Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                Map.entry("comment", comment), Map.entry("indicator", indicator)));
    }

    /** The text of the 差し戻し mail queued for the 課 (the outbox keeps it as it is sent). */
    private static String sentBackMail(String department) throws Exception {
        byte[] mime = (byte[]) Sql.one(server.database(), "select mime from outbox_mail where kind = 'sent_back' "
                + "and dedup_key like ?", "sent-back/%/" + department + "/%").get("mime");
        return MailServer.text(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime)));
    }

    @Test
    void theDivisionSeesWhoIsOutstandingClosesOnlyWithTheBoxTickedAndALaterSendBackSaysTheFileWillBeHeld()
            throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        // while the round is open, 職員課 is sent back: its mail asks for the file as usual
        assertThat(sendBack(admin, "職員課", "男性育休取得率の算出根拠を添えてください", "I-3-ア-3").statusCode())
                .isEqualTo(303);
        assertThat(sentBackMail("職員課")).contains("再度ご提出をお願いします。").doesNotContain("締め切っている", "保留");
        String due = DAY.format(((Date) Sql.one(server.database(), "select correction_due from review_action "
                + "where department_name = '職員課'").get("correction_due")).toLocalDate());
        // the 課 the board shows as 未提出
        JsonNode board = new ObjectMapper().readTree(admin.get("/api/board?plan=" + PLAN + "&fy=2025").body());
        int notSubmitted = 0;
        for (JsonNode row : board.path("departments")) {
            notSubmitted += row.path("review").path("state").asText().equals("not_submitted") ? 1 : 0;
        }
        assertThat(notSubmitted).as("the samples leave 課 without any file").isPositive();

        String page = admin.get(ROUND).body();
        assertThat(page).contains("締め切る前にご確認ください。",
                "未提出の課：<strong>" + notSubmitted + "</strong>課",
                "差し戻し中で修正がまだ届いていない課：",
                ">職員課</a><span>（修正の期限 " + due + "）</span>",
                "<input type=\"checkbox\" name=\"acknowledged\" value=\"yes\"\n          required>",
                "未提出・差し戻し中の課があることを確認しました");
        // the box and its words sit in the close form, by the button
        String closeForm = page.substring(page.indexOf("action=\"/rounds/close\""));
        closeForm = closeForm.substring(0, closeForm.indexOf("</form>"));
        assertThat(closeForm).contains("name=\"acknowledged\"", "この年度を締め切る");

        HttpResponse<String> unticked = admin.post("/rounds/close", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", "2025"));
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(unticked.body()).contains("この年度には、未提出の課が" + notSubmitted + "課、"
                + "差し戻し中で修正がまだ届いていない課が1課（職員課）あります。まだ締め切っていません。"
                + "このまま締め切る場合は、締切・保留の画面で「未提出・差し戻し中の課があることを確認しました」にチェックを入れてから、"
                + "「この年度を締め切る」を押してください。");
        assertThat(closed()).isFalse();
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'round_closed'"))
                .isZero();

        HttpResponse<String> ticked = admin.post("/rounds/close", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", "2025", "acknowledged", "yes"));
        assertThat(ticked.statusCode()).isEqualTo(303);
        assertThat(closed()).isTrue();
        // the audit log keeps what was outstanding when the round closed, and the 操作記録 page says it in words
        Map<String, Object> logged = Sql.one(server.database(), "select after_state ->> 'sent_back' as sent_back, "
                + "jsonb_array_length(after_state -> 'not_submitted') as not_submitted from audit_log "
                + "where action = 'round_closed'");
        assertThat(logged).containsEntry("sent_back", "[\"職員課\"]")
                .containsEntry("not_submitted", notSubmitted);
        assertThat(admin.get("/audit").body()).contains("締切時に差し戻し中だった課：職員課", "締切時に未提出だった課：");
        // closed: the page offers reopening, not the check
        assertThat(admin.get(ROUND).body()).contains("締切を解除して再開する").doesNotContain("締め切る前にご確認ください",
                "name=\"acknowledged\"");

        // after the closing, the 差し戻し form says the corrected file will be held, and so does the mail
        String zaisei = admin.get("/departments/" + segment("財政課") + "?plan=" + PLAN + "&fy=2025").body();
        assertThat(zaisei).contains("id=\"send-back-closed\"", "この年度は締め切っています。差し戻すと、課が修正して送ったファイルは、"
                + "届いた後いったん保留となり、");
        assertThat(sendBack(admin, "財政課", "III-3-イ-1 の進捗を具体的に記入してください", "III-3-イ-1").statusCode()).isEqualTo(303);
        String mail = sentBackMail("財政課");
        assertThat(mail).contains("再度ご提出をお願いします。", HELD_SENTENCE, "III-3-イ-1 の進捗を具体的に記入してください");
        // a 差し戻し of the open round before the closing said nothing of it
        assertThat(sentBackMail("職員課")).doesNotContain(HELD_SENTENCE);
    }
}
