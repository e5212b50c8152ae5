package jp.reform.collector.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.reform.collector.template.TemplateSpec.Line;
import jp.reform.collector.template.TemplateSpec;
import jp.reform.collector.template.TemplateWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header names the template writes are the ones the read stage recognises, and nothing else is read. */
class TemplateHeadersTest {

    @TempDir
    Path dir;

    @Test
    void everyTemplateHeaderMapsToItsField() {
        List<Field> expected = Arrays.asList(Field.INDICATOR_CODE, Field.FISCAL_YEAR, Field.INDICATOR_NAME,
                Field.UNIT, Field.TARGET, null, Field.ACTUAL, Field.STATUS_TEXT, Field.OUTCOME, Field.NEXT_STEPS,
                Field.SELF_ASSESSMENT);
        List<String> headers = TemplateWorkbook.HEADERS;
        assertEquals(expected.size(), headers.size());
        for (int i = 0; i < headers.size(); i++) {
            assertEquals(expected.get(i), ColumnNames.match(headers.get(i)), headers.get(i));
        }
        // last year's actual must never be taken for this year's
        assertNull(ColumnNames.match("前年度実績"));
    }

    @Test
    void readerFindsOneTableOnTheInputSheet() throws IOException {
        Path file = dir.resolve("template.xlsx");
        Files.write(file, new TemplateWorkbook().write(spec()));

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = new SubmissionReader().read(file, TemplateWorkbook.fileName(spec()), handler);

        assertFalse(report.hasErrors(), report.problems()::toString);
        assertEquals(1, report.tables().size(), report.tables()::toString);
        TableHeader table = report.tables().get(0);
        assertEquals(TemplateWorkbook.SHEET_INPUT, table.sheet());
        assertEquals(4, table.headerRow());
        assertEquals(2025, table.fiscalYearHint());
        assertEquals("G", table.columns().get(Field.ACTUAL));
        assertMark(table.templateMark());
        assertEquals(List.of(5, 6), handler.rowNumbers());
        SourceRow percent = handler.row(5);
        assertEquals("1-1-1", percent.text(Field.INDICATOR_CODE));
        assertEquals("2025", percent.text(Field.FISCAL_YEAR));
        assertEquals("72.1", percent.text(Field.ACTUAL));
        assertEquals("概ね達成", percent.text(Field.SELF_ASSESSMENT));
        SourceRow milestone = handler.row(6);
        assertEquals("", milestone.text(Field.ACTUAL));
        assertEquals("=SUM(A1) 改正案を作成", milestone.text(Field.STATUS_TEXT));
    }

    /** Excel's 「CSV (コンマ区切り)」 keeps the active sheet only, in Shift_JIS: the mark line and the table survive. */
    @Test
    void inputSheetSavedAsCsvIsStillRead() throws IOException {
        StringBuilder csv = new StringBuilder();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(new TemplateWorkbook().write(spec())))) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            DataFormatter formatter = new DataFormatter();
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> fields = new ArrayList<>();
                for (int c = 0; c < TemplateWorkbook.HEADERS.size(); c++) {
                    Cell cell = row == null ? null : row.getCell(c);
                    String text = cell == null ? "" : formatter.formatCellValue(cell);
                    fields.add(text.matches(".*[\",\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
                }
                csv.append(String.join(",", fields)).append("\r\n");
            }
        }
        assertTrue(csv.toString().split("\r\n")[1].startsWith(TemplateWorkbook.MARK_PREFIX));
        Path file = dir.resolve("template.csv");
        Files.write(file, csv.toString().getBytes(Charset.forName("windows-31j")));

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = new SubmissionReader().read(file, "実績報告.csv", handler);

        assertFalse(report.hasErrors(), report.problems()::toString);
        assertEquals(1, report.tables().size());
        assertEquals(4, report.tables().get(0).headerRow());
        assertMark(report.tables().get(0).templateMark());
        assertEquals("72.1", handler.row(5).text(Field.ACTUAL));
        assertEquals("=SUM(A1) 改正案を作成", handler.row(6).text(Field.STATUS_TEXT));
    }

    /** Row 2's mark is found above the header and parsed as written. */
    private static void assertMark(TemplateMark mark) {
        assertNotNull(mark);
        assertEquals("atsugi-7-2", mark.planCode());
        assertEquals(2025, mark.fiscalYear());
        assertEquals("職員課", mark.department());
        assertEquals(1, mark.version());
        assertEquals(2, mark.cellRow());
    }

    private static TemplateSpec spec() {
        Line percent = new Line("1-1-1", "市民満足度", "%", "80%", "68.5%", true, BigDecimal.ZERO,
                new BigDecimal("100"), new BigDecimal("72.1"), null, "アンケートを実施", "満足度が向上\n回答率が低い",
                "継続する", "概ね達成");
        Line milestone = new Line("2-1-1", "人事評価制度の見直し", "", "制度改正", "検討中", false, null, null, null,
                null, "=SUM(A1) 改正案を作成", null, null, "達成");
        return new TemplateSpec("atsugi-7-2", "第7次厚木市行政改革大綱", "厚木市", 2025, "職員課", "行政経営課", 1,
                false, List.of(percent, milestone));
    }
}
