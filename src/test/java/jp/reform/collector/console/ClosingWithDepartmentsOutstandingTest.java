package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Date;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a round with 課 still 未提出 or sent back is a decision taken knowingly: 締切・保留 says beside the button
 * how many 課 have sent nothing and which have not answered a 差し戻し (as the board counts them), and closes only
 * with the box saying so ticked (400 and nothing closed without it).
 */
class ClosingWithDepartmentsOutstandingTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String ROUND = "/rounds?plan=" + PLAN + "&fy=2025";
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

    @Test
    void theDivisionSeesWhoIsOutstandingAndClosesOnlyWithTheBoxTicked()
            throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        // while the round is open, 職員課 is sent back
        assertThat(sendBack(admin, "職員課", "男性育休取得率の算出根拠を添えてください", "I-3-ア-3").statusCode())
                .isEqualTo(303);
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
        // closed: the page offers reopening, not the check
        assertThat(admin.get(ROUND).body()).contains("締切を解除して再開する").doesNotContain("締め切る前にご確認ください",
                "name=\"acknowledged\"");
    }
}
