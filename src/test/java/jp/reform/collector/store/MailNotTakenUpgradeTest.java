package jp.reform.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A collector upgraded to V24, which lists in the exception report the mail of a 課 whose files were not all
 * taken: what it had answered by reply before is not listed in the first report after the upgrade, what it
 * still has to report (an unknown sender, unreadable mail) is, and the report's query does not read the years
 * of mail already shown.
 */
class MailNotTakenUpgradeTest {

    private Database db;

    @BeforeEach
    void setUp() {
        db = TestDatabase.at(TestDatabase.emptyUrl());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void mailAnsweredByReplyBeforeTheUpgradeIsNotListedAfterItButWhatWasStillToReportIs() throws Exception {
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").target("23").load()
                .migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("insert into department (department_name) values ('職員課')");
            s.execute("""
                    insert into mail_message (message_key, received_at, from_address, subject, department_name, outcome,
                                              attachment_names, problems, reported_at)
                    values ('<old-past@x>', now() - interval '400 days', 'shokuin@x', '去年の実績報告', '職員課',
                            'processed', '{a.csv,b.csv,c.csv}', '{読み取っていません：c.csv。}', null),
                           ('<old-pdf@x>', now() - interval '1 day', 'shokuin@x', '実績報告（PDF）', '職員課',
                            'no_usable_attachment', '{実績.pdf}', '{添付されていたファイル（実績.pdf）は…}', null),
                           ('<old-whole@x>', now() - interval '1 day', 'shokuin@x', '全部受付', '職員課',
                            'processed', '{a.csv}', '{}', null),
                           ('<stranger@x>', now() - interval '1 day', 'someone@example.com', '請求書', null,
                            'unknown_sender', '{請求書.pdf}', '{}', null)
                    """);
        }

        db.migrate();

        MailMessageRepository mail = new MailMessageRepository();
        try (Connection c = db.connect()) {
            assertThat(mail.notTakenToReport(c)).as("answered by reply before the upgrade").isEmpty();
            assertThat(mail.unknownSendersToReport(c)).extracting(MailMessageRepository.UnknownSender::subject)
                    .containsExactly("請求書");
        }
        assertThat(Sql.count(db, "select count(*) from mail_message where reported_at is null"))
                .as("the unknown sender, and a mail whose every file was taken (never listed)").isEqualTo(2);

        // mail of a 課 after the upgrade is listed, and the query reads the partial index of the unreported ones
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    insert into mail_message (message_key, received_at, from_address, subject, department_name, outcome,
                                              attachment_names, problems)
                    values ('<new@x>', now(), 'shokuin@x', '今年の実績報告', '職員課', 'processed', '{a.csv,b.csv,c.csv}',
                            '{読み取っていません：c.csv。}')
                    """);
            assertThat(mail.notTakenToReport(c)).extracting(MailMessageRepository.NotTaken::subject)
                    .containsExactly("今年の実績報告");
            s.execute("set enable_seqscan = off"); // four rows: the planner would read the table, not the index
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("explain " + SqlStatements.load("/sql/mail.sql").get("notTakenToReport"))) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            assertThat(String.join("\n", plan)).contains("mail_message_not_taken_unreported");
        }
    }
}
