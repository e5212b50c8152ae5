package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail server is down the night the reminders are queued; before it is back, 契約検査課 sends its report, and
 * DX推進課 is renamed デジタル推進課 without sending anything. When the server is back, 契約検査課 is not asked for
 * what it sent: its reminder is withdrawn; DX推進課's, queued under its former name, still goes out.
 * Sample round: deadline 2026-06-30, reminders 7 and 1 days before.
 */
class ReminderWithdrawnTest {

    private static final String KEIYAKU = "keiyaku@atsugi.example.jp";
    private static final String DX = "dx@atsugi.example.jp";

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

    private void runOnce(Map<String, String> environment) throws Exception {
        try (CollectorApplication app = CollectorApplication.open(TestHome.withMail(config, dir, dbUrl, mail, environment))) {
            CollectorApplication.RunOnceResult run = app.runOnce(Duration.ofMinutes(2), LocalDate.parse("2026-06-23"));
            assertThat(run.overnightFailure()).isNull();
        }
    }

    private String statusOf(String key) {
        return (String) Sql.one(db, "select status from outbox_mail where dedup_key = ?", key).get("status");
    }

    @Test
    void aReminderWaitingForTheMailServerIsNotSentToA課ThatHasSentWhatItAsksFor() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        runOnce(Map.of("MAIL_IMAP_HOST", "", "MAIL_SMTP_PORT", Integer.toString(closedPort)));
        assertThat(statusOf("reminder/契約検査課/2026-06-23")).isEqualTo("pending");
        assertThat(statusOf("reminder/DX推進課/2026-06-23")).isEqualTo("pending");

        Path folder = Files.createDirectories(dir.resolve("inbox/契約検査課"));
        Files.copy(Path.of("samples/inbox/契約検査課/keiyaku.txt"), folder.resolve("keiyaku.txt"));
        Path departments = config.resolve("departments.csv");
        String csv = Files.readString(departments, StandardCharsets.UTF_8);
        String row = "\nDX推進課,情報政策課,";
        assertThat(csv).contains(row);
        Files.writeString(departments, csv.replace(row, "\nデジタル推進課,DX推進課|情報政策課,"), StandardCharsets.UTF_8);
        runOnce(Map.of("MAIL_IMAP_HOST", ""));

        assertThat(Sql.one(db, "select status from submission where department_name = '契約検査課'"))
                .containsEntry("status", "accepted");
        assertThat(mail.receivedBy(KEIYAKU)).extracting(m -> m.getSubject())
                .noneMatch(s -> s.contains("提出のお願い") || s.contains("督促"))
                .anyMatch(s -> s.contains("受け付けました"));
        assertThat(Sql.one(db, "select status, last_error from outbox_mail where dedup_key = 'reminder/契約検査課/2026-06-23'"))
                .containsEntry("status", "withdrawn")
                .containsEntry("last_error", "送信前に、督促した項目がすべて提出済み（または締切済み）となったため送信を取りやめました。");
        assertThat(statusOf("reminder/DX推進課/2026-06-23")).isEqualTo("sent");
        assertThat(mail.receivedBy(DX)).hasSize(1);
    }
}
