package jp.reform.collector.committee;

import static jp.reform.collector.report.WorkbookSupport.text;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.reform.collector.committee.CommitteeReport.FlagLine;
import jp.reform.collector.committee.CommitteeReport.IndicatorLine;
import jp.reform.collector.committee.CommitteeReport.SummaryLine;
import jp.reform.collector.committee.GradeScale.Level;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.report.FigureText;
import jp.reform.collector.report.ReportFiles;
import jp.reform.collector.report.ReportText;
import jp.reform.collector.report.StreamedWorkbook;
import jp.reform.collector.report.WorkbookSupport.Column;
import jp.reform.collector.report.WorkbookSupport.Kind;
import jp.reform.collector.report.WorkbookSupport;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.ReportQueries.OverrideRow;
import org.apache.poi.common.usermodel.fonts.FontGroup;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFPieChartData;
import org.apache.poi.xddf.usermodel.text.XDDFFont;
import org.apache.poi.xddf.usermodel.text.XDDFRunProperties;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTDLbls;
import org.openxmlformats.schemas.drawingml.x2006.chart.STDLblPos;
import org.openxmlformats.schemas.drawingml.x2006.main.CTRegularTextRun;
import org.openxmlformats.schemas.drawingml.x2006.main.CTTextBody;
import org.openxmlformats.schemas.drawingml.x2006.main.CTTextParagraph;

/**
 * The administrative division's yearly summary for the reform committee as an .xlsx workbook. Sheet 1
 * (総括表) follows the city's 資料1: the table per goal with the plan's thresholds in its headers, a pie chart
 * of the whole plan, one sentence, then per goal the indicators reached and not reached with 実績（目標）,
 * 主な成果・課題 and 今後の取組. Then every indicator in plan order (取組一覧, about ten to an A4 page) and what
 * is still open (確認事項). Every sheet prints on A4 landscape, one page wide.
 *
 * <p>The workbook is streamed (SXSSF): a window of rows is in memory, the rest already in temporary files,
 * and the result goes straight to its file. The indicator lines are read from the report part by part (once to
 * measure them, then each goal's lists and each goal's rows of 取組一覧), never all held, and 取組一覧's merged
 * cells wait in a temporary file ({@link StreamedWorkbook}). A plan of any size is written in bounded memory:
 * the 200,000 indicators of a survey within the 128 MB of {@code run-once} (docs/benchmarks/scale.md).
 *
 * <p>What departments wrote always goes in as a string cell (with the quote prefix when it starts with
 * = + - @), never as a formula.
 */
public final class CommitteeWorkbook {

    static final String SUMMARY_SHEET = "総括表";
    static final String INDICATOR_SHEET = "取組一覧";
    static final String FLAG_SHEET = "確認事項";
    static final String TOTAL_CODE = ReportQueries.TOTAL;
    static final String TOTAL_LABEL = "合計";
    static final String CHART_TITLE = "計画全体の取組結果";
    static final String NOT_APPLICABLE = "－";
    static final String RATE_FORMAT = "0.0\"%\"";
    static final String NOT_SUBMITTED = "未提出";
    static final String PERCENT_LABEL_FORMAT = "0.0%;;;";
    static final String OVERRIDE_MARK = Messages.text("override.mark");
    static final String OVERRIDE_HEADING = "※ 最終評価：委員会の判断により算定結果と異なる評価とした指標（対象外は設定項目に含めない）";

    /** Rows of a sheet kept in memory while writing; earlier rows are already in a temporary file. */
    static final int ROW_WINDOW = 100;

    private static final int TITLE_ROW = 0;
    private static final int AS_OF_ROW = 1;
    private static final int TABLE_HEADER_ROW = 3;
    private static final int FIRST_LEVEL_COLUMN = 2;
    private static final int CHART_ROWS = 16;
    /** The table's rows a little higher than a line of text, as the city's table is set. */
    private static final float TABLE_ROW_POINTS = WorkbookSupport.LINE_POINTS + 4;
    private static final int CHART_COLUMNS = 4;

    /**
     * 総括表's columns serve two layouts: the table (重点目標, 設定項目, one column per grade level, 未提出,
     * 概ね達成率) and the lists below it (成果指標, 実績（目標）, 判定, 主な成果・課題, 今後の取組), so the first
     * five are as the lists need them (the first as wide as the goals and indicators) and the wide ones are
     * where the lists' texts go; the table's further columns take {@link #COUNT_WIDTH}.
     */
    private static final int[] LIST_WIDTHS = {0, 18, 14, 34, 34};
    private static final int COUNT_WIDTH = 12;
    /** 実績（目標） as wide as 「1,630万文字（1,560万文字）」, longer ones wrap. */
    private static final int FIGURE_MAX_WIDTH = 26;
    private static final int GOAL_MIN_WIDTH = 28;
    private static final int GOAL_MAX_WIDTH = 44;
    private static final String[] LIST_HEADERS = {"成果指標", "実績（目標）", "判定", "主な成果・課題", "今後の取組"};
    /**
     * The levels from the best down (目標達成 blue, 概ね達成 light blue, 未達成 orange; a fourth level dark red),
     * 未提出 grey: told apart in colour and in grey print.
     */
    private static final int[] LEVEL_COLOURS = {0x2F5597, 0x9DC3E6, 0xED7D31, 0xC00000};
    private static final int NOT_SUBMITTED_COLOUR = 0xBFBFBF;

