package jp.reform.collector.committee;

import static jp.reform.collector.report.WorkbookSupport.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.namespace.QName;
import jp.reform.collector.committee.CommitteeReport.FlagLine;
import jp.reform.collector.committee.CommitteeReport.IndicatorLine;
import jp.reform.collector.committee.CommitteeReport.SummaryLine;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.report.ReportFiles;
import jp.reform.collector.report.ReportText;
import jp.reform.collector.report.WorkbookSupport.Column;
import jp.reform.collector.report.WorkbookSupport.Kind;
import jp.reform.collector.report.WorkbookSupport;
import org.apache.poi.common.usermodel.fonts.FontGroup;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrossBetween;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.AxisTickMark;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xddf.usermodel.text.XDDFFont;
import org.apache.poi.xddf.usermodel.text.XDDFRunProperties;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.xmlbeans.XmlCursor;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTBarChart;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTDLbls;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTOverlap;
import org.openxmlformats.schemas.drawingml.x2006.chart.STDLblPos;
import org.openxmlformats.schemas.drawingml.x2006.main.CTRegularTextRun;
import org.openxmlformats.schemas.drawingml.x2006.main.CTTextBody;
import org.openxmlformats.schemas.drawingml.x2006.main.CTTextParagraph;

/**
 * The administrative division's yearly summary for the reform committee as an .xlsx workbook: the committee's
 * table per goal with a chart (総括表), every indicator in plan order grouped by goal (取組一覧), and what is
 * still open (確認事項). Every sheet prints on A4 landscape, one page wide.
 *
 * <p>What departments wrote always goes in as a string cell (with the quote prefix when it starts with
 * = + - @), never as a formula.
 */
public final class CommitteeWorkbook {

    static final String SUMMARY_SHEET = "総括表";
    static final String INDICATOR_SHEET = "取組一覧";
    static final String FLAG_SHEET = "確認事項";
    static final String TOTAL_CODE = "total";
    static final String TOTAL_LABEL = "合計";
    static final String CHART_TITLE = "重点目標別の取組結果";
    static final String NOT_APPLICABLE = "－";
    static final String RATE_FORMAT = "0.0\"%\"";

    /** The committee table's columns on 総括表; 達成 / 概ね達成 / 未達成 are the chart's series. */
    private static final String[] SUMMARY_HEADERS = {"重点目標", "設定項目", "達成", "概ね達成", "未達成", "概ね達成率",
        "うち未提出"};
    private static final int[] SUMMARY_WIDTHS = {0, 10, 10, 10, 10, 12, 12};
    private static final int GOAL_MIN_WIDTH = 28;
    private static final int GOAL_MAX_WIDTH = 52;
    private static final int TITLE_ROW = 0;
    private static final int AS_OF_ROW = 1;
    private static final int TABLE_HEADER_ROW = 3;
    private static final int FIRST_SERIES_COLUMN = 2;
    private static final int CHART_ROWS = 18;
    /** 達成 blue, 概ね達成 light blue, 未達成 orange: told apart in colour and in grey print. */
    private static final int[] SERIES_COLOURS = {0x2F5597, 0x9DC3E6, 0xED7D31};
    /** The counts on the segments: white on the dark blue, black on the light ones. */
    private static final int[] LABEL_COLOURS = {0xFFFFFF, 0x000000, 0x000000};
    private static final int GRID_COLOUR = 0xD9D9D9;

    /**
     * 取組一覧's columns. At most about 185 characters wide in all, which A4 landscape prints at roughly 70%:
     * the long texts wrap rather than shrink the page further.
     */
    private static final List<Column> INDICATOR_COLUMNS = List.of(new Column("分類", Kind.TEXT, 10, 12),
            new Column("取組項目", Kind.TEXT, 12, 16), new Column("取組内容", Kind.TEXT, 16, 22),
            new Column("担当課", Kind.TEXT, 10, 12), new Column("成果指標", Kind.TEXT, 12, 16),
            new Column("目標", Kind.TEXT, 8, 10), new Column("実績", Kind.TEXT, 8, 10),
            new Column("達成率", Kind.PERCENT, 8, 8), new Column("判定", Kind.TEXT, 10, 10),
            new Column("取組状況", Kind.TEXT, 16, 24), new Column("成果と課題", Kind.TEXT, 16, 24),
            new Column("今後の取組", Kind.TEXT, 16, 22));
    private static final int RATE_COLUMN = 7;

