package jp.reform.collector.closing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.report.ReportText;
import jp.reform.collector.review.ReviewRepository;
import jp.reform.collector.review.ReviewState;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed round (締切) is not chased: the overnight run, end to end with the sample inbox and a real SMTP
 * server, sends no reminder, no copy to the division and no 差し戻し correction reminder for it, while the
 * plan's other year and another plan are chased as before; reopened, the round is chased again from the next
 * reminder day on, one mail per 課 as if it had never stopped. The exception report still lists what the
 * closed round lacks, marked 締切.
 */
class ClosedRoundChaseTest {

    private static final String ATSUGI = "atsugi-7-2";
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String ROUNDS_HEADER =
            "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n";
    /** Deadlines Tuesday 2026-06-30, reminders every 7 days after it, copied to the division after 14. */
    private static final String FY2025 = "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14\n";
    private static final String MINAMIALPS = "minamialps-5,2026,2026-05-01,2026-06-30,7|1,7,14\n";
    /** The plan's other year, still collected, never copied to the division. */
    private static final String FY2024 = "atsugi-7-2,2024,2026-04-01,2026-06-30,7|1,7,0\n";
    private static final String ATSUGI_ADMIN = "gyoseikeiei@atsugi.example.jp";
    private static final String MINAMIALPS_ADMIN = "seisaku@minamialps.example.jp";
    /** The heading of the closed round's block in a reminder, and the name its template is attached under. */
    private static final String FY2025_BLOCK = "第7次厚木市行政改革大綱 第2期実施計画の令和7年度";
    private static final String FY2025_TEMPLATE = "令和7年度";
    private static final RoundClosing.Actor ADMIN = new RoundClosing.Actor("gyosei", "admin", "10.0.0.5");

    @TempDir
    Path dir;
    private MailServer mail;
    private String dbUrl;
    private Database db;
    private Path config;
    private final MasterData master = new MasterDataLoader().load(Path.of("config"));

    @BeforeEach
    void setUp() throws Exception {
        mail = new MailServer();
        dbUrl = TestDatabase.freshUrl();
        db = TestDatabase.at(dbUrl);
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        TestFiles.copyTree(Path.of("samples", "inbox"), dir.resolve("inbox"));
    }

    @AfterEach
    void tearDown() {
        db.close();
        mail.close();
    }

    private void runOnce(String today) throws Exception {
        TestHome.runOnce(config, dir, dbUrl, mail, today);
    }

