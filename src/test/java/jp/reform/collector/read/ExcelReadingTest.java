package jp.reform.collector.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jp.reform.collector.domain.Finding;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcelReadingTest {

    @TempDir
    Path dir;

    private final SubmissionReader reader = new SubmissionReader();

    @Test
    void readsXlsxResultsSheet() throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        SampleWorkbooks.fillResults(wb);
        Path file = SampleWorkbooks.write(wb, dir.resolve("results.xlsx"));

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "厚木市_行政経営課.xlsx", handler);

        assertEquals("xlsx", report.format());
        assertNull(report.encoding());
        assertResultsSheet(report, handler);
    }

    @Test
    void readsXlsWithTheSameRules() throws IOException {
        HSSFWorkbook wb = new HSSFWorkbook();
        SampleWorkbooks.fillResults(wb);
        Path file = SampleWorkbooks.write(wb, dir.resolve("results.xls"));

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "results.xls", handler);

        assertEquals("xls", report.format());
        assertResultsSheet(report, handler);
    }

    @Test
    void readsXlsxSavedUnderAnXlsName() throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        SampleWorkbooks.fillResults(wb);
        Path file = SampleWorkbooks.write(wb, dir.resolve("upload.bin"));

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "C:\\Users\\dept\\results.XLS", handler);

        assertEquals("xlsx", report.format());
        assertResultsSheet(report, handler);
    }

    private static void assertResultsSheet(ReadReport report, RecordingHandler handler) {
        // the hidden row 7 is read, the hidden sheet's table is not, and the receipt says both
        assertEquals(List.of("非表示の行（7行目）も、実績として読み取りました。",
                        "非表示のシート「リスト」に実績の表がありますが、非表示のシートは読み取りません。"),
                report.problems().stream().map(Finding::message).toList());
        assertFalse(report.hasErrors());

        TableHeader header = report.tables().get(0);
        assertEquals(1, report.tables().size(), "notes sheet has no header, list sheet is hidden");
        assertEquals(List.of(header), handler.tables);
        assertEquals("実績報告", header.sheet());
        assertEquals(4, header.headerRow());
        assertEquals(2025, header.fiscalYearHint());
        assertEquals(Map.of(Field.INDICATOR_CODE, "A", Field.FISCAL_YEAR, "B", Field.INDICATOR_NAME, "C",
                Field.ACTUAL, "D", Field.STATUS_TEXT, "E", Field.OUTCOME, "F", Field.NEXT_STEPS, "G",
                Field.SELF_ASSESSMENT, "H", Field.TARGET, "I"), header.columns());

        assertEquals(List.of(5, 6, 7, 10), handler.rowNumbers(), "blank rows and unmapped-only rows skipped; hidden row read");

        SourceRow r5 = handler.row(5);
        assertEquals("1-1-1", r5.text(Field.INDICATOR_CODE));
        assertEquals("2025", r5.text(Field.FISCAL_YEAR));
        assertEquals("72.1%", r5.text(Field.ACTUAL));
        assertEquals(new SourceCell("実績報告", 5, "D", "72.1%"), r5.cell(Field.ACTUAL));
        assertEquals("オンライン申請を拡充しました。\n窓口でも案内しました。", r5.text(Field.STATUS_TEXT));
        assertEquals("成果あり", r5.text(Field.OUTCOME));
        assertEquals("80%", r5.text(Field.TARGET));
        assertNull(r5.cell(Field.DEPARTMENT), "no such column");
        assertEquals("", r5.text(Field.DEPARTMENT));

        SourceRow r6 = handler.row(6);
        assertEquals("26", r6.text(Field.ACTUAL), "formula gives its cached result");
        assertEquals("2025-03-31", r6.text(Field.STATUS_TEXT));
        assertEquals("TRUE", r6.text(Field.OUTCOME));
        // an error value is no text of the department's: marked, for the validator to refuse at its cell
        assertEquals("#DIV/0!", r6.cell(Field.NEXT_STEPS).excelError());
        assertTrue(r6.cell(Field.NEXT_STEPS).errorFromFormula());
        assertEquals("=1/0", r6.cell(Field.NEXT_STEPS).formula());
        assertNotEquals("#DIV/0!", r6.text(Field.NEXT_STEPS));
        assertEquals("0.30000000000000004", r6.text(Field.SELF_ASSESSMENT));
        assertEquals("72.15%", r6.text(Field.TARGET), "full precision, not the displayed 72%");

        SourceRow r7 = handler.row(7);
        assertEquals("0123", r7.text(Field.INDICATOR_CODE), "text-typed number stays text");
        assertEquals("1,234", r7.text(Field.ACTUAL));
        assertEquals(new SourceCell("実績報告", 7, "C", ""), r7.cell(Field.INDICATOR_NAME));

        assertEquals("12345678.9", handler.row(10).text(Field.ACTUAL));
    }

    @Test
    void furiganaIsNotAppended() throws Exception {
        XSSFWorkbook wb = new XSSFWorkbook();
        SampleWorkbooks.row(wb.createSheet("実績"), 0, "指標コード", "年度", "実績値", "取組状況", "担当課");
        SampleWorkbooks.row(wb.getSheet("実績"), 1, "1-1-1", 2024, 5, "実施", "厚木");
        Path file = SampleWorkbooks.write(wb, dir.resolve("furigana.xlsx"));
        SampleWorkbooks.rewriteEntry(file, "xl/sharedStrings.xml", xml -> xml.replace("<t>厚木</t></si>",
                "<t>厚木</t><rPh sb=\"0\" eb=\"2\"><t>アツギ</t></rPh><phoneticPr fontId=\"1\"/></si>"));
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            ReadOnlySharedStringsTable withRuns = new ReadOnlySharedStringsTable(pkg, true);
            boolean fixtureHasRuns = false;
            for (int i = 0; i < withRuns.getUniqueCount(); i++) {
                fixtureHasRuns |= withRuns.getItemAt(i).getString().contains("アツギ");
            }
            assertTrue(fixtureHasRuns, "the fixture really carries a phonetic run");
            pkg.revert();
        }

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "furigana.xlsx", handler);

        assertFalse(report.hasErrors(), report.problems()::toString);
        assertEquals("厚木", handler.row(2).text(Field.DEPARTMENT));
    }

    @Test
    void onlyHiddenSheetHasHeaderMeansNoHeader() throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        SampleWorkbooks.row(wb.createSheet("表紙"), 0, "令和6年度 実績報告");
        SampleWorkbooks.row(wb.createSheet("data"), 0, "指標コード", "年度", "実績値", "取組状況");
        SampleWorkbooks.row(wb.getSheet("data"), 1, "1-1-1", 2024, 5, "実施");
        wb.setSheetVisibility(1, SheetVisibility.VERY_HIDDEN);
        Path file = SampleWorkbooks.write(wb, dir.resolve("hidden.xlsx"));

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "hidden.xlsx", handler);

        assertEquals(List.of(ReadFindings.HIDDEN_SHEET_NOT_READ, ReadFindings.HEADER_NOT_FOUND), codes(report));
        assertTrue(handler.rows.isEmpty());
    }

    @Test
    void headerOnEverySheetGivesOneTablePerSheet() throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        for (String name : List.of("重点目標1", "重点目標2")) {
            SampleWorkbooks.row(wb.createSheet(name), 2, "指標コード", "R6実績", "取組状況");
            SampleWorkbooks.row(wb.getSheet(name), 3, name + "-1", 1, "実施");
        }
        Path file = SampleWorkbooks.write(wb, dir.resolve("two.xlsx"));

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "two.xlsx", handler);

        assertFalse(report.hasErrors(), report.problems()::toString);
        assertEquals(List.of("重点目標1", "重点目標2"), report.tables().stream().map(TableHeader::sheet).toList());
        assertEquals(List.of(2024, 2024), report.tables().stream().map(TableHeader::fiscalYearHint).toList());
        assertEquals(List.of("重点目標1-1", "重点目標2-1"),
                handler.rows.stream().map(r -> r.text(Field.INDICATOR_CODE)).toList());
        assertEquals("重点目標2", handler.rows.get(1).cell(Field.ACTUAL).sheet());
    }

    @Test
    void longSheetWithoutHeaderIsSkippedAndTheNextOneRead() throws IOException {
        for (Workbook wb : List.<Workbook>of(new XSSFWorkbook(), new HSSFWorkbook())) {
            Sheet notes = wb.createSheet("集計");
            for (int i = 0; i < 200; i++) {
                SampleWorkbooks.row(notes, i, "行" + i, i);
            }
            SampleWorkbooks.row(notes, 100, "指標コード", "実績値", "取組状況");
            SampleWorkbooks.row(wb.createSheet("実績"), 0, "指標コード", "年度", "実績値", "取組状況");
            SampleWorkbooks.row(wb.getSheet("実績"), 1, "1-1-1", 2024, 5, "実施");
            String name = wb instanceof XSSFWorkbook ? "long.xlsx" : "long.xls";
            Path file = SampleWorkbooks.write(wb, dir.resolve(name));

            RecordingHandler handler = new RecordingHandler();
            ReadReport report = reader.read(file, name, handler);

            assertFalse(report.hasErrors(), report.problems()::toString);
            assertEquals(List.of("実績"), report.tables().stream().map(TableHeader::sheet).toList(), name);
            assertEquals(List.of(2), handler.rowNumbers(), name);
        }
    }

    @Test
    void aSheetWithATableButNoResultsHeaderBesideTheResultsIsNamedAsNotReadButASheetOfNotesIsNot() throws IOException {
        for (Workbook wb : List.<Workbook>of(new XSSFWorkbook(), new HSSFWorkbook())) {
            SampleWorkbooks.row(wb.createSheet("実績"), 0, "指標コード", "年度", "実績値", "取組状況");
            SampleWorkbooks.row(wb.getSheet("実績"), 1, "1-1-1", 2024, 5, "実施");
            Sheet more = wb.createSheet("別表");
            SampleWorkbooks.row(more, 0, "No.", "成果指標", "R7実績", "取組内容");
            SampleWorkbooks.row(more, 1, 1, "職員研修の受講者数", 120, "研修を実施");
            Sheet notes = wb.createSheet("記入例");
            SampleWorkbooks.row(notes, 0, "【記入方法】");
            SampleWorkbooks.row(notes, 1, "実績値は数値で入力してください。");
            String name = wb instanceof XSSFWorkbook ? "sheets.xlsx" : "sheets.xls";

            ReadReport report = reader.read(SampleWorkbooks.write(wb, dir.resolve(name)), name, new RecordingHandler());

            assertFalse(report.hasErrors(), report.problems()::toString);
            assertEquals(List.of("シート「別表」には、実績の表として読める見出し行（指標コード・実績値など）が見つからないため、"
                    + "読み取っていません。"), report.problems().stream().map(Finding::message).toList(), name);
        }
    }

    @Test
    void aHiddenRowIsReadLikeAnyOtherAndNamedInTheReceiptAsHidden() throws IOException {
        for (Workbook wb : List.<Workbook>of(new XSSFWorkbook(), new HSSFWorkbook())) {
            Sheet sheet = wb.createSheet("実績");
            SampleWorkbooks.row(sheet, 0, "指標コード", "年度", "実績値", "取組状況");
            SampleWorkbooks.row(sheet, 1, "1-1-1", 2025, 5, "実施");
            SampleWorkbooks.row(sheet, 2, "1-1-2", 2024, 10, "（旧）下書き");
            sheet.getRow(2).setZeroHeight(true);
            SampleWorkbooks.row(sheet, 3, "1-1-3", 2025, 7, "実施");
            String name = wb instanceof XSSFWorkbook ? "hidden.xlsx" : "hidden.xls";
            RecordingHandler handler = new RecordingHandler();

            ReadReport report = reader.read(SampleWorkbooks.write(wb, dir.resolve(name)), name, handler);

            assertFalse(report.hasErrors(), report.problems()::toString);
            assertEquals(List.of(2, 3, 4), handler.rowNumbers(), name);
            assertEquals(List.of("非表示の行（3行目）も、実績として読み取りました。"),
                    report.problems().stream().map(Finding::message).toList(), name);
            assertEquals("実績", report.problems().get(0).sheet(), name);
        }
    }

    @Test
    void aCellMergedOverTheRowsOfAnIndicatorGivesEachRowItsValueButAHeaderMergedDownIsNotReadAsData()
            throws IOException {
        for (Workbook wb : List.<Workbook>of(new XSSFWorkbook(), new HSSFWorkbook())) {
            Sheet sheet = wb.createSheet("実績");
            // the header's 指標コード and 年度 merged down over a row of notes below it
            SampleWorkbooks.row(sheet, 0, "指標コード", "年度", "実績値", "取組状況");
            SampleWorkbooks.row(sheet, 1, null, null, "（数値で）", "（文章で）");
            sheet.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(0, 1, 0, 0));
            sheet.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(0, 1, 1, 1));
            // the indicator's code merged over its two years; its 取組状況 too
            SampleWorkbooks.row(sheet, 2, "1-1-1", 2024, 5, "研修を実施");
            SampleWorkbooks.row(sheet, 3, null, 2025, 6, null);
            sheet.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(2, 3, 0, 0));
            sheet.addMergedRegion(new org.apache.poi.ss.util.CellRangeAddress(2, 3, 3, 3));
            SampleWorkbooks.row(sheet, 4, "1-1-2", 2025, 7, "実施");
            String name = wb instanceof XSSFWorkbook ? "merged.xlsx" : "merged.xls";
            RecordingHandler handler = new RecordingHandler();

            ReadReport report = reader.read(SampleWorkbooks.write(wb, dir.resolve(name)), name, handler);

            assertEquals(1, report.tables().get(0).headerRow(), name);
            assertEquals("", handler.row(2).text(Field.INDICATOR_CODE), name + ": the header's merge is not data");
            assertEquals("1-1-1", handler.row(4).text(Field.INDICATOR_CODE), name);
            assertEquals("2025", handler.row(4).text(Field.FISCAL_YEAR), name);
            assertEquals("研修を実施", handler.row(4).text(Field.STATUS_TEXT), name);
            assertEquals("1-1-2", handler.row(5).text(Field.INDICATOR_CODE), name);
        }
    }

    @Test
    void anErrorValueIsMarkedAsOneNotReadAsTheDepartmentsTextInXlsxAndXls() throws IOException {
        for (Workbook wb : List.of(new XSSFWorkbook(), new HSSFWorkbook())) {
            boolean xlsx = wb instanceof XSSFWorkbook;
            Sheet sheet = wb.createSheet("実績報告");
            SampleWorkbooks.row(sheet, 0, "指標コード", "年度", "実績値", "取組状況", "成果と課題", "自己評価");
            Row r2 = SampleWorkbooks.row(sheet, 1, "1-1-1", 2025, null, null, null, "#N/A");
            r2.createCell(2).setCellFormula("1/0");
            r2.createCell(3).setCellFormula("NA()");
            // an error saved as a value (typed, or pasted with 値の貼り付け): no formula
            r2.createCell(4).setCellErrorValue(FormulaError.REF.getCode());
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            // a formula's cached error written without evaluating: what Excel saves for a VLOOKUP that finds nothing
            Row r3 = SampleWorkbooks.row(sheet, 2, "1-1-2", 2025, 5);
            Cell lookup = r3.createCell(3);
            lookup.setCellFormula("VLOOKUP(A3,$A$1:$B$1,2,FALSE)");
            lookup.setCellErrorValue(FormulaError.NA.getCode());
            Path file = SampleWorkbooks.write(wb, dir.resolve(xlsx ? "errors.xlsx" : "errors.xls"));

            RecordingHandler handler = new RecordingHandler();
            ReadReport report = reader.read(file, file.getFileName().toString(), handler);

            String format = xlsx ? "xlsx" : "xls";
            assertEquals(List.of(), report.problems(), format);
            SourceRow row2 = handler.row(2);
            SourceCell actual = row2.cell(Field.ACTUAL);
            assertEquals("#DIV/0!", actual.excelError(), format);
            assertTrue(actual.errorFromFormula(), format);
            assertEquals("=1/0", actual.formula(), format);
            SourceCell status = row2.cell(Field.STATUS_TEXT);
            assertEquals("#N/A", status.excelError(), format);
            assertEquals("=NA()", status.formula(), format);
            assertNotEquals("#N/A", status.text(), format + ": not a text the department wrote");
            SourceCell outcome = row2.cell(Field.OUTCOME);
            assertEquals("#REF!", outcome.excelError(), format);
            assertFalse(outcome.errorFromFormula(), format);
            assertEquals("", outcome.formula(), format);
            // a text that reads like an error (typed '#N/A) is the department's text
            SourceCell typed = row2.cell(Field.SELF_ASSESSMENT);
            assertEquals("#N/A", typed.text(), format);
            assertEquals("", typed.excelError(), format);
            SourceCell vlookup = handler.row(3).cell(Field.STATUS_TEXT);
            assertEquals("#N/A", vlookup.excelError(), format);
            assertEquals("=VLOOKUP(A3,$A$1:$B$1,2,FALSE)", vlookup.formula(), format);
            assertEquals("5", handler.row(3).text(Field.ACTUAL), format);
        }
    }

    @Test
    void handlerExceptionsAreNotTurnedIntoFindings() throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        SampleWorkbooks.fillResults(wb);
        Path file = SampleWorkbooks.write(wb, dir.resolve("results.xlsx"));
        SourceRowHandler failing = new SourceRowHandler() {
            @Override
            public void table(TableHeader header) {
            }

            @Override
            public void row(SourceRow row) {
                throw new IllegalStateException("database down");
            }
        };

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reader.read(file, "results.xlsx", failing));
        assertEquals("database down", e.getMessage());
    }

    @Test
    void missingFilePropagatesAsIOException() {
        assertThrows(IOException.class,
                () -> reader.read(dir.resolve("gone.xlsx"), "gone.xlsx", new RecordingHandler()));
        assertFalse(Files.exists(dir.resolve("gone.xlsx")));
    }

    static List<String> codes(ReadReport report) {
        return report.problems().stream().map(Finding::code).toList();
    }
}
