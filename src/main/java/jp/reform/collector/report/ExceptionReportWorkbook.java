package jp.reform.collector.report;

import static jp.reform.collector.report.ExceptionReportText.clean;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.report.ExceptionReport.FailedMail;
import jp.reform.collector.report.ExceptionReport.MissingItem;
import jp.reform.collector.report.ExceptionReport.RejectedFile;
import jp.reform.collector.report.ExceptionReport.UnknownSender;
import jp.reform.collector.report.ExceptionReport.ValueIssue;
import jp.reform.collector.report.ExceptionReportText.Category;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.FontScheme;
import org.apache.poi.ss.usermodel.FontUnderline;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PageMargin;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFHyperlink;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The exception report as the .xlsx attachment: a summary sheet, then one sheet per category that staff can
 * filter by department, forward, and print on A4.
 *
 * <p>Everything a department or a sender wrote goes in as a string cell, so that a value such as
 * {@code =HYPERLINK(…)} is shown, never evaluated. Widths and row heights are set here, not left to
 * {@code autoSizeColumn}, which needs the fonts installed on the server and does not measure Japanese well.
 */
public final class ExceptionReportWorkbook {

    /** Installed with Windows 8.1 and later and with Office for Mac; Excel's own default for Japanese. */
    static final String FONT_NAME = "游ゴシック";
    private static final short FONT_POINTS = 11;
    /** Line height of 游ゴシック 11pt in Excel, for rows whose text wraps. */
    private static final float LINE_POINTS = 18.75f;
    private static final float MAX_ROW_POINTS = 409f;
    /** Excel's limit for the text of one cell. */
    private static final int MAX_CELL_CHARS = 32_767;
    private static final int SHIFT_JIS_CHARSET = 128;

    private static final String DATE_TIME_FORMAT = "yyyy/mm/dd hh:mm";
    private static final String JAPANESE_DATE_FORMAT = "yyyy\"年\"m\"月\"d\"日\"";
    private static final String YEAR_FORMAT = "0\"年度\"";

    /** What a column holds, which decides its cell type and format. */
    private enum Kind { TEXT, DATE_TIME, YEAR, COUNT }

    /** A column: header, kind, and width bounds in characters (a Japanese character counts two). */
    private record Column(String header, Kind kind, int minWidth, int maxWidth) {
    }

    /** The attachment's name: 例外レポート_atsugi-7-2_20260630.xlsx. */
    public static String fileName(ExceptionReport r) {
        String plan = r.planCode() == null ? "" : ExceptionReportText.oneLine(r.planCode())
                .replaceAll("[\\\\/:*?\"<>|\\s]+", "_");
        String date = r.asOf() == null ? "" : "_" + r.asOf().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        return "例外レポート" + (plan.isEmpty() ? "" : "_" + plan) + date + ".xlsx";
    }

    public byte[] write(ExceptionReport r) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.getProperties().getCoreProperties().setTitle(ExceptionReportText.TITLE);
            wb.getProperties().getCoreProperties().setCreator("行政改革実績収集システム");
            Styles styles = new Styles(wb);
            Map<Category, XSSFSheet> sheets = new EnumMap<>(Category.class);
            XSSFSheet summary = wb.createSheet("概要");
            for (Category c : Category.values()) {
                sheets.put(c, wb.createSheet(c.label));
            }
            summary(summary, styles, r);
            missing(sheets.get(Category.MISSING), styles, r);
            values(sheets.get(Category.VALUE_CHECKS), styles, r, ExceptionReportText.valueChecks(r));
            values(sheets.get(Category.ASSESSMENT), styles, r, ExceptionReportText.assessmentContradictions(r));
            rejected(sheets.get(Category.REJECTED), styles, r);
            unknownSenders(sheets.get(Category.UNKNOWN_SENDERS), styles, r);
            failedMails(sheets.get(Category.FAILED_MAIL), styles, r);
            wb.setActiveSheet(0);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- sheets ---