    private static final List<Column> FLAG_COLUMNS = List.of(new Column("担当課", Kind.TEXT, 12, 22),
            new Column("指標コード", Kind.TEXT, 12, 16), new Column("成果指標", Kind.TEXT, 24, 44),
            new Column("実績", Kind.TEXT, 10, 24), new Column("内容", Kind.TEXT, 36, 64));

    /** The file's name: 行革実績_atsugi-7-2_2025年度.xlsx. */
    public static String fileName(CommitteeReport r) {
        String plan = WorkbookSupport.fileNamePart(r.planCode());
        return "行革実績" + (plan.isEmpty() ? "" : "_" + plan) + "_" + r.fiscalYear() + "年度.xlsx";
    }

    /** 「第7次厚木市行政改革大綱 第2期実施計画　令和7年度（2025年度）取組結果」. */
    static String title(CommitteeReport r) {
        String plan = ReportText.oneLine(r.planName());
        return (plan.isEmpty() ? "" : plan + "　") + FiscalYears.japaneseLabel(r.fiscalYear()) + "取組結果";
    }

    /** Writes the workbook into a folder under {@link #fileName}; returns the file. */
    public Path writeTo(Path folder, CommitteeReport r) throws IOException {
        return ReportFiles.write(folder, fileName(r), write(r));
    }

    public byte[] write(CommitteeReport r) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.getProperties().getCoreProperties().setTitle(title(r));
            wb.getProperties().getCoreProperties().setCreator("行政改革実績収集システム");
            Styles styles = new Styles(wb);
            summary(wb.createSheet(SUMMARY_SHEET), styles, r);
            indicators(wb.createSheet(INDICATOR_SHEET), styles, r);
            flags(wb.createSheet(FLAG_SHEET), styles, r);
            wb.setActiveSheet(0);
            return WorkbookSupport.bytes(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- 総括表 ---

    private void summary(XSSFSheet sheet, Styles s, CommitteeReport r) {
        List<SummaryLine> goals = new ArrayList<>();
        SummaryLine total = null;
        for (SummaryLine line : r.summary()) {
            if (TOTAL_CODE.equalsIgnoreCase(line.goalCode())) {
                total = line;
            } else {
                goals.add(line);
            }
        }
        int goalWidth = GOAL_MIN_WIDTH;
        for (SummaryLine g : goals) {
            for (String part : goalLabel(g.goalCode(), g.goalTitle()).split("\n", -1)) {
                goalWidth = Math.max(goalWidth, ReportText.displayWidth(part) + 2);
            }
        }
        goalWidth = Math.min(goalWidth, GOAL_MAX_WIDTH);
        int[] widths = SUMMARY_WIDTHS.clone();
        widths[0] = goalWidth;
        WorkbookSupport.setWidths(sheet, widths);

        Row title = sheet.createRow(TITLE_ROW);
        title.setHeightInPoints(24);
        text(title.createCell(0), title(r), s.title, s.title);
        Cell asOf = sheet.createRow(AS_OF_ROW).createCell(0);
        if (r.asOf() != null) {
            asOf.setCellValue(r.asOf());
            asOf.setCellStyle(s.asOf);
        } else {
            text(asOf, "基準日　" + NOT_APPLICABLE, s.plain, s.plain);
        }

        Row header = sheet.createRow(TABLE_HEADER_ROW);
        for (int i = 0; i < SUMMARY_HEADERS.length; i++) {
            text(header.createCell(i), SUMMARY_HEADERS[i], s.header, s.header);
        }
        int row = TABLE_HEADER_ROW + 1;
        for (SummaryLine g : goals) {
            summaryRow(sheet.createRow(row++), s, g, goalLabel(g.goalCode(), g.goalTitle()), false, goalWidth);
        }
        if (total != null) {
            summaryRow(sheet.createRow(row++), s, total, TOTAL_LABEL, true, goalWidth);
        }
        row++;
        text(sheet.createRow(row++).createCell(0), "※ 概ね達成率 ＝（達成 ＋ 概ね達成）÷ 設定項目", s.plain, s.plain);
        text(sheet.createRow(row++).createCell(0), "※ うち未提出：設定項目のうち、基準日までに実績が提出されていない指標の数",
                s.plain, s.plain);
        if (!goals.isEmpty()) {
            chart(sheet, r, TABLE_HEADER_ROW + 1, TABLE_HEADER_ROW + goals.size(), row + 1, widths.length);
        }
        WorkbookSupport.printSetup(sheet, r.planName(), r.asOf());
    }

    private static void summaryRow(Row row, Styles s, SummaryLine line, String label, boolean total, int goalWidth) {
        String text = WorkbookSupport.cellText(label);
        text(row.createCell(0), text, total ? s.totalLabel : s.body, total ? s.totalLabel : s.bodyQuoted);
        int[] counts = {line.set(), line.achieved(), line.mostly(), line.notAchieved()};
        for (int i = 0; i < counts.length; i++) {
            count(row.createCell(1 + i), counts[i], total ? s.totalCount : s.count);
        }
        Cell rate = row.createCell(5);
        if (line.mostlyRate() == null) {
            text(rate, NOT_APPLICABLE, total ? s.totalNone : s.none, total ? s.totalNone : s.none);
        } else {
            rate.setCellValue(line.mostlyRate().doubleValue());
            rate.setCellStyle(total ? s.totalRate : s.rate);
        }
        count(row.createCell(6), line.notSubmitted(), total ? s.totalCount : s.count);
        int lines = WorkbookSupport.lines(text, goalWidth);
        if (lines > 1) {
            row.setHeightInPoints(Math.min(WorkbookSupport.MAX_ROW_POINTS, lines * WorkbookSupport.LINE_POINTS));
        }
    }

    private static void count(Cell cell, int value, XSSFCellStyle style) {
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    /**
     * A stacked column chart of 達成 / 概ね達成 / 未達成 per goal (not the total), below the table. The series
     * refer to the table's cells, so the chart follows when someone corrects a figure.
     */
    private static void chart(XSSFSheet sheet, CommitteeReport r, int firstGoalRow, int lastGoalRow, int top,
                              int columns) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, top, columns, top + CHART_ROWS);
        XSSFChart chart = drawing.createChart(anchor);
        // Excel rounds the frame's corners unless told not to
        chart.getCTChartSpace().addNewRoundedCorners().setVal(false);
        japaneseText(chart);
        chart.setTitleText(CHART_TITLE + "（" + FiscalYears.eraName(r.fiscalYear()) + "）");
        chart.setTitleOverlay(false);
        titleText(chart.getCTChart().getTitle().getTx().getRich().getPArray(0));
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);

