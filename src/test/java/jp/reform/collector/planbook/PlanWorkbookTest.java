package jp.reform.collector.planbook;

import static jp.reform.collector.planbook.PlanWorkbooks.cell;
import static jp.reform.collector.planbook.PlanWorkbooks.edited;
import static jp.reform.collector.planbook.PlanWorkbooks.exported;
import static jp.reform.collector.planbook.PlanWorkbooks.letter;
import static jp.reform.collector.planbook.PlanWorkbooks.open;
import static jp.reform.collector.planbook.PlanWorkbooks.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint.ValidationType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import jp.reform.collector.support.ExcelResave;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan workbook as Excel opens it (read back with POI), and read back into the same tables. */
class PlanWorkbookTest {

    private static final Path ATSUGI = Path.of("config/plans/atsugi-7-2");
    private static final Path MINAMI_ALPS = Path.of("config/plans/minamialps-5");

    @Test
    void sheetsInOrderWithJapaneseHeadersAndTheCsvNamesBelow() throws Exception {
        try (XSSFWorkbook wb = open(exported(ATSUGI))) {
            assertThat(List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2), wb.getSheetName(3),
                    wb.getSheetName(4), wb.getSheetName(5), wb.getSheetName(6)))
                    .containsExactly("計画", "体系", "指標", "目標", "取組", "記入方法", "_meta");
            assertThat(wb.getSheetVisibility(6)).isEqualTo(SheetVisibility.VERY_HIDDEN);
            XSSFSheet indicators = wb.getSheet("指標");
            assertThat(texts(indicators.getRow(0))).startsWith("指標コード", "取組コード", "成果指標", "単位", "値の種類",
                    "評価の方向", "累計");
            // the plan's own columns in its order, then the optional ones it does not use yet
            assertThat(texts(indicators.getRow(1))).containsExactly("indicator_code", "initiative_code", "name", "unit",
                    "value_kind", "direction", "cumulative", "baseline_text", "baseline_value",
                    "responsible_departments", "notes", "min_value", "max_value");
            assertThat(texts(indicators.getRow(2))).startsWith("I-1-ア-1", "I-1-ア", "研修報告「講義内容が理解できた」と回答した割合");
            assertThat(indicators.getPaneInformation().getHorizontalSplitTopRow()).isEqualTo((short) 2);
            assertThat(texts(wb.getSheet("取組").getRow(1))).containsExactly("initiative_code", "action_no", "text",
                    "departments", "plan_2024", "plan_2025", "plan_2026");
            assertThat(texts(wb.getSheet("取組").getRow(0))).endsWith("令和6年度の計画", "令和7年度の計画", "令和8年度の計画");
            assertThat(indicators.getCellComment(new org.apache.poi.ss.util.CellAddress("F1")).getString().getString())
                    .contains("higher_is_better");
            // the division imports it on the console's 計画 itself; the command is for IT staff
            StringBuilder guide = new StringBuilder();
            wb.getSheet("記入方法").forEach(row -> guide.append(texts(row)).append('\n'));
            assertThat(guide).contains("実績収集の画面の「計画」から取り込みます", "「既にある計画を置き換える」にチェック",
                    "plan import " + "atsugi-7-2.xlsx --replace", "新しい課は、先に「課の設定」で追加してください。");
        }
    }

    @Test
    void everyValueIsATextCellInATextColumnSoExcelKeepsWhatIsTyped() throws Exception {
        try (XSSFWorkbook wb = open(exported(ATSUGI))) {
            for (String sheet : List.of("計画", "体系", "指標", "目標", "取組")) {
                XSSFSheet s = wb.getSheet(sheet);
                for (Row row : s) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).as(sheet + " " + cell.getAddress()).isIn(CellType.STRING, CellType.BLANK);
                        assertThat(cell.getCellStyle().getDataFormatString()).as(sheet + " " + cell.getAddress()).isEqualTo("@");
                    }
                }
                // cells typed later below the data are text too
                assertThat(s.getColumnStyle(1).getDataFormatString()).isEqualTo("@");
            }
            XSSFSheet targets = wb.getSheet("目標");
            List<String> written = new ArrayList<>();
            targets.forEach(row -> written.add(texts(row).subList(0, 4).toString()));
            assertThat(written).contains("[I-3-イ-1, 2025, 1,560万文字, 15600000]", "[I-1-ア-1, 2024, 100%, 100]");
        }
    }

    @Test
    void dropDownsOnTheColumnsWithAFixedVocabulary() throws Exception {
        try (XSSFWorkbook wb = open(exported(MINAMI_ALPS))) {
            assertThat(listValidation(wb, "指標", "direction")).containsExactly("higher_is_better", "lower_is_better");
            assertThat(listValidation(wb, "指標", "value_kind")).containsExactly("numeric", "qualitative", "mixed");
            assertThat(listValidation(wb, "指標", "cumulative")).containsExactly("true", "false");
            assertThat(listValidation(wb, "目標", "target_kind"))
                    .containsExactly("absolute", "milestone", "relative_increase", "relative_decrease", "baseline", "none");
            assertThat(listValidation(wb, "計画", "grading")).containsExactly("rate", "self_assessment");
            assertThat(listValidation(wb, "体系", "level")).containsExactly("goal", "area", "initiative");
            DataValidation direction = validation(wb, "指標", "direction");
            assertThat(direction.getErrorStyle()).isEqualTo(DataValidation.ErrorStyle.STOP);
            assertThat(direction.getShowErrorBox()).isTrue();
            // well below the data, for rows added in Excel
            CellRangeAddress range = direction.getRegions().getCellRangeAddress(0);
            assertThat(range.getFirstRow()).isEqualTo(2);
            assertThat(range.getLastRow()).isGreaterThan(31 + 400);
        }
    }

    @Test
    void bothBundledPlansComeBackAsTheSameTables() {
        for (Path plan : List.of(ATSUGI, MINAMI_ALPS)) {
            PlanTables.Read read = new PlanWorkbookReader().read(exported(plan));
            assertThat(read.problems()).isEmpty();
            Map<String, byte[]> original = PlanCsv.readFolder(plan).tables().csvFiles();
            Map<String, byte[]> back = read.tables().csvFiles();
            assertThat(back.keySet()).containsExactlyElementsOf(original.keySet());
            back.forEach((file, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).as(plan + "/" + file)
                    .isEqualTo(new String(original.get(file), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aWorkbookSavedAsXlsComesBackAsTheSameTables(@TempDir Path dir) throws Exception {
        Path xlsx = Files.write(dir.resolve("minamialps-5.xlsx"), exported(MINAMI_ALPS));
        Path xls = ExcelResave.asXls(xlsx, dir.resolve("minamialps-5.xls"));
        PlanTables.Read read = new PlanWorkbookReader().read(Files.readAllBytes(xls));
        assertThat(read.problems()).isEmpty();
        Map<String, byte[]> original = PlanCsv.readFolder(MINAMI_ALPS).tables().csvFiles();
        read.tables().csvFiles().forEach((file, bytes) -> assertThat(bytes).as(file).isEqualTo(original.get(file)));
    }

    @Test
    void somethingThatIsNotAWorkbookIsOneProblem() {
        assertThat(new PlanWorkbookReader().read("plan_code,municipality\n".getBytes(StandardCharsets.UTF_8)).problems())
                .singleElement().satisfies(p -> assertThat(p.describe()).startsWith("ブック：Excel ブックとして読み取れませんでした。"));
    }

    @Test
    void offeredColumnsAreWrittenOnlyWhenFilledInAndExtraColumnsSurviveInOrder() {
        byte[] bytes = edited(exported(ATSUGI), wb -> {
            // min_value offered on 指標 (not in the Atsugi file): filled for one indicator
            type(wb, "指標", 3, letter(wb, "指標", "min_value"), "0");
            // a column of the division's own, between two others, named in row 2
            XSSFSheet structure = wb.getSheet("体系");
            structure.shiftColumns(3, 3, 1);
            type(wb, "体系", 1, "D", "担当メモ");
            type(wb, "体系", 2, "D", "memo");
            type(wb, "体系", 3, "D", "見直し候補");
        });
        PlanTables.Read read = new PlanWorkbookReader().read(bytes);
        assertThat(read.problems()).isEmpty();
        String indicators = new String(read.tables().csvFiles().get("indicators.csv"), StandardCharsets.UTF_8);
        assertThat(indicators).startsWith("indicator_code,initiative_code,name,unit,value_kind,direction,cumulative,"
                + "baseline_text,baseline_value,responsible_departments,notes,min_value\n");
        assertThat(indicators.split("\n")[1]).endsWith(",0");
        assertThat(indicators.split("\n")[2]).endsWith(",");
        String structure = new String(read.tables().csvFiles().get("structure.csv"), StandardCharsets.UTF_8);
        assertThat(structure).startsWith("node_code,level,parent_code,memo,title\nI,goal,,見直し候補,強くしなやかな組織をつくる\n");
        assertThat(read.tables().csvFiles().get("targets.csv")).isEqualTo(
                PlanCsv.readFolder(ATSUGI).tables().csvFiles().get("targets.csv"));
    }

    @Test
    void numbersExcelMadeInNewCellsAreReadAsShownAndEmptyRowsAreSkipped() {
        byte[] bytes = edited(exported(ATSUGI), wb -> {
            XSSFSheet targets = wb.getSheet("目標");
            int last = targets.getLastRowNum();
            // a new row typed where the text format was lost (pasted from another workbook)
            Row row = targets.createRow(last + 3);
            row.createCell(0).setCellValue("I-1-ア-2");
            row.createCell(1).setCellValue(2024d);
            Cell text = row.createCell(2);
            text.setCellValue(1d);
            var percent = wb.createCellStyle();
            percent.setDataFormat(wb.createDataFormat().getFormat("0%"));
            text.setCellStyle(percent);
            row.createCell(3).setCellValue(100d);
            // and a row that only has empty cells left after deleting its values
            targets.createRow(last + 2).createCell(0).setCellValue("  ");
        });
        PlanTables.Read read = new PlanWorkbookReader().read(bytes);
        // the new row duplicates I-1-ア-2 2024, but reading alone does not check that
        assertThat(read.problems()).isEmpty();
        String targets = new String(read.tables().csvFiles().get("targets.csv"), StandardCharsets.UTF_8);
        assertThat(targets).endsWith("III-3-イ-1,2026,見直し後の基準、調書に関する課題の整理、反映,\nI-1-ア-2,2024,100%,100\n");
    }

    @Test
    void formulasLineBreaksAndUnnamedColumnsAreProblemsAtTheirCells() {
        byte[] bytes = edited(exported(ATSUGI), wb -> {
            cell(wb, "指標", 4, "C").setCellFormula("\"a\"&\"b\"");
            type(wb, "指標", 5, "C", "一行目\n二行目");
            type(wb, "体系", 6, "H", "メモ");
        });
        List<String> problems = new PlanWorkbookReader().read(bytes).problems().stream().map(Problem::describe).toList();
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("シート「体系」 6行目 H列：見出しのない列に入力があります。");
        assertThat(problems.get(1)).startsWith("シート「指標」 4行目 C列（成果指標）：数式は使えません（=\"a\"&\"b\"）。");
        assertThat(problems.get(2)).startsWith("シート「指標」 5行目 C列（成果指標）：セルの中で改行されています。")
                .contains("直し方：改行（Alt+Enter）を消して");
    }

    private static List<String> texts(Row row) {
        List<String> texts = new ArrayList<>();
        for (int c = 0; c < row.getLastCellNum(); c++) {
            Cell cell = row.getCell(c);
            texts.add(cell == null ? "" : cell.getStringCellValue());
        }
        return texts;
    }

    private static DataValidation validation(XSSFWorkbook wb, String sheet, String column) {
        int index = CellReference.convertColStringToIndex(letter(wb, sheet, column));
        return wb.getSheet(sheet).getDataValidations().stream()
                .filter(v -> v.getRegions().getCellRangeAddress(0).getFirstColumn() == index)
                .findFirst().orElseThrow(() -> new AssertionError("no validation on " + sheet + " " + column));
    }

    private static List<String> listValidation(XSSFWorkbook wb, String sheet, String column) {
        DataValidation v = validation(wb, sheet, column);
        assertThat(v.getValidationConstraint().getValidationType()).isEqualTo(ValidationType.LIST);
        return List.of(v.getValidationConstraint().getExplicitListValues());
    }
}
