package jp.reform.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A collector upgraded to V32, whose exception reports record the rejected files they list: a file the plan's last
 * report took before the upgrade (by its time) counts as listed, so the first report after it repeats none, and a
 * file rejected after that report, or of a plan that never had one, is still to be listed.
 */
class ExceptionReportListedUpgradeTest {

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
    void whatTheLastReportBeforeTheUpgradeTookCountsAsListedAndWhatCameAfterItDoesNot() {
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").target("31").load()
                .migrate();
        Sql.execute(db, "insert into department (department_name) values ('職員課')");
        Sql.execute(db, """
                insert into submission (receipt_no, channel, source_name, department_name, sha256, size_bytes,
                                        received_at, processed_at, status)
                values ('R2026-000001', 'folder', '前.csv', '職員課', 'a', 1, now() - interval '3 days',
                        now() - interval '3 days', 'rejected'),
                       ('R2026-000002', 'folder', '後.csv', '職員課', 'b', 1, now() - interval '1 hour',
                        now() - interval '1 hour', 'rejected'),
                       ('R2026-000003', 'folder', '受付.csv', '職員課', 'c', 1, now() - interval '3 days',
                        now() - interval '3 days', 'accepted')
                """);
        Sql.execute(db, """
                insert into outbox_mail (kind, dedup_key, recipients_to, subject, mime, status, created_at)
                values ('exception_report', 'exception-report/atsugi-7-2/2026-06-29', '{a@x}', '例外', '\\x00', 'sent',
                        now() - interval '2 days'),
                       ('exception_report', 'exception-report/atsugi-7-2/2026-06-28', '{a@x}', '例外', '\\x00', 'sent',
                        now() - interval '4 days')
                """);

        db.migrate();

        assertThat(Sql.rows(db, "select plan_code, submission_id from exception_report_rejected"))
                .as("the rejected file the last report took, for that plan only").hasSize(1)
                .first().satisfies(r -> assertThat(r).containsEntry("plan_code", "atsugi-7-2")
                        .containsEntry("submission_id", Sql.one(db,
                                "select submission_id from submission where receipt_no = 'R2026-000001'")
                                .get("submission_id")));
    }
}
