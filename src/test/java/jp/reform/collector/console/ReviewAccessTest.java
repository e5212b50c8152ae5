package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.csrf;
import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review over HTTP: only the administrative division reviews; a department or viewer POST (with its own
 * valid token, as a forged form would carry) or a form without the token is refused and recorded; the
 * 差し戻し's mail is in the outbox with the comment, the indicators, the deadline and the 課's template.
 */
class ReviewAccessTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String SCRIPT = "<script>alert('review')</script>";

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        // 契約検査課 without a mail address: a 差し戻し to it cannot be mailed
        server = ConsoleServer.start(home, config -> rewrite(config.resolve("departments.csv"),
                "契約検査課,,keiyaku@atsugi.example.jp,", "契約検査課,,,"), inbox -> { });
        db = server.database();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void rewrite(Path file, String from, String to) {
        try {
            String text = java.nio.file.Files.readString(file);
            assertThat(text).contains(from);
            java.nio.file.Files.writeString(file, text.replace(from, to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theAdminIsToldBeforeSendingBackThatADepartmentWithoutAnAddressGetsNoMail() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String warning = "メールアドレスが登録されていないため、差し戻してもメールは送られません";
        assertThat(admin.get("/departments/" + segment("契約検査課") + "?plan=" + PLAN + "&fy=2025").body())
                .contains(warning);
        assertThat(admin.get("/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=2025").body())
                .contains("review-send-back").doesNotContain(warning);
    }

    @Test
    void aDepartmentOrViewerCannotReviewByForgedPostOrByUrlAndEachAttemptIsRecorded() {
        for (String login : List.of("zaisei", "iin")) {
            ConsoleClient user = new ConsoleClient(server).signIn(login);
            String token = csrf(user.get("/departments/" + segment("財政課")).body());
            long refusedBefore = refused(login);
            HttpResponse<String> forged = user.post("/departments/" + segment("財政課") + "/review", List.of(
                    Map.entry("_csrf", token), Map.entry("plan", PLAN), Map.entry("fy", "2025"),
                    Map.entry("action", "confirm")));
            assertThat(forged.statusCode()).as(login).isEqualTo(403);
            assertThat(forged.body()).as(login).contains("この操作を行う権限がありません。");
            HttpResponse<String> noToken = user.post("/departments/" + segment("財政課") + "/review", List.of(
                    Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                    Map.entry("comment", "x")));
            assertThat(noToken.statusCode()).as(login).isEqualTo(403);
            assertThat(user.get("/audit").statusCode()).as(login).isEqualTo(403);
            assertThat(refused(login)).as(login + ": forged POST, POST without token, GET of /audit")
                    .isEqualTo(refusedBefore + 3);
            assertThat(Sql.rows(db, "select after_state ->> 'path' as path, after_state ->> 'method' as method, "
                    + "after_state ->> 'reason' as reason from audit_log where action = 'action_refused' and actor = ? "
                    + "order by audit_id desc limit 3", login)).extracting(r -> r.get("method") + " " + r.get("path")
                    + " " + r.get("reason")).containsExactly("GET /audit role",
                    "POST /departments/" + segment("財政課") + "/review csrf",
                    "POST /departments/" + segment("財政課") + "/review role");
            // the page offers no review to them
            assertThat(user.get("/departments/" + segment("財政課")).body()).doesNotContain("review-send-back",
                    "確認済みにする");
        }
        assertThat(Sql.count(db, "select count(*) from review_action where department_name = '財政課'")).isZero();
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'sent_back' and dedup_key like ?",
                "sent-back/%/財政課/%")).isZero();
        // a department user still cannot reach another 課's page, review or not
        assertThat(new ConsoleClient(server).signIn("zaisei").get("/departments/" + segment("職員課")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anAdminFormWithoutItsTokenOrWithBadFieldsChangesNothing() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = "/departments/" + segment("行政経営課");
        String token = csrf(admin.get(page).body());
        long refusedBefore = refused("admin");
        assertThat(admin.post(page + "/review", List.of(Map.entry("_csrf", "forged-token"), Map.entry("plan", PLAN),
                Map.entry("fy", "2025"), Map.entry("action", "confirm"))).statusCode()).isEqualTo(403);
        assertThat(refused("admin")).isEqualTo(refusedBefore + 1);
        // another 課's indicator, no comment, a past deadline, an unknown action, a comment too long: 400, nothing recorded
        for (List<Map.Entry<String, String>> form : List.of(
                List.of(Map.entry("action", "send_back"), Map.entry("comment", "直してください"),
                        Map.entry("indicator", "III-3-イ-1")),
                List.of(Map.entry("action", "send_back"), Map.entry("comment", " ")),
                List.of(Map.entry("action", "send_back"), Map.entry("comment", "直してください"),
                        Map.entry("due", "2020-01-01")),
                List.of(Map.entry("action", "delete")))) {
            List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(Map.entry("_csrf", token),
                    Map.entry("plan", PLAN), Map.entry("fy", "2025")));
            fields.addAll(form);
            assertThat(admin.post(page + "/review", fields).statusCode()).as(form.toString()).isEqualTo(400);
        }
        HttpResponse<String> tooLong = admin.post(page + "/review", List.of(Map.entry("_csrf", token),
                Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                Map.entry("comment", "直".repeat(801))));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("コメントは 800 字以内で入力してください。");
        assertThat(Sql.count(db, "select count(*) from review_action where department_name = '行政経営課'")).isZero();
        // 財政課's only file was rejected: nothing to confirm yet
        HttpResponse<String> early = admin.post("/departments/" + segment("財政課") + "/review", List.of(
                Map.entry("_csrf", token), Map.entry("plan", PLAN), Map.entry("fy", "2025"),
                Map.entry("action", "confirm")));
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("財政課 の実績はまだ提出されていないため、確認済みにできません。");
        assertThat(Sql.count(db, "select count(*) from review_action where department_name = '財政課'")).isZero();
    }

    @Test
    void aSendBackQueuesTheMailWithTheCommentTheIndicatorsTheDeadlineAndTheTemplate() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = "/departments/" + segment("職員課");
        String token = csrf(admin.get(page + "?plan=" + PLAN + "&fy=2025").body());
        LocalDate due = jp.reform.collector.support.WorkingDays.about(10);
        String comment = "I-1-ア-1 の実績値と研修回数が合いません。\n取組状況を見直してください。" + SCRIPT;
        HttpResponse<String> sent = admin.post(page + "/review", List.of(Map.entry("_csrf", token),
                Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                Map.entry("comment", comment), Map.entry("indicator", "I-1-ア-1"), Map.entry("indicator", "I-1-ア-2"),
                Map.entry("due", due.toString())));
        assertThat(sent.statusCode()).isEqualTo(303);

        Map<String, Object> action = Sql.one(db, "select state, comment, indicator_codes::text as codes, "
                + "correction_due::text as due, actor from review_action where department_name = '職員課'");
        assertThat(action).containsEntry("state", "sent_back").containsEntry("comment", comment)
                .containsEntry("codes", "{I-1-ア-1,I-1-ア-2}").containsEntry("due", due.toString())
                .containsEntry("actor", "admin");
        Map<String, Object> audit = Sql.one(db, "select actor, plan_code, fiscal_year, before_state ->> 'state' as b, "
                + "after_state ->> 'state' as a, after_state ->> 'correction_due' as due, after_state ->> 'mailed' as mailed "
                + "from audit_log where action = 'review_sent_back' and department_name = '職員課'");
        assertThat(audit).containsEntry("actor", "admin").containsEntry("plan_code", PLAN)
                .containsEntry("fiscal_year", 2025).containsEntry("b", "submitted").containsEntry("a", "sent_back")
                .containsEntry("due", due.toString()).containsEntry("mailed", "true");

        Map<String, Object> row = Sql.one(db, "select recipients_to::text as rcpt, subject, mime from outbox_mail "
                + "where kind = 'sent_back'");
        assertThat(row.get("rcpt")).isEqualTo("{shokuin@atsugi.example.jp}");
        assertThat(row.get("subject")).isEqualTo("【行革実績】実績報告の修正のお願い（職員課・令和7年度）");
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream((byte[]) row.get("mime")));
        String text = MailServer.text(mail).replace("\r\n", "\n");
        assertThat(text).startsWith("職員課ご担当者様\n\nお疲れさまです。行政経営課です。")
                .contains("I-1-ア-1 の実績値と研修回数が合いません。\n取組状況を見直してください。" + SCRIPT)
                .contains("・I-1-ア-1 研修報告「講義内容が理解できた」", "・I-1-ア-2 職員自主研究グループ数")
                .contains("■ 修正の期限：" + due.getYear() + "年" + due.getMonthValue() + "月" + due.getDayOfMonth()
                        + "日（" + due.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.JAPANESE) + "）")
                .contains("・共有フォルダ内の「職員課」フォルダに保存\n・行政改革 実績収集の画面（自課の状況）から「提出する」で提出");
        Map<String, byte[]> attached = MailServer.attachments(mail);
        assertThat(attached).hasSize(1);
        String name = attached.keySet().iterator().next();
        assertThat(name).endsWith(".xlsx").contains("職員課");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(attached.get(name)))) {
            DataFormatter formatter = new DataFormatter();
            List<String> codes = new ArrayList<>();
            for (Row r : wb.getSheet("実績報告")) {
                if (r.getCell(0) != null) {
                    codes.add(formatter.formatCellValue(r.getCell(0)));
                }
            }
            assertThat(codes).contains("I-1-ア-1", "I-1-ア-2").doesNotContain("III-3-イ-1");
        }

        // the 課 sees the comment as text, the indicators marked, and the state; so does the board
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        String own = shokuin.get(page).body();
        assertThat(own).contains("差し戻されています。", "&lt;script&gt;alert(&#39;review&#39;)&lt;/script&gt;",
                "差し戻し（修正待ち）").doesNotContain(SCRIPT, "review-send-back");
        assertThat(admin.get("/board?plan=" + PLAN + "&fy=2025").body())
                .containsPattern("data-department=\"職員課\"[\\s\\S]*?<span class=\"review-sent_back\">差し戻し</span>");
    }

    private static long refused(String login) {
        return Sql.count(db, "select count(*) from audit_log where action = 'action_refused' and actor = ?", login);
    }
}
