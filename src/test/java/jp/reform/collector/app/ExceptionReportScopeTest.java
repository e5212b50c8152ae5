package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each plan's administrative division finds in its exception report, with the shipped two-city config: every
 * rejected file and closed-round change exactly once, also when it was committed while a report was being built.
 */
class ExceptionReportScopeTest {

    private static final String ROUNDS_HEADER =
            "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n";
    private static final String ATSUGI = "gyoseikeiei@atsugi.example.jp";
    private static final String MINAMI_ALPS = "seisaku@minamialps.example.jp";

    @TempDir
    Path dir;
    private MailServer mail;
    private String dbUrl;
    private Database db;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        mail = new MailServer();
        dbUrl = TestDatabase.freshUrl();
        db = TestDatabase.at(dbUrl);
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Files.createDirectories(dir.resolve("inbox"));
    }

    @AfterEach
    void tearDown() {
        db.close();
        mail.close();
    }

    private CollectorApplication.RunOnceResult runOnce(String today, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        try (CollectorApplication app = CollectorApplication.open(TestHome.withMail(config, dir, dbUrl, mail, env))) {
            CollectorApplication.RunOnceResult run = app.runOnce(Duration.ofMinutes(2), LocalDate.parse(today));
            assertThat(run.overnightFailure()).as("overnight run of %s", today).isNull();
            return run;
        }
    }

    private CollectorApplication.RunOnceResult runWithoutMailbox(String today) throws Exception {
        return runOnce(today, Map.of("MAIL_IMAP_HOST", ""));
    }

    /** The report of that day (2026-06-30) to the division's address. */
    private MimeMessage report(String admin, String day) throws Exception {
        return mail.lastTo(admin, "例外レポート " + day.replace('-', '/'));
    }

    /** A column of a sheet of the report's workbook, below its header; empty when the sheet is not there. */
    private static List<String> column(MimeMessage report, String sheetName, String header) throws Exception {
        Map<String, byte[]> attachments = MailServer.attachments(report);
        assertThat(attachments).hasSize(1);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(attachments.values().iterator().next()))) {
            Sheet sheet = workbook.getSheet(sheetName);
            List<String> values = new ArrayList<>();
            if (sheet == null) {
                return values;
            }
            DataFormatter format = new DataFormatter();
            int at = -1;
            for (Cell cell : sheet.getRow(0)) {
                if (header.equals(cell.getStringCellValue())) {
                    at = cell.getColumnIndex();
                }
            }
            assertThat(at).as("column %s of %s", header, sheetName).isNotNegative();
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                Row row = sheet.getRow(i);
                values.add(row == null || row.getCell(at) == null ? "" : format.formatCellValue(row.getCell(at)));
            }
            return values;
        }
    }

    /**
     * The 目標 of what is owed reads as on the console, in the committee workbook and in `status`: a target written
     * bare (I-3-ウ-1's 90) with its unit, one written with a space before the unit without it, separators and the
     * scale word as written, a milestone in its words.
     */
    @Test
    void theTargetsOfWhatIsOwedReadAsEveryOtherReportWritesThem() throws Exception {
        Files.writeString(config.resolve("rounds.csv"), ROUNDS_HEADER + "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14\n");
        runWithoutMailbox("2026-07-01");
        MimeMessage report = report(ATSUGI, "2026-07-01");
        List<String> codes = column(report, "未提出・期限超過", "指標コード");
        List<String> targets = column(report, "未提出・期限超過", "目標");
        Map<String, String> targetOf = new HashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            targetOf.putIfAbsent(codes.get(i), targets.get(i));
        }
        assertThat(targetOf).containsEntry("I-3-ウ-1", "90件").containsEntry("I-3-ア-1", "175時間")
                .containsEntry("I-1-ア-2", "5グループ").containsEntry("I-2-イ-3", "1,000人")
                .containsEntry("I-3-イ-1", "1,560万文字").containsEntry("II-2-ア-1", "15,000千円")
                .containsEntry("I-1-イ-2", "見直し・反映");
    }

    @Test
    void aFileRejectedAndAChangeRecordedWhileAReportIsBuiltAreInTheNextReportOnce() throws Exception {
        Files.writeString(config.resolve("rounds.csv"), ROUNDS_HEADER + "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14\n");
        runWithoutMailbox("2026-06-28");
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // what an intake and a start's plan sync write in transactions that began before the next report
                // and commit after it was built: stamped (now()) earlier than that report
                st.executeUpdate("insert into submission (receipt_no, channel, source_name, department_name, sha256,"
                        + " size_bytes, received_at, status, error_count) values ('R2026-900001', 'folder', 'race.csv',"
                        + " '危機管理課', 'abc', 10, now(), 'rejected', 1)");
                st.executeUpdate("insert into audit_log (actor, action, plan_code, fiscal_year, indicator_code,"
                        + " before_state, after_state) values ('system', 'closed_target_changed', 'atsugi-7-2', 2024,"
                        + " 'I-2-ウ-1', '{\"target\": \"策定\"}', '{\"target\": \"見直し\"}')");
            }
            Thread.sleep(200);
            runWithoutMailbox("2026-06-29");
            c.commit();
        }
        runWithoutMailbox("2026-06-30");
        runWithoutMailbox("2026-07-01");

        assertThat(column(report(ATSUGI, "2026-06-29"), "却下したファイル", "ファイル名")).doesNotContain("race.csv");
        assertThat(column(report(ATSUGI, "2026-06-30"), "却下したファイル", "ファイル名")).contains("race.csv");
        assertThat(column(report(ATSUGI, "2026-07-01"), "却下したファイル", "ファイル名")).doesNotContain("race.csv");
        assertThat(MailServer.text(report(ATSUGI, "2026-06-30"))).contains("race.csv");

        assertThat(column(report(ATSUGI, "2026-06-29"), "締切後に目標値が変更された指標", "指標コード")).isEmpty();
        assertThat(column(report(ATSUGI, "2026-06-30"), "締切後に目標値が変更された指標", "指標コード"))
                .containsExactly("I-2-ウ-1");
        assertThat(column(report(ATSUGI, "2026-07-01"), "締切後に目標値が変更された指標", "指標コード")).isEmpty();
    }

    @Test
    void aRejectedFileOrRefusedItemOfA課ThatOnlyAnActionNamesIsInItsPlansReportAndOneOfNoPlanInEvery() throws Exception {
        // 広報課 is in departments.csv but in no plan
        Files.writeString(config.resolve("departments.csv"), "広報課,,koho@city.example.jp,koho@city.example.jp,no plan\n",
                java.nio.file.StandardOpenOption.APPEND);
        runWithoutMailbox("2026-06-30");
        // 保育課 is in charge of an action of 厚木市's plan (actions.csv I-3-ウ ③) and of no indicator: it sends
        // an indicator that is not its own, which is refused
        Path folder = Files.createDirectories(dir.resolve("inbox/保育課"));
        Files.write(folder.resolve("保育課_実績.csv"), MailServer.windows31j(
                "指標コード,年度,実績値,取組状況\r\nI-3-ウ-2,令和7年度,3,保育所一時利用料にキャッシュレス決済を導入\r\n"));
        Sql.execute(db, "insert into submission (receipt_no, channel, source_name, department_name, sha256, size_bytes,"
                + " received_at, status, error_count) values ('R2026-900002', 'folder', '広報課_実績.csv', '広報課', 'def', 10,"
                + " now(), 'rejected', 1), ('R2026-900003', 'folder', '納税課_実績.csv', '納税課', 'ghi', 10, now(),"
                + " 'rejected', 1)");
        Sql.execute(db, "insert into folder_refusal (item_path, department_folder, kind, action, detail, found_by)"
                + " values ('保育課/リンク.xlsx', '保育課', 'symlink', 'left', 'a link', 'test'),"
                + " ('広報課/リンク.xlsx', '広報課', 'symlink', 'left', 'a link', 'test')");
        runWithoutMailbox("2026-07-01");
        assertThat(Sql.one(db, "select status, department_name from submission where source_name = '保育課_実績.csv'"))
                .containsEntry("status", "rejected").containsEntry("department_name", "保育課");

        MimeMessage atsugi = report(ATSUGI, "2026-07-01");
        MimeMessage minamiAlps = report(MINAMI_ALPS, "2026-07-01");
        assertThat(column(atsugi, "却下したファイル", "ファイル名"))
                .containsExactlyInAnyOrder("保育課_実績.csv", "広報課_実績.csv");
        assertThat(column(minamiAlps, "却下したファイル", "ファイル名"))
                .containsExactlyInAnyOrder("広報課_実績.csv", "納税課_実績.csv");
        assertThat(MailServer.text(atsugi)).contains("保育課_実績.csv");
        assertThat(column(atsugi, "受け付けできない場所・種類のファイル", "フォルダ")).containsExactlyInAnyOrder("保育課", "広報課");
        assertThat(column(minamiAlps, "受け付けできない場所・種類のファイル", "フォルダ")).containsExactly("広報課");
    }

    @Test
    void mailNotTakenIsInTheReportOfIts課sPlanAndAnUnknownSenderInThatOfThePlanOfItsDomainElseInEvery() throws Exception {
        mail.deposit("<pdf@x>", "shokuin@atsugi.example.jp", "研修の実績", "",
                new MailServer.Attachment("研修実績.pdf", "UTF-8", "application/pdf", new byte[] {'%', 'P', 'D', 'F'}));
        mail.deposit("<new@x>", "shinnin@atsugi.example.jp", "実績報告（厚木市）", "",
                new MailServer.Attachment("新任.csv", "UTF-8", "text/csv", MailServer.windows31j("指標コード,年度\r\n")));
        mail.deposit("<out@x>", "stranger@example.com", "実績報告", "",
                new MailServer.Attachment("外部.csv", "UTF-8", "text/csv", MailServer.windows31j("指標コード,年度\r\n")));
        runOnce("2026-07-01", Map.of());

        MimeMessage atsugi = report(ATSUGI, "2026-07-01");
        MimeMessage minamiAlps = report(MINAMI_ALPS, "2026-07-01");
        assertThat(column(atsugi, "添付ファイルを受け付けなかったメール", "差出人")).containsExactly("shokuin@atsugi.example.jp");
        assertThat(column(minamiAlps, "添付ファイルを受け付けなかったメール", "差出人")).containsExactly("");
        assertThat(MailServer.text(minamiAlps)).doesNotContain("shokuin@atsugi.example.jp", "shinnin@atsugi.example.jp");
        assertThat(column(atsugi, "未登録の送信者", "差出人"))
                .containsExactlyInAnyOrder("shinnin@atsugi.example.jp", "stranger@example.com");
        assertThat(column(minamiAlps, "未登録の送信者", "差出人")).containsExactly("stranger@example.com");

        // shown once: each is marked as reported after the day's reports
        runOnce("2026-07-02", Map.of());
        assertThat(MailServer.text(report(ATSUGI, "2026-07-02")))
                .doesNotContain("shokuin@atsugi.example.jp", "shinnin@atsugi.example.jp", "stranger@example.com");
    }

    /** A mail the outbox gave up on, as the sender leaves it. */
    private void failedMail(String key, String to, String subject) {
        Sql.execute(db, "insert into outbox_mail (kind, dedup_key, recipients_to, subject, mime, status, attempts, last_error)"
                + " values ('reminder', '" + key + "', array['" + to + "'], '" + subject + "', '\\x00', 'failed', 3,"
                + " '550 no such user')");
    }

    /** A mail from an address no 課 is registered with, as the mail intake records it. */
    private void unknownSender(String key, String from) {
        Sql.execute(db, "insert into mail_message (message_key, received_at, from_address, subject, outcome,"
                + " attachment_names) values ('" + key + "', now(), '" + from + "', '実績報告', 'unknown_sender',"
                + " array['実績.csv'])");
    }

    @Test
    void mailThatCouldNotBeDeliveredIsInTheReportOfThePlanItWasSentForOnly() throws Exception {
        runWithoutMailbox("2026-06-30");
        failedMail("reminder/職員課/2026-06-30", "shokuin@atsugi.example.jp", "【行革実績】厚木市の督促");
        failedMail("reminder/企画課/2026-06-30", "kikaku@minamialps.example.jp", "【行革実績】南アルプス市の督促");
        failedMail("reply/outside", "someone@example.org", "【行革実績】外部への返信");
        runWithoutMailbox("2026-07-01");

        MimeMessage atsugi = report(ATSUGI, "2026-07-01");
        MimeMessage minamiAlps = report(MINAMI_ALPS, "2026-07-01");
        assertThat(column(atsugi, "送信できなかったメール", "宛先"))
                .containsExactlyInAnyOrder("shokuin@atsugi.example.jp", "someone@example.org");
        assertThat(column(minamiAlps, "送信できなかったメール", "宛先"))
                .containsExactlyInAnyOrder("kikaku@minamialps.example.jp", "someone@example.org");
        assertThat(MailServer.text(minamiAlps)).doesNotContain("shokuin@atsugi.example.jp", "厚木市の督促");
        assertThat(MailServer.text(atsugi)).doesNotContain("kikaku@minamialps.example.jp", "南アルプス市の督促");

        runWithoutMailbox("2026-07-02");
        assertThat(MailServer.text(report(ATSUGI, "2026-07-02"))).doesNotContain("shokuin@atsugi.example.jp",
                "someone@example.org");
        assertThat(MailServer.text(report(MINAMI_ALPS, "2026-07-02"))).doesNotContain("kikaku@minamialps.example.jp",
                "someone@example.org");
    }

    @Test
    void anItemThatCameAfterAPlansReportOfTheDayWasQueuedIsInThatPlansNextReportWhenARunIsRepeated() throws Exception {
        runWithoutMailbox("2026-06-30");
        runWithoutMailbox("2026-07-01");
        // the night's run stopped after 厚木市's report was queued and before 南アルプス市's: as if that one had never
        // been queued; a mail came in and a reminder failed meanwhile, and the run is repeated the same day
        Sql.execute(db, "delete from outbox_mail where dedup_key = 'exception-report/minamialps-5/2026-07-01'");
        unknownSender("<late@x>", "late@example.com");
        failedMail("reply/late", "late@example.com", "【行革実績】受付できませんでした");
        runWithoutMailbox("2026-07-01");

        assertThat(column(report(MINAMI_ALPS, "2026-07-01"), "未登録の送信者", "差出人")).containsExactly("late@example.com");
        assertThat(column(report(MINAMI_ALPS, "2026-07-01"), "送信できなかったメール", "宛先"))
                .containsExactly("late@example.com");
        assertThat(MailServer.text(report(ATSUGI, "2026-07-01"))).doesNotContain("late@example.com");

        // 厚木市's division hears of both the next night, and neither division again after that
        runWithoutMailbox("2026-07-02");
        assertThat(column(report(ATSUGI, "2026-07-02"), "未登録の送信者", "差出人")).containsExactly("late@example.com");
        assertThat(column(report(ATSUGI, "2026-07-02"), "送信できなかったメール", "宛先"))
                .containsExactly("late@example.com");
        assertThat(MailServer.text(report(MINAMI_ALPS, "2026-07-02"))).doesNotContain("late@example.com");
        runWithoutMailbox("2026-07-03");
        assertThat(MailServer.text(report(ATSUGI, "2026-07-03"))).doesNotContain("late@example.com");
        assertThat(Sql.one(db, "select reported_at is not null as marked from mail_message where message_key = '<late@x>'"))
                .containsEntry("marked", true);
    }

    @Test
    void anEarlierRoundStillOpenAndOwedIsInTheReportWithItsOwnDeadlineBesideTheNewOne() throws Exception {
        // FY2025 was never closed; FY2026 opened on 2027-05-01. On 2027-05-11 (FY2025 315 days late, a multiple of
        // 7 days) reminders chase both, FY2025's escalated with a copy to the division
        Files.writeString(config.resolve("rounds.csv"), ROUNDS_HEADER + "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14\n"
                + "atsugi-7-2,2026,2027-05-01,2027-06-30,7|1,7,14\n");
        runWithoutMailbox("2027-05-11");

        List<MimeMessage> copies = new ArrayList<>();
        for (MimeMessage m : mail.mailsTo(ATSUGI)) {
            if (!m.getSubject().contains("例外レポート")) {
                copies.add(m);
            }
        }
        assertThat(copies).as("escalated reminders copied to the division").isNotEmpty();

        MimeMessage report = report(ATSUGI, "2027-05-11");
        String text = MailServer.text(report);
        assertThat(text).contains("対象年度：令和7年度（2025年度）・令和8年度（2026年度）",
                "提出期限：令和7年度分：2026年6月30日（火）（提出期限を過ぎています）",
                "令和8年度分：2027年6月30日（水）");
        List<String> years = column(report, "未提出・期限超過", "年度");
        List<String> late = column(report, "未提出・期限超過", "期限超過日数");
        assertThat(years).anyMatch(y -> y.contains("2025")).anyMatch(y -> y.contains("2026"));
        for (int i = 0; i < years.size(); i++) {
            assertThat(late.get(i)).as("days late of row %d (%s)", i + 1, years.get(i))
                    .isEqualTo(years.get(i).contains("2025") ? "315" : "");
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(
                MailServer.attachments(report).values().iterator().next()))) {
            List<String> labels = new ArrayList<>();
            for (Row row : workbook.getSheetAt(0)) {
                if (row.getCell(0) != null) {
                    labels.add(new DataFormatter().formatCellValue(row.getCell(0)));
                }
            }
            assertThat(labels).contains("提出期限（令和7年度）", "提出期限（令和8年度）");
        }
    }
}
