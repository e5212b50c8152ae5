package jp.reform.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
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
 * Starting with config/ as it was writes nothing; a change in config/ rewrites exactly the rows it changes, and
 * the grades follow at that start. Rows rewritten are told by their xmin and ctid (a new row version has
 * others): no trigger, no statement counting.
 */
class MasterDataSyncTest {

    private static final String PLAN = "atsugi-7-2";
    private static final List<String> MASTER_TABLES = List.of("department", "plan", "plan_node", "plan_action",
            "plan_action_year", "indicator", "indicator_department", "target", "master_data_hash");

    @TempDir
    Path dir;
    private Path config;
    private String url;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        url = TestDatabase.freshUrl();
        db = TestDatabase.at(url);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aSecondStartWithTheSameConfigWritesNoMasterDataAndNoEvaluation() throws Exception {
        start();
        List<String> master = rowVersions(MASTER_TABLES);
        List<String> evaluations = rowVersions(List.of("evaluation", "evaluation_basis"));

        start();

        assertThat(rowVersions(MASTER_TABLES)).as("master data rows after the second start").isEqualTo(master);
        assertThat(rowVersions(List.of("evaluation", "evaluation_basis"))).as("evaluations").isEqualTo(evaluations);
        assertThat(Sql.count(db, "select count(*) from master_data_hash")).as("departments and two plans").isEqualTo(3);
    }

    @Test
    void aChangedTargetRewritesThatRowOnlyAndItsGradeFollows() throws Exception {
        Path inbox = TestFiles.copyTree(Path.of("samples", "inbox"), dir.resolve("inbox"));
        Run run = Cli.run("run-once", "--config", config.toString(), "--inbox", inbox.toString(),
                "--outbox", dir.resolve("outbox").toString(), "--reports", dir.resolve("reports").toString(),
                "--db-url", url, "--today", "2026-06-23");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(statusLine("III-1-ア-1")).as("6件 reported against 6").startsWith("III-1-ア-1,市民協働推進課,6,6,100,達成");
        List<String> otherTargets = rowVersions("target where not (indicator_code = 'III-1-ア-1' and fiscal_year = 2025)");
        List<String> indicators = rowVersions(List.of("indicator", "plan_node", "department"));

        Path targets = config.resolve("plans/" + PLAN + "/targets.csv");
        Files.writeString(targets, Files.readString(targets).replace("III-1-ア-1,2025,6件,6", "III-1-ア-1,2025,8件,8"));
        start();

        assertThat(Sql.one(db, "select target_text, target_value::text as value from target"
                + " where plan_code = ? and indicator_code = 'III-1-ア-1' and fiscal_year = 2025", PLAN))
                .containsEntry("target_text", "8件").containsEntry("value", "8");
        assertThat(rowVersions("target where not (indicator_code = 'III-1-ア-1' and fiscal_year = 2025)"))
                .as("every other target row untouched").isEqualTo(otherTargets);
        assertThat(rowVersions(List.of("indicator", "plan_node", "department"))).isEqualTo(indicators);
        assertThat(statusLine("III-1-ア-1")).as("6 of 8 is 75%").startsWith("III-1-ア-1,市民協働推進課,8,6,75,未達成");
    }

    @Test
    void anIndicatorRemovedFromTheFilesStaysInactiveWithoutTargets() throws Exception {
        start();
        Path indicators = config.resolve("plans/" + PLAN + "/indicators.csv");
        Path targets = config.resolve("plans/" + PLAN + "/targets.csv");
        Files.write(indicators, Files.readAllLines(indicators).stream().filter(l -> !l.startsWith("III-1-ア-1,")).toList());
        Files.write(targets, Files.readAllLines(targets).stream().filter(l -> !l.startsWith("III-1-ア-1,")).toList());

        start();

        assertThat(Sql.one(db, "select active from indicator where plan_code = ? and indicator_code = 'III-1-ア-1'", PLAN))
                .containsEntry("active", false);
        assertThat(Sql.count(db, "select count(*) from target where plan_code = ? and indicator_code = 'III-1-ア-1'",
                PLAN)).isZero();
        assertThat(Sql.count(db, "select count(*) from indicator_status where plan_code = ?"
                + " and indicator_code = 'III-1-ア-1'", PLAN)).as("no longer reported").isZero();
        assertThat(statusLine("I-1-ア-1")).as("the others still are").isNotEmpty();
    }

    @Test
    void aReadingCommandOnAnUpToDateDatabaseWritesNothing() throws Exception {
        start();
        List<String> before = rowVersions(List.of("department", "plan", "indicator", "target", "master_data_hash",
                "evaluation", "evaluation_basis"));

        Run summary = Cli.run("summary", "--config", config.toString(), "--db-url", url, "--plan", PLAN, "--fy", "2025");

        assertThat(summary.exitCode()).as(summary.err()).isZero();
        assertThat(summary.out()).contains("合計");
        assertThat(rowVersions(List.of("department", "plan", "indicator", "target", "master_data_hash", "evaluation",
                "evaluation_basis"))).isEqualTo(before);
        assertThat(Cli.run("summary", "--config", config.toString(), "--db-url", url, "--plan", "atsugi-9",
                "--fy", "2025").err()).contains("Unknown plan atsugi-9", "atsugi-7-2", "minamialps-5");
    }