    /** A cover page rather than a list: no filter or frozen rows, one printed page. */
    private void summary(XSSFSheet sheet, Styles s, ExceptionReport r) {
        int[] widths = {26, 10, 70};
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, widths[i] * 256);
        }
        Row title = sheet.createRow(0);
        title.setHeightInPoints(24);
        text(title.createCell(0), ExceptionReportText.TITLE, s.title, s.title);

        int row = 2;
        labelled(sheet, row++, s, "計画", clean(r.planName()));
        Cell asOf = labelled(sheet, row++, s, "基準日", null);
        if (r.asOf() != null) {
            asOf.setCellValue(r.asOf());
            asOf.setCellStyle(s.japaneseDate);
        }
        labelled(sheet, row++, s, "対象年度", ExceptionReportText.round(r));
        Cell deadline = labelled(sheet, row++, s, "提出期限", r.deadline() == null ? "－" : null);
        if (r.deadline() != null) {
            deadline.setCellValue(r.deadline());
            deadline.setCellStyle(s.japaneseDate);
        }
        labelled(sheet, row++, s, "宛先", clean(r.adminDepartment()));

        row++;
        Row header = sheet.createRow(row++);
        String[] headers = {"区分", "件数", "説明"};
        for (int i = 0; i < headers.length; i++) {
            text(header.createCell(i), headers[i], s.header, s.header);
        }
        for (Category c : Category.values()) {
            Row line = sheet.createRow(row++);
            Cell label = line.createCell(0);
            text(label, c.label, s.link, s.link);
            XSSFHyperlink link = sheet.getWorkbook().getCreationHelper().createHyperlink(HyperlinkType.DOCUMENT);
            link.setAddress("'" + c.label + "'!A1");
            label.setHyperlink(link);
            Cell count = line.createCell(1);
            count.setCellValue(c.count(r));
            count.setCellStyle(s.count);
            text(line.createCell(2), c.description(r), s.body, s.bodyQuoted);
        }
        row++;
        text(sheet.createRow(row).createCell(0), r.isAllClear() ? ExceptionReportText.ALL_CLEAR
                : "区分名をクリックすると、そのシートを開きます。各シートの見出し行のフィルター（▼）で担当課ごとに絞り込めます。",
                s.plain, s.plain);
        printSetup(sheet, r);
    }

    private Cell labelled(XSSFSheet sheet, int rowIndex, Styles s, String label, String value) {
        Row row = sheet.createRow(rowIndex);
        text(row.createCell(0), label, s.label, s.label);
        Cell cell = row.createCell(1);
        if (value != null) {
            text(cell, value, s.plain, s.plainQuoted);
        }
        return cell;
    }

    private void missing(XSSFSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("担当課", Kind.TEXT, 12, 22),
                new Column("指標コード", Kind.TEXT, 12, 16), new Column("成果指標", Kind.TEXT, 24, 44),
                new Column("年度", Kind.YEAR, 10, 10), new Column("目標", Kind.TEXT, 10, 24),
                new Column("不足している内容", Kind.TEXT, 18, 36), new Column("期限超過日数", Kind.COUNT, 14, 14));
        List<Object[]> rows = new ArrayList<>();
        for (MissingItem m : ExceptionReportText.missing(r)) {
            rows.add(new Object[] {ExceptionReportText.department(m.department()), m.indicatorCode(),
                    m.indicatorName(), m.fiscalYear(), m.targetText(), m.what(),
                    m.overdue() ? Integer.valueOf(m.daysOverdue()) : null});
        }
        table(sheet, s, r, columns, rows);
    }

    private void values(XSSFSheet sheet, Styles s, ExceptionReport r, List<ValueIssue> issues) {
        List<Column> columns = List.of(new Column("担当課", Kind.TEXT, 12, 22),
                new Column("指標コード", Kind.TEXT, 12, 16), new Column("成果指標", Kind.TEXT, 24, 44),
                new Column("年度", Kind.YEAR, 10, 10), new Column("実績値", Kind.TEXT, 10, 24),
                new Column("内容", Kind.TEXT, 36, 64));
        List<Object[]> rows = new ArrayList<>();
        for (ValueIssue v : issues) {
            rows.add(new Object[] {ExceptionReportText.department(v.department()), v.indicatorCode(),
                    v.indicatorName(), v.fiscalYear(), v.actualText(), v.message()});
        }
        table(sheet, s, r, columns, rows);
    }

    private void rejected(XSSFSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("受付番号", Kind.TEXT, 12, 22),
                new Column("受付日時", Kind.DATE_TIME, 18, 18), new Column("経路", Kind.TEXT, 8, 10),
                new Column("提出課", Kind.TEXT, 12, 22), new Column("ファイル名", Kind.TEXT, 24, 44),
                new Column("理由", Kind.TEXT, 40, 72));
        List<Object[]> rows = new ArrayList<>();
        for (RejectedFile f : ExceptionReportText.rejectedFiles(r)) {
            rows.add(new Object[] {f.receiptNo(), ExceptionReportText.local(f.receivedAt()),
                    ExceptionReportText.channel(f.channel()), ExceptionReportText.department(f.department()),
                    f.fileName(), String.join("\n", f.reasons())});
        }
        table(sheet, s, r, columns, rows);
    }

    private void unknownSenders(XSSFSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("受信日時", Kind.DATE_TIME, 18, 18),
                new Column("差出人", Kind.TEXT, 24, 40), new Column("件名", Kind.TEXT, 30, 56),
                new Column("添付ファイル", Kind.TEXT, 24, 48));
        List<Object[]> rows = new ArrayList<>();
        for (UnknownSender u : ExceptionReportText.unknownSenders(r)) {
            rows.add(new Object[] {ExceptionReportText.local(u.receivedAt()), u.fromAddress(), u.subject(),
                    String.join("\n", u.attachmentNames())});
        }
        table(sheet, s, r, columns, rows);
    }

    private void failedMails(XSSFSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("作成日時", Kind.DATE_TIME, 18, 18),
                new Column("種類", Kind.TEXT, 12, 14), new Column("宛先", Kind.TEXT, 24, 40),
                new Column("件名", Kind.TEXT, 30, 50), new Column("試行回数", Kind.COUNT, 10, 10),
                new Column("状態", Kind.TEXT, 12, 12), new Column("最後のエラー", Kind.TEXT, 36, 64));
        List<Object[]> rows = new ArrayList<>();
        for (FailedMail m : ExceptionReportText.failedMails(r)) {
            rows.add(new Object[] {ExceptionReportText.local(m.createdAt()), ExceptionReportText.mailKind(m.kind()),
                    m.recipients(), m.subject(), m.attempts(), ExceptionReportText.mailStatus(m.status()),
                    m.lastError()});
        }
        table(sheet, s, r, columns, rows);
    }

    // --- the list layout every category sheet shares ---

    private void table(XSSFSheet sheet, Styles s, ExceptionReport r, List<Column> columns, List<Object[]> rows) {
        int[] widths = widths(columns, rows);
        for (int i = 0; i < columns.size(); i++) {
            sheet.setColumnWidth(i, widths[i] * 256);
        }
        Row header = sheet.createRow(0);
        for (int i = 0; i < columns.size(); i++) {
            text(header.createCell(i), columns.get(i).header(), s.header, s.header);
        }
        int rowIndex = 1;
        for (Object[] values : rows) {
            Row row = sheet.createRow(rowIndex++);
            int lines = 1;
            for (int i = 0; i < columns.size(); i++) {
                Object value = values[i];
                Cell cell = row.createCell(i);
                if (value == null) {
                    cell.setCellStyle(s.body);
                } else if (value instanceof LocalDateTime when) {
                    cell.setCellValue(when);
                    cell.setCellStyle(s.dateTime);
                } else if (value instanceof Integer n) {
                    cell.setCellValue(n);
                    cell.setCellStyle(columns.get(i).kind() == Kind.YEAR ? s.year : s.count);
                } else {
                    String text = cellText(value.toString());
                    text(cell, text, s.body, s.bodyQuoted);
                    lines = Math.max(lines, lines(text, widths[i]));
                }
            }
            if (lines > 1) {
                row.setHeightInPoints(Math.min(MAX_ROW_POINTS, lines * LINE_POINTS));
            }
        }
        if (rows.isEmpty()) {
            text(sheet.createRow(rowIndex++).createCell(0), ExceptionReportText.NONE, s.plain, s.plain);
        }
        sheet.createFreezePane(0, 1);
        sheet.setAutoFilter(new CellRangeAddress(0, rowIndex - 1, 0, columns.size() - 1));
        sheet.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
        printSetup(sheet, r);
    }

    /** Wide enough for the longest line, within the column's bounds; longer text wraps. */
    private static int[] widths(List<Column> columns, List<Object[]> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            int widest = ExceptionReportText.displayWidth(c.header());
            if (c.kind() == Kind.TEXT) {
                for (Object[] values : rows) {
                    if (values[i] != null) {
                        for (String line : clean(values[i].toString()).split("\n", -1)) {
                            widest = Math.max(widest, ExceptionReportText.displayWidth(line));
                        }
                    }
                }
            }
            widths[i] = Math.max(c.minWidth(), Math.min(c.maxWidth(), widest + 2));
        }
        return widths;
    }

    /** How many lines Excel will need for the text in a column this wide (it does not grow rows itself). */
    private static int lines(String text, int width) {
        int usable = Math.max(1, width - 1);
        int lines = 0;
        for (String line : text.split("\n", -1)) {
            lines += Math.max(1, (ExceptionReportText.displayWidth(line) + usable - 1) / usable);
        }
        return lines;
    }

    private static String cellText(String raw) {
        String text = clean(raw);
        return text.length() > MAX_CELL_CHARS ? text.substring(0, MAX_CELL_CHARS - 1) + "…" : text;
    }

    /**
     * A string cell. Text that Excel would take for a formula when the cell is edited (= + - @) gets the
     * quote-prefix style, so it also stays text after someone presses F2 and Enter.
     */
    private static void text(Cell cell, String text, CellStyle style, CellStyle quoted) {
        cell.setCellValue(text);
        cell.setCellStyle(!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? quoted : style);
    }

    /** A4 landscape, one page wide, page numbers: how staff print it for the morning meeting. */
    private static void printSetup(XSSFSheet sheet, ExceptionReport r) {
        sheet.setFitToPage(true);
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        sheet.setMargin(PageMargin.LEFT, 0.4);
        sheet.setMargin(PageMargin.RIGHT, 0.4);
        sheet.setMargin(PageMargin.TOP, 0.6);
        sheet.setMargin(PageMargin.BOTTOM, 0.6);
        sheet.getHeader().setLeft(ExceptionReportText.oneLine(r.planName()).replace("&", "&&"));
        sheet.getHeader().setRight("&A　基準日 " + ExceptionReportText.slashDate(r.asOf()));
        sheet.getFooter().setCenter("&P / &N");
    }

    /** The few styles the report uses, made once: a workbook holds at most 64,000 of them. */
    private static final class Styles {
        final XSSFCellStyle title;
        final XSSFCellStyle label;
        final XSSFCellStyle plain;
        final XSSFCellStyle plainQuoted;
        final XSSFCellStyle header;
        final XSSFCellStyle body;
        final XSSFCellStyle bodyQuoted;
        final XSSFCellStyle dateTime;
        final XSSFCellStyle japaneseDate;
        final XSSFCellStyle year;
        final XSSFCellStyle count;
        final XSSFCellStyle link;

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
            XSSFFont linkFont = font(wb);
            linkFont.setUnderline(FontUnderline.SINGLE);
            linkFont.setColor(argb(0x0563C1));

            title = wb.createCellStyle();
            title.setFont(big);
            label = wb.createCellStyle();
            label.setFont(bold);
            plain = wb.createCellStyle();
            plain.setVerticalAlignment(VerticalAlignment.TOP);
            plainQuoted = quoted(wb, plain);

            header = bordered(wb);
            header.setFont(bold);
            header.setFillForegroundColor(argb(0xDDEBF7));
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setAlignment(HorizontalAlignment.CENTER);

            body = bordered(wb);
            bodyQuoted = quoted(wb, body);
            dateTime = bordered(wb);
            dateTime.setDataFormat(wb.createDataFormat().getFormat(DATE_TIME_FORMAT));
            japaneseDate = wb.createCellStyle();
            japaneseDate.setDataFormat(wb.createDataFormat().getFormat(JAPANESE_DATE_FORMAT));
            japaneseDate.setAlignment(HorizontalAlignment.LEFT);
            year = bordered(wb);
            year.setDataFormat(wb.createDataFormat().getFormat(YEAR_FORMAT));
            count = bordered(wb);
            count.setDataFormat(wb.createDataFormat().getFormat("0"));
            link = bordered(wb);
            link.setFont(linkFont);
        }

        /** An opaque colour written as ARGB, the form Excel itself writes (a bare RGB is not read by all versions). */
        private static XSSFColor argb(int rgb) {
            return new XSSFColor(new byte[] {(byte) 0xFF, (byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb}, null);
        }

        private static XSSFFont font(XSSFWorkbook wb) {
            XSSFFont f = wb.createFont();
            japanese(f);
            return f;
        }

        private static void japanese(XSSFFont f) {
            f.setFontName(FONT_NAME);
            f.setFontHeightInPoints(FONT_POINTS);
            f.setCharSet(SHIFT_JIS_CHARSET);
            f.setScheme(FontScheme.NONE);
        }

        /** Thin borders, top-aligned, wrapping: a list cell. */
        private static XSSFCellStyle bordered(XSSFWorkbook wb) {
            XSSFCellStyle style = wb.createCellStyle();
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
            style.setVerticalAlignment(VerticalAlignment.TOP);
            style.setWrapText(true);
            return style;
        }

        private static XSSFCellStyle quoted(XSSFWorkbook wb, XSSFCellStyle like) {
            XSSFCellStyle style = wb.createCellStyle();
            style.cloneStyleFrom(like);
            style.setQuotePrefixed(true);
            return style;
        }
    }
}
