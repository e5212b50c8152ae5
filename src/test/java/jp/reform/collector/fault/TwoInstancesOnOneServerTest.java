package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors, each its own JVM with its own home, on one PostgreSQL server (Debian's, as a city would
 * run it) and one shared inbox, started at the same moment, twice on the same day: every file is loaded
 * once, every receipt sent once, and the reminders and the exception report go out once that day.
 *
 * <p>Needs a server: {@code REFORM_TEST_PG_URL} (a JDBC URL whose user may create databases), which
 * {@code .ci/run} sets after starting a throw-away cluster. Without it the test is skipped.
 */
@RunsCollectorProcesses
class TwoInstancesOnOneServerTest {

    static final String SERVER_VARIABLE = "REFORM_TEST_PG_URL";
    private static final int FILES = 30;
    private static final Duration BOUND = Duration.ofMinutes(4);
    private static final String ADMIN = "gyoseikeiei@atsugi.example.jp";

    @TempDir
    Path dir;
    private MailServer mail;
    private String server;
    private String database;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        server = System.getenv(SERVER_VARIABLE);
        Assumptions.assumeTrue(server != null && !server.isBlank(), SERVER_VARIABLE + " is not set: no PostgreSQL "
                + "server for the two-instance test (.ci/run starts one; or point it at a server of yours, e.g. "
                + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres)");
        database = "reform_two_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        execute("create database " + database);
        dbUrl = withDatabase(server, database);
        db = Database.server(dbUrl, null, null);
        mail = new MailServer();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (db != null) {
            db.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (database != null) {
            // a developer's own server keeps no test databases
            execute("drop database if exists " + database + " with (force)");
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** jdbc:postgresql://host:port/postgres?user=u → jdbc:postgresql://host:port/<name>?user=u */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
    }

    @Test
    void twoCollectorsOnOneServerAndInboxDoEverythingOnce() throws Exception {
        FaultHome first = new FaultHome(dir.resolve("first"));
        Path inbox = first.inbox;
        FaultHome second = new FaultHome(dir.resolve("second"));
        for (FaultHome home : List.of(first, second)) {
            home.setAll(mail.environment()).set("MAIL_IMAP_HOST", "").set("COLLECTOR_INBOX", inbox.toString());
        }
        Map<String, String> batch = first.dropBatch(FILES, "実績");

        runBoth(first, second);
        runBoth(first, second); // the same day again, both at once: nothing more

        assertThat(first.waiting()).isEmpty();
        assertThat(first.archived()).hasSize(FILES);
        for (var file : batch.entrySet()) {
            assertThat(Sql.count(db, "select count(*) from submission where sha256 = ?", file.getValue()))
                    .as(file.getKey()).isEqualTo(1);
        }
        assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(FILES);
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(FILES);

        // every mail queued once and received once
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(FILES);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where status <> 'sent'")).isZero();
        Map<String, Integer> received = new HashMap<>();
        for (MimeMessage m : mail.sent()) {
            received.merge(m.getHeader("Message-ID")[0], 1, Integer::sum);
        }
        assertThat(received).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
        assertThat((long) received.size()).isEqualTo(Sql.count(db, "select count(*) from outbox_mail"));

        // reminders: one per department that owes items, once that day; one exception report
        long reminded = Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder'");
        assertThat(reminded).isPositive();
        assertThat(Sql.count(db, "select count(distinct recipients_to[1]) from outbox_mail where kind = 'reminder'"))
                .isEqualTo(reminded);
        assertThat(mail.mailsTo(ADMIN).stream().filter(m -> subject(m).contains("例外レポート"))).hasSize(1);
        assertThat(Sql.count(db, "select count(*) from overnight_run where finished_at is not null")).isEqualTo(4);
        // how the work was shared (timing decides; logged, not asserted, and not printed: the fault tests run
        // beside others that read the standard streams)
        LogManager.getLogger(TwoInstancesOnOneServerTest.class).info("Mail sent per instance: {}", Sql.rows(db,
                "select claimed_by, count(*) from outbox_mail group by claimed_by order by claimed_by"));
    }

    private void runBoth(FaultHome first, FaultHome second) throws Exception {
        try (CollectorProcess a = first.start("run-once", "--db-url", dbUrl, "--today", "2026-06-23");
             CollectorProcess b = second.start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            assertThat(a.waitFor(BOUND)).as(a.stderr()).isZero();
            assertThat(b.waitFor(BOUND)).as(b.stderr()).isZero();
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
