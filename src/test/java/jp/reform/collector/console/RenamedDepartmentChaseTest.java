package jp.reform.collector.console;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.RoundsLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.review.ReviewRepository;
import jp.reform.collector.review.ReviewState;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 課 renamed in April (職員課 → 人材育成課, the old name in former_names) is chased and counted as one 課
 * across the rename, on the sample round (deadline 2026-06-30, reminders 7 and 1 days before, every 7 days
 * after, copied to the division from 14 days late). Before the rename the division sends I-1-ア-1 back to
 * 職員課, the overnight run of 2026-06-23 reminds 職員課, and 職員課 sends a file that is rejected; then
 * departments.csv renames the 課 and the overnight run goes on the same day and after.
 */
class RenamedDepartmentChaseTest {

    private static final String PLAN = "atsugi-7-2";
    private static final int FY = 2025;
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final String JINZAI = "jinzai@atsugi.example.jp";

    @TempDir
    static Path dir;
    private static Database db;
    private static Path config;
    private static String dbUrl;
    private static String rejectedReceiptNo;

    @BeforeAll
    static void chaseAcrossTheRename() throws Exception {
        dbUrl = TestDatabase.freshUrl();
        db = TestDatabase.at(dbUrl);
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        TestFiles.copyTree(Path.of("samples", "inbox"), dir.resolve("inbox"));

        runOnce("2026-06-22"); // the samples; not a reminder day
        try (Connection c = db.connect()) {
            new ReviewRepository().insert(c, PLAN, FY, "職員課", ReviewState.SENT_BACK,
                    "I-1-ア-1 の実績値を確認してください。", List.of("I-1-ア-1"), LocalDate.parse("2026-06-29"), "admin");
        }
        runOnce("2026-06-23"); // 7 days before the deadline: 職員課 is reminded of the 差し戻し
        assertThat(reminderKeys()).contains("reminder/職員課/2026-06-23");

        // a file of 職員課 taken in by the running collector after that night's report, and rejected
        MasterData before = new MasterDataLoader().load(config);
        SubmissionIngestor ingestor = new SubmissionIngestor(db, before, ZONE, new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
        Path bad = DepartmentFiles.xlsx(Files.createDirectories(dir.resolve("staging")).resolve("職員課_実績.xlsx"),
                "令和7年度 実績", HEADER, List.of(List.of("I-9-ア-9", 2025, "1", "実施", "", "", "")));
        var rejected = ingestor.ingest(new IncomingFile(bad, "職員課_実績.xlsx", "folder", "職員課", Instant.now(), null));
        assertThat(rejected.status()).isEqualTo(SubmissionStatus.REJECTED);
        rejectedReceiptNo = rejected.receiptNo();

        // April's reorganisation, as the operator writes it in departments.csv
        Path departments = config.resolve("departments.csv");
        String renamed = Files.readString(departments, StandardCharsets.UTF_8).replace(
                "\n職員課,,shokuin@atsugi.example.jp,shokuin@atsugi.example.jp,",
                "\n人材育成課,職員課," + JINZAI + "," + JINZAI + "|shokuin@atsugi.example.jp,");
        assertThat(renamed).contains("人材育成課,職員課");
        Files.writeString(departments, renamed, StandardCharsets.UTF_8);

        runOnce("2026-06-23"); // the same day again, after the rename
        runOnce("2026-06-29"); // 1 day before the deadline
        runOnce("2026-07-14"); // 14 days late: copied to the division
    }

    private static void runOnce(String today) throws Exception {
        try (CollectorApplication app = CollectorApplication.open(TestHome.under(AppSettings.load(config, Map.of()), dir, dbUrl))) {
            assertThat(app.runOnce(Duration.ofMinutes(2), LocalDate.parse(today)).overnight()).isNotNull();
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void theCorrectionAskedOfTheOldNameIsRemindedToTheRenamed課AtItsAddress() throws Exception {
        Map<String, Object> reminder = Sql.one(db, "select recipients_to::text as recipients, mime from outbox_mail "
                + "where dedup_key = 'reminder/人材育成課/2026-06-29'");
        assertThat(reminder.get("recipients")).isEqualTo("{" + JINZAI + "}");
        String text = text((byte[]) reminder.get("mime"));
        assertThat(text).contains("人材育成課", "■ 未提出・未記入・差し戻しの項目（1件）", "・I-1-ア-1 ",
                "差し戻し（修正をお願いしています）").doesNotContain("職員課");

        // nobody else is chased for it, under either name
        for (Map<String, Object> other : Sql.rows(db, "select dedup_key, mime from outbox_mail where kind = 'reminder' "
                + "and dedup_key not like 'reminder/人材育成課/%' and dedup_key not like 'reminder/職員課/%'")) {
            assertThat(text((byte[]) other.get("mime"))).as(other.get("dedup_key").toString())
                    .doesNotContain("I-1-ア-1", "差し戻し");
        }
    }

    @Test
    void theRenameSendsNoSecondReminderTheSameDay() {
        assertThat(reminderKeys()).filteredOn(k -> k.endsWith("/2026-06-23"))
                .filteredOn(k -> k.contains("/職員課/") || k.contains("/人材育成課/"))
                .containsExactly("reminder/職員課/2026-06-23");
        assertThat(reminderKeys()).contains("reminder/人材育成課/2026-06-29", "reminder/人材育成課/2026-07-14");
    }

    @Test
    void theBoardCountsTheRenamed課sRemindersAndFilesFromBeforeTheRename() throws Exception {
        LocalDate today = LocalDate.parse("2026-07-14");
        MasterData master = new MasterDataLoader().load(config);
        CollectionRound round = CollectionRound.current(new RoundsLoader().load(config, master), PLAN, today)
                .orElseThrow();
        ConsoleQueries console = new ConsoleQueries(db, ZONE);

        StatusBoard board = console.statusBoard(PLAN, FY, today, round, null);
        assertThat(board.departments()).extracting(StatusBoard.DepartmentRow::department)
                .contains("人材育成課").doesNotContain("職員課");
        StatusBoard.DepartmentRow row = board.departments().stream()
                .filter(r -> r.department().equals("人材育成課")).findFirst().orElseThrow();
        // 2026-06-23 under the old name, 2026-06-29 and 2026-07-14 under the new one: the count goes on
        assertThat(row.remindersSent()).isEqualTo(3);
        assertThat(row.lastReminderOn()).isEqualTo(today);
        assertThat(row.lastReceiptNo()).isEqualTo(rejectedReceiptNo);
        assertThat(row.lastStatus()).isEqualTo("rejected");
        assertThat(row.rejectedSinceAccepted()).isEqualTo(1);
        // the 課's own page shows the same row
        assertThat(console.statusBoard(PLAN, FY, today, round, "人材育成課").departments()).containsExactly(row);
        // and nobody else's row counts any of it
        for (StatusBoard.DepartmentRow other : board.departments()) {
            if (!other.department().equals("人材育成課")) {
                assertThat(other.lastReceiptNo()).as(other.department()).isNotEqualTo(rejectedReceiptNo);
                assertThat(other.remindersSent()).as(other.department()).isEqualTo((int) Sql.count(db,
                        "select count(*) from outbox_mail where kind = 'reminder' and dedup_key like ?",
                        "reminder/" + other.department() + "/%"));
            }
        }
        // 14 days late, the reminder to the renamed 課 is copied to the division, as any 課's
        Map<String, Object> late = Sql.one(db, "select recipients_to::text as recipients, recipients_cc::text as cc, "
                + "subject from outbox_mail where dedup_key = 'reminder/人材育成課/2026-07-14'");
        assertThat(late).containsEntry("recipients", "{" + JINZAI + "}")
                .containsEntry("cc", "{gyoseikeiei@atsugi.example.jp}");
        assertThat(late.get("subject").toString()).contains("【督促】");
    }

    @Test
    void theFileRejectedBeforeTheRenameIsInTheDivisionsNextReport() throws Exception {
        byte[] mime = (byte[]) Sql.one(db, "select mime from outbox_mail where dedup_key = ?",
                "exception-report/" + PLAN + "/2026-06-29").get("mime");
        assertThat(text(mime)).contains("■ 却下したファイル（1件）", "　職員課　職員課_実績.xlsx　",
                "指標コード「I-9-ア-9」は計画に登録されていません");
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'exception_report' "
                + "and dedup_key = ?", "exception-report/" + PLAN + "/2026-06-23")).isEqualTo(1);
    }

    private static List<String> reminderKeys() {
        return Sql.rows(db, "select dedup_key from outbox_mail where kind = 'reminder' order by dedup_key").stream()
                .map(r -> r.get("dedup_key").toString()).toList();
    }

    private static String text(byte[] mime) throws Exception {
        return MailServer.text(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime)))
                .replace("\r\n", "\n");
    }
}
