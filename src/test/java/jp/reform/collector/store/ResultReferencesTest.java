package jp.reform.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.Cli.Run;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The references of stored results and evaluations hold although they are checked once per statement (V12),
 * not per row by foreign keys: a result or evaluation naming what does not exist is refused, and so is the
 * removal of what results or evaluations name; the refused statement leaves nothing behind.
 */
class ResultReferencesTest {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @TempDir
    Path dir;
    private Database db;
    private long results;

    @BeforeEach
    void loadTheSamples() throws Exception {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path inbox = TestFiles.copyTree(Path.of("samples", "inbox"), dir.resolve("inbox"));
        String url = TestDatabase.freshUrl();
        Run run = Cli.run("run-once", "--config", config.toString(), "--inbox", inbox.toString(),
                "--outbox", dir.resolve("outbox").toString(), "--reports", dir.resolve("reports").toString(),
                "--db-url", url, "--today", "2026-06-23");
        assertThat(run.exitCode()).as(run.err()).isZero();
        db = TestDatabase.at(url);
        results = Sql.count(db, "select count(*) from result");
        assertThat(results).as("the samples' results are stored").isPositive();
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aResultOfAnUnknownIndicatorDepartmentOrSubmissionIsRefused() {
        String copyOfAStoredResult = "insert into result (plan_code, indicator_code, fiscal_year, version,"
                + " department_name, submission_id) select %s from result limit 1";
        refused(copyOfAStoredResult.formatted(
                "plan_code, 'no-such-indicator', fiscal_year, 99, department_name, submission_id"));
        refused(copyOfAStoredResult.formatted(
                "plan_code, indicator_code, fiscal_year, 99, 'no-such-department', submission_id"));
        refused(copyOfAStoredResult.formatted(
                "plan_code, indicator_code, fiscal_year, 99, department_name, -1"));
        refused("update result set indicator_code = 'no-such-indicator'"
                + " where result_id = (select min(result_id) from result)");
        assertThat(Sql.count(db, "select count(*) from result")).as("results").isEqualTo(results);
        assertThat(Sql.count(db, "select count(*) from result where indicator_code = 'no-such-indicator'")).isZero();
    }

    @Test
    void whatResultsNameCannotBeRemovedNorRekeyed() {
        String named = "(select %s from result order by result_id limit 1)";
        refused("delete from department where department_name = " + named.formatted("department_name"));
        refused("update department set department_name = department_name || '2' where department_name = "
                + named.formatted("department_name"));
        refused("delete from submission where submission_id = " + named.formatted("submission_id"));
        refused("delete from indicator where (plan_code, indicator_code) = "
                + named.formatted("plan_code, indicator_code"));
        refused("truncate indicator, department, submission cascade");
        refused("truncate result cascade");
        assertThat(Sql.count(db, "select count(*) from result r join department d using (department_name)"
                + " join submission s using (submission_id)"
                + " join indicator i using (plan_code, indicator_code)")).as("results with all they name")
                .isEqualTo(results);
    }

    @Test
    void anEvaluationNamesOnlyAStoredResultAndThatResultStays() {
        String graded = "(select min(result_id) from evaluation where result_id is not null)";
        refused("update evaluation set result_id = -1 where result_id = " + graded);
        refused("delete from result where result_id = " + graded);
        assertThat(Sql.count(db, "select count(*) from evaluation e left join result r using (result_id)"
                + " where e.result_id is not null and r.result_id is null")).as("evaluations of a missing result")
                .isZero();
    }

    private void refused(String sql) {
        assertThatThrownBy(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(FOREIGN_KEY_VIOLATION));
    }
}
