package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division revises a plan on 計画 as IT staff did with plan export and plan import: it downloads the workbook,
 * corrects a target in Excel and uploads it. A workbook with a mistake writes nothing and the page names the cell;
 * an existing plan is replaced only with the box ticked (the old folder kept); a target of an ended year that
 * changes is named; the import is in the audit log, and serve takes the plan up, so the indicator's page shows the
 * new target. 課 users may do none of it.
 */
class PlansConsoleTest {

    private static final String PLAN = "atsugi-7-2";

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> { }, inbox -> { },
                Map.of("config.check-seconds", 1, "config.settle-seconds", 1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The workbook with the target text and value of an indicator and year set as a division member types them. */
    private static byte[] withTarget(byte[] workbook, String code, int year, String text, String value) throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            Sheet targets = book.getSheet("目標");
            DataFormatter shown = new DataFormatter();
            int textColumn = -1;
            int valueColumn = -1;
            for (Row row : targets) {
                for (Cell cell : row) {
                    String header = shown.formatCellValue(cell);
                    textColumn = header.equals("目標値（記載どおり）") ? cell.getColumnIndex() : textColumn;
                    valueColumn = header.equals("目標値（数値）") ? cell.getColumnIndex() : valueColumn;
                }
                if (code.equals(shown.formatCellValue(row.getCell(0)))
                        && Integer.toString(year).equals(shown.formatCellValue(row.getCell(1)))) {
                    row.getCell(textColumn, Row.MissingCellPolicy.CREATE_NULL_AS_BLANK).setCellValue(text);
                    row.getCell(valueColumn, Row.MissingCellPolicy.CREATE_NULL_AS_BLANK).setCellValue(value);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    book.write(out);
                    return out.toByteArray();
                }
            }
        }
        throw new AssertionError(code + " " + year + " not on the sheet 目標");
    }

    private static String targets() throws Exception {
        return Files.readString(server.home().resolve("config/plans/" + PLAN + "/targets.csv"));
    }

    private static String indicatorPage(ConsoleClient admin) {
        try {
            return admin.get("/indicators/" + PLAN + "/" + ConsoleClient.segment("I-1-ア-1")).body();
        } catch (IllegalStateException e) {
            return ""; // serve's routes restarting with the new plan
        }
    }

    @Test
    void theDivisionDownloadsAPlanCorrectsATargetAndUploadsIt() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        assertThat(admin.get("/plans").body()).contains("data-plan=\"atsugi-7-2\"", "data-plan=\"minamialps-5\"",
                "令和6年度～令和8年度");
        HttpResponse<byte[]> download = admin.download("/plans/" + PLAN + "/workbook");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).contains("atsugi-7-2.xlsx"));
        byte[] workbook = download.body();
        String before = targets();

        // a target that is not a number: nothing written, the cell named
        HttpResponse<String> mistake = admin.upload("/plans/import", Map.of("_csrf", admin.token(), "replace", "yes"),
                "atsugi-7-2.xlsx", withTarget(workbook, "I-1-ア-1", 2026, "98%", "九十八"));
        assertThat(mistake.statusCode()).isEqualTo(400);
        assertThat(mistake.body()).contains("問題があるため、取り込んでいません（何も変更していません）", "シート「目標」");
        // not a workbook at all
        HttpResponse<String> notABook = admin.upload("/plans/import", Map.of("_csrf", admin.token(), "replace", "yes"),
                "plan.xlsx", "plan_code,atsugi-7-2".getBytes());
        assertThat(notABook.statusCode()).isEqualTo(400);
        assertThat(notABook.body()).contains("取り込んでいません");
        // the plan exists: replaced only with the box ticked
        byte[] revised = withTarget(withTarget(workbook, "I-1-ア-1", 2026, "98%", "98"), "I-1-ア-1", 2024, "95%", "95");
        HttpResponse<String> unticked = admin.upload("/plans/import", Map.of("_csrf", admin.token()), "atsugi-7-2.xlsx",
                revised);
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(unticked.body()).contains("計画「atsugi-7-2」は既にあります。");
        // 課 users may not
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");
        assertThat(zaisei.get("/plans").statusCode()).isEqualTo(403);
        assertThat(zaisei.download("/plans/" + PLAN + "/workbook").statusCode()).isEqualTo(403);
        assertThat(zaisei.upload("/plans/import", Map.of("_csrf", zaisei.token(), "replace", "yes"), "atsugi-7-2.xlsx",
                revised).statusCode()).isEqualTo(403);
        assertThat(targets()).isEqualTo(before);
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'plan_imported'")).isZero();

        HttpResponse<String> imported = admin.upload("/plans/import", Map.of("_csrf", admin.token(), "replace", "yes"),
                "atsugi-7-2.xlsx", revised);
        assertThat(imported.statusCode()).isEqualTo(303);
        String list = admin.get("/plans").body();
        assertThat(list).contains("計画「atsugi-7-2」を、取り込んだブックの内容に置き換えました。置き換える前の計画は、控えとして config/plans-backup/",
                "終了した年度の目標値が変わりました（1件）", "I-1-ア-1 令和6年度（2024年度） 100% → 95%");
        assertThat(admin.get("/plans").body()).doesNotContain("に置き換えました"); // said once
        assertThat(targets()).contains("I-1-ア-1,2026,98%,98").contains("I-1-ア-1,2024,95%,95");
        try (Stream<Path> backups = Files.list(server.home().resolve("config/plans-backup"))) {
            assertThat(backups).hasSize(1);
        }
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'plan_imported' "
                + "and plan_code = 'atsugi-7-2' and actor = 'admin'")).isEqualTo(1);

        // serve takes the revised plan up: the indicator's page shows the new target of 令和8年度
        Await.until(() -> indicatorPage(admin).contains("98%"));
        // the same workbook once more: nothing to change, so nothing written, kept or recorded
        HttpResponse<String> again = admin.upload("/plans/import", Map.of("_csrf", admin.token(), "replace", "yes"),
                "atsugi-7-2.xlsx", revised);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(admin.get("/plans").body()).contains("計画「atsugi-7-2」は、取り込んだブックと同じ内容です。");
        try (Stream<Path> backups = Files.list(server.home().resolve("config/plans-backup"))) {
            assertThat(backups).hasSize(1);
        }
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'plan_imported'"))
                .isEqualTo(1);
    }
}
