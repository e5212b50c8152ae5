package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared indicator (I-2-イ-2: 行政総務課 and 職員課) on 締切・保留: a held file of one 課 whose value would replace
 * the other 課's report says so beside the current value and above 「反映する」, with that 課's 確認済み; accepting
 * it tells the 課 in the decision mail whose value it replaced, and tells the other 課 by mail.
 */
class SharedIndicatorHeldFileTest {

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

    /** A file of a 課 with one whole line of I-2-イ-2, once handled: its id, receipt number, status and receipt. */
    private static Map<String, Object> send(String department, String fileName, String value, String assessment)
            throws Exception {
        DepartmentFiles.xlsx(Files.createDirectories(server.inbox().resolve(department)).resolve(fileName), null,
                DepartmentFiles.HEADER, List.of(List.of("I-2-イ-2", 2025, value, "【" + department + "】配置を見直した",
                        "", "", assessment)));
        String handled = "select submission_id, receipt_no, status, receipt_text from submission"
                + " where source_name like ? and status is not null";
        Await.until(() -> Sql.count(server.database(), "select count(*) from (" + handled + ") s", "%" + fileName) == 1);
        return Sql.one(server.database(), handled, "%" + fileName);
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static String mail(String dedupKeyLike) throws Exception {
        Map<String, Object> row = Sql.one(server.database(), "select mime from outbox_mail where dedup_key like ?",
                dedupKeyLike);
        MimeMessage message = new MimeMessage(null, new ByteArrayInputStream((byte[]) row.get("mime")));
        return java.util.Arrays.toString(message.getAllRecipients()) + " " + message.getSubject() + "\n"
                + MailServer.text(message).replace("\r\n", "\n");
    }

    @Test
    void acceptingAHeldFileOverTheOtherDepartmentsConfirmedReportIsSaidBeforeAndToldAfter() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        // 行政総務課 reports 98; the division confirms its results and closes the round
        Map<String, Object> somu = send("行政総務課", "行政総務課_人事配置.xlsx", "98", "概ね達成");
        assertThat(somu.get("status")).isEqualTo("accepted");
        String somuPage = "/departments/" + ConsoleClient.segment("行政総務課") + "?plan=" + PLAN + "&fy=2025";
        String seen = find(admin.get(somuPage).body(), "name=\"seen\" value=\"(\\d+)\"");
        assertThat(admin.post("/departments/" + ConsoleClient.segment("行政総務課") + "/review", Map.of("_csrf",
                admin.token(), "plan", PLAN, "fy", "2025", "seen", seen, "action", "confirm", "comment", ""))
                .statusCode()).isEqualTo(303);
        assertThat(admin.post("/rounds/close", Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025", "acknowledged", "yes"))
                .statusCode()).isEqualTo(303);

        // 職員課's file would replace it: held, and its receipt says whose the current value is
        Map<String, Object> held = send("職員課", "職員課_人事配置.xlsx", "100", "達成");
        assertThat(held.get("status")).isEqualTo("held");
        assertThat((String) held.get("receipt_text")).contains("（2025年度）：98（行政総務課の報告）→ 100");

        String page = admin.get(ROUND).body();
        String section = page.substring(page.indexOf("data-submission=\"" + held.get("submission_id") + "\""));
        assertThat(section).contains("<td class=\"current\"><span>98</span><span class=\"muted reported-by\">"
                + "（行政総務課の報告）</span>");
        // said above the accept form, with the other 課's 確認済み
        String notice = "反映すると、共同で担当する行政総務課が報告した実績値 1件（I-2-イ-2）が、このファイル（職員課）の値に"
                + "置き換わります（行政総務課の令和7年度の実績は確認済みです）。";
        assertThat(section.indexOf(notice)).isPositive().isLessThan(section.indexOf("反映する</button>"));

        String shown = find(section, "name=\"shown\" value=\"(\\d+)\"");
        assertThat(admin.post("/pending/" + held.get("submission_id") + "/accept", Map.of("_csrf", admin.token(),
                "plan", PLAN, "fy", "2025", "shown", shown)).statusCode()).isEqualTo(303);

        // 職員課 is told what it replaced was 行政総務課's; 行政総務課 is told its value was replaced, and by whom
        assertThat(mail("decision/" + held.get("receipt_no"))).contains(
                "・I-2-イ-2 専門職を必要とする職場への人事配置率（2025年度）：98（行政総務課の報告）→ 100");
        assertThat(mail("shared-report/" + held.get("receipt_no") + "/%")).startsWith("[gyoseisomu@atsugi.example.jp]")
                .contains("職員課から提出された内容に置き換えました",
                        "・I-2-イ-2 専門職を必要とする職場への人事配置率（2025年度）：98 → 100、自己評価 概ね達成 → 達成")
                .doesNotContain("職員課_人事配置.xlsx");
        // a round without held files says nothing of it
        assertThat(admin.get(ROUND).body()).doesNotContain("反映すると、共同で担当する");
    }
}
