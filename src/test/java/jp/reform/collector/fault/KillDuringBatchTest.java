package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a collector in the middle of a batch, while it loads files and sends their receipts: the next
 * run takes over at once (the dead process's claim is released), and in the end every file is loaded
 * exactly once, whole, and every receipt is queued once and delivered at most once.
 */
@RunsCollectorProcesses
class KillDuringBatchTest {

    private static final int FILES = 30;
    private static final Duration BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private FaultHome home;
    private MailServer mail;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        mail = new MailServer();
        dbUrl = TestDatabase.freshUrl();
        db = Database.server(dbUrl, null, null);
        home = new FaultHome(dir.resolve("home")).setAll(mail.environment())
                .set("MAIL_IMAP_HOST", "")
                // serve sends what is due every half second, so that the kill also meets mail being sent
                .set("MAIL_SEND_POLL_MS", "500");
    }

    @AfterEach
    void tearDown() {
        db.close();
        mail.close();
    }

    @Test
    void killedServeLeavesNothingHalfDoneAndTheNextRunFinishesTheBatchOnce() throws Exception {
        Map<String, String> batch = home.dropBatch(FILES, "実績");

        try (CollectorProcess serve = home.start("serve", "--db-url", dbUrl)) {
            home.awaitArchived(serve, FILES / 3, Duration.ofSeconds(120));
            serve.kill();
        }
        int archivedAtKill = home.archived().size();
        assertThat(archivedAtKill).as("killed in the middle of the batch").isLessThan(FILES);

        try (CollectorProcess runOnce = home.start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            assertThat(runOnce.waitFor(BOUND)).as(runOnce.stderr()).isZero();
        }

        assertThat(home.waiting()).isEmpty();
        assertThat(home.archived()).hasSize(FILES);
        for (var file : batch.entrySet()) {
            // received once: a file whose load committed just before the kill, but which was not moved yet, is
            // archived by the next run with its receipt, not received again as 受付済み
            assertThat(Sql.count(db, "select count(*) from submission where sha256 = ?", file.getValue()))
                    .as(file.getKey()).isEqualTo(1);
        }
        assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(FILES);
        assertThat(Sql.count(db, "select count(*) from submission where status = 'rejected'")).isZero();
        // nothing half-loaded: each accepted file has its one value, nothing else has any
        assertThat(Sql.count(db, "select count(*) from submission s where status = 'accepted' and "
                + "(select count(*) from result r where r.submission_id = s.submission_id) <> 1")).isZero();
        assertThat(Sql.count(db, "select count(*) from result r join submission s using (submission_id) "
                + "where s.status <> 'accepted'")).isZero();

        // one receipt per submission, queued in its transaction; none sent twice
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'"))
                .isEqualTo(Sql.count(db, "select count(*) from submission"));
        assertThat(Sql.count(db, "select count(*) from submission s where not exists (select 1 from outbox_mail m "
                + "where m.kind = 'receipt' and m.submission_id = s.submission_id)")).isZero();
        Map<String, Integer> received = new HashMap<>();
        for (MimeMessage m : mail.sent()) {
            received.merge(m.getHeader("Message-ID")[0], 1, Integer::sum);
        }
        assertThat(received).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
        // everything was delivered but, at most, the one mail the kill met in the middle of its sending
        // (never sent again on a guess: it becomes 'unconfirmed' for a person to check)
        List<Map<String, Object>> notSent = Sql.rows(db, "select mail_id, status, claimed_by from outbox_mail "
                + "where status <> 'sent'");
        assertThat(notSent).hasSizeLessThanOrEqualTo(1)
                .allSatisfy(row -> assertThat(row.get("status")).isIn("sending", "unconfirmed"));
        long sent = Sql.count(db, "select count(*) from outbox_mail where status = 'sent'");
        assertThat(received.size()).isBetween((int) sent, (int) sent + notSent.size());
        // and no claim is left behind
        assertThat(Sql.count(db, "select count(*) from file_claim")).isZero();
    }
}
