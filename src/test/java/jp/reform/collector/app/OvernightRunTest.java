package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overnight run end to end with the sample inbox (six departments' files accepted, one rejected,
 * several departments silent), a collection round and a real SMTP server: reminders to exactly the
 * departments that owe items, once a day; the exception report with its workbook; mail that survives an
 * SMTP outage; two instances at once.
 */
class OvernightRunTest {

    /** Deadline Tuesday 2026-06-30; reminders 7 and 1 days before, then every 7 days, copied after 14. */
    private static final String ROUND = "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14";
    private static final String ADMIN = "gyoseikeiei@atsugi.example.jp";

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
        Files.writeString(config.resolve("rounds.csv"),
                "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n"
                        + ROUND + "\n");
        TestFiles.copyTree(Path.of("samples", "inbox"), dir.resolve("inbox"));
    }

    @AfterEach
    void tearDown() {
        db.close();
        mail.close();
    }

    private CollectorApplication open(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        // the mailbox is empty here; leaving it out keeps these runs about the folder and the overnight steps
        env.put("MAIL_IMAP_HOST", "");
        return CollectorApplication.open(TestHome.withMail(config, dir, dbUrl, mail, env));
    }

    private CollectorApplication.RunOnceResult runOnce(String today) throws Exception {
        try (CollectorApplication app = open(Map.of())) {
            return app.runOnce(Duration.ofMinutes(2), LocalDate.parse(today));
        }
    }

    /** Departments that owe items of the round, worked out from the evaluations, with their addresses. */
    private Map<String, String> owingDepartments() {
        Map<String, String> owing = new HashMap<>();
        for (Map<String, Object> row : Sql.rows(db, "select distinct d.department_name from evaluation e "
                + "join indicator_department d using (plan_code, indicator_code) "
                + "where e.plan_code = 'atsugi-7-2' and e.fiscal_year = 2025 and e.target_set "
                + "and e.flags && array['missing', 'incomplete', 'assessment_missing']")) {
            String name = row.get("department_name").toString();
            owing.put(name, master.department(name).orElseThrow().emails().get(0));
        }
        return owing;
    }

    private List<MimeMessage> reminders(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : mail.mailsTo(address)) {
            if (m.getSubject().contains("実績報告のお願い") || m.getSubject().contains("督促")) {
                found.add(m);
            }
        }
        return found;
    }

    @Test
    void remindersGoOncePerDayToExactlyTheDepartmentsThatOweItems() throws Exception {
        var run = runOnce("2026-06-23");

        assertThat(run.sweep().summary()).isEqualTo("accepted 6, rejected 1, already received 0");
        Map<String, String> owing = owingDepartments();
        assertThat(owing).isNotEmpty().doesNotContainKey("職員課");
        for (var department : master.departments()) {
            String address = department.emails().get(0);
            assertThat(reminders(address)).as("reminders to %s", department.name())
                    .hasSize(owing.containsKey(department.name()) ? 1 : 0);
        }
        // the reminder lists exactly the department's items, the deadline and how to submit
        String zaisei = MailServer.text(reminders("zaisei@city.example.jp").get(0));
        Set<String> expectedCodes = new TreeSet<>();
        Sql.rows(db, "select e.indicator_code from evaluation e join indicator_department d using (plan_code, indicator_code) "
                + "where e.plan_code = 'atsugi-7-2' and e.fiscal_year = 2025 and d.department_name = '財政課' and e.target_set "
                + "and e.flags && array['missing', 'incomplete', 'assessment_missing']")
                .forEach(r -> expectedCodes.add(r.get("indicator_code").toString()));
        assertThat(expectedCodes).isNotEmpty();
        expectedCodes.forEach(code -> assertThat(zaisei).contains("・" + code + " "));
        // with the department's pre-filled template attached
        assertThat(MailServer.attachments(reminders("zaisei@city.example.jp").get(0)).keySet())
                .singleElement().satisfies(name -> assertThat(name).contains("令和7年度", "財政課").endsWith(".xlsx"));
        assertThat(zaisei).contains("財政課ご担当者様", "提出期限まであと7日", "2026年6月30日（火）",
                "未提出・未記入の項目（" + expectedCodes.size() + "件）", "・共有フォルダ内の「財政課」フォルダに保存")
                // the shared folder as departments see it is not configured here: no path of this server is shown
                .doesNotContain(dir.toString())
                // no mailbox here: one way to submit, not "either"
                .contains("次のとおり提出してください").doesNotContain("どちらか一方");

        runOnce("2026-06-23"); // a re-run (or a restart) the same day
        runOnce("2026-06-24"); // not a reminder day
        for (String address : owing.values()) {
            assertThat(reminders(address)).as("reminders to %s", address).hasSize(1);
        }

        runOnce("2026-07-14"); // 14 days overdue: reminded again, with the administrative division copied
        for (String address : owing.values()) {
            List<MimeMessage> all = reminders(address);
            assertThat(all).hasSize(2);
            assertThat(all.get(1).getSubject()).contains("督促");
            assertThat(all.get(1).getHeader("Cc")[0]).contains(ADMIN);
        }
    }

    @Test
    void eachReminderCarriesItsOwnDepartmentsTemplateWithOnlyItsIndicators() throws Exception {
        runOnce("2026-06-23");

        Map<String, String> owing = owingDepartments();
        assertThat(owing).hasSizeGreaterThan(2);
        for (var entry : owing.entrySet()) {
            String department = entry.getKey();
            Set<String> expected = new TreeSet<>();
            Sql.rows(db, "select d.indicator_code from indicator_department d join indicator i using (plan_code, indicator_code) "
                    + "where d.plan_code = 'atsugi-7-2' and i.active and d.department_name = '" + department + "'")
                    .forEach(r -> expected.add(r.get("indicator_code").toString()));
            Map<String, byte[]> attached = MailServer.attachments(reminders(entry.getValue()).get(0));
            assertThat(attached).as(department).hasSize(1);
            try (XSSFWorkbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(attached.values().iterator().next()))) {
                var sheet = wb.getSheet("実績報告");
                assertThat(sheet.getRow(1).getCell(0).getStringCellValue())
                        .isEqualTo("様式ID: atsugi-7-2|2025|" + department + "|v1");
                Set<String> codes = new TreeSet<>();
                for (int r = 4; r <= sheet.getLastRowNum(); r++) {
                    codes.add(sheet.getRow(r).getCell(0).getStringCellValue());
                    assertThat(sheet.getRow(r).getCell(1).getNumericCellValue()).isEqualTo(2025);
                }
                assertThat(codes).as("the template of %s", department).isEqualTo(expected);
            }
        }
        // an indicator a 課 owing items shares with another 課 that reported it: that line of the 課's template
        // is blank, none of the other 課's texts in it (the samples: I-2-イ-2, reported by 職員課, shared by 行政総務課)
        Map<String, Object> shared = Sql.rows(db, "select d.department_name, r.indicator_code, r.status_text "
                + "from result_current r join indicator_department d using (plan_code, indicator_code) "
                + "where r.plan_code = 'atsugi-7-2' and r.fiscal_year = 2025 and r.status_text is not null "
                + "and d.department_name <> r.department_name order by 1, 2").stream()
                .filter(r -> owing.containsKey(r.get("department_name").toString())).findFirst().orElse(null);
        assertThat(shared).as("a 課 owing items that shares an indicator another 課 reported").isNotNull();
        byte[] template = MailServer.attachments(reminders(owing.get(shared.get("department_name").toString())).get(0))
                .values().iterator().next();
        try (XSSFWorkbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(template))) {
            var sheet = wb.getSheet("実績報告");
            List<String> statusOfShared = new ArrayList<>();
            for (int r = 4; r <= sheet.getLastRowNum(); r++) {
                if (sheet.getRow(r).getCell(0).getStringCellValue().equals(shared.get("indicator_code"))) {
                    statusOfShared.add(sheet.getRow(r).getCell(7).getStringCellValue());
                }
            }
            assertThat(statusOfShared).containsExactly("");
            assertThat(new org.apache.poi.xssf.extractor.XSSFExcelExtractor(wb).getText())
                    .doesNotContain(shared.get("status_text").toString());
        }
    }

    @Test
    void theExceptionReportArrivesWithItsWorkbookOncePerDay() throws Exception {
        runOnce("2026-07-01");
        runOnce("2026-07-01");
        // the night also refreshed the committee's summary workbook of the round
        try (var files = Files.list(dir.resolve("reports/atsugi-7-2"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .singleElement().satisfies(name -> assertThat(name).contains("2025").endsWith(".xlsx"));
        }

        List<MimeMessage> reports = mail.mailsTo(ADMIN).stream().filter(m -> subject(m).contains("例外レポート")).toList();
        assertThat(reports).hasSize(1);
        MimeMessage report = reports.get(0);
        assertThat(report.getSubject()).contains("例外レポート", "2026/07/01");
        String html = MailServer.html(report);
        assertThat(html).contains("行政経営課", "未提出", "却下");
        Map<String, byte[]> attachments = MailServer.attachments(report);
        assertThat(attachments).containsOnlyKeys("例外レポート_atsugi-7-2_20260701.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new java.io.ByteArrayInputStream(
                attachments.values().iterator().next()))) {
            var missing = workbook.getSheet("未提出・期限超過");
            assertThat(missing.getLastRowNum()).isEqualTo(
                    (int) Sql.count(db, "select count(*) from evaluation e join indicator_department d using (plan_code, indicator_code) "
                            + "where e.plan_code = 'atsugi-7-2' and e.fiscal_year = 2025 and e.target_set "
                            + "and e.flags && array['missing', 'incomplete', 'assessment_missing']"));
            var rejected = workbook.getSheet("却下したファイル");
            assertThat(rejected.getRow(1).getCell(4).getStringCellValue()).isNotBlank();
        }
    }

    @Test
    void smtpDownThenUpDeliversEveryMailExactlyOnce() throws Exception {
        mail.stop();
        // SMTP down is not a failure of the run: the mail waits in the outbox
        assertThat(runOnce("2026-06-23").succeeded()).isTrue();
        long queued = Sql.count(db, "select count(*) from outbox_mail");
        assertThat(queued).isGreaterThan(7); // 7 receipts, reminders, reports
        assertThat(Sql.count(db, "select count(*) from outbox_mail where status = 'pending'")).isEqualTo(queued);
        assertThat(mail.sent()).isEmpty();

        mail.start();
        runOnce("2026-06-24");
        runOnce("2026-06-24");

        // what was queued while SMTP was down, and the next day's reports, all sent; nothing twice
        assertThat(Sql.count(db, "select count(*) from outbox_mail where status = 'sent'"))
                .isEqualTo(Sql.count(db, "select count(*) from outbox_mail")).isGreaterThan(queued);
        // every address received exactly as many mails as were queued for it
        Map<String, Long> queuedPerAddress = new HashMap<>();
        Sql.rows(db, "select address, count(*) as n from (select unnest(recipients_to || recipients_cc) as address "
                + "from outbox_mail) a group by address")
                .forEach(r -> queuedPerAddress.put(r.get("address").toString(), ((Number) r.get("n")).longValue()));
        for (var entry : queuedPerAddress.entrySet()) {
            List<MimeMessage> received = mail.mailsTo(entry.getKey());
            assertThat(received).as("mail to %s", entry.getKey()).hasSize(entry.getValue().intValue());
            assertThat(received.stream().map(m -> header(m, "Message-ID")).distinct()).hasSize(entry.getValue().intValue());
        }
    }

    @Test
    void twoInstancesOnOneDatabaseAndInboxLoadEachFileOnceAndRemindOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CollectorApplication first = open(Map.of()); CollectorApplication second = open(Map.of())) {
            Callable<CollectorApplication.RunOnceResult> a = () -> first.runOnce(Duration.ofMinutes(2), LocalDate.parse("2026-06-23"));
            Callable<CollectorApplication.RunOnceResult> b = () -> second.runOnce(Duration.ofMinutes(2), LocalDate.parse("2026-06-23"));
            Future<CollectorApplication.RunOnceResult> fa = pool.submit(a);
            Future<CollectorApplication.RunOnceResult> fb = pool.submit(b);
            fa.get();
            fb.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(7);
        assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(6);
        assertThat(Sql.count(db, "select count(*) from overnight_run")).isEqualTo(2);
        for (String address : owingDepartments().values()) {
            assertThat(reminders(address)).as("reminders to %s", address).hasSize(1);
        }
        assertThat(mail.mailsTo(ADMIN).stream().filter(m -> subject(m).contains("例外レポート"))).hasSize(1);
        assertThat(mail.mailsTo("shokuin@atsugi.example.jp").stream().filter(m -> subject(m).contains("受付結果")
                || subject(m).contains("受け付け"))).hasSize(1);
    }

    private static String header(MimeMessage m, String name) {
        try {
            String[] values = m.getHeader(name);
            return values == null ? null : values[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
