package jp.reform.collector.template;

import static jp.reform.collector.report.ReportText.clean;
import static jp.reform.collector.report.ReportText.displayWidth;
import static jp.reform.collector.report.WorkbookSupport.LINE_POINTS;
import static jp.reform.collector.report.WorkbookSupport.MAX_ROW_POINTS;
import static jp.reform.collector.report.WorkbookSupport.Styles.argb;
import static jp.reform.collector.report.WorkbookSupport.Styles.bordered;
import static jp.reform.collector.report.WorkbookSupport.Styles.filled;
import static jp.reform.collector.report.WorkbookSupport.Styles.font;
import static jp.reform.collector.report.WorkbookSupport.Styles.japanese;
import static jp.reform.collector.report.WorkbookSupport.Styles.quoted;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.read.TemplateMark;
import jp.reform.collector.report.ReportText;
import jp.reform.collector.report.WorkbookSupport;
import jp.reform.collector.template.TemplateSpec.Line;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint.OperatorType;
import org.apache.poi.ss.usermodel.DataValidationConstraint.ValidationType;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PageMargin;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFDataValidationConstraint;
import org.apache.poi.xssf.usermodel.XSSFDataValidationHelper;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The pre-filled result template a department fills in: one .xlsx per department and fiscal year.
 *
 * <p>Sheet 「実績報告」 holds one row per indicator under the header row that the read stage recognises
 * (see {@code jp.reform.collector.read.ColumnNames}); what the department may change is unlocked and yellow,
 * the rest is locked and grey. Row 2 carries the template mark ({@link #mark}), a plain cell so that it
 * survives a save as CSV or .xls. Sheet 「記入方法」 explains the form; the very hidden sheet 「_meta」 and the
 * custom document properties ({@code reform.plan_code} …) carry the same identity for the reader.
 *
 * <p>The sheets are protected without a password: the protection prevents accidental edits of codes and
 * targets, it is not security (anyone may unprotect a sheet from the 校閲 tab). Row heights and column widths
 * may still be changed, so staff can make room for long text.
 *
 * <p>Everything pre-filled is written as a string or number cell, never as a formula; text that Excel would
 * take for a formula when edited (= + - @) gets the quote-prefix style.
 */
public final class TemplateWorkbook {

    public static final String SHEET_INPUT = "実績報告";
    public static final String SHEET_GUIDE = TemplateMark.GUIDE_SHEET;
    public static final String SHEET_META = TemplateMark.META_SHEET;
    /** Starts the template mark in cell A2 of the input sheet: 「様式ID: plan|2025|職員課|v1」. */
    public static final String MARK_PREFIX = "様式ID:";
    /** The header row of the input sheet, in order; each name is recognised by the reader. */
    public static final List<String> HEADERS = List.of("指標コード", "年度", "成果指標", "単位", "目標値",
            "前年度実績", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価");
    /** Row 3 of the input sheet. */
    public static final String INSTRUCTION = "黄色のセルに入力してください。灰色のセルは変更できません。";
    public static final String GENERATED_BY = "reform-results-collector";
    /** Prefix of the custom document properties: reform.plan_code, reform.fiscal_year … */
    public static final String PROPERTY_PREFIX = "reform.";

    /** 0-based rows of the input sheet. */
    static final int MARK_ROW = 1;
    static final int HEADER_ROW = 3;
    static final int FIRST_LINE_ROW = 4;

    /** 0-based columns of the input sheet, in the order of {@link #HEADERS}. */
    static final int COL_CODE = 0;
    static final int COL_YEAR = 1;
    static final int COL_NAME = 2;
    static final int COL_UNIT = 3;
    static final int COL_TARGET = 4;
    static final int COL_LAST_YEAR = 5;
    static final int COL_ACTUAL = 6;
    static final int COL_STATUS = 7;
    static final int COL_OUTCOME = 8;
    static final int COL_NEXT_STEPS = 9;
    static final int COL_ASSESSMENT = 10;

    static final List<String> GRADES = List.of("達成", "概ね達成", "未達成");
    static final List<String> LETTER_GRADES = List.of("A", "B", "C", "D");

    /** Stands in for a missing bound of the decimal validation: Excel keeps 15 significant digits. */
    static final String NO_UPPER_BOUND = "999999999999999";
    static final String NO_LOWER_BOUND = "-999999999999999";

    /** Rows of the input sheet kept in memory while writing; the rest is already on disk. */
    private static final int ROW_WINDOW = 100;

    /** Where the filled-in template goes; null: the department is referred to the division's notice. */
    private final SubmitTo submitTo;

    /** A template that refers the department to the division's notice for where to send it. */
    public TemplateWorkbook() {
        this(null);
    }

    /** A template that names the department's folder and the collection address. */
    public TemplateWorkbook(SubmitTo submitTo) {
        this.submitTo = submitTo;
    }
    /** Data rows get room for two lines even when empty, so that there is space to write. */
    private static final int MIN_LINE_ROWS = 2;
    /** Excel's limits for the texts of a data validation's prompt and error boxes. */
    private static final int MAX_BOX_TITLE = 32;
    private static final int MAX_BOX_TEXT = 250;

    private static final int GREY = 0xEDEDED;
    private static final int YELLOW = 0xFFF2CC;
    private static final int HEADER_BLUE = 0xDDEBF7;
    private static final int MARK_GREY = 0x808080;

    /** Column widths in characters (a Japanese character counts two): minimum and maximum. */
    private static final int[][] WIDTHS = {
            {10, 16}, {8, 8}, {24, 32}, {6, 12}, {10, 20}, {12, 18},
            {12, 12}, {32, 32}, {32, 32}, {28, 28}, {12, 12}};

    /** 実績報告様式_令和7年度_職員課.xlsx; characters Windows does not allow in a file name become _. */
    public static String fileName(TemplateSpec spec) {
        String department = safeFileNamePart(spec.department());
        return "実績報告様式_" + FiscalYears.eraName(spec.fiscalYear())
                + (department.isEmpty() ? "" : "_" + department) + ".xlsx";
    }

    /** The text of cell A2: 「様式ID: {planCode}|{fiscalYear}|{department}|v{templateVersion}」. */
    public static String mark(TemplateSpec spec) {
        return MARK_PREFIX + " " + nz(spec.planCode()) + "|" + spec.fiscalYear() + "|" + nz(spec.department())
                + "|v" + spec.templateVersion();
    }

    /** The title in cell A1: 「{計画名}　令和7年度（2025年度） 実績報告　{担当課}」. */
    public static String title(TemplateSpec spec) {
        return nz(spec.planName()) + "　" + FiscalYears.japaneseLabel(spec.fiscalYear()) + " 実績報告　"
                + nz(spec.department());
    }

    /** The key/value pairs of the _meta sheet; the custom properties are the same with {@link #PROPERTY_PREFIX}. */
    public static Map<String, String> metadata(TemplateSpec spec) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("plan_code", nz(spec.planCode()));
        meta.put("fiscal_year", Integer.toString(spec.fiscalYear()));
        meta.put("department", nz(spec.department()));
        meta.put("template_version", Integer.toString(spec.templateVersion()));
        meta.put("generated_by", GENERATED_BY);
        return meta;
    }

    /** The template as bytes (a console download, the templates command); see {@link #writeTo(TemplateSpec, OutputStream)}. */
    public byte[] write(TemplateSpec spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(spec, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The template written to a file (a reminder's attachment), never whole in memory. */
    public Path writeTo(TemplateSpec spec, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeTo(spec, out);
        }
        return file;
    }

    /**
     * Streams the workbook: the input sheet's rows go through SXSSF with a small row window, so a department
     * with 200,000 indicators costs no more heap than one with 60. What SXSSF does not stream (styles, the
     * validations, the small 記入方法 and hidden _meta sheets, the document properties) is set on the
     * XSSF workbook it wraps.
     */
    public void writeTo(TemplateSpec spec, OutputStream out) throws IOException {
        XSSFWorkbook xssf = new XSSFWorkbook();
        Styles styles = new Styles(xssf);
        XSSFSheet input = xssf.createSheet(SHEET_INPUT);
        XSSFSheet guide = xssf.createSheet(SHEET_GUIDE);
        XSSFSheet meta = xssf.createSheet(SHEET_META);
        inputHead(input, styles, spec);
        guideSheet(guide, styles, spec);
        metaSheet(meta, spec);
        SXSSFWorkbook wb = new SXSSFWorkbook(xssf, ROW_WINDOW);
        try {
            inputLines(wb.getSheet(SHEET_INPUT), input, styles, spec);
            xssf.setSheetVisibility(xssf.getSheetIndex(meta), SheetVisibility.VERY_HIDDEN);
            xssf.setActiveSheet(0);
            xssf.setSelectedTab(0);
            properties(xssf, spec);
            wb.write(out);
        } finally {
            wb.dispose();
            wb.close();
        }
    }

    // --- 実績報告 ---

    /**
     * The rows above the lines, written to the XSSF sheet before SXSSF wraps it (kept as they are, in the
     * shared strings, like the small sheets): the mark and the header are then ordinary cells to any tool.
     */
    private void inputHead(XSSFSheet sheet, Styles s, TemplateSpec spec) {
        Row title = sheet.createRow(0);
        title.setHeightInPoints(24);
        text(title.createCell(0), title(spec), s.title, s.title);
        text(sheet.createRow(MARK_ROW).createCell(0), mark(spec), s.mark, s.mark);
        text(sheet.createRow(2).createCell(0), INSTRUCTION, s.note, s.note);

        Row header = sheet.createRow(HEADER_ROW);
        header.setHeightInPoints(LINE_POINTS + 6);
        for (int i = 0; i < HEADERS.size(); i++) {
            text(header.createCell(i), HEADERS.get(i), s.header, s.header);
        }
    }

    /** The lines through {@code sheet} (streamed), everything else on {@code setup}, the XSSF sheet under it. */
    private void inputLines(Sheet sheet, XSSFSheet setup, Styles s, TemplateSpec spec) {
        List<Line> lines = spec.lines();
        int[] widths = widths(lines);
        for (int i = 0; i < widths.length; i++) {
            setup.setColumnWidth(i, widths[i] * 256);
        }
        int rowIndex = FIRST_LINE_ROW;
        for (Line line : lines) {
            Row row = sheet.createRow(rowIndex++);
            text(row.createCell(COL_CODE), nz(line.indicatorCode()), s.locked, s.lockedQuoted);
            Cell year = row.createCell(COL_YEAR);
            year.setCellValue(spec.fiscalYear());
            year.setCellStyle(s.lockedYear);
            text(row.createCell(COL_NAME), nz(line.indicatorName()), s.locked, s.lockedQuoted);
            text(row.createCell(COL_UNIT), nz(line.unit()), s.lockedCenter, s.lockedQuoted);
            text(row.createCell(COL_TARGET), nz(line.targetText()), s.locked, s.lockedQuoted);
            text(row.createCell(COL_LAST_YEAR), nz(line.lastYearActual()), s.locked, s.lockedQuoted);

            Cell actual = row.createCell(COL_ACTUAL);
            if (line.numeric() && line.submittedActual() != null) {
                actual.setCellValue(line.submittedActual().doubleValue());
                actual.setCellStyle(s.inputNumber);
            } else if (line.submittedActualText() != null) {
                text(actual, line.submittedActualText(), line.numeric() ? s.inputNumber : s.input, s.inputQuoted);
            } else {
                actual.setCellStyle(line.numeric() ? s.inputNumber : s.input);
            }
            text(row.createCell(COL_STATUS), nz(line.submittedStatus()), s.input, s.inputQuoted);
            text(row.createCell(COL_OUTCOME), nz(line.submittedOutcome()), s.input, s.inputQuoted);
            text(row.createCell(COL_NEXT_STEPS), nz(line.submittedNextSteps()), s.input, s.inputQuoted);
            text(row.createCell(COL_ASSESSMENT), nz(line.submittedAssessment()), s.inputCenter, s.inputQuoted);

            int height = MIN_LINE_ROWS;
            for (int i = 0; i < HEADERS.size(); i++) {
                Cell cell = row.getCell(i);
                if (cell.getCellType() == CellType.STRING) {
                    height = Math.max(height, lines(cell.getStringCellValue(), widths[i]));
                }
            }
            row.setHeightInPoints(Math.min(MAX_ROW_POINTS, height * LINE_POINTS + 4));
        }
        validations(setup, spec);

        setup.createFreezePane(COL_NAME + 1, FIRST_LINE_ROW);
        setup.setRepeatingRows(new CellRangeAddress(HEADER_ROW, HEADER_ROW, -1, -1));
        printSetup(setup, spec, true);
        protect(setup);
    }

    private void validations(XSSFSheet sheet, TemplateSpec spec) {
        List<Line> lines = spec.lines();
        if (lines.isEmpty()) {
            return;
        }
        XSSFDataValidationHelper helper = new XSSFDataValidationHelper(sheet);
        int first = FIRST_LINE_ROW;
        int last = FIRST_LINE_ROW + lines.size() - 1;

        // one validation per kind of bound (same range and unit), over all its rows: a validation per row
        // would make a department with 200,000 indicators a workbook Excel and the heap choke on
        CellRangeAddressList textActuals = new CellRangeAddressList();
        Map<List<String>, CellRangeAddressList> numericActuals = new LinkedHashMap<>();
        Map<List<String>, Line> numericExamples = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            int row = FIRST_LINE_ROW + i;
            if (!line.numeric()) {
                addRow(textActuals, row);
                continue;
            }
            List<String> key = List.of(line.minValue() == null ? "" : line.minValue().toPlainString(),
                    line.maxValue() == null ? "" : line.maxValue().toPlainString(), oneLine(line.unit()));
            addRow(numericActuals.computeIfAbsent(key, k -> new CellRangeAddressList()), row);
            numericExamples.putIfAbsent(key, line);
        }
        for (var entry : numericActuals.entrySet()) {
            Line line = numericExamples.get(entry.getKey());
            String min = line.minValue() == null ? NO_LOWER_BOUND : line.minValue().toPlainString();
            String max = line.maxValue() == null ? NO_UPPER_BOUND : line.maxValue().toPlainString();
            DataValidation v = helper.createValidation(
                    helper.createDecimalConstraint(OperatorType.BETWEEN, min, max), entry.getValue());
            String unit = oneLine(line.unit());
            String range = range(line.minValue(), line.maxValue());
            v.setErrorStyle(DataValidation.ErrorStyle.STOP);
            v.createErrorBox("実績値を確認してください",
                    box("実績値は数値で入力してください" + (range.isEmpty() ? "" : "（" + range + "）")
                            + "。「約」や単位は付けずに、数値だけを入力してください。"));
            v.setShowErrorBox(true);
            v.createPromptBox("実績値",
                    box("数値で入力してください" + (unit.isEmpty() ? "" : "（単位：" + unit + "）") + "。"
                            + (range.isEmpty() ? "" : range + "の範囲で入力できます。")));
            v.setShowPromptBox(true);
            v.setEmptyCellAllowed(true);
            sheet.addValidationData(v);
        }
        if (textActuals.countRanges() > 0) {
            DataValidation v = helper.createValidation(anyValue(), textActuals);
            v.createPromptBox("実績値（文章で報告する指標）",
                    box("この指標は数値の実績値がありません。空欄のままで構いません。"
                            + "「取組状況」と「自己評価」を必ず記入してください。"));
            v.setShowPromptBox(true);
            v.setShowErrorBox(false);
            sheet.addValidationData(v);
        }

        DataValidation status = helper.createValidation(anyValue(),
                new CellRangeAddressList(first, last, COL_STATUS, COL_STATUS));
        status.createPromptBox("取組状況（必須）",
                box("必ず記入してください。この年度に実施した取組の内容と進み具合を記入してください。"));
        status.setShowPromptBox(true);
        status.setShowErrorBox(false);
        sheet.addValidationData(status);

        List<String> grades = grades(spec);
        DataValidation assessment = helper.createValidation(
                helper.createExplicitListConstraint(grades.toArray(String[]::new)),
                new CellRangeAddressList(first, last, COL_ASSESSMENT, COL_ASSESSMENT));
        assessment.setErrorStyle(DataValidation.ErrorStyle.STOP);
        assessment.createErrorBox("自己評価を確認してください",
                box("一覧（" + String.join("・", grades) + "）から選んでください。"));
        assessment.setShowErrorBox(true);
        assessment.createPromptBox("自己評価（必須）",
                box(spec.gradeLabels().size() == 4
                        ? String.join("・", grades) + " から選んでください（" + grades.get(0) + " が最も高い評価です）。"
                        : spec.gradedBySelfAssessment()
                        ? "A・B・C・D から選んでください（A が最も高い評価です）。"
                        : String.join("・", spec.gradeLabels()) + " から選んでください。"));
        assessment.setShowPromptBox(true);
        sheet.addValidationData(assessment);
    }

    /** Adds the 実績値 cell of a row, extending the last range when the rows follow each other. */
    private static void addRow(CellRangeAddressList ranges, int row) {
        int last = ranges.countRanges() - 1;
        if (last >= 0 && ranges.getCellRangeAddress(last).getLastRow() == row - 1) {
            CellRangeAddress previous = ranges.remove(last);
            ranges.addCellRangeAddress(previous.getFirstRow(), COL_ACTUAL, row, COL_ACTUAL);
        } else {
            ranges.addCellRangeAddress(row, COL_ACTUAL, row, COL_ACTUAL);
        }
    }

    /** A validation that accepts anything: it only shows its input prompt. */
    private static DataValidationConstraint anyValue() {
        return new XSSFDataValidationConstraint(ValidationType.ANY, OperatorType.IGNORED, null, null);
    }

    static List<String> grades(TemplateSpec spec) {
        // a plan of four levels offers its own (S|A|B|C); a self-assessment plan of fewer, the letters A–D
        return spec.gradedBySelfAssessment() && spec.gradeLabels().size() < 4 ? LETTER_GRADES : spec.gradeLabels();
    }

    private static String range(BigDecimal min, BigDecimal max) {
        if (min != null && max != null) {
            return min.toPlainString() + "～" + max.toPlainString();
        }
        if (min != null) {
            return min.toPlainString() + "以上";
        }
        return max == null ? "" : max.toPlainString() + "以下";
    }

    /** Wide enough for the pre-filled text, within each column's bounds; longer text wraps. */
    private static int[] widths(List<Line> lines) {
        int[] widths = new int[HEADERS.size()];
        for (int i = 0; i < widths.length; i++) {
            int widest = displayWidth(HEADERS.get(i));
            for (Line line : lines) {
                for (String l : clean(lockedText(line, i)).split("\n", -1)) {
                    widest = Math.max(widest, displayWidth(l));
                }
            }
            widths[i] = Math.max(WIDTHS[i][0], Math.min(WIDTHS[i][1], widest + 2));
        }
        return widths;
    }

    private static String lockedText(Line line, int column) {
        return switch (column) {
            case COL_CODE -> line.indicatorCode();
            case COL_NAME -> line.indicatorName();
            case COL_UNIT -> line.unit();
            case COL_TARGET -> line.targetText();
            case COL_LAST_YEAR -> line.lastYearActual();
            default -> "";
        };
    }

    // --- 記入方法 ---

    private void guideSheet(XSSFSheet sheet, Styles s, TemplateSpec spec) {
        int labelWidth = 16;
        int textWidth = 84;
        sheet.setColumnWidth(0, labelWidth * 256);
        sheet.setColumnWidth(1, textWidth * 256);
        String admin = nz(spec.adminDepartment()).isBlank() ? "行政改革担当課" : oneLine(spec.adminDepartment());
        String year = FiscalYears.eraName(spec.fiscalYear());
        List<String> grades = grades(spec);

        Row title = sheet.createRow(0);
        title.setHeightInPoints(24);
        text(title.createCell(0), "実績報告様式の記入方法", s.title, s.title);
        text(sheet.createRow(1).createCell(0), nz(spec.planName()) + "　" + FiscalYears.japaneseLabel(spec.fiscalYear())
                + "　" + nz(spec.department()), s.note, s.note);

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"■ 入力するセル", null});
        rows.add(new String[] {"黄色のセル", "「" + SHEET_INPUT + "」シートの黄色のセルに入力してください。"
                + "灰色のセル（指標コード・年度・成果指標・単位・目標値・前年度実績）はあらかじめ入力してあり、変更できません。"
                + "内容に誤りがある場合は、" + admin + "へご連絡ください。"});
        rows.add(new String[] {"実績値", year + "の実績を数値で入力してください。単位は「単位」列のとおりです（単位の入力は不要です）。"
                + "セルを選ぶと、単位と入力できる範囲が表示されます。"});
        rows.add(new String[] {"取組状況", "【必須】この年度に実施した取組の内容と進み具合を記入してください。すべての指標で記入が必要です。"});
        rows.add(new String[] {"成果と課題", "取組によって得られた成果と、残っている課題を記入してください。"});
        rows.add(new String[] {"今後の取組", "次年度以降の取組の方針や予定を記入してください。"});
        rows.add(new String[] {"自己評価", "【必須】セルの右の▼から「" + String.join("」「", grades) + "」のいずれかを選んでください。"});
        rows.add(null);

        rows.add(new String[] {"■ 数値の書き方", null});
        rows.add(new String[] {"入力の例", "1234 または 1,234 のように数値だけを入力してください。"
                + "パーセントの指標は 72.1 と入力しても 72.1% と入力しても、72.1% として受け付けます。"
                + "マイナスの値は -5 と入力してください（資料の ▲5 と同じ意味です）。"});
        rows.add(new String[] {"単位・概数", "集計システムは 1,234、72.1%、▲5、約1,200、1,500千円 のような書き方も読み取れますが、"
                + "この様式の実績値欄は数値以外を入力できない設定にしています。"
                + "単位が「千円」などの指標は、その単位に換算した数値を入力してください（例：1,500,000円 → 1500）。"
                + "概数である場合（約）や補足は「成果と課題」欄に書き添えてください。"});
        rows.add(null);

        rows.add(new String[] {"■ 文章で報告する指標", null});
        rows.add(new String[] {"実績値が空欄の指標", "実施・未実施などを文章で報告する指標（実績値のセルを選ぶと「文章で報告する指標」と表示されます）は、"
                + "実績値を空欄のままにして、「取組状況」と「自己評価」を必ず記入してください。"});
        rows.add(null);

        rows.add(new String[] {"■ 自己評価", null});
        if (spec.gradeLabels().size() == 4) {
            rows.add(new String[] {"選択肢", String.join("・", grades) + " の4段階から選んでください（" + grades.get(0)
                    + " が最も高い評価です）。各段階の基準は、計画の評価基準をご覧ください。"});
        } else if (spec.gradedBySelfAssessment()) {
            rows.add(new String[] {"選択肢", "A・B・C・D の4段階から選んでください（A が最も高い評価です）。"
                    + "各段階の基準は、計画の評価基準をご覧ください。"});
        } else if (spec.gradeLabels().equals(GRADES)) {
            rows.add(new String[] {"選択肢", "達成：目標を達成した。\n概ね達成：目標にわずかに届かなかったが、おおむね達成した。\n"
                    + "未達成：目標を達成できなかった。"});
        } else {
            // the plan's own words, best first: ○ for 達成 … × for 未達成
            List<String> labels = spec.gradeLabels();
            String middle = labels.size() > 2 ? labels.get(1) + "：目標にわずかに届かなかったが、おおむね達成した。\n" : "";
            rows.add(new String[] {"選択肢", labels.get(0) + "：目標を達成した。\n" + middle
                    + labels.get(labels.size() - 1) + "：目標を達成できなかった。"});
        }
        rows.add(null);

        rows.add(new String[] {"■ 提出方法", null});
        rows.add(new String[] {"提出", submitTo != null ? submitTo.sentence(spec.department())
                : "記入が終わりましたら、共有フォルダの貴課のフォルダに保存するか、"
                        + "メールに添付して送付してください。提出先は" + admin + "からの案内をご覧ください。"});
        rows.add(new String[] {"ファイル", "ファイル名は変更していただいて構いません。Excel 97-2003 形式（.xls）や CSV 形式で保存したファイルも受け付けます"
                + "（CSV で保存する場合は「" + SHEET_INPUT + "」シートを表示した状態で保存してください）。"});
        rows.add(new String[] {"修正", "提出後に修正がある場合は、この様式を修正して、もう一度提出してください。"});
        rows.add(null);

        rows.add(new String[] {"■ ご注意", null});
        rows.add(new String[] {"様式の確認", "この様式は「" + oneLine(spec.department()) + "」の" + year
                + "分の専用です。他の課や他の年度の様式で提出されたファイルは受け付けられません。"
                + "「" + SHEET_INPUT + "」シート2行目の「" + MARK_PREFIX + "」の行は消さないでください。"});
        rows.add(new String[] {"行の高さ", "文字が隠れて見えない場合は、行の高さを広げてください"
                + "（行番号の下の境目をダブルクリックすると自動で調整されます）。"});
        rows.add(new String[] {"行・列・シート", "行や列の追加・削除、シート名の変更はしないでください。"});

        int rowIndex = 3;
        for (String[] entry : rows) {
            if (entry == null) {
                rowIndex++;
                continue;
            }
            Row row = sheet.createRow(rowIndex++);
            if (entry[1] == null) {
                text(row.createCell(0), entry[0], s.section, s.section);
                row.setHeightInPoints(LINE_POINTS + 4);
                continue;
            }
            text(row.createCell(0), entry[0], s.guideLabel, s.guideLabel);
            text(row.createCell(1), entry[1], s.guideText, s.guideText);
            int lines = Math.max(lines(entry[0], labelWidth), lines(entry[1], textWidth));
            row.setHeightInPoints(Math.min(MAX_ROW_POINTS, lines * LINE_POINTS + 4));
        }
        printSetup(sheet, spec, false);
        protect(sheet);
    }

    // --- _meta and properties ---

    private void metaSheet(XSSFSheet sheet, TemplateSpec spec) {
        int rowIndex = 0;
        for (Map.Entry<String, String> e : metadata(spec).entrySet()) {
            Row row = sheet.createRow(rowIndex++);
            row.createCell(0).setCellValue(e.getKey());
            row.createCell(1).setCellValue(e.getValue());
        }
        sheet.setColumnWidth(0, 20 * 256);
        sheet.setColumnWidth(1, 40 * 256);
        protect(sheet);
    }

    private static void properties(XSSFWorkbook wb, TemplateSpec spec) {
        POIXMLProperties props = wb.getProperties();
        props.getCoreProperties().setTitle("実績報告様式 " + FiscalYears.eraName(spec.fiscalYear()) + " "
                + oneLine(spec.department()));
        props.getCoreProperties().setSubjectProperty(oneLine(spec.planName()));
        props.getCoreProperties().setCreator("行政改革実績収集システム");
        POIXMLProperties.CustomProperties custom = props.getCustomProperties();
        metadata(spec).forEach((key, value) -> custom.addProperty(PROPERTY_PREFIX + key, value));
    }

    // --- shared layout ---

    /**
     * Protection without a password, against accidental edits only. Staff may still change row heights and
     * column widths, and select any cell (to read or copy a long text); everything else stays locked.
     */
    private static void protect(XSSFSheet sheet) {
        sheet.enableLocking();
        sheet.lockFormatRows(false);
        sheet.lockFormatColumns(false);
        sheet.lockSelectLockedCells(false);
        sheet.lockSelectUnlockedCells(false);
    }

    /** A4, one page wide: landscape for the input sheet, portrait for the instructions. */
    private static void printSetup(XSSFSheet sheet, TemplateSpec spec, boolean landscape) {
        WorkbookSupport.pageSetup(sheet, landscape, WorkbookSupport.headerText(oneLine(spec.planName())),
                WorkbookSupport.headerText(FiscalYears.eraName(spec.fiscalYear()) + "　" + oneLine(spec.department())));
        sheet.setMargin(PageMargin.HEADER, 0.3);
        sheet.setMargin(PageMargin.FOOTER, 0.3);
    }

    /** A string cell as the reports write it; an empty text leaves the cell blank (an empty input cell). */
    private static void text(Cell cell, String raw, CellStyle style, CellStyle quoted) {
        String text = WorkbookSupport.cellText(raw);
        if (text.isEmpty()) {
            cell.setCellStyle(style);
            return;
        }
        WorkbookSupport.text(cell, text, style, quoted);
    }

    private static int lines(String text, int width) {
        return WorkbookSupport.lines(clean(text), width);
    }

    /** One line with runs of white space made one space. */
    private static String oneLine(String text) {
        return ReportText.oneLine(text).replaceAll("\\s+", " ");
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    /** Prompt and error texts are cut to what Excel accepts. */
    private static String box(String text) {
        return text.length() <= MAX_BOX_TEXT ? text : text.substring(0, MAX_BOX_TEXT - 1) + "…";
    }

    private static String safeFileNamePart(String text) {
        String part = clean(text).replaceAll("[\\\\/:*?\"<>|\\t\\n]", "_")
                .replaceAll("[\\s\\u3000]+", "_").strip();
        part = part.replaceAll("^[._]+|[._]+$", "");
        return part.length() > 60 ? part.substring(0, 60) : part;
    }

    /** The styles the template uses, made once. */
    private static final class Styles {
        final XSSFCellStyle title;
        final XSSFCellStyle mark;
        final XSSFCellStyle note;
        final XSSFCellStyle header;
        final XSSFCellStyle locked;
        final XSSFCellStyle lockedQuoted;
        final XSSFCellStyle lockedCenter;
        final XSSFCellStyle lockedYear;
        final XSSFCellStyle input;
        final XSSFCellStyle inputQuoted;
        final XSSFCellStyle inputNumber;
        final XSSFCellStyle inputCenter;
        final XSSFCellStyle section;
        final XSSFCellStyle guideLabel;
        final XSSFCellStyle guideText;

        Styles(XSSFWorkbook wb) {
            // the workbook's default font (index 0) is what every style and the column widths start from;
            // without scheme NONE Excel would show the theme's font instead of the name set here
            XSSFFont base = wb.getFontAt(0);
            japanese(base);
            XSSFFont bold = font(wb);
            bold.setBold(true);
            XSSFFont big = font(wb);
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            XSSFFont small = font(wb);
            small.setFontHeightInPoints((short) 9);
            small.setColor(argb(MARK_GREY));

            title = wb.createCellStyle();
            title.setFont(big);
            mark = wb.createCellStyle();
            mark.setFont(small);
            note = wb.createCellStyle();
            note.setVerticalAlignment(VerticalAlignment.CENTER);

            header = bordered(wb);
            header.setFont(bold);
            filled(header, HEADER_BLUE);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setAlignment(HorizontalAlignment.CENTER);

            locked = bordered(wb);
            filled(locked, GREY);
            lockedQuoted = quoted(wb, locked);
            lockedCenter = copy(wb, locked);
            lockedCenter.setAlignment(HorizontalAlignment.CENTER);
            lockedYear = copy(wb, lockedCenter);
            lockedYear.setDataFormat(wb.createDataFormat().getFormat("0"));

            input = bordered(wb);
            filled(input, YELLOW);
            input.setLocked(false);
            inputQuoted = quoted(wb, input);
            inputNumber = copy(wb, input);
            inputNumber.setWrapText(false);
            inputNumber.setAlignment(HorizontalAlignment.RIGHT);
            inputNumber.setIndention((short) 1);
            inputCenter = copy(wb, input);
            inputCenter.setAlignment(HorizontalAlignment.CENTER);

            section = wb.createCellStyle();
            section.setFont(bold);
            section.setVerticalAlignment(VerticalAlignment.BOTTOM);
            guideLabel = bordered(wb);
            guideLabel.setFont(bold);
            filled(guideLabel, GREY);
            guideText = bordered(wb);
        }

        private static XSSFCellStyle copy(XSSFWorkbook wb, XSSFCellStyle like) {
            XSSFCellStyle style = wb.createCellStyle();
            style.cloneStyleFrom(like);
            return style;
        }
    }
}