    /**
     * 取組一覧's columns, about 230 characters wide in all: A4 landscape prints them at about 60%, which with
     * texts wrapped in the wide columns fits about ten indicators to a page.
     */
    private static final List<Column> INDICATOR_COLUMNS = List.of(new Column("分類", Kind.TEXT, 10, 14),
            new Column("取組項目", Kind.TEXT, 12, 18), new Column("取組内容", Kind.TEXT, 16, 30),
            new Column("担当課", Kind.TEXT, 10, 12), new Column("成果指標", Kind.TEXT, 12, 20),
            new Column("目標", Kind.TEXT, 8, 12), new Column("実績", Kind.TEXT, 8, 12),
            new Column("達成率", Kind.PERCENT, 8, 8), new Column("判定", Kind.TEXT, 10, 10),
            new Column("取組状況", Kind.TEXT, 16, 32), new Column("成果と課題", Kind.TEXT, 16, 32),
            new Column("今後の取組", Kind.TEXT, 16, 30));
    /** 分類, 取組項目 and 取組内容: one merged cell over the indicators of one 取組. */
    private static final int MERGED_COLUMNS = 3;
    private static final int TARGET_COLUMN = 5;
    private static final int ACTUAL_COLUMN = 6;
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

    /**
     * The sentence under the table: 「設定項目41項目のうち、目標達成27項目（65.9％）、概ね達成6項目（14.6％）、
     * 未達成8項目（19.5％）で、概ね達成以上は33項目（80.5％）でした。」 The shares are of 設定項目, as the chart's.
     */
    static String summarySentence(SummaryLine total, GradeScale grades) {
        if (total.set() == 0) {
            return "設定項目はありません。";
        }
        StringBuilder s = new StringBuilder("設定項目" + total.set() + "項目のうち、");
        List<String> parts = new ArrayList<>();
        for (Level level : grades.levels()) {
            parts.add(level.name() + share(count(total, level), total.set()));
        }
        if (total.notSubmitted() > 0) {
            parts.add(NOT_SUBMITTED + share(total.notSubmitted(), total.set()));
        }
        s.append(String.join("、", parts));
        if (grades.reached().size() > 1) {
            int reached = grades.reached().stream().mapToInt(l -> count(total, l)).sum();
            s.append("で、").append(grades.reached().get(grades.reached().size() - 1).name()).append("以上は")
                    .append(share(reached, total.set()));
        }
        return s.append("でした。").toString();
    }

    /** 「27項目（65.9％）」. */
    private static String share(int count, int of) {
        BigDecimal percent = BigDecimal.valueOf(count * 100L).divide(BigDecimal.valueOf(of), 1, RoundingMode.HALF_UP);
        return count + "項目（" + percent.toPlainString() + "％）";
    }

    /** A goal's count of a level: the canonical grades the summary counts. */
    static int count(SummaryLine line, Level level) {
        if (level.countedByLevel()) {
            return line.levelCounts().getOrDefault(level.level(), 0);
        }
        return switch (level.grade()) {
            case "達成" -> line.achieved();
            case "概ね達成" -> line.mostly();
            case "未達成" -> line.notAchieved();
            default -> 0;
        };
    }

    /** Streams the workbook into a folder under {@link #fileName} (a hidden file moved into place); returns it. */
    public Path writeTo(Path folder, CommitteeReport r) throws IOException {
        return ReportFiles.write(folder, fileName(r), out -> write(r, out));
    }

    /**
     * Streams the workbook to {@code out}; temporary files are removed when it returns. The report's lines are
     * read once to measure them, then once more for each goal's lists and for each goal in 取組一覧.
     */
    public void write(CommitteeReport r, OutputStream out) throws IOException {
        XSSFWorkbook base = new XSSFWorkbook();
        base.getProperties().getCoreProperties().setTitle(title(r));
        base.getProperties().getCoreProperties().setCreator("行政改革実績収集システム");
        Styles styles = new Styles(base);
        Overview overview = Overview.of(r);
        try (StreamedWorkbook wb = new StreamedWorkbook(base, ROW_WINDOW)) {
            summary(wb, wb.createSheet(SUMMARY_SHEET), styles, r, overview);
            indicators(wb, wb.createSheet(INDICATOR_SHEET), styles, r, overview);
            flags(wb, wb.createSheet(FLAG_SHEET), styles, r);
            wb.setActiveSheet(0);
            wb.write(out);
        }
    }

    // --- 総括表 (資料1) ---