        XDDFCategoryAxis goalAxis = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis countAxis = chart.createValueAxis(AxisPosition.LEFT);
        goalAxis.setMajorTickMark(AxisTickMark.NONE);
        countAxis.setMajorTickMark(AxisTickMark.OUT);
        countAxis.setCrosses(AxisCrosses.AUTO_ZERO);
        countAxis.setCrossBetween(AxisCrossBetween.BETWEEN);
        countAxis.setMinimum(0);
        countAxis.setNumberFormat("0");
        countAxis.getOrAddMajorGridProperties().setLineProperties(
                new XDDFLineProperties(new XDDFSolidFillProperties(colour(GRID_COLOUR))));

        XDDFCategoryDataSource goals = XDDFDataSourcesFactory.fromStringCellRange(sheet,
                new CellRangeAddress(firstGoalRow, lastGoalRow, 0, 0));
        XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, goalAxis, countAxis);
        bars.setBarDirection(BarDirection.COL);
        bars.setBarGrouping(BarGrouping.STACKED);
        bars.setGapWidth(80);
        bars.setVaryColors(false);
        for (int i = 0; i < SERIES_COLOURS.length; i++) {
            int column = FIRST_SERIES_COLUMN + i;
            XDDFBarChartData.Series series = (XDDFBarChartData.Series) bars.addSeries(goals,
                    XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                            new CellRangeAddress(firstGoalRow, lastGoalRow, column, column)));
            series.setTitle(SUMMARY_HEADERS[column],
                    new CellReference(sheet.getSheetName(), TABLE_HEADER_ROW, column, true, true));
            XDDFShapeProperties shape = new XDDFShapeProperties();
            shape.setFillProperties(new XDDFSolidFillProperties(colour(SERIES_COLOURS[i])));
            series.setShapeProperties(shape);
        }
        chart.plot(bars);
        stackExactly(chart.getCTChart().getPlotArea().getBarChartArray(0));
        for (int i = 0; i < bars.getSeriesCount(); i++) {
            valueLabels(((XDDFBarChartData.Series) bars.getSeries(i)).getCTBarSer().addNewDLbls(),
                    LABEL_COLOURS[i]);
        }
    }

    /**
     * The title's paragraph and run at 14pt bold in the Japanese font, centred, marked as Japanese: Excel takes
     * the title's look from its rich text, not from the title's default text properties.
     */
    private static void titleText(CTTextParagraph paragraph) {
        if (paragraph.getPPr().isSetAlgn()) {
            paragraph.getPPr().unsetAlgn();
        }
        List<XDDFRunProperties> runs = new ArrayList<>();
        runs.add(new XDDFRunProperties(paragraph.getPPr().isSetDefRPr() ? paragraph.getPPr().getDefRPr()
                : paragraph.getPPr().addNewDefRPr()));
        for (CTRegularTextRun run : paragraph.getRArray()) {
            runs.add(new XDDFRunProperties(run.isSetRPr() ? run.getRPr() : run.addNewRPr()));
        }
        for (XDDFRunProperties run : runs) {
            run.setFontSize(14.0);
            run.setBold(true);
            run.setFonts(japaneseFonts());
            run.setLanguage(Locale.JAPAN);
        }
    }

    /** An sRGB colour as DrawingML writes it ({@code XDDFColor.from(int, int, int)} would take percentages). */
    private static XDDFColor colour(int rgb) {
        return XDDFColor.from(new byte[] {(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb});
    }

    /**
     * Overlap 100%, without which Excel draws the stacked segments side by side. Written as the attribute's
     * text: the typed setter needs a schema type that poi-ooxml-lite does not carry.
     */
    private static void stackExactly(CTBarChart bar) {
        CTOverlap overlap = bar.isSetOverlap() ? bar.getOverlap() : bar.addNewOverlap();
        try (XmlCursor cursor = overlap.newCursor()) {
            cursor.setAttributeText(new QName("val"), "100");
        }
    }

    /** The count in the middle of each segment; nothing else (Excel shows what is not switched off). */
    private static void valueLabels(CTDLbls labels, int rgb) {
        XDDFRunProperties text = japaneseText(labels.addNewTxPr());
        text.setFillProperties(new XDDFSolidFillProperties(colour(rgb)));
        text.setBold(true);
        labels.addNewDLblPos().setVal(STDLblPos.CTR);
        labels.addNewShowLegendKey().setVal(false);
        labels.addNewShowVal().setVal(true);
        labels.addNewShowCatName().setVal(false);
        labels.addNewShowSerName().setVal(false);
        labels.addNewShowPercent().setVal(false);
        labels.addNewShowBubbleSize().setVal(false);
    }

    /** The chart's default text (axes, legend, labels) in the sheet's Japanese font at 10pt. */
    private static void japaneseText(XSSFChart chart) {
        japaneseText(chart.getCTChartSpace().addNewTxPr()).setFontSize(10.0);
    }

    /** A text body whose default run is in the Japanese font, for the caller to size and colour. */
    private static XDDFRunProperties japaneseText(CTTextBody body) {
        body.addNewBodyPr();
        body.addNewLstStyle();
        XDDFRunProperties run = new XDDFRunProperties(body.addNewP().addNewPPr().addNewDefRPr());
        run.setFonts(japaneseFonts());
        return run;
    }

    private static XDDFFont[] japaneseFonts() {
        return new XDDFFont[] {new XDDFFont(FontGroup.LATIN, WorkbookSupport.FONT_NAME, null, null, null),
            new XDDFFont(FontGroup.EAST_ASIAN, WorkbookSupport.FONT_NAME, null, null, null)};
    }

    private static String goalLabel(String code, String title) {
        String c = ReportText.oneLine(code);
        String t = ReportText.clean(title).strip();
        return c.isEmpty() ? t : t.isEmpty() ? c : c + "　" + t;
    }

    // --- 取組一覧 ---

    private void indicators(XSSFSheet sheet, Styles s, CommitteeReport r) {
        Map<String, List<IndicatorLine>> byGoal = new LinkedHashMap<>();
        Map<String, String> goalTitles = new LinkedHashMap<>();
        for (IndicatorLine line : r.indicators()) {
            String key = line.goalCode() == null ? "" : line.goalCode();
            byGoal.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
            goalTitles.putIfAbsent(key, line.goalTitle());
        }
        List<Object[]> rows = new ArrayList<>();
        for (IndicatorLine line : r.indicators()) {
            rows.add(values(line));
        }
        int[] widths = WorkbookSupport.widths(INDICATOR_COLUMNS, rows);
        WorkbookSupport.setWidths(sheet, widths);
        WorkbookSupport.headerRow(sheet.createRow(0), s, INDICATOR_COLUMNS);
        int last = INDICATOR_COLUMNS.size() - 1;
        int rowIndex = 1;
        for (Map.Entry<String, List<IndicatorLine>> goal : byGoal.entrySet()) {
            Row heading = sheet.createRow(rowIndex);
            heading.setHeightInPoints(WorkbookSupport.LINE_POINTS + 4);
            text(heading.createCell(0), WorkbookSupport.cellText(goalLabel(goal.getKey(), goalTitles.get(goal.getKey()))),
                    s.goalHeading, s.goalHeadingQuoted);
            for (int i = 1; i <= last; i++) {
                heading.createCell(i).setCellStyle(s.goalHeading);
            }
            sheet.addMergedRegion(new CellRangeAddress(rowIndex, rowIndex, 0, last));
            rowIndex++;
            for (IndicatorLine line : goal.getValue()) {
                Row row = sheet.createRow(rowIndex++);
                WorkbookSupport.valuesRow(row, s, INDICATOR_COLUMNS, widths, values(line));
                if (line.ratePercent() == null) {
                    row.getCell(RATE_COLUMN).setCellStyle(s.none);
                }
            }
        }
        if (byGoal.isEmpty()) {
            text(sheet.createRow(rowIndex++).createCell(0), ReportText.NONE, s.plain, s.plain);
        }
        WorkbookSupport.finishList(sheet, rowIndex - 1, INDICATOR_COLUMNS.size());
        WorkbookSupport.printSetup(sheet, r.planName(), r.asOf());
    }

    private static Object[] values(IndicatorLine i) {
        BigDecimal rate = i.ratePercent();
        return new Object[] {i.classification(), i.initiative(), i.actions(), i.departments(), i.indicatorName(),
            i.targetText(), i.actualText(), rate == null ? NOT_APPLICABLE : rate,
            i.grade() == null ? NOT_APPLICABLE : i.grade(), i.statusText(), i.outcomeText(), i.nextStepsText()};
    }

    // --- 確認事項 ---

    private void flags(XSSFSheet sheet, Styles s, CommitteeReport r) {
        List<Object[]> rows = new ArrayList<>();
        for (FlagLine f : r.flags()) {
            rows.add(new Object[] {ReportText.department(f.departments()), f.indicatorCode(),
                    f.indicatorName(), f.actualText(), f.message()});
        }
        WorkbookSupport.list(sheet, s, FLAG_COLUMNS, rows, ReportText.NONE);
        WorkbookSupport.printSetup(sheet, r.planName(), r.asOf());
    }

    /** The shared styles plus the committee table's rate, total row and goal headings. */
    private static final class Styles extends WorkbookSupport.Styles {
        final XSSFCellStyle asOf;
        final XSSFCellStyle rate;
        final XSSFCellStyle none;
        final XSSFCellStyle totalLabel;
        final XSSFCellStyle totalCount;
        final XSSFCellStyle totalRate;
        final XSSFCellStyle totalNone;
        final XSSFCellStyle goalHeading;
        final XSSFCellStyle goalHeadingQuoted;

        Styles(XSSFWorkbook wb) {
            super(wb);
            asOf = wb.createCellStyle();
            asOf.setDataFormat(wb.createDataFormat().getFormat("\"基準日　\"" + WorkbookSupport.JAPANESE_DATE_FORMAT));
            asOf.setAlignment(HorizontalAlignment.LEFT);
            rate = formatted(wb, RATE_FORMAT);
            none = bordered(wb);
            none.setAlignment(HorizontalAlignment.RIGHT);
            totalLabel = total(wb, body);
            totalCount = total(wb, count);
            totalRate = total(wb, rate);
            totalNone = total(wb, none);
            goalHeading = bordered(wb);
            goalHeading.setFont(bold);
            filled(goalHeading, 0xE2EFDA);
            goalHeading.setVerticalAlignment(VerticalAlignment.CENTER);
            goalHeading.setWrapText(false);
            goalHeadingQuoted = quoted(wb, goalHeading);
        }

        /** The total row: bold, with a heavier line above it. */
        private XSSFCellStyle total(XSSFWorkbook wb, XSSFCellStyle like) {
            XSSFCellStyle style = wb.createCellStyle();
            style.cloneStyleFrom(like);
            style.setFont(bold);
            style.setBorderTop(BorderStyle.MEDIUM);
            return style;
        }
    }
}
