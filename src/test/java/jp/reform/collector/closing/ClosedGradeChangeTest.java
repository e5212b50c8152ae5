package jp.reform.collector.closing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.store.ClosedGradeChanges;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.support.TestMail;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revised plan that moves a closed round's grades otherwise than by a target (the grade thresholds, the
 * grade words, an indicator's direction …) is taken, not refused, but never silently: the re-evaluation after
 * the start that reads it records each grade or 達成率 that moved in the audit log (締切後の評価の変更, before and
 * after in the plan's words), logs one WARN line, and the next exception report lists them once. A grade a
 * changed target moved is the target's entry only; a round that is not closed moves without any of it, and a
 * start with the same files records nothing.
 */
class ClosedGradeChangeTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String SECTION = "締切後に評価が変わった指標";

    @TempDir
    Path home;

    /** mostly_threshold 80 → 95: the FY2025 概ね達成 of 93% (II-2-イ-1) and 83% (III-2-ウ-2) are 未達成 now. */
    private static void raiseMostlyThreshold(Path config) throws Exception {
        Path plan = config.resolve("plans/atsugi-7-2/plan.csv");
        List<String> lines = Files.readAllLines(plan);
        Files.write(plan, List.of(lines.get(0) + ",mostly_threshold", lines.get(1) + ",95"));
    }

    private static void restorePlanCsv(Path config) throws Exception {
        Files.copy(Path.of("config/plans/atsugi-7-2/plan.csv"), config.resolve("plans/atsugi-7-2/plan.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** I-3-ア-3 (男性育休取得率, FY2025 62.5% against 85%: 未達成 74%) read as lower is better: 達成 136%. */
    private static void flipDirection(Path config) throws Exception {
        replace(config.resolve("plans/atsugi-7-2/indicators.csv"),
                "I-3-ア-3,I-3-ア,男性育休取得率,%,numeric,higher_is_better", "I-3-ア-3,I-3-ア,男性育休取得率,%,numeric,lower_is_better");
    }

    /** II-3-ア-1's FY2025 target 43.5% → 38.7%: its grade moves by the target (and by the threshold too). */
    private static void changeTarget(Path config) throws Exception {
        replace(config.resolve("plans/atsugi-7-2/targets.csv"), "II-3-ア-1,2025,43.5%,43.5", "II-3-ア-1,2025,38.7%,38.7");
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static String grade(Database db, String code) {
        return (String) Sql.one(db, "select grade from evaluation where plan_code = ? and indicator_code = ? "
                + "and fiscal_year = 2025", PLAN, code).get("grade");
    }

    private static long gradeChanges(Database db) {
        return Sql.count(db, "select count(*) from audit_log where action = 'closed_grade_changed'");
    }

    @Test
    void thresholdAndDirectionChangesOfAClosedYearAreRecordedAndReportedOnceAndAnOpenYearsNever() throws Exception {
        try (MailServer mail = new MailServer()) {
            String dbUrl = TestDatabase.freshUrl();
            Path config = TestFiles.copyTree(Path.of("config"), home.resolve("config"));
            TestFiles.copyTree(Path.of("samples", "inbox"), home.resolve("inbox"));
            runOnce(mail, dbUrl, "2026-07-09");
            Database db = TestDatabase.at(dbUrl);
            try {
                assertThat(grade(db, "II-2-イ-1")).isEqualTo("概ね達成");
                assertThat(grade(db, "III-2-ウ-2")).isEqualTo("概ね達成");
                assertThat(grade(db, "I-3-ア-3")).isEqualTo("未達成");

                // FY2025 still open: the same revision moves its grades and records nothing
                raiseMostlyThreshold(config);
                runOnce(mail, dbUrl, "2026-07-10");
                assertThat(grade(db, "II-2-イ-1")).isEqualTo("未達成");
                assertThat(gradeChanges(db)).isZero();
                restorePlanCsv(config);
                runOnce(mail, dbUrl, "2026-07-11");
                assertThat(grade(db, "II-2-イ-1")).isEqualTo("概ね達成");
                assertThat(gradeChanges(db)).isZero();
                String admin = new MasterDataLoader().load(config).plan(PLAN).orElseThrow().plan().adminEmail();
                assertThat(MailServer.text(mail.lastTo(admin, "例外レポート 2026/07/11"))).doesNotContain(SECTION);

                var master = new MasterDataLoader().load(config);
                RoundClosing closing = new RoundClosing(db, master, new AuditLog(db),
                        new Outbox(new MimeComposer(TestMail.offline(home.resolve("closing-outbox")), Clock.systemUTC())),
                        ZoneId.of("Asia/Tokyo"));
                assertThat(closing.close(new RoundClosing.Actor("gyosei", "admin", "10.0.0.5"), PLAN, 2025))
                        .isEqualTo(RoundClosing.Outcome.DONE);

                raiseMostlyThreshold(config);
                flipDirection(config);
                changeTarget(config);
                runOnce(mail, dbUrl, "2026-07-12");
                // taken: the closed year is graded by the revised plan
                assertThat(grade(db, "II-2-イ-1")).isEqualTo("未達成");
                assertThat(grade(db, "I-3-ア-3")).isEqualTo("達成");
                assertThat(Sql.rows(db, "select indicator_code, fiscal_year, actor, "
                        + "before_state ->> 'computed_grade' as before, before_state ->> 'achievement_rate' as rate_before, "
                        + "after_state ->> 'computed_grade' as after, after_state ->> 'achievement_rate' as rate_after "
                        + "from audit_log where action = 'closed_grade_changed' order by audit_id desc"))
                        .containsExactly(
                                row("I-3-ア-3", "未達成", "74", "達成", "136"),
                                row("II-2-イ-1", "概ね達成", "93", "未達成", "93"),
                                row("III-2-ウ-2", "概ね達成", "83", "未達成", "83"));
                // the target's change is its own entry, not a second one for the grade it moved
                assertThat(Sql.rows(db, "select indicator_code from audit_log where action = 'closed_target_changed'"))
                        .containsExactly(Map.of("indicator_code", "II-3-ア-1"));
                assertThat(Sql.count(db, "select count(*) from closed_grade_before")).isZero();

                MimeMessage report = mail.lastTo(admin, "例外レポート 2026/07/12");
                assertThat(report.getSubject()).contains("締切後の評価変更 3件", "締切後の目標変更 1件");
                assertThat(MailServer.text(report)).contains("■ " + SECTION + "（3件）",
                        "・令和7年度（2025年度）　職員課　I-3-ア-3　男性育休取得率　未達成 → 達成　74% → 136%",
                        "・令和7年度（2025年度）　産業振興課　II-2-イ-1　企業立地件数(他市からの立地と市内企業の再投資)(累計)　"
                                + "概ね達成 → 未達成　93%（変わらず）",
                        "・令和7年度（2025年度）　行政経営課　III-2-ウ-2　協定に基づく取組の実施件数　概ね達成 → 未達成　83%（変わらず）");

                runOnce(mail, dbUrl, "2026-07-13"); // the same files: nothing more recorded, nothing repeated
                assertThat(gradeChanges(db)).isEqualTo(3);
                MimeMessage next = mail.lastTo(admin, "例外レポート 2026/07/13");
                assertThat(next.getSubject()).doesNotContain("締切後の評価変更");
                assertThat(MailServer.text(next)).doesNotContain(SECTION);
            } finally {
                db.close();
            }
        }
    }

    @Test
    void newGradeWordsAreShownBeforeAndAfterOnTheAuditPageInTheWorkbookAndInOneWarnLine() throws Exception {
        ConsoleServer server = ConsoleServer.start(home, inbox -> { });
        long graded;
        try {
            ConsoleClient admin = new ConsoleClient(server).signIn("admin");
            assertThat(admin.post("/rounds/close", Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025",
                    "acknowledged", "yes"))
                    .statusCode()).isEqualTo(303);
            graded = Sql.count(server.database(), "select count(*) from evaluation where plan_code = ? "
                    + "and fiscal_year = 2025 and grade_level is not null", PLAN);
            assertThat(graded).isGreaterThan(20);
        } finally {
            server.close();
        }
        Path plan = home.resolve("config/plans/atsugi-7-2/plan.csv");
        List<String> lines = Files.readAllLines(plan);
        Files.write(plan, List.of(lines.get(0) + ",grade_labels", lines.get(1) + ",○|△|×"));

        LogCapture log = new LogCapture(ClosedGradeChanges.class);
        try {
            server = ConsoleServer.restart(home, server.dbUrl());
        } finally {
            log.close();
        }
        try {
            Database db = server.database();
            // every graded closed evaluation is now in other words; 未提出 stays as it was and is no change
            assertThat(gradeChanges(db)).isEqualTo(graded);
            assertThat(Sql.one(db, "select before_state ->> 'computed_grade' as before, "
                    + "after_state ->> 'computed_grade' as after from audit_log "
                    + "where action = 'closed_grade_changed' and indicator_code = 'I-1-ア-1'"))
                    .isEqualTo(Map.of("before", "概ね達成", "after", "△"));
            assertThat(Sql.count(db, "select count(*) from audit_log where action = 'closed_grade_changed' "
                    + "and fiscal_year <> 2025")).isZero();
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                    .startsWith("WARN Plan atsugi-7-2: " + graded + " grade(s) of closed rounds changed")
                    .contains("(I-1-ア-1 FY2025 概ね達成 96% → △ 96%, I-1-ア-2 FY2025 達成 100% → ○ 100%, ");

            ConsoleClient admin = new ConsoleClient(server).signIn("admin");
            String audit = admin.get("/audit").body();
            assertThat(audit).contains("締切後の評価の変更", "システム（評価の再計算で検出）",
                    "算定した評価：概ね達成", "算定した評価：△", "達成率：96%");
            assertThat(new ConsoleClient(server).signIn("iin").get("/audit").statusCode()).isEqualTo(403);

            HttpResponse<byte[]> workbook = admin.download("/downloads/exception-workbook?plan=" + PLAN);
            assertThat(workbook.statusCode()).isEqualTo(200);
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook.body()))) {
                var sheet = wb.getSheet(SECTION);
                assertThat(sheet.getLastRowNum()).isEqualTo((int) graded);
                assertThat(cells(sheet.getRow(1)).subList(0, 8)).containsExactly("2025年度", "職員課", "I-1-ア-1",
                        "研修報告「講義内容が理解できた」と回答した割合", "概ね達成", "△", "96%", "96%");
            }
        } finally {
            server.close();
        }

        server = ConsoleServer.restart(home, server.dbUrl()); // the same files again: nothing more
        try {
            assertThat(gradeChanges(server.database())).isEqualTo(graded);
            // a new version of the collector whose rules grade otherwise: the evaluation as the old rules left
            // it (I-1-ア-1 達成 at 101%) and the basis they recorded
            try (Connection c = server.database().connect(); Statement s = c.createStatement()) {
                s.executeUpdate("update evaluation set grade = '達成', grade_level = 1, rate = 101 "
                        + "where plan_code = 'atsugi-7-2' and indicator_code = 'I-1-ア-1' and fiscal_year = 2025");
                s.executeUpdate("update evaluation_basis set basis = 'rules-0/' || basis where plan_code = 'atsugi-7-2'");
            }
        } finally {
            server.close();
        }
        server = ConsoleServer.restart(home, server.dbUrl());
        try {
            Database db = server.database();
            assertThat(gradeChanges(db)).isEqualTo(graded + 1);
            assertThat(Sql.one(db, "select before_state ->> 'computed_grade' as before, "
                    + "before_state ->> 'achievement_rate' as rate_before, after_state ->> 'computed_grade' as after "
                    + "from audit_log where action = 'closed_grade_changed' order by audit_id desc limit 1"))
                    .isEqualTo(Map.of("before", "○", "rate_before", "101", "after", "△"));
        } finally {
            server.close();
        }
    }

    private static Map<String, Object> row(String code, String before, String rateBefore, String after,
                                           String rateAfter) {
        Map<String, Object> row = new HashMap<>();
        row.put("indicator_code", code);
        row.put("fiscal_year", 2025);
        row.put("actor", "system");
        row.put("before", before);
        row.put("rate_before", rateBefore);
        row.put("after", after);
        row.put("rate_after", rateAfter);
        return row;
    }

    private void runOnce(MailServer mail, String dbUrl, String today) throws Exception {
        TestHome.runOnce(home.resolve("config"), home, dbUrl, mail, today);
    }

    private static List<String> cells(Row row) {
        DataFormatter format = new DataFormatter();
        List<String> cells = new ArrayList<>();
        row.forEach(c -> cells.add(format.formatCellValue(c)));
        return cells;
    }
}
