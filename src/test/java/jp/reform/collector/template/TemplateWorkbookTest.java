package jp.reform.collector.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.reform.collector.template.TemplateSpec.Line;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint.OperatorType;
import org.apache.poi.ss.usermodel.DataValidationConstraint.ValidationType;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFDataValidation;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTDataValidation;

/** The template as Excel will open it: read back with POI. */
class TemplateWorkbookTest {

    private final TemplateWorkbook writer = new TemplateWorkbook();

    /** A percentage with bounds and a submitted value, a count without submission, a text indicator. */
    static TemplateSpec sample(boolean letters) {
        Line percent = new Line("1-1-1", "市民満足度調査で「満足」と答えた市民の割合", "%", "80%", "68.5%", true,
                BigDecimal.ZERO, new BigDecimal("100"), new BigDecimal("72.1"), null,
                "市民アンケートを実施し、窓口対応の改善策を各課に展開した。", "満足度は前年度から3.6ポイント向上した。\n一方、若年層の回答率が低い。",
                "回答率の向上のため、オンライン回答を導入する。", "概ね達成");
        Line count = new Line("1-2-1", "オンライン申請の件数", "件", "1,200件", "950件", true,
                BigDecimal.ZERO, null, null, null, null, null, null, null);
        Line milestone = new Line("2-1-1", "人事評価制度の見直し", "", "制度改正（令和7年度）", "検討中", false,
                null, null, null, null, "=SUM(A1) 評価基準の改正案を作成し、職員説明会を実施した。", null, null,
                letters ? "A" : "達成");
        return new TemplateSpec("atsugi-7-2", "第7次厚木市行政改革大綱", "厚木市", 2025, "職員課", "行政経営課", 1,
                letters, List.of(percent, count, milestone));
    }

