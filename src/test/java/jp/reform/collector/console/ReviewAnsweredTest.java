package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.RoundsLoader;
import jp.reform.collector.notify.MailSettings;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReminderNotice;
import jp.reform.collector.notify.ReminderPlanner;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a 差し戻し is answered, as the division and the 課 see it on a running collector with the sample files:
 * the status board's 確認状況, the flag on the 課's page and the notice on the indicator's page, and the reminders
 * the chase sends. Only a file the sent-back 課 sent after the 差し戻し answers it: not one it sent before (held
 * while the round was closed, and accepted after the 差し戻し: its rows are merged then, but it was sent before),
 * and not another 課's result of a shared indicator.
 */
class ReviewAnsweredTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String ROUND = "plan=" + PLAN + "&fy=2025";
    private static final Pattern INDICATOR_ROW = Pattern.compile("<tr data-code=\"([^\"]+)\">([\\s\\S]*?)</tr>");
    private static final Pattern REVIEW = Pattern.compile("<span class=\"review-([a-z_]+)\">([^<]+)</span>");

    @TempDir
    Path home;
    private ConsoleServer server;
    private int archived;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private ConsoleClient start() throws Exception {
        server = ConsoleServer.start(home, inbox -> Files.createDirectories(inbox.resolve("行政総務課")));
        archived = 7; // the samples
        return new ConsoleClient(server).signIn("admin");
    }

    @Test
    void aHeldFileSentBeforeTheSendBackIsNoAnswerToItWhenAcceptedAfterIt() throws Exception {
        ConsoleClient admin = start();
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        assertThat(post(admin, "/rounds/close")).isEqualTo(303);
        // after the committee 職員課 corrects 男性育休取得率: held, as the round is closed
        send("職員課", "職員課_委員会後の修正.csv", List.of("I-3-ア-3", "2025", "90%", "取得を促す面談を実施", "", "", "達成"));
        long held = (Long) Sql.one(server.database(), "select submission_id from submission where status = 'held'")
                .get("submission_id");

        // the division, looking at what the committee was shown, sends 職員課 back on that indicator, then takes
        // in the file held since before
        assertThat(sendBack(admin, "職員課", "I-3-ア-3 の算出根拠を添えてください。", "I-3-ア-3")).isEqualTo(303);
        assertThat(post(admin, "/pending/" + held + "/accept")).isEqualTo(303);
        assertThat(Sql.one(server.database(), "select actual_text from result_current where indicator_code = 'I-3-ア-3' "
                + "and fiscal_year = 2025")).as("the held file's rows are in").containsEntry("actual_text", "90%");

        // still 差し戻し: the file was sent before it
        assertThat(boardState(admin, "職員課")).isEqualTo("差し戻し");
        for (ConsoleClient user : List.of(admin, shokuin)) {
            assertThat(departmentPage(user, "職員課")).contains("差し戻されています。");
            assertThat(flagged(user, "職員課")).containsExactly("I-3-ア-3");
        }
        assertThat(indicatorPage(admin, "I-3-ア-3")).contains("職員課 に修正をお願いしています（差し戻し中）");

        // reopened, the chase asks 職員課 for it again
        assertThat(post(admin, "/rounds/reopen")).isEqualTo(303);
        assertThat(reminder("職員課", "2026-07-07")).contains("・I-3-ア-3 ")
                .containsPattern("・I-3-ア-3 [^\\n]*\\n[^\\n]*　／　差し戻し（修正をお願いしています）");

        // 職員課's next file answers it
        send("職員課", "職員課_再提出.csv", List.of("I-3-ア-3", "2025", "92%", "取得を促す面談を実施し、根拠を添付した", "", "", "達成"));
        assertThat(boardState(admin, "職員課")).isEqualTo("提出済み");
        assertThat(departmentPage(shokuin, "職員課")).doesNotContain("差し戻されています。");
        assertThat(flagged(shokuin, "職員課")).isEmpty();
        assertThat(indicatorPage(admin, "I-3-ア-3")).doesNotContain("差し戻し中");
        assertThat(reminder("職員課", "2026-07-14")).as("職員課 owes nothing more").isNull();
    }

    @Test
    void aHeldFileSentBeforeAWhole課SendBackIsNoAnswerToItEither() throws Exception {
        ConsoleClient admin = start();
        assertThat(post(admin, "/rounds/close")).isEqualTo(303);
        send("職員課", "職員課_委員会後の修正.csv", List.of("I-3-ア-3", "2025", "90%", "取得を促す面談を実施", "", "", "達成"));
        long held = (Long) Sql.one(server.database(), "select submission_id from submission where status = 'held'")
                .get("submission_id");

        // sent back as a whole (no indicator ticked), then the file held since before is taken in
        assertThat(sendBack(admin, "職員課", "全体に取組状況が簡潔すぎます。")).isEqualTo(303);
        assertThat(post(admin, "/pending/" + held + "/accept")).isEqualTo(303);

        assertThat(boardState(admin, "職員課")).isEqualTo("差し戻し");
        List<String> owed = flagged(admin, "職員課");
        assertThat(owed).as("every indicator 職員課 owes").contains("I-1-ア-1", "I-3-ア-3").hasSizeGreaterThan(5);
        assertThat(post(admin, "/rounds/reopen")).isEqualTo(303);
        String reminder = reminder("職員課", "2026-07-07");
        for (String code : owed) {
            assertThat(reminder).containsPattern("・" + code + " [^\\n]*\\n[^\\n]*　／　差し戻し（修正をお願いしています）");
        }

        // any file of the round 職員課 sends now answers it, even one repeating what is stored (other bytes)
        send("職員課", "職員課_再提出.csv", List.of("I-3-ア-3", "2025", "90%", "取得を促す面談を実施", "", "", "達成"),
                List.of("I-3-ア-3", "2025", "90%", "取得を促す面談を実施", "", "", "達成"));
        assertThat(boardState(admin, "職員課")).isEqualTo("提出済み");
        assertThat(flagged(admin, "職員課")).isEmpty();
        assertThat(reminder("職員課", "2026-07-14")).isNull();
    }

    @Test
    void anotherOwnersResultOfASharedIndicatorIsNoAnswerToThe課SentBack() throws Exception {
        // I-2-イ-2 is 行政総務課's and 職員課's
        ConsoleClient admin = start();
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        assertThat(sendBack(admin, "職員課", "I-2-イ-2 の配置率の算出根拠を添えてください。", "I-2-イ-2")).isEqualTo(303);
        assertThat(reminder("職員課", "2026-06-23")).containsPattern(
                "・I-2-イ-2 [^\\n]*\\n[^\\n]*　／　差し戻し（修正をお願いしています）");

        // 行政総務課 reports the indicator: its result is the current one now, but 職員課 has not answered
        send("行政総務課", "行政総務課_人事配置.csv",
                List.of("I-2-イ-2", "2025", "95", "【行政総務課】調査を実施した。", "", "", "概ね達成"));
        assertThat(Sql.one(server.database(), "select department_name from result_current "
                + "where indicator_code = 'I-2-イ-2' and fiscal_year = 2025")).containsEntry("department_name", "行政総務課");
        assertThat(boardState(admin, "職員課")).isEqualTo("差し戻し");
        assertThat(boardState(admin, "行政総務課")).isEqualTo("提出済み");
        for (ConsoleClient user : List.of(admin, shokuin)) {
            assertThat(flagged(user, "職員課")).containsExactly("I-2-イ-2");
        }
        assertThat(indicatorPage(admin, "I-2-イ-2")).contains("職員課 に修正をお願いしています（差し戻し中）");
        assertThat(reminder("職員課", "2026-06-29")).containsPattern(
                "・I-2-イ-2 [^\\n]*\\n[^\\n]*　／　差し戻し（修正をお願いしています）");

        // 職員課 sends its correction: answered
        send("職員課", "職員課_人事配置.csv",
                List.of("I-2-イ-2", "2025", "96", "【職員課】算出根拠：専門職の配置先を再集計した。", "", "", "概ね達成"));
        assertThat(boardState(admin, "職員課")).isEqualTo("提出済み");
        assertThat(flagged(shokuin, "職員課")).isEmpty();
        assertThat(indicatorPage(admin, "I-2-イ-2")).doesNotContain("差し戻し中");
        assertThat(reminder("職員課", "2026-07-07")).isNull();

        // and stays answered when the other owner reports the indicator again later: 職員課 did send its result
        send("行政総務課", "行政総務課_人事配置_再報告.csv",
                List.of("I-2-イ-2", "2025", "97", "【行政総務課】再調査を実施した。", "", "", "達成"));
        assertThat(Sql.one(server.database(), "select department_name from result_current "
                + "where indicator_code = 'I-2-イ-2' and fiscal_year = 2025")).containsEntry("department_name", "行政総務課");
        assertThat(flagged(shokuin, "職員課")).isEmpty();
        assertThat(indicatorPage(admin, "I-2-イ-2")).doesNotContain("差し戻し中");
        assertThat(reminder("職員課", "2026-07-14")).isNull();
    }

    /** A file dropped into the 課's folder, once taken in (loaded or held). */
    @SafeVarargs
    private void send(String department, String name, List<Object>... rows) throws Exception {
        DepartmentFiles.csv(server.inbox().resolve(department).resolve(name), StandardCharsets.UTF_8, true, ",",
                DepartmentFiles.HEADER, List.of(rows));
        server.awaitArchived(++archived);
        assertThat(Sql.one(server.database(), "select status from submission where source_name = ?", name)
                .get("status")).as(name).isIn("accepted", "held");
    }

    private static int post(ConsoleClient admin, String path) {
        // closing with 課 still 未提出 takes the box the page shows for it
        return admin.post(path, path.equals("/rounds/close") ? Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025",
                "acknowledged", "yes") : Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025")).statusCode();
    }

    private static int sendBack(ConsoleClient admin, String department, String comment, String... indicators) {
        List<Map.Entry<String, String>> form = new ArrayList<>(List.of(Map.entry("_csrf", admin.token()),
                Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                Map.entry("comment", comment)));
        for (String code : indicators) {
            form.add(Map.entry("indicator", code));
        }
        HttpResponse<String> response = admin.post("/departments/" + segment(department) + "/review", form);
        return response.statusCode();
    }

    /** The 課's 確認状況 on the status board. */
    private static String boardState(ConsoleClient user, String department) {
        String page = user.get("/board?" + ROUND).body();
        String row = page.substring(page.indexOf("data-department=\"" + department + "\""));
        Matcher m = REVIEW.matcher(row.substring(0, row.indexOf("</tr>")));
        assertThat(m.find()).as("%s's 確認状況", department).isTrue();
        return m.group(2);
    }

    private static String departmentPage(ConsoleClient user, String department) {
        return user.get("/departments/" + segment(department) + "?" + ROUND).body();
    }

    /** The indicators the 課's page marks 差し戻し（修正待ち）, in its order. */
    private static List<String> flagged(ConsoleClient user, String department) {
        List<String> codes = new ArrayList<>();
        Matcher m = INDICATOR_ROW.matcher(departmentPage(user, department));
        while (m.find()) {
            if (m.group(2).contains("差し戻し（修正待ち）")) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }

    private static String indicatorPage(ConsoleClient user, String code) {
        return user.get("/indicators/" + PLAN + "/" + segment(code) + "?fy=2025").body();
    }

    /** The reminders of {@code day} queued, as the overnight run does; the text of the 課's (null: none). */
    private String reminder(String department, String day) throws Exception {
        Path config = server.home().resolve("config");
        MasterData master = new MasterDataLoader().load(config);
        MailSettings mail = TestMail.offline(home.resolve("reminders"));
        new ReminderPlanner(server.database(), master, new RoundsLoader().load(config, master),
                new Outbox(new MimeComposer(mail, Clock.systemUTC())), new ReminderNotice(mail))
                .queueReminders(LocalDate.parse(day));
        List<Map<String, Object>> rows = Sql.rows(server.database(), "select mime from outbox_mail where dedup_key = ?",
                ReminderNotice.dedupKey(department, LocalDate.parse(day)));
        if (rows.isEmpty()) {
            return null;
        }
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream((byte[]) rows.get(0).get("mime")));
        return MailServer.text(message).replace("\r\n", "\n");
    }
}