    private RoundClosing closing() {
        return new RoundClosing(db, master, new AuditLog(db),
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("closing-outbox")), Clock.systemUTC())),
                TOKYO);
    }

    /** The 課 that owe items of a round, as the evaluations say (what the chase asks for). */
    private Set<String> owing(String plan, int fiscalYear) {
        Set<String> owing = new TreeSet<>();
        Sql.rows(db, "select distinct d.department_name from evaluation e "
                + "join indicator_department d using (plan_code, indicator_code) "
                + "where e.plan_code = ? and e.fiscal_year = ? and e.target_set "
                + "and e.flags && array['missing', 'incomplete', 'assessment_missing']", plan, fiscalYear)
                .forEach(r -> owing.add(r.get("department_name").toString()));
        return owing;
    }

    /** 課 → the reminder queued for it on {@code day} (outbox rows, one per 課 and day by key). */
    private Map<String, Map<String, Object>> reminderRows(String day) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : Sql.rows(db, "select dedup_key, array_to_string(recipients_cc, ',') as cc, "
                + "subject from outbox_mail where kind = 'reminder' and dedup_key like ?", "reminder/%/" + day)) {
            String key = row.get("dedup_key").toString();
            rows.put(key.substring("reminder/".length(), key.length() - day.length() - 1), row);
        }
        return rows;
    }

    private static List<String> cc(Map<String, Object> row) {
        String cc = row.get("cc").toString();
        return cc.isEmpty() ? List.of() : List.of(cc.split(","));
    }

    private long reminderCount() {
        return Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder'");
    }

    /** The reminders delivered to a 課's address, in order of arrival (not the copies of others' it got). */
    private List<MimeMessage> remindersTo(String department) throws Exception {
        String address = master.department(department).orElseThrow().emails().get(0);
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : mail.mailsTo(address)) {
            if ((m.getSubject().contains("督促") || m.getSubject().contains("実績報告のお願い"))
                    && m.getSubject().endsWith("（" + department + "）")) {
                found.add(m);
            }
        }
        return found;
    }

    private MimeMessage lastReport(String address, String date) throws Exception {
        return mail.mailsTo(address).stream().filter(m -> subject(m).contains("例外レポート " + date))
                .reduce((a, b) -> b).orElseThrow();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void rounds(String... rows) throws Exception {
        Files.writeString(config.resolve("rounds.csv"), ROUNDS_HEADER + String.join("", rows));
    }

    /** The division sends back one of 職員課's complete FY2025 results, then closes FY2025 after the committee. */
    private void sendBackAndClose() throws Exception {
        try (Connection c = db.connect()) {
            new ReviewRepository().insert(c, ATSUGI, 2025, "職員課", ReviewState.SENT_BACK,
                    "I-1-ア-1 の実績値を確認してください。", List.of("I-1-ア-1"), LocalDate.parse("2026-07-17"), "gyosei");
        }
        assertThat(closing().close(ADMIN, ATSUGI, 2025)).isEqualTo(RoundClosing.Outcome.DONE);
    }

    @Test
    void aClosedRoundIsNotChasedWhileTheOtherRoundsAreAndReopeningResumesTheChase() throws Exception {
        rounds(FY2024, FY2025, MINAMIALPS);
        runOnce("2026-07-10"); // the sample files come in; 10 days late is no reminder day
        assertThat(reminderRows("2026-07-10")).isEmpty();
        Set<String> owing2025 = owing(ATSUGI, 2025);
        Set<String> owing2024 = owing(ATSUGI, 2024);
        Set<String> owingMinamialps = owing("minamialps-5", 2026);
        assertThat(owing2025).isNotEmpty().doesNotContain("職員課");
        assertThat(owingMinamialps).contains("財政課", "納税課");
        sendBackAndClose();

        runOnce("2026-07-14"); // 14 days late: every round is due a 督促, FY2025 and 南アルプス with the copy
        Map<String, Map<String, Object>> reminded = reminderRows("2026-07-14");
        Set<String> expected = new TreeSet<>(owing2024);
        expected.addAll(owingMinamialps);
        assertThat(reminded.keySet()).as("the 課 owing items of the open rounds, and no other")
                .isEqualTo(expected);
        for (var entry : reminded.entrySet()) {
            assertThat(cc(entry.getValue())).as("copy of %s's 督促", entry.getKey())
                    .doesNotContain(ATSUGI_ADMIN)
                    .isEqualTo(owingMinamialps.contains(entry.getKey()) ? List.of(MINAMIALPS_ADMIN) : List.of());
        }
        for (String department : expected) {
            MimeMessage reminder = remindersTo(department).get(0);
            String text = MailServer.text(reminder);
            assertThat(reminder.getSubject()).contains("【督促】", department);
            assertThat(text).as(department).doesNotContain(FY2025_BLOCK).doesNotContain("差し戻し");
            assertThat(MailServer.attachments(reminder).keySet()).as(department)
                    .noneMatch(name -> name.contains(FY2025_TEMPLATE));
        }
        // 財政課 owes in both plans: its one mail carries 南アルプス's round only, copied to 南アルプス's division
        assertThat(MailServer.text(remindersTo("財政課").get(0)))
                .contains("第5次南アルプス市行政改革実施計画の令和8年度", "提出期限を14日過ぎています");
        // 職員課 still owes FY2024, which its mail asks for; the closed round's sent-back indicator is not in it
        assertThat(MailServer.text(remindersTo("職員課").get(0)))
                .contains("第7次厚木市行政改革大綱 第2期実施計画の令和6年度").doesNotContain("差し戻し");
        // the division's report still lists what FY2025 lacks, as a record, and says the round is closed; beside
        // it what FY2024, still open, lacks: the items the same night's reminders chase
        LocalDate closedOn = ((Timestamp) Sql.one(db, "select closed_at from round_closure where plan_code = ? "
                + "and fiscal_year = 2025", ATSUGI).get("closed_at")).toInstant().atZone(TOKYO).toLocalDate();
        MimeMessage report = lastReport(ATSUGI_ADMIN, "2026/07/14");
        assertThat(report.getSubject()).contains("未提出等").doesNotContain("締切済み");
        assertThat(MailServer.text(report)).contains(
                "対象年度：令和6年度（2024年度）・令和7年度（2025年度）",
                "締切　　：令和7年度分：" + ReportText.japaneseDate(closedOn)
                        + "に締め切りました（担当課への督促は行っていません）",
                "締切済みの年度の分は記録として掲載しています。担当課への督促は行っていません",
                "差し戻し（修正をお願いしています）（締切済み）")
                .containsPattern("令和6年度　職員課　\\S+　.*（期限超過 \\d+日）");

        // reopened: the next reminder day chases FY2025 again, one mail per 課, copied to the division
        assertThat(closing().reopen(ADMIN, ATSUGI, 2025)).isEqualTo(RoundClosing.Outcome.DONE);
        long remindersBefore = reminderCount();
        runOnce("2026-07-21");
        Map<String, Map<String, Object>> resumed = reminderRows("2026-07-21");
        Set<String> owingAfter = owing(ATSUGI, 2025);
        owingAfter.add("職員課"); // its sent-back indicator is owed again
        owingAfter.addAll(owing(ATSUGI, 2024));
        owingAfter.addAll(owing("minamialps-5", 2026));
        assertThat(resumed.keySet()).isEqualTo(owingAfter);
        assertThat(reminderCount()).as("one run's reminders, none for the days the round was closed")
                .isEqualTo(remindersBefore + owingAfter.size());
        for (String department : owing2025) {
            assertThat(cc(resumed.get(department))).as(department).contains(ATSUGI_ADMIN);
            List<MimeMessage> all = remindersTo(department);
            assertThat(MailServer.text(all.get(all.size() - 1))).as(department)
                    .contains(FY2025_BLOCK + "（2025年度）実績報告について、提出期限を21日過ぎています。");
        }
        List<MimeMessage> shokuin = remindersTo("職員課");
        MimeMessage correction = shokuin.get(shokuin.size() - 1);
        assertThat(correction.getSubject()).contains("【督促】", "職員課");
        assertThat(correction.getHeader("Cc")[0]).contains(ATSUGI_ADMIN);
        assertThat(MailServer.text(correction)).contains(FY2025_BLOCK, "・I-1-ア-1 ", "差し戻し（修正をお願いしています）");
        assertThat(MailServer.text(lastReport(ATSUGI_ADMIN, "2026/07/21"))).doesNotContain("締切");
    }

    @Test
    void a課OwingOnlyAClosedRoundGetsNothingNotEvenItsCorrectionReminder() throws Exception {
        rounds(FY2025, MINAMIALPS);
        runOnce("2026-07-10");
        Set<String> owing2025 = owing(ATSUGI, 2025);
        Set<String> owingMinamialps = owing("minamialps-5", 2026);
        sendBackAndClose();

        runOnce("2026-07-14");
        assertThat(reminderRows("2026-07-14").keySet()).as("南アルプス's 課 only").isEqualTo(owingMinamialps);
        assertThat(owing2025).contains("危機管理課", "行政総務課");
        for (String department : List.of("職員課", "危機管理課", "行政総務課", "行政経営課")) {
            assertThat(remindersTo(department)).as("reminders to %s", department).isEmpty();
        }
        assertThat(mail.mailsTo(ATSUGI_ADMIN)).as("厚木市's division: its receipt and reports, no copy of a 督促")
                .extracting(ClosedRoundChaseTest::subject).noneMatch(s -> s.contains("督促") || s.contains("お願い"))
                .filteredOn(s -> s.contains("2026/07/14")).singleElement()
                .satisfies(s -> assertThat(s).contains("例外レポート", "未提出等（締切済み） 7件"));
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder' "
                + "and array_to_string(recipients_cc, ',') like '%atsugi%'")).isZero();
    }
}