    private static XSSFWorkbook open(byte[] bytes) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    }

    private XSSFWorkbook written(boolean letters) throws IOException {
        return open(writer.write(sample(letters)));
    }

    private static List<String> texts(Row row) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.getLastCellNum(); i++) {
            Cell cell = row.getCell(i);
            values.add(cell == null || cell.getCellType() != CellType.STRING ? "" : cell.getStringCellValue());
        }
        return values;
    }

    @Test
    void sheetsInOrderWithTheInputSheetActiveAndMetaVeryHidden() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactly("実績報告", "記入方法", "_meta");
            assertThat(wb.getActiveSheetIndex()).isZero();
            assertThat(wb.getSheetVisibility(0)).isEqualTo(SheetVisibility.VISIBLE);
            assertThat(wb.getSheetVisibility(1)).isEqualTo(SheetVisibility.VISIBLE);
            assertThat(wb.getSheetVisibility(2)).isEqualTo(SheetVisibility.VERY_HIDDEN);
        }
    }

    @Test
    void titleMarkInstructionAndHeader() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("第7次厚木市行政改革大綱　令和7年度（2025年度） 実績報告　職員課");
            XSSFCell mark = sheet.getRow(1).getCell(0);
            assertThat(mark.getStringCellValue()).isEqualTo("様式ID: atsugi-7-2|2025|職員課|v1")
                    .startsWith(TemplateWorkbook.MARK_PREFIX);
            assertThat(sheet.getRow(1).getLastCellNum()).isEqualTo((short) 1);
            assertThat(mark.getCellStyle().getFont().getFontHeightInPoints()).isLessThan((short) 11);
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue())
                    .isEqualTo("黄色のセルに入力してください。灰色のセルは変更できません。");
            assertThat(texts(sheet.getRow(3))).containsExactly("指標コード", "年度", "成果指標", "単位", "目標値",
                    "前年度実績", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価");
            assertThat(sheet.getRow(0).getCell(0).getCellStyle().getFont().getFontName()).isEqualTo("游ゴシック");
        }
    }

    @Test
    void lockedLineCellsArePreFilledAndInputCellsUnlocked() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            assertThat(sheet.getLastRowNum()).isEqualTo(6);
            Row percent = sheet.getRow(4);
            assertThat(texts(percent).subList(0, 6)).containsExactly("1-1-1", "",
                    "市民満足度調査で「満足」と答えた市民の割合", "%", "80%", "68.5%");
            for (int row = 4; row <= 6; row++) {
                Cell year = sheet.getRow(row).getCell(1);
                assertThat(year.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(year.getNumericCellValue()).isEqualTo(2025.0);
                for (int col = 0; col <= 5; col++) {
                    assertThat(sheet.getRow(row).getCell(col).getCellStyle().getLocked())
                            .as("row %d col %d locked", row, col).isTrue();
                }
                for (int col = 6; col <= 10; col++) {
                    assertThat(sheet.getRow(row).getCell(col).getCellStyle().getLocked())
                            .as("row %d col %d unlocked", row, col).isFalse();
                }
            }
            // grey and yellow
            assertThat(((XSSFCellStyle) percent.getCell(0).getCellStyle()).getFillForegroundXSSFColor().getARGBHex())
                    .isEqualTo("FFEDEDED");
            assertThat(((XSSFCellStyle) percent.getCell(6).getCellStyle()).getFillForegroundXSSFColor().getARGBHex())
                    .isEqualTo("FFFFF2CC");
            assertThat(sheet.getRow(0).getCell(0).getCellStyle().getLocked()).isTrue();
            assertThat(percent.getCell(7).getCellStyle().getWrapText()).isTrue();
            assertThat(percent.getCell(2).getCellStyle().getWrapText()).isTrue();
        }
    }

    @Test
    void submittedValuesArePreFilled() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            Row percent = sheet.getRow(4);
            assertThat(percent.getCell(6).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(percent.getCell(6).getNumericCellValue()).isEqualTo(72.1);
            assertThat(texts(percent).subList(7, 11)).containsExactly(
                    "市民アンケートを実施し、窓口対応の改善策を各課に展開した。",
                    "満足度は前年度から3.6ポイント向上した。\n一方、若年層の回答率が低い。",
                    "回答率の向上のため、オンライン回答を導入する。", "概ね達成");

            Row count = sheet.getRow(5);
            for (int col = 6; col <= 10; col++) {
                assertThat(count.getCell(col).getCellType()).isEqualTo(CellType.BLANK);
            }

            Row milestone = sheet.getRow(6);
            assertThat(milestone.getCell(6).getCellType()).isEqualTo(CellType.BLANK);
            Cell status = milestone.getCell(7);
            assertThat(status.getCellType()).isEqualTo(CellType.STRING);
            assertThat(status.getStringCellValue()).isEqualTo("=SUM(A1) 評価基準の改正案を作成し、職員説明会を実施した。");
            assertThat(status.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(status.getCellStyle().getLocked()).isFalse();
            assertThat(milestone.getCell(10).getStringCellValue()).isEqualTo("達成");
        }
    }

    @Test
    void dataValidationsGuardTheInputCells() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            List<XSSFDataValidation> validations = sheet.getDataValidations();
            assertThat(validations).hasSize(5);

            DataValidation percent = validations.get(0);
            assertThat(ranges(percent)).containsExactly("G5");
            assertThat(percent.getValidationConstraint().getValidationType()).isEqualTo(ValidationType.DECIMAL);
            assertThat(percent.getValidationConstraint().getOperator()).isEqualTo(OperatorType.BETWEEN);
            assertThat(percent.getValidationConstraint().getFormula1()).isEqualTo("0");
            assertThat(percent.getValidationConstraint().getFormula2()).isEqualTo("100");
            assertThat(percent.getShowErrorBox()).isTrue();
            assertThat(percent.getErrorStyle()).isEqualTo(DataValidation.ErrorStyle.STOP);
            assertThat(percent.getErrorBoxText()).contains("数値");
            assertThat(percent.getShowPromptBox()).isTrue();
            assertThat(percent.getPromptBoxTitle()).isEqualTo("実績値");
            assertThat(percent.getPromptBoxText()).startsWith("数値で入力してください（単位：%）。");
            assertThat(percent.getEmptyCellAllowed()).isTrue();

            DataValidation count = validations.get(1);
            assertThat(ranges(count)).containsExactly("G6");
            assertThat(count.getValidationConstraint().getFormula1()).isEqualTo("0");
            assertThat(count.getValidationConstraint().getFormula2()).isEqualTo(TemplateWorkbook.NO_UPPER_BOUND);
            assertThat(count.getShowErrorBox()).isTrue();
            assertThat(count.getPromptBoxText()).startsWith("数値で入力してください（単位：件）。");

            DataValidation textActual = validations.get(2);
            assertThat(ranges(textActual)).containsExactly("G7");
            assertThat(textActual.getValidationConstraint().getValidationType()).isEqualTo(ValidationType.ANY);
            assertThat(textActual.getShowPromptBox()).isTrue();
            assertThat(textActual.getShowErrorBox()).isFalse();

            DataValidation status = validations.get(3);
            assertThat(ranges(status)).containsExactly("H5:H7");
            assertThat(status.getValidationConstraint().getValidationType()).isEqualTo(ValidationType.ANY);
            assertThat(status.getShowPromptBox()).isTrue();
            assertThat(status.getPromptBoxTitle()).contains("必須");
            assertThat(status.getPromptBoxText()).contains("必ず記入");

            DataValidation assessment = validations.get(4);
            assertThat(ranges(assessment)).containsExactly("K5:K7");
            assertThat(assessment.getValidationConstraint().getValidationType()).isEqualTo(ValidationType.LIST);
            assertThat(assessment.getValidationConstraint().getExplicitListValues())
                    .containsExactly("達成", "概ね達成", "未達成");
            assertThat(assessment.getShowErrorBox()).isTrue();
            assertThat(assessment.getErrorStyle()).isEqualTo(DataValidation.ErrorStyle.STOP);
            assertThat(assessment.getShowPromptBox()).isTrue();

            // Excel shows the drop-down arrow unless showDropDown is set (the attribute means "hide")
            CTDataValidation raw = sheet.getCTWorksheet().getDataValidations().getDataValidationArray(4);
            assertThat(raw.isSetShowDropDown() && raw.getShowDropDown()).isFalse();
        }
    }

    @Test
    void lettersWhenGradedBySelfAssessment() throws IOException {
        try (XSSFWorkbook wb = written(true)) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            DataValidation assessment = sheet.getDataValidations().get(4);
            assertThat(assessment.getValidationConstraint().getExplicitListValues())
                    .containsExactly("A", "B", "C", "D");
            assertThat(sheet.getRow(6).getCell(10).getStringCellValue()).isEqualTo("A");
            assertThat(allText(wb.getSheet(TemplateWorkbook.SHEET_GUIDE))).contains("A・B・C・D");
        }
    }

    @Test
    void theGuideNamesTheDepartmentsFolderAndTheCollectionAddress() throws IOException {
        SubmitTo submitTo = new SubmitTo(d -> "共有フォルダ（\\\\srv\\行革\\inbox\\" + d + "）", "jisseki@city.example.jp");
        TemplateSpec spec = sample(false);
        try (XSSFWorkbook wb = open(new TemplateWorkbook(submitTo).write(spec))) {
            assertThat(allText(wb.getSheet(TemplateWorkbook.SHEET_GUIDE))).contains("記入が終わりましたら、共有フォルダ（"
                    + "\\\\srv\\行革\\inbox\\" + spec.department() + "）に保存するか、jisseki@city.example.jp あてにメールに添付して"
                    + "送付してください。").doesNotContain("からの案内をご覧ください");
        }
        try (XSSFWorkbook wb = open(new TemplateWorkbook(new SubmitTo(d -> "共有フォルダ内の「" + d + "」フォルダ", null))
                .write(spec))) {
            assertThat(allText(wb.getSheet(TemplateWorkbook.SHEET_GUIDE)))
                    .contains("共有フォルダ内の「" + spec.department() + "」フォルダに保存してください。").doesNotContain("あてにメールに添付");
        }
    }

    @Test
    void aPlanOfTwoMarksOffersItsOwnMarksAndNoMiddleChoice() throws IOException {
        TemplateSpec letters = sample(false);
        TemplateSpec marks = new TemplateSpec(letters.planCode(), letters.planName(), letters.municipality(),
                letters.fiscalYear(), letters.department(), letters.adminDepartment(), letters.templateVersion(), false,
                letters.lines(), List.of("○", "×"));
        try (XSSFWorkbook wb = open(writer.write(marks))) {
            DataValidation assessment = wb.getSheet(TemplateWorkbook.SHEET_INPUT).getDataValidations().get(4);
            assertThat(assessment.getValidationConstraint().getExplicitListValues()).containsExactly("○", "×");
            assertThat(assessment.getPromptBoxText()).contains("○・× から選んでください");
            assertThat(allText(wb.getSheet(TemplateWorkbook.SHEET_GUIDE))).contains("○：目標を達成した。",
                    "×：目標を達成できなかった。").doesNotContain("概ね達成：");
        }
    }

    @Test
    void aPlanOfFourLevelsOffersItsOwnFourWordsBestFirst() throws IOException {
        TemplateSpec letters = sample(false);
        TemplateSpec levels = new TemplateSpec(letters.planCode(), letters.planName(), letters.municipality(),
                letters.fiscalYear(), letters.department(), letters.adminDepartment(), letters.templateVersion(), false,
                letters.lines(), List.of("S", "A", "B", "C"));
        try (XSSFWorkbook wb = open(writer.write(levels))) {
            DataValidation assessment = wb.getSheet(TemplateWorkbook.SHEET_INPUT).getDataValidations().get(4);
            assertThat(assessment.getValidationConstraint().getExplicitListValues()).containsExactly("S", "A", "B", "C");
            assertThat(assessment.getPromptBoxText()).contains("S・A・B・C から選んでください（S が最も高い評価です）");
            assertThat(allText(wb.getSheet(TemplateWorkbook.SHEET_GUIDE)))
                    .contains("S・A・B・C の4段階から選んでください（S が最も高い評価です）。");
        }
    }

    @Test
    void sheetsAreProtectedButRowsMayBeResized() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            for (String name : List.of(TemplateWorkbook.SHEET_INPUT, TemplateWorkbook.SHEET_GUIDE)) {
                XSSFSheet sheet = wb.getSheet(name);
                assertThat(sheet.getProtect()).as(name).isTrue();
                assertThat(sheet.isSheetLocked()).as(name).isTrue();
                assertThat(sheet.isFormatRowsLocked()).as(name).isFalse();
                assertThat(sheet.isFormatColumnsLocked()).as(name).isFalse();
                assertThat(sheet.isSelectUnlockedCellsLocked()).as(name).isFalse();
                assertThat(sheet.isInsertRowsLocked()).as(name).isTrue();
                assertThat(sheet.isDeleteRowsLocked()).as(name).isTrue();
                assertThat(sheet.getCTWorksheet().getSheetProtection().isSetPassword()).as(name).isFalse();
            }
        }
    }

    @Test
    void metaSheetAndCustomPropertiesCarryTheIdentity() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            XSSFSheet meta = wb.getSheet(TemplateWorkbook.SHEET_META);
            List<List<String>> rows = new ArrayList<>();
            meta.forEach(r -> rows.add(texts(r)));
            assertThat(rows).containsExactly(List.of("plan_code", "atsugi-7-2"), List.of("fiscal_year", "2025"),
                    List.of("department", "職員課"), List.of("template_version", "1"),
                    List.of("generated_by", "reform-results-collector"));
            var custom = wb.getProperties().getCustomProperties();
            assertThat(custom.getProperty("reform.plan_code").getLpwstr()).isEqualTo("atsugi-7-2");
            assertThat(custom.getProperty("reform.fiscal_year").getLpwstr()).isEqualTo("2025");
            assertThat(custom.getProperty("reform.department").getLpwstr()).isEqualTo("職員課");
            assertThat(custom.getProperty("reform.template_version").getLpwstr()).isEqualTo("1");
            assertThat(custom.getProperty("reform.generated_by").getLpwstr()).isEqualTo("reform-results-collector");
        }
    }

    @Test
    void frozenBelowTheHeaderAndRightOfTheIndicatorName() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            PaneInformation pane = wb.getSheet(TemplateWorkbook.SHEET_INPUT).getPaneInformation();
            assertThat(pane.isFreezePane()).isTrue();
            assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 4);
            assertThat(pane.getVerticalSplitPosition()).isEqualTo((short) 3);
        }
    }

    @Test
    void printsOnA4LandscapeOnePageWideWithTheHeaderRepeated() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            PrintSetup print = sheet.getPrintSetup();
            assertThat(sheet.getFitToPage()).isTrue();
            assertThat(print.getPaperSize()).isEqualTo(PrintSetup.A4_PAPERSIZE);
            assertThat(print.getLandscape()).isTrue();
            assertThat(print.getFitWidth()).isEqualTo((short) 1);
            assertThat(print.getFitHeight()).isEqualTo((short) 0);
            assertThat(sheet.getRepeatingRows()).isEqualTo(new CellRangeAddress(3, 3, -1, -1));

            XSSFSheet guide = wb.getSheet(TemplateWorkbook.SHEET_GUIDE);
            assertThat(guide.getPrintSetup().getPaperSize()).isEqualTo(PrintSetup.A4_PAPERSIZE);
            assertThat(guide.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
        }
    }

    @Test
    void widthsAndRowHeightsLeaveRoomForJapaneseText() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            // 成果指標 is long: wider than its minimum, at most its maximum
            assertThat(sheet.getColumnWidth(2) / 256).isBetween(25, 32);
            assertThat(sheet.getColumnWidth(7) / 256).isGreaterThanOrEqualTo(30);
            // two wrapped lines in 成果と課題 at least
            assertThat(sheet.getRow(4).getHeightInPoints()).isGreaterThanOrEqualTo(2 * 18.75f);
        }
    }

    @Test
    void guideExplainsColumnsNumbersAndSubmission() throws IOException {
        try (XSSFWorkbook wb = written(false)) {
            String guide = allText(wb.getSheet(TemplateWorkbook.SHEET_GUIDE));
            assertThat(guide).contains("1,234", "72.1%", "▲5", "約1,200", "千円", "達成", "概ね達成", "未達成",
                    "共有フォルダ", "メール", "提出先は行政経営課からの案内をご覧ください", "ファイル名は変更",
                    ".xls", "CSV", "他の課や他の年度の様式", "取組状況", "自己評価", "実績値を空欄");
        }
    }

    @Test
    void fileNameNamesYearAndDepartment() {
        assertThat(TemplateWorkbook.fileName(sample(false))).isEqualTo("実績報告様式_令和7年度_職員課.xlsx");
        TemplateSpec odd = new TemplateSpec("p", "計画", "市", 2019, "企画課/行革担当: 第1係?", "行政経営課", 1, false,
                List.of());
        assertThat(TemplateWorkbook.fileName(odd)).isEqualTo("実績報告様式_令和元年度_企画課_行革担当__第1係.xlsx");
    }

    @Test
    void templateWithoutLinesIsStillValid() throws IOException {
        TemplateSpec empty = new TemplateSpec("p", "計画", "市", 2025, "職員課", "行政経営課", 2, false, List.of());
        try (XSSFWorkbook wb = open(writer.write(empty))) {
            XSSFSheet sheet = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
            assertThat(sheet.getDataValidations()).isEmpty();
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("様式ID: p|2025|職員課|v2");
        }
    }

    /** Writes the sample where the rendering check expects it, when asked: -Dtemplate.sample=/tmp/template. */
    @Test
    void writesSampleWhenAsked() throws IOException {
        String dir = System.getProperty("template.sample");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, "sample.xlsx"), writer.write(sample(false)));
            Files.write(Path.of(dir, "sample-letters.xlsx"), writer.write(sample(true)));
        }
    }

    private static List<String> ranges(DataValidation v) {
        return Arrays.stream(v.getRegions().getCellRangeAddresses()).map(CellRangeAddress::formatAsString).toList();
    }

    private static String allText(XSSFSheet sheet) {
        StringBuilder text = new StringBuilder();
        sheet.forEach(r -> r.forEach(c -> {
            if (c.getCellType() == CellType.STRING) {
                text.append(c.getStringCellValue()).append('\n');
            }
        }));
        return text.toString();
    }
}