    private void summary(SXSSFWorkbook wb, SXSSFSheet sheet, Styles s, CommitteeReport r, Overview o)
            throws IOException {
        XSSFSheet layout = wb.getXSSFWorkbook().getSheet(sheet.getSheetName());
        GradeScale grades = r.grades();
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
            goalWidth = Math.max(goalWidth, widest(goalLabel(g.goalCode(), g.goalTitle())) + 2);
        }
        goalWidth = Math.max(goalWidth, o.nameWidth);
        int figureWidth = Math.max(LIST_WIDTHS[1], o.figureWidth);
        List<String> headers = tableHeaders(grades);
        int[] widths = new int[Math.max(headers.size(), LIST_WIDTHS.length)];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = i < LIST_WIDTHS.length ? LIST_WIDTHS[i] : COUNT_WIDTH;
        }
        widths[0] = Math.min(goalWidth, GOAL_MAX_WIDTH);
        widths[1] = Math.min(figureWidth, FIGURE_MAX_WIDTH);
        WorkbookSupport.setWidths(layout, widths);

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
        int headerLines = 1;
        for (int i = 0; i < headers.size(); i++) {
            text(header.createCell(i), headers.get(i), s.header, s.header);
            headerLines = Math.max(headerLines, WorkbookSupport.lines(headers.get(i), widths[i]));
        }
        height(header, headerLines);
        int row = TABLE_HEADER_ROW + 1;
        for (SummaryLine g : goals) {
            summaryRow(sheet.createRow(row++), s, g, goalLabel(g.goalCode(), g.goalTitle()), false, widths[0],
                    grades);
        }
        int totalRow = -1;
        if (total != null) {
            totalRow = row;
            summaryRow(sheet.createRow(row++), s, total, TOTAL_LABEL, true, widths[0], grades);
        }
        row++;
        String reached = grades.reached().stream().map(Level::name).collect(Collectors.joining(" ＋ "));
        text(sheet.createRow(row++).createCell(0), "※ " + grades.rateName() + " ＝（" + reached + "）÷ 設定項目",
                s.plain, s.plain);
        text(sheet.createRow(row++).createCell(0), "※ " + NOT_SUBMITTED
                + "：設定項目のうち、基準日までに実績が提出されていない指標の数", s.plain, s.plain);
        row = overrideNotes(sheet, s, r, o, row);
        if (total != null) {
            row++;
            String sentence = summarySentence(total, grades);
            Row line = sheet.createRow(row);
            text(line.createCell(0), sentence, s.sentence, s.sentence);
            for (int i = 1; i < headers.size(); i++) {
                line.createCell(i).setCellStyle(s.sentence);
            }
            layout.addMergedRegion(new CellRangeAddress(row, row, 0, headers.size() - 1));
            int across = 0;
            for (int i = 0; i < headers.size(); i++) {
                across += widths[i];
            }
            height(line, WorkbookSupport.lines(sentence, across));
            row += 2;
            if (total.set() > 0) {
                pie(layout, r, total, headers, totalRow, row);
                row += CHART_ROWS + 1;
            }
        }
        lists(sheet, layout, s, r, o, widths, row);
        WorkbookSupport.printSetup(layout, r.planName(), r.asOf());
    }

    /**
     * Under the table, one line per indicator whose final grade the committee set (marked ※ in the lists and in
     * 取組一覧): the computed and the final grade and the reason. 対象外 is not counted in 設定項目. Returns the
     * next free row.
     */
    private static int overrideNotes(SXSSFSheet sheet, Styles s, CommitteeReport r, Overview o, int row) {
        boolean any = false;
        for (IndicatorLine line : o.overridden) {
            if (!any) {
                text(sheet.createRow(row++).createCell(0), OVERRIDE_HEADING, s.plain, s.plain);
                any = true;
            }
            String note = TableFormatter.overrideNote(r.grades()::label, new OverrideRow(
                    line.indicatorCode(), line.indicatorName(), line.computedGrade(), line.grade(),
                    line.overrideReason(), line.computedLevel(), line.gradeLevel()));
            text(sheet.createRow(row++).createCell(0), WorkbookSupport.cellText(note), s.plain, s.plainQuoted);
        }
        return row;
    }

    /** The grade as the lists and 取組一覧 show it: the plan's word, with ※ where the committee set it. */
    private static String shownGrade(GradeScale grades, IndicatorLine line) {
        String label = grades.label(line.grade(), line.gradeLevel());
        return line.overridden() ? label + OVERRIDE_MARK : label;
    }

    /** 重点目標, 設定項目, 目標達成項目（100％以上）…, 未提出, 概ね達成率. */
    private static List<String> tableHeaders(GradeScale grades) {
        List<String> headers = new ArrayList<>();
        headers.add("重点目標");
        headers.add("設定項目");
        grades.levels().forEach(l -> headers.add(l.header()));
        headers.add(NOT_SUBMITTED);
        headers.add(grades.rateName());
        return headers;
    }

    private static void summaryRow(Row row, Styles s, SummaryLine line, String label, boolean total, int goalWidth,
                                   GradeScale grades) {
        String text = WorkbookSupport.cellText(label);
        text(row.createCell(0), text, total ? s.totalLabel : s.tableLabel, total ? s.totalLabel : s.tableLabelQuoted);
        int column = 1;
        count(row.createCell(column++), line.set(), total ? s.totalCount : s.tableCount);
        for (Level level : grades.levels()) {
            count(row.createCell(column++), count(line, level), total ? s.totalCount : s.tableCount);
        }
        count(row.createCell(column++), line.notSubmitted(), total ? s.totalCount : s.tableCount);
        Cell rate = row.createCell(column);
        if (line.mostlyRate() == null) {
            text(rate, NOT_APPLICABLE, total ? s.totalNone : s.tableNone, total ? s.totalNone : s.tableNone);
        } else {
            rate.setCellValue(line.mostlyRate().doubleValue());
            rate.setCellStyle(total ? s.totalRate : s.rate);
        }
        int lines = WorkbookSupport.lines(text, goalWidth);
        row.setHeightInPoints(lines > 1 ? Math.min(WorkbookSupport.MAX_ROW_POINTS, lines * WorkbookSupport.LINE_POINTS)
                : TABLE_ROW_POINTS);
    }

    private static void count(Cell cell, int value, XSSFCellStyle style) {
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    /**
     * The whole plan as a pie: one slice per grade level (and 未提出 when any), labelled with its share. The
     * series refers to the total row and the headers, so the chart follows when someone corrects a figure;
     * the values are also cached in the chart, since the streamed rows are not there to read back.
     */
    private static void pie(XSSFSheet sheet, CommitteeReport r, SummaryLine total, List<String> headers,
                            int totalRow, int top) {
        boolean withNotSubmitted = total.notSubmitted() > 0;
        List<Level> levels = r.grades().levels();
        int slices = levels.size() + (withNotSubmitted ? 1 : 0);
        String[] names = new String[slices];
        Integer[] values = new Integer[slices];
        int[] colours = new int[slices];
        for (int i = 0; i < levels.size(); i++) {
            names[i] = headers.get(FIRST_LEVEL_COLUMN + i);
            values[i] = count(total, levels.get(i));
            colours[i] = LEVEL_COLOURS[Math.min(i, LEVEL_COLOURS.length - 1)];
        }
        if (withNotSubmitted) {
            names[slices - 1] = NOT_SUBMITTED;
            values[slices - 1] = total.notSubmitted();
            colours[slices - 1] = NOT_SUBMITTED_COLOUR;
        }
        int last = FIRST_LEVEL_COLUMN + slices - 1;
        String name = sheet.getSheetName();
        XDDFCategoryDataSource categories = XDDFDataSourcesFactory.fromArray(names,
                new CellRangeAddress(TABLE_HEADER_ROW, TABLE_HEADER_ROW, FIRST_LEVEL_COLUMN, last)
                        .formatAsString(name, true));
        XDDFNumericalDataSource<Integer> counts = XDDFDataSourcesFactory.fromArray(values,
                new CellRangeAddress(totalRow, totalRow, FIRST_LEVEL_COLUMN, last).formatAsString(name, true));

        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, top, CHART_COLUMNS, top + CHART_ROWS);
        XSSFChart chart = drawing.createChart(anchor);
        // Excel rounds the frame's corners unless told not to
        chart.getCTChartSpace().addNewRoundedCorners().setVal(false);
        japaneseText(chart);
        chart.setTitleText(CHART_TITLE + "（" + FiscalYears.eraName(r.fiscalYear()) + "）");
        chart.setTitleOverlay(false);
        titleText(chart.getCTChart().getTitle().getTx().getRich().getPArray(0));
        chart.getOrAddLegend().setPosition(LegendPosition.RIGHT);

        XDDFPieChartData pie = (XDDFPieChartData) chart.createData(ChartTypes.PIE, null, null);
        pie.setVaryColors(true);
        XDDFPieChartData.Series series = (XDDFPieChartData.Series) pie.addSeries(categories, counts);
        series.setTitle(TOTAL_LABEL, null);
        for (int i = 0; i < slices; i++) {
            series.getDataPoint(i).setFillProperties(new XDDFSolidFillProperties(colour(colours[i])));
        }
        chart.plot(pie);
        percentLabels(series.getCTPieSer().isSetDLbls() ? series.getCTPieSer().getDLbls()
                : series.getCTPieSer().addNewDLbls());
    }

    /**
     * Each slice's share as 65.9%, outside the pie; nothing else (Excel shows what is not switched off). The
     * format's empty zero section leaves out the labels of empty levels, which would pile up as 0.0%.
     */
    private static void percentLabels(CTDLbls labels) {
        labels.addNewNumFmt().setFormatCode(PERCENT_LABEL_FORMAT);
        labels.getNumFmt().setSourceLinked(false);
        XDDFRunProperties text = japaneseText(labels.addNewTxPr());
        text.setBold(true);
        text.setFontSize(11.0);
        labels.addNewDLblPos().setVal(STDLblPos.OUT_END);
        labels.addNewShowLegendKey().setVal(false);
        labels.addNewShowVal().setVal(false);
        labels.addNewShowCatName().setVal(false);
        labels.addNewShowSerName().setVal(false);
        labels.addNewShowPercent().setVal(true);
        labels.addNewShowBubbleSize().setVal(false);
        labels.addNewShowLeaderLines().setVal(true);
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

    /** The chart's default text (legend, labels) in the sheet's Japanese font at 10pt. */
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

    /**
     * Per goal, the indicators that reached a level above the lowest (達成・概ね達成指標) and those that did not
     * (未達成指標), each with 実績（目標）, the grade, 主な成果・課題 and 今後の取組. Returns the next free row.
     */
    private static int lists(SXSSFSheet sheet, XSSFSheet layout, Styles s, CommitteeReport r, Overview o,
                             int[] widths, int row) throws IOException {
        GradeScale grades = r.grades();
        Map<String, String> titles = new LinkedHashMap<>();
        for (SummaryLine g : r.summary()) {
            if (!TOTAL_CODE.equalsIgnoreCase(g.goalCode())) {
                titles.put(Objects.toString(g.goalCode(), ""), g.goalTitle());
            }
        }
        o.goals.forEach((goal, lines) -> titles.putIfAbsent(goal, lines.title));
        String reachedName = grades.reached().stream().map(Level::label).collect(Collectors.joining("・")) + "指標";
        String notReachedName = grades.notReachedLevels().stream().map(Level::label).collect(Collectors.joining("・"))
                + "指標";
        int last = LIST_HEADERS.length - 1;
        for (Map.Entry<String, String> goal : titles.entrySet()) {
            GoalLines lines = o.goals.getOrDefault(goal.getKey(), new GoalLines(goal.getValue()));
            Row heading = sheet.createRow(row);
            heading.setHeightInPoints(WorkbookSupport.LINE_POINTS + 4);
            text(heading.createCell(0), WorkbookSupport.cellText(goalLabel(goal.getKey(), goal.getValue())),
                    s.goalHeading, s.goalHeadingQuoted);
            for (int i = 1; i <= last; i++) {
                heading.createCell(i).setCellStyle(s.goalHeading);
            }
            layout.addMergedRegionUnsafe(new CellRangeAddress(row, row, 0, last));
            row++;
            row = list(sheet, s, r, widths, row, reachedName, lines.reached, goal.getKey(), o.reachedGrades);
            row = list(sheet, s, r, widths, row, notReachedName, lines.notReached, goal.getKey(), NOT_REACHED);
            row++;
        }
        return row;
    }

    /** One goal's list of the lines of the given grades ({@code count} of them), read from the report's lines. */
    private static int list(SXSSFSheet sheet, Styles s, CommitteeReport r, int[] widths, int row, String name,
                            int count, String goal, List<String> ofGrades) throws IOException {
        text(sheet.createRow(row++).createCell(0), "■ " + name + "（" + count + "項目）", s.label, s.label);
        if (count == 0) {
            text(sheet.createRow(row++).createCell(0), ReportText.NONE, s.plain, s.plain);
            return row;
        }
        Row header = sheet.createRow(row++);
        for (int i = 0; i < LIST_HEADERS.length; i++) {
            text(header.createCell(i), LIST_HEADERS[i], s.header, s.header);
        }
        int[] next = {row};
        r.lines().forEach(goal, ofGrades, line -> {
            Row written = sheet.createRow(next[0]++);
            String[] values = {indicatorName(line), actualAndTarget(line), shownGrade(r.grades(), line),
                Objects.toString(line.outcomeText(), ""), Objects.toString(line.nextStepsText(), "")};
            int height = 1;
            for (int i = 0; i < values.length; i++) {
                String value = WorkbookSupport.cellText(values[i]);
                text(written.createCell(i), value, i == 1 ? s.bodyRight : s.body,
                        i == 1 ? s.bodyRightQuoted : s.bodyQuoted);
                height = Math.max(height, WorkbookSupport.lines(value, widths[i]));
            }
            height(written, height);
        });
        return next[0];
    }

    /** 「57.3%（60%）」: what was reached, and in brackets what was aimed at. */
    static String actualAndTarget(IndicatorLine line) {
        String actual = line.actualText() == null || line.actualText().isBlank() ? NOT_APPLICABLE
                : actualFigure(line);
        String target = line.targetText() == null || line.targetText().isBlank() ? NOT_APPLICABLE
                : targetFigure(line);
        return ReportText.oneLine(actual) + "（" + ReportText.oneLine(target) + "）";
    }

    /**
     * The actual as every report writes it ({@link FigureText#actual}): separators and the indicator's unit
     * (「1,000人」「96.5%」), a value written in another unit or with a scale word as stored (15,820,500 with 円 for
     * an indicator in 千円: 「15,820.5千円」), words as written.
     */
    static String actualFigure(IndicatorLine line) {
        return FigureText.actual(line.actualText(), line.actualValue(), line.unit());
    }

    /** The target as every report writes it ({@link FigureText#target}): 「90件」「175時間」; words as written. */
    static String targetFigure(IndicatorLine line) {
        return FigureText.target(line.targetText(), line.unit());
    }

    private static String indicatorName(IndicatorLine line) {
        return Objects.toString(line.indicatorName(), "");
    }

    private static String goalLabel(String code, String title) {
        String c = ReportText.oneLine(code);
        String t = ReportText.clean(title).strip();
        return c.isEmpty() ? t : t.isEmpty() ? c : c + "　" + t;
    }

    private static int widest(String text) {
        int widest = 0;
        for (String part : ReportText.clean(text).split("\n", -1)) {
            widest = Math.max(widest, ReportText.displayWidth(part));
        }
        return widest;
    }

    /** As high as the given number of lines needs (Excel does not grow rows written by POI itself). */
    private static void height(Row row, int lines) {
        if (lines > 1) {
            row.setHeightInPoints(Math.min(WorkbookSupport.MAX_ROW_POINTS, lines * WorkbookSupport.LINE_POINTS));
        }
    }

    // --- 取組一覧 ---

    private void indicators(StreamedWorkbook wb, SXSSFSheet sheet, Styles s, CommitteeReport r, Overview o)
            throws IOException {
        XSSFSheet layout = wb.getXSSFWorkbook().getSheet(sheet.getSheetName());
        int[] widths = o.indicatorWidths.widths();
        WorkbookSupport.setWidths(layout, widths);
        WorkbookSupport.headerRow(sheet.createRow(0), s, INDICATOR_COLUMNS);
        int last = INDICATOR_COLUMNS.size() - 1;
        int rowIndex = 1;
        for (Map.Entry<String, GoalLines> goal : o.goals.entrySet()) {
            Row heading = sheet.createRow(rowIndex);
            heading.setHeightInPoints(WorkbookSupport.LINE_POINTS + 4);
            text(heading.createCell(0), WorkbookSupport.cellText(goalLabel(goal.getKey(), goal.getValue().title)),
                    s.goalHeading, s.goalHeadingQuoted);
            for (int i = 1; i <= last; i++) {
                heading.createCell(i).setCellStyle(s.goalHeading);
            }
            wb.merge(layout, new CellRangeAddress(rowIndex, rowIndex, 0, last));
            rowIndex++;
            InitiativeRows rows = new InitiativeRows(wb, layout, sheet, s, widths, r.grades(), rowIndex);
            r.lines().forEach(goal.getKey(), null, rows::add);
            rowIndex = rows.finish();
        }
        if (o.count == 0) {
            text(sheet.createRow(rowIndex++).createCell(0), ReportText.NONE, s.plain, s.plain);
        }
        WorkbookSupport.finishList(layout, rowIndex - 1, INDICATOR_COLUMNS.size());
        WorkbookSupport.printSetup(layout, r.planName(), r.asOf());
    }

    /**
     * One goal's rows of 取組一覧, written as its lines arrive. The indicators of one 取組 (consecutive lines of
     * the same 分類, 取組項目 and 取組内容) share one merged cell each for those three, and their rows together
     * are as high as the longest of those texts needs (the extra height goes to the last row, which is still
     * in the streamed sheet's window when the next 取組 begins).
     */
    private static final class InitiativeRows {
        private final StreamedWorkbook wb;
        private final XSSFSheet layout;
        private final SXSSFSheet sheet;
        private final Styles s;
        private final int[] widths;
        private final GradeScale grades;
        private int rowIndex;
        /** The current 取組's first line and row; null before the first line and after {@link #finish}. */
        private IndicatorLine first;
        private int firstRow;
        private int sharedLines;
        private int rowsLines;
        private Row row;

        InitiativeRows(StreamedWorkbook wb, XSSFSheet layout, SXSSFSheet sheet, Styles s, int[] widths,
                       GradeScale grades, int rowIndex) {
            this.wb = wb;
            this.layout = layout;
            this.sheet = sheet;
            this.s = s;
            this.widths = widths;
            this.grades = grades;
            this.rowIndex = rowIndex;
        }

        void add(IndicatorLine line) {
            if (first != null && !sameInitiative(first, line)) {
                finish();
            }
            if (first == null) {
                first = line;
                firstRow = rowIndex;
                sharedLines = 1;
                rowsLines = 0;
            }
            Object[] values = values(line, grades);
            row = sheet.createRow(rowIndex++);
            WorkbookSupport.valuesRow(row, s, INDICATOR_COLUMNS, widths, values);
            if (line.ratePercent() == null) {
                row.getCell(RATE_COLUMN).setCellStyle(s.none);
            } else {
                row.getCell(RATE_COLUMN).setCellStyle(s.percentRight);
            }
            for (int column : new int[] {TARGET_COLUMN, ACTUAL_COLUMN}) {
                Cell cell = row.getCell(column);
                text(cell, cell.getStringCellValue(), s.bodyRight, s.bodyRightQuoted);
            }
            int own = 1;
            for (int i = MERGED_COLUMNS; i < values.length; i++) {
                if (values[i] instanceof String text) {
                    own = Math.max(own, WorkbookSupport.lines(WorkbookSupport.cellText(text), widths[i]));
                }
            }
            for (int i = 0; i < MERGED_COLUMNS; i++) {
                if (values[i] != null) {
                    sharedLines = Math.max(sharedLines,
                            WorkbookSupport.lines(WorkbookSupport.cellText(values[i].toString()), widths[i]));
                }
            }
            row.setHeightInPoints(Math.min(WorkbookSupport.MAX_ROW_POINTS, own * WorkbookSupport.LINE_POINTS));
            rowsLines += own;
        }

        /** Ends the current 取組 (its merged cells and height); returns the next free row. */
        int finish() {
            if (first == null) {
                return rowIndex;
            }
            if (rowIndex - firstRow > 1) {
                for (int i = 0; i < MERGED_COLUMNS; i++) {
                    // unchecked (the checked call is quadratic: minutes for a survey of 20,000 indicators) and kept
                    // in a file, not as POI's objects: a survey's 取組 of two or three indicators make 100,000
                    wb.merge(layout, new CellRangeAddress(firstRow, rowIndex - 1, i, i));
                }
            }
            if (sharedLines > rowsLines) {
                float extra = (sharedLines - rowsLines) * WorkbookSupport.LINE_POINTS;
                row.setHeightInPoints(Math.min(WorkbookSupport.MAX_ROW_POINTS, row.getHeightInPoints() + extra));
            }
            first = null;
            return rowIndex;
        }
    }

    private static boolean sameInitiative(IndicatorLine a, IndicatorLine b) {
        return Objects.equals(a.classification(), b.classification()) && Objects.equals(a.initiative(), b.initiative())
                && Objects.equals(a.actions(), b.actions());
    }

    private static Object[] values(IndicatorLine i, GradeScale grades) {
        BigDecimal rate = i.ratePercent();
        // a four-level plan's S and A are both 達成: its own word says which; other plans keep the canonical word
        String grade = i.grade() == null ? NOT_APPLICABLE
                : grades.levels().stream().anyMatch(Level::countedByLevel) ? grades.label(i.grade(), i.gradeLevel())
                : i.grade();
        return new Object[] {i.classification(), i.initiative(), i.actions(), i.departments(), i.indicatorName(),
            targetFigure(i), actualFigure(i),
            rate == null ? NOT_APPLICABLE : rate, i.overridden() ? grade + OVERRIDE_MARK : grade, i.statusText(),
            i.outcomeText(), i.nextStepsText()};
    }

    /** The rows as the width measure reads them, made one at a time rather than held all together. */
    private static <T> List<Object[]> lazily(List<T> items, Function<T, Object[]> values) {
        return new AbstractList<>() {
            @Override
            public Object[] get(int index) {
                return values.apply(items.get(index));
            }

            @Override
            public int size() {
                return items.size();
            }
        };
    }

    /** 未達成: the lists' second part (what did not reach the lowest level above it). */
    private static final List<String> NOT_REACHED = List.of("未達成");

    /** A goal's first title among the lines, and how many of its lines each of its two lists has. */
    private static final class GoalLines {
        final String title;
        int reached;
        int notReached;

        GoalLines(String title) {
            this.title = title;
        }
    }

    /**
     * What the sheets need to know of all the lines before writing any, taken in one pass over them: the
     * columns' widths, the goals in the order of their first line, each goal's list counts, and the few
     * lines whose final grade the committee set. Only these stay in memory, not the lines.
     */
    private static final class Overview {
        final List<String> reachedGrades;
        final WorkbookSupport.Widths indicatorWidths = new WorkbookSupport.Widths(INDICATOR_COLUMNS);
        final Map<String, GoalLines> goals = new LinkedHashMap<>();
        final List<IndicatorLine> overridden = new ArrayList<>();
        int count;
        /** The widest indicator name and 実績（目標）, each plus the margin of 総括表's columns; 0 without lines. */
        int nameWidth;
        int figureWidth;

        private Overview(GradeScale grades) {
            reachedGrades = grades.reached().stream().map(Level::grade).toList();
        }

        static Overview of(CommitteeReport r) throws IOException {
            Overview o = new Overview(r.grades());
            r.lines().forEach(null, null, line -> {
                o.count++;
                o.nameWidth = Math.max(o.nameWidth, widest(indicatorName(line)) + 2);
                o.figureWidth = Math.max(o.figureWidth, ReportText.displayWidth(actualAndTarget(line)) + 2);
                o.indicatorWidths.measure(values(line, r.grades()));
                GoalLines goal = o.goals.computeIfAbsent(Objects.toString(line.goalCode(), ""),
                        k -> new GoalLines(line.goalTitle()));
                if (CommitteeReport.Lines.matches(line, null, o.reachedGrades)) {
                    goal.reached++;
                }
                if (CommitteeReport.Lines.matches(line, null, NOT_REACHED)) {
                    goal.notReached++;
                }
                if (line.overridden()) {
                    o.overridden.add(line);
                }
            });
            return o;
        }
    }

    // --- 確認事項 ---

    private void flags(SXSSFWorkbook wb, SXSSFSheet sheet, Styles s, CommitteeReport r) {
        XSSFSheet layout = wb.getXSSFWorkbook().getSheet(sheet.getSheetName());
        Function<FlagLine, Object[]> values = f -> new Object[] {ReportText.department(f.departments()),
            f.indicatorCode(), f.indicatorName(), f.actualText(), f.message()};
        int[] widths = WorkbookSupport.widths(FLAG_COLUMNS, lazily(r.flags(), values));
        WorkbookSupport.setWidths(layout, widths);
        WorkbookSupport.headerRow(sheet.createRow(0), s, FLAG_COLUMNS);
        int rowIndex = 1;
        for (FlagLine f : r.flags()) {
            WorkbookSupport.valuesRow(sheet.createRow(rowIndex++), s, FLAG_COLUMNS, widths, values.apply(f));
        }
        if (r.flags().isEmpty()) {
            text(sheet.createRow(rowIndex++).createCell(0), ReportText.NONE, s.plain, s.plain);
        }
        WorkbookSupport.finishList(layout, rowIndex - 1, FLAG_COLUMNS.size());
        WorkbookSupport.printSetup(layout, r.planName(), r.asOf());
    }

    /** The shared styles plus the committee table's rate, total row, goal headings and right-aligned figures. */
    private static final class Styles extends WorkbookSupport.Styles {
        final XSSFCellStyle asOf;
        final XSSFCellStyle tableLabel;
        final XSSFCellStyle tableLabelQuoted;
        final XSSFCellStyle tableCount;
        final XSSFCellStyle tableNone;
        final XSSFCellStyle rate;
        final XSSFCellStyle none;
        final XSSFCellStyle totalLabel;
        final XSSFCellStyle totalCount;
        final XSSFCellStyle totalRate;
        final XSSFCellStyle totalNone;
        final XSSFCellStyle goalHeading;
        final XSSFCellStyle goalHeadingQuoted;
        final XSSFCellStyle sentence;
        final XSSFCellStyle bodyRight;
        final XSSFCellStyle bodyRightQuoted;
        final XSSFCellStyle percentRight;

        Styles(XSSFWorkbook wb) {
            super(wb);
            asOf = wb.createCellStyle();
            asOf.setDataFormat(wb.createDataFormat().getFormat("\"基準日　\"" + WorkbookSupport.JAPANESE_DATE_FORMAT));
            asOf.setAlignment(HorizontalAlignment.LEFT);
            none = bordered(wb);
            none.setAlignment(HorizontalAlignment.RIGHT);
            tableLabel = centred(wb, body);
            tableLabelQuoted = centred(wb, bodyQuoted);
            tableCount = centred(wb, count);
            tableNone = centred(wb, none);
            rate = centred(wb, formatted(wb, RATE_FORMAT));
            totalLabel = total(wb, tableLabel);
            totalCount = total(wb, tableCount);
            totalRate = total(wb, rate);
            totalNone = total(wb, tableNone);
            goalHeading = bordered(wb);
            goalHeading.setFont(bold);
            filled(goalHeading, 0xE2EFDA);
            goalHeading.setVerticalAlignment(VerticalAlignment.CENTER);
            goalHeading.setWrapText(false);
            goalHeadingQuoted = quoted(wb, goalHeading);
            sentence = wb.createCellStyle();
            XSSFFont sentenceFont = font(wb);
            sentenceFont.setFontHeightInPoints((short) 12);
            sentence.setFont(sentenceFont);
            sentence.setWrapText(true);
            sentence.setVerticalAlignment(VerticalAlignment.CENTER);
            bodyRight = bordered(wb);
            bodyRight.setAlignment(HorizontalAlignment.RIGHT);
            bodyRightQuoted = quoted(wb, bodyRight);
            percentRight = wb.createCellStyle();
            percentRight.cloneStyleFrom(percent);
            percentRight.setAlignment(HorizontalAlignment.RIGHT);
        }

        /** A table cell: its text in the middle of the row's height. */
        private static XSSFCellStyle centred(XSSFWorkbook wb, XSSFCellStyle like) {
            XSSFCellStyle style = wb.createCellStyle();
            style.cloneStyleFrom(like);
            style.setVerticalAlignment(VerticalAlignment.CENTER);
            return style;
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
