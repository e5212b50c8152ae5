package jp.reform.collector.closing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
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
 * A revised plan that changes a target of a closed round (締切: the grades were reported to the committee) is
 * taken, not refused, but never silently: the start that reads it records each changed target in the audit log
 * (操作記録, in Japanese, with the grade it had), logs a WARN line, and the next exception report lists it. A
 * target of a round that is not closed changes as before, without any of that.
 */
class ClosedTargetChangeTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String SHEET = "締切後に目標値が変更された指標";

    @TempDir
    Path home;

    /** A FY2025 indicator the samples grade 概ね達成, its target line in targets.csv and its actual. */
    private record Mostly(String code, String name, String department, String targetLine, String targetText,
                          String actual) {
    }

    private static Mostly mostlyOf2025(Database db, Path config) throws Exception {
        Map<String, Object> row = Sql.one(db, "select e.indicator_code, i.name, r.actual_value, t.target_text, "
                + "(select string_agg(d.department_name, '・' order by d.ordinal) from indicator_department d "
                + "  where d.plan_code = e.plan_code and d.indicator_code = e.indicator_code) as departments "
                + "from evaluation e join result r on r.result_id = e.result_id "
                + "join indicator i on i.plan_code = e.plan_code and i.indicator_code = e.indicator_code "
                + "join target t on t.plan_code = e.plan_code and t.indicator_code = e.indicator_code "
                + "and t.fiscal_year = e.fiscal_year "
                + "where e.plan_code = ? and e.fiscal_year = 2025 and e.grade = '概ね達成' and t.target_kind = 'absolute' "
                + "and not i.cumulative order by i.sort_order limit 1", PLAN);
        String code = row.get("indicator_code").toString();
        String line = Files.readAllLines(config.resolve("plans/atsugi-7-2/targets.csv")).stream()
                .filter(l -> l.startsWith(code + ",2025,")).findFirst().orElseThrow();
        return new Mostly(code, row.get("name").toString(), row.get("departments").toString(), line,
                row.get("target_text").toString(), ((BigDecimal) row.get("actual_value")).stripTrailingZeros().toPlainString());
    }

    /**
     * The revision: the 概ね達成 indicator's FY2025 target becomes its actual (so the year is 達成 now), and
     * I-1-ア-1's FY2024 target, a year that is not closed, changes as well.
     */
    private static void revise(Path config, Mostly mostly) throws Exception {
        Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
        String text = Files.readString(targets);
        String revised = text.replace(mostly.targetLine(), mostly.code() + ",2025," + mostly.actual() + "," + mostly.actual())
                .replace("I-1-ア-1,2024,100%,100", "I-1-ア-1,2024,90%,90");
        assertThat(revised).isNotEqualTo(text).contains("I-1-ア-1,2024,90%,90");
        Files.writeString(targets, revised);
    }

    private static String grade(Database db, String code, int fiscalYear) {
        return (String) Sql.one(db, "select grade from evaluation where plan_code = ? and indicator_code = ? "
                + "and fiscal_year = ?", PLAN, code, fiscalYear).get("grade");
    }

    @Test
    void theDivisionSeesTheChangeInTheAuditLogAndTheExceptionWorkbookAndTheLogSaysIt() throws Exception {
        ConsoleServer server = ConsoleServer.start(home, inbox -> { });
        Mostly mostly;
        try {
            ConsoleClient admin = new ConsoleClient(server).signIn("admin");
            HttpResponse<String> close = admin.post("/rounds/close",
                    Map.of("_csrf", admin.token(), "plan", PLAN, "fy", "2025", "acknowledged", "yes"));
            assertThat(close.statusCode()).isEqualTo(303);
            mostly = mostlyOf2025(server.database(), home.resolve("config"));
        } finally {
            server.close();
        }
        revise(home.resolve("config"), mostly);

        LogCapture log = new LogCapture(MasterDataSync.class);
        try {
            server = ConsoleServer.restart(home, server.dbUrl());
        } finally {
            log.close();
        }
        try {
            Database db = server.database();
            // not refused: the new target counts, and the closed year's grade moved with it
            assertThat(grade(db, mostly.code(), 2025)).isEqualTo("達成");
            assertThat(Sql.rows(db, "select fiscal_year, indicator_code, actor from audit_log "
                    + "where action = 'closed_target_changed'")).containsExactly(
                    Map.of("fiscal_year", 2025, "indicator_code", mostly.code(), "actor", "system"));
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                    .contains("Plan atsugi-7-2: 1 target(s) of closed rounds changed in config/ (" + mostly.code()
                            + " FY2025 " + mostly.targetText() + " → " + mostly.actual() + ")")
                    .doesNotContain("2024");

            ConsoleClient admin = new ConsoleClient(server).signIn("admin");
            String audit = admin.get("/audit").body();
            assertThat(audit).contains("締切後の目標値の変更", "システム（計画ファイルの変更を検出）", mostly.code(),
                    "目標値：" + escaped(mostly.targetText()), "算定した評価：概ね達成", "目標値：" + mostly.actual());
            assertThat(new ConsoleClient(server).signIn("iin").get("/audit").statusCode()).isEqualTo(403);

            HttpResponse<byte[]> workbook = admin.download("/downloads/exception-workbook?plan=" + PLAN);
            assertThat(workbook.statusCode()).isEqualTo(200);
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook.body()))) {
                var sheet = wb.getSheet(SHEET);
                assertThat(cells(sheet.getRow(1)).subList(0, 8)).containsExactly("2025年度", mostly.department(),
                        mostly.code(), mostly.name(), mostly.targetText(), mostly.actual(), "概ね達成", "達成");
                assertThat(sheet.getLastRowNum()).isEqualTo(1);
            }
        } finally {
            server.close();
        }

        // started again with the same files: nothing changed, nothing more is recorded
        server = ConsoleServer.restart(home, server.dbUrl());
        try {
            assertThat(Sql.count(server.database(), "select count(*) from audit_log "
                    + "where action = 'closed_target_changed'")).isEqualTo(1);
        } finally {
            server.close();
        }
    }

    @Test
    void theNextExceptionReportListsTheChangeOnceAndAnOpenRoundsChangeNever() throws Exception {
        try (MailServer mail = new MailServer()) {
            String dbUrl = TestDatabase.freshUrl();
            Path config = TestFiles.copyTree(Path.of("config"), home.resolve("config"));
            TestFiles.copyTree(Path.of("samples", "inbox"), home.resolve("inbox"));
            runOnce(mail, dbUrl, "2026-07-10");
            Database db = TestDatabase.at(dbUrl);
            try {
                var master = new MasterDataLoader().load(config);
                RoundClosing closing = new RoundClosing(db, master, new AuditLog(db),
                        new Outbox(new MimeComposer(TestMail.offline(home.resolve("closing-outbox")), Clock.systemUTC())),
                        ZoneId.of("Asia/Tokyo"));
                assertThat(closing.close(new RoundClosing.Actor("gyosei", "admin", "10.0.0.5"), PLAN, 2025))
                        .isEqualTo(RoundClosing.Outcome.DONE);
                Mostly mostly = mostlyOf2025(db, config);
                revise(config, mostly);

                runOnce(mail, dbUrl, "2026-07-11");
                String admin = master.plan(PLAN).orElseThrow().plan().adminEmail();
                MimeMessage report = mail.lastTo(admin, "例外レポート 2026/07/11");
                assertThat(report.getSubject()).contains("締切後の目標変更 1件");
                String text = MailServer.text(report);
                assertThat(text).contains("■ " + SHEET + "（1件）", "・令和7年度（2025年度）　" + mostly.department() + "　"
                        + mostly.code() + "　" + mostly.name() + "　" + mostly.targetText() + " → " + mostly.actual()
                        + "　概ね達成 → 達成");
                assertThat(text).doesNotContain("100% → 90%"); // FY2024 is not closed: its revision is no notice

                runOnce(mail, dbUrl, "2026-07-12");
                assertThat(mail.lastTo(admin, "例外レポート 2026/07/12").getSubject()).doesNotContain("締切後の目標変更");
                assertThat(MailServer.text(mail.lastTo(admin, "例外レポート 2026/07/12"))).doesNotContain(SHEET);
                // the record stays where it belongs
                assertThat(Sql.count(db, "select count(*) from audit_log where action = 'closed_target_changed' "
                        + "and fiscal_year = 2025")).isEqualTo(1);
                assertThat(Sql.count(db, "select count(*) from audit_log where action = 'closed_target_changed' "
                        + "and fiscal_year <> 2025")).isZero();
            } finally {
                db.close();
            }
        }
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

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
