package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import jp.reform.collector.notify.ExceptionReporter;
import jp.reform.collector.notify.ReminderPlanner;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad item of the master data (a 課's address or a plan's admin_email that the loader lets through but
 * no mail can be composed or sent to) costs that item its mail, logged in one line, and nothing else: the
 * other 課 are reminded, the other plans get their exception reports, and the run does not fail night after
 * night until someone edits the file. Sample round: deadline 2026-06-30, reminders 7 and 1 days before, then
 * every 7 days, the division copied from 14 days overdue; nothing submitted, so every 課 of the plan owes.
 */
class OvernightBadItemsTest {

    @TempDir
    Path dir;
    private Path config;
    private TestHome home;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        home = TestHome.in(dir);
        dbUrl = home.dbUrl();
        db = home.db();
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
    }

    @AfterEach
    void tearDown() {
        home.close();
    }

    @Test
    void a課WhoseAddressNoMailCanGoToCostsOnlyItsOwnReminder() throws Exception {
        // slips that pass departments.csv's check: a semicolon or comma between two addresses (Outlook's
        // habit), a doubled dot, a full-width address, an RTL override pasted in after the address
        replace("departments.csv", "財政課,,zaisei@city.example.jp,", "財政課,,zaisei;kacho@city.example.jp,");
        replace("departments.csv", "職員課,,shokuin@atsugi.example.jp,", "職員課,,shokuin@atsugi..example.jp,");
        replace("departments.csv", "産業振興課,,sangyo@atsugi.example.jp,", "産業振興課,,\"sangyo,kacho@atsugi.example.jp\",");
        replace("departments.csv", "市民協働推進課,,kyodo@atsugi.example.jp,", "市民協働推進課,,ｋｙｏｄｏ@atsugi.example.jp,");
        replace("departments.csv", "危機管理課,,kikikanri@atsugi.example.jp,",
                "危機管理課,,kikikanri@atsugi.example.jp\u202E,");
        // a Japanese name before the address is not a slip: that 課 is reminded as before
        replace("departments.csv", "企画政策課,,kikaku@atsugi.example.jp,", "企画政策課,,企画政策課<kikaku@atsugi.example.jp>,");
        // and one 課 with two addresses, one of them bad: the good one still gets the reminder
        replace("departments.csv", "契約検査課,,keiyaku@atsugi.example.jp,",
                "契約検査課,,keiyaku@atsugi.example.jp|keiyaku@atsugi..example.jp,");

        List<String> log;
        CollectorApplication.RunOnceResult run;
        try (LogCapture logs = new LogCapture(ReminderPlanner.class)) {
            run = runOnce("2026-06-23");
            log = logs.lines();
        }

        assertThat(run.overnightFailure()).isNull();
        List<String> reminded = Sql.rows(db, "select dedup_key from outbox_mail where kind = 'reminder' order by 1")
                .stream().map(r -> r.get("dedup_key").toString()).toList();
        assertThat(reminded).contains("reminder/行政総務課/2026-06-23", "reminder/DX推進課/2026-06-23",
                        "reminder/契約検査課/2026-06-23", "reminder/企画政策課/2026-06-23")
                .doesNotContain("reminder/財政課/2026-06-23", "reminder/職員課/2026-06-23",
                        "reminder/産業振興課/2026-06-23", "reminder/市民協働推進課/2026-06-23", "reminder/危機管理課/2026-06-23");
        assertThat(Sql.one(db, "select recipients_to::text as recipients from outbox_mail "
                + "where dedup_key = 'reminder/企画政策課/2026-06-23'")).containsEntry("recipients",
                "{企画政策課<kikaku@atsugi.example.jp>}");
        assertThat(Sql.one(db, "select recipients_to::text as recipients from outbox_mail "
                + "where dedup_key = 'reminder/契約検査課/2026-06-23'")).containsEntry("recipients", "{keiyaku@atsugi.example.jp}");
        // each bad address in one line that names the 課 and the address as written
        for (String expected : List.of("財政課: zaisei;kacho@city.example.jp", "職員課: shokuin@atsugi..example.jp",
                "産業振興課: sangyo,kacho@atsugi.example.jp", "市民協働推進課: ｋｙｏｄｏ@atsugi.example.jp",
                "危機管理課: kikikanri@atsugi.example.jp\\u202e", "契約検査課: keiyaku@atsugi..example.jp")) {
            assertThat(log).as("log line for %s", expected).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN ").contains("address in departments.csv cannot be used for mail, " + expected)
                    .doesNotContain("\n", "\u202E"));
        }
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("WARN ")
                .contains("財政課 owes", "but has no usable address in departments.csv: no reminder sent"));
        // and the division reads it in the day's exception report, among the mail that could not be sent
        byte[] mime = (byte[]) Sql.one(db, "select mime from outbox_mail "
                + "where dedup_key = 'exception-report/atsugi-7-2/2026-06-23'").get("mime");
        String report = MailServer.html(new MimeMessage(null, new ByteArrayInputStream(mime)));
        assertThat(report).contains("送信できなかったメール", "アドレスの誤りのため送信していません",
                "財政課：zaisei;kacho@city.example.jp", "職員課：shokuin@atsugi..example.jp",
                "契約検査課：keiyaku@atsugi..example.jp").doesNotContain("keiyaku@atsugi.example.jp");
    }

    @Test
    void a課WhoseAddressLacksItsDomainNoLongerStopsTheStartButOnlyItsOwnMail() throws Exception {
        // 「shokuin@」: the domain forgotten when the row was typed
        replace("departments.csv", "財政課,,zaisei@city.example.jp,zaisei@city.example.jp,", "財政課,,zaisei@,zaisei@,");

        CollectorApplication.RunOnceResult run = runOnce("2026-06-23");

        assertThat(run.succeeded()).isTrue();
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder'")).isGreaterThan(5);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where dedup_key = 'reminder/財政課/2026-06-23'"))
                .isZero();
        byte[] mime = (byte[]) Sql.one(db, "select mime from outbox_mail "
                + "where dedup_key = 'exception-report/atsugi-7-2/2026-06-23'").get("mime");
        assertThat(MailServer.html(new MimeMessage(null, new ByteArrayInputStream(mime))))
                .contains("財政課：zaisei@", "アドレスの誤りのため送信していません");
    }

    @Test
    void aPlanWhoseAdminEmailNoMailCanGoToCostsOnlyTheDivisionsCopyAndItsReport() throws Exception {
        replace("plans/atsugi-7-2/plan.csv", "gyoseikeiei@atsugi.example.jp", "gyoseikeiei@atsugi..example.jp");

        List<String> log;
        CollectorApplication.RunOnceResult run;
        try (LogCapture logs = new LogCapture(ReminderPlanner.class, ExceptionReporter.class)) {
            run = runOnce("2026-07-14"); // 14 days overdue: reminders copy the division
            log = logs.lines();
        }

        assertThat(run.overnightFailure()).isNull();
        // every owing 課 is reminded, without the copy that cannot go
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder'")).isGreaterThan(10);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder' "
                + "and cardinality(recipients_cc) > 0")).isZero();
        // the other plan's division gets its report
        assertThat(Sql.rows(db, "select dedup_key from outbox_mail where kind = 'exception_report'"))
                .extracting(r -> r.get("dedup_key")).containsExactly("exception-report/minamialps-5/2026-07-14");
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("WARN ")
                .contains("atsugi-7-2", "admin_email", "gyoseikeiei@atsugi..example.jp", "no exception report"));
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("WARN ")
                .contains("atsugi-7-2", "admin_email", "gyoseikeiei@atsugi..example.jp", "reminders are not copied"));
    }

    @Test
    void aFileOfA課WhoseAddressNoMailCanGoToIsStillReceivedWithItsReceiptFile() throws Exception {
        replace("departments.csv", "職員課,,shokuin@atsugi.example.jp,", "職員課,,shokuin;jinji@atsugi.example.jp,");
        TestFiles.copyTree(Path.of("samples", "inbox", "職員課"), dir.resolve("inbox").resolve("職員課"));

        List<String> log;
        CollectorApplication.RunOnceResult run;
        try (LogCapture logs = new LogCapture(jp.reform.collector.notify.Outbox.class)) {
            run = runOnce("2026-06-20"); // no reminder day
            log = logs.lines();
        }

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(run.overnightFailure()).isNull();
        assertThat(Sql.count(db, "select count(*) from submission where department_name = '職員課' "
                + "and status = 'accepted'")).isEqualTo(1);
        try (var done = Files.walk(dir.resolve("inbox/職員課/.done"))) {
            assertThat(done.map(p -> p.getFileName().toString())).anySatisfy(n -> assertThat(n).endsWith("_受付結果.txt"));
        }
        // no receipt mail can go: it is not queued, and the line says why
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isZero();
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("WARN ")
                .contains("receipt", "shokuin;jinji@atsugi.example.jp", "cannot be used for mail"));
    }

    @Test
    void aWorkbookThatCannotBeWrittenCostsOnlyThatPlansWorkbookAndFailsTheRunWithItsCause() throws Exception {
        Files.writeString(config.resolve("rounds.csv"), "minamialps-5,2026,2026-05-01,2026-06-30,7|1,7,14\n",
                StandardOpenOption.APPEND);
        // a folder where the atsugi workbook goes (a copy dragged there by hand): it cannot be replaced
        Path blocked = Files.createDirectories(dir.resolve("reports/atsugi-7-2/行革実績_atsugi-7-2_2025年度.xlsx"));
        Files.writeString(blocked.resolve("memo.txt"), "x");

        CollectorApplication.RunOnceResult run = runOnce("2026-06-23");

        assertThat(run.overnightFailure()).startsWith("Overnight run as of 2026-06-23 failed at write summary workbooks: "
                + "IOException: Summary workbook of atsugi-7-2 not written / ").doesNotContain("\n");
        assertThat(dir.resolve("reports/minamialps-5/行革実績_minamialps-5_2026年度.xlsx")).isRegularFile();
        assertThat(blocked.resolve("memo.txt")).hasContent("x");
        // the reminders of both plans and the exception reports were queued and sent all the same
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder' "
                + "and subject like '%職員課%'")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder' "
                + "and subject like '%納税課%'")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'exception_report'")).isEqualTo(2);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where status <> 'sent'")).isZero();
    }

    private void replace(String file, String text, String replacement) throws Exception {
        Path path = config.resolve(file);
        String before = Files.readString(path, StandardCharsets.UTF_8);
        assertThat(before).contains(text);
        Files.writeString(path, before.replace(text, replacement), StandardCharsets.UTF_8);
    }

    private CollectorApplication.RunOnceResult runOnce(String today) throws Exception {
        return TestHome.runOnce(config, dir, dbUrl, today);
    }
}