    @Test
    void departmentsCsvsRowOrderIsStoredAndAReorderIsSynchronisedAsAChange() throws Exception {
        start();
        assertThat(places()).as("the bundled file's rows, not the names' code points")
                .startsWith("職員課", "行政総務課", "危機管理課", "DX推進課", "契約検査課", "行政経営課");
        assertThat(statusLine("I-2-イ-2")).as("an indicator's 課 as the plan writes them (行政総務課|職員課)")
                .startsWith("I-2-イ-2,行政総務課|職員課,");
        assertThat(statusLine("II-1-ア-2")).startsWith("II-1-ア-2,企画政策課|行政経営課,");
        String hashBefore = Sql.one(db, "select content_hash from master_data_hash where scope = 'departments'")
                .get("content_hash").toString();
        List<String> plans = rowVersions(List.of("plan", "indicator", "indicator_department", "target"));

        // DX推進課 moved to the top, and a 課 added at the end
        Path departments = config.resolve("departments.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(departments));
        String dx = lines.stream().filter(l -> l.startsWith("DX推進課,")).findFirst().orElseThrow();
        lines.remove(dx);
        lines.add(1, dx);
        lines.add("広報課,,koho@atsugi.example.jp,koho@atsugi.example.jp,added");
        Files.write(departments, lines);
        start();

        assertThat(places()).startsWith("DX推進課", "職員課", "行政総務課", "危機管理課", "契約検査課").endsWith("広報課");
        assertThat(Sql.one(db, "select content_hash from master_data_hash where scope = 'departments'")
                .get("content_hash").toString()).as("a reorder alone is a change").isNotEqualTo(hashBefore);
        assertThat(rowVersions(List.of("plan", "indicator", "indicator_department", "target")))
                .as("the plans are not touched").isEqualTo(plans);

        // 広報課 removed from the file: kept, without a place, listed after every 課 of the file
        Files.write(departments, lines.subList(0, lines.size() - 1));
        start();

        assertThat(Sql.one(db, "select sort_order from department where department_name = '広報課'"))
                .containsEntry("sort_order", null);
        assertThat(places()).endsWith("秘書課", "広報課");
    }

    @Test
    void aDatabaseFromBeforeTheOrderGetsItAtTheNextStartWithoutEvaluatingAgain() throws Exception {
        start();
        List<String> evaluations = rowVersions(List.of("evaluation", "evaluation_basis"));
        // (plan rows are written again: a synchronised plan notes when, synced_at)
        List<String> targets = rowVersions(List.of("indicator", "plan_node", "target"));
        // as V21 leaves a database synchronised before it: no places, no stored hashes
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("update department set sort_order = null");
            st.execute("update indicator_department set ordinal = null");
            st.execute("delete from master_data_hash");
        }

        start();

        assertThat(places()).startsWith("職員課", "行政総務課", "危機管理課", "DX推進課");
        assertThat(Sql.count(db, "select count(*) from indicator_department where ordinal is null")).isZero();
        assertThat(statusLine("I-2-イ-2")).startsWith("I-2-イ-2,行政総務課|職員課,");
        assertThat(rowVersions(List.of("evaluation", "evaluation_basis"))).as("no plan evaluated again")
                .isEqualTo(evaluations);
        assertThat(rowVersions(List.of("indicator", "plan_node", "target"))).isEqualTo(targets);
    }

    /** The departments as the database orders them for lists of 課 (V21). */
    private List<String> places() {
        return Sql.rows(db, "select department_name from department order by sort_order nulls last, department_name")
                .stream().map(r -> r.get("department_name").toString()).toList();
    }

    private void start() throws Exception {
        AppSettings settings = AppSettings.load(dir, config, Map.of()).override("db.url", url);
        try (CollectorApplication app = CollectorApplication.open(settings)) {
            assertThat(app.master().plan(PLAN)).isPresent();
        }
    }

    private String statusLine(String indicatorCode) {
        Run status = Cli.run("status", "--config", config.toString(), "--db-url", url, "--plan", PLAN, "--fy", "2025",
                "--format", "csv");
        assertThat(status.exitCode()).as(status.err()).isZero();
        return status.out().lines().filter(l -> l.startsWith(indicatorCode + ",")).findFirst().orElse("");
    }

    /** Each row's version (xmin) and place (ctid): both change when a row is rewritten. */
    private List<String> rowVersions(List<String> tables) {
        List<String> versions = new ArrayList<>();
        tables.forEach(t -> versions.addAll(rowVersions(t)));
        return versions;
    }

    private List<String> rowVersions(String tableAndCondition) {
        return Sql.rows(db, "select xmin::text || ' ' || ctid::text as v from " + tableAndCondition + " order by 1")
                .stream().map(r -> tableAndCondition + " " + r.get("v")).toList();
    }
}
