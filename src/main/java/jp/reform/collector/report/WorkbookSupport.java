package jp.reform.collector.report;

import static jp.reform.collector.report.ReportText.clean;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.FontScheme;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PageMargin;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * What the report workbooks share: the Japanese font, the cell styles, column widths and row heights measured
 * here (not by {@code autoSizeColumn}, which needs the fonts installed on the server and does not measure
 * Japanese well), text cells that never become formulas, the list layout, and the A4 print setup.
 */
public final class WorkbookSupport {

    /** Installed with Windows 8.1 and later and with Office for Mac; Excel's own default for Japanese. */
    public static final String FONT_NAME = "游ゴシック";
    public static final short FONT_POINTS = 11;
    /** Line height of 游ゴシック 11pt in Excel, for rows whose text wraps. */
    public static final float LINE_POINTS = 18.75f;
    public static final float MAX_ROW_POINTS = 409f;
    /** Excel's limit for the text of one cell. */
    public static final int MAX_CELL_CHARS = 32_767;
    public static final int SHIFT_JIS_CHARSET = 128;

    public static final String DATE_TIME_FORMAT = "yyyy/mm/dd hh:mm";
    public static final String JAPANESE_DATE_FORMAT = "yyyy\"年\"m\"月\"d\"日\"";
    public static final String YEAR_FORMAT = "0\"年度\"";
    /** A rate already in percent (87 → 87%), not Excel's 0% which multiplies by 100. */
    public static final String WHOLE_PERCENT_FORMAT = "0\"%\"";

    /** What a column holds, which decides its cell type and format. */
    public enum Kind { TEXT, DATE_TIME, YEAR, COUNT, PERCENT }

    /** A column: header, kind, and width bounds in characters (a Japanese character counts two). */
    public record Column(String header, Kind kind, int minWidth, int maxWidth) {
    }

    private WorkbookSupport() {
    }

    /** A plan code as part of a file name: one line, characters Windows refuses made 「_」; null gives "". */
    public static String fileNamePart(String raw) {
        return raw == null ? "" : ReportText.oneLine(raw).replaceAll("[\\\\/:*?\"<>|\\s]+", "_");
    }

    public static byte[] bytes(XSSFWorkbook wb) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the list layout: styled header, one row per item, frozen, filtered, header repeated in print ---

    /** Header, rows and 「該当なし」 when there are none; the caller adds the print setup. */
    public static void list(XSSFSheet sheet, Styles s, List<Column> columns, List<Object[]> rows, String none) {
        int[] widths = widths(columns, rows);
        setWidths(sheet, widths);
        headerRow(sheet.createRow(0), s, columns);
        int rowIndex = 1;
        for (Object[] values : rows) {
            valuesRow(sheet.createRow(rowIndex++), s, columns, widths, values);
        }
        if (rows.isEmpty()) {
            text(sheet.createRow(rowIndex++).createCell(0), none, s.plain, s.plain);
        }
        finishList(sheet, rowIndex - 1, columns.size());
    }

    public static void setWidths(XSSFSheet sheet, int[] widths) {
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, widths[i] * 256);
        }
    }

    public static void headerRow(Row header, Styles s, List<Column> columns) {
        for (int i = 0; i < columns.size(); i++) {
            text(header.createCell(i), columns.get(i).header(), s.header, s.header);
        }
    }

    /**
     * One list row: dates and numbers as real cells, everything else as text, and the row as high as its
     * longest wrapped text needs (Excel does not grow rows written by POI itself).
     */
    public static void valuesRow(Row row, Styles s, List<Column> columns, int[] widths, Object[] values) {
        int lines = 1;
        for (int i = 0; i < columns.size(); i++) {
            Object value = values[i];
            Cell cell = row.createCell(i);
            if (value == null) {
                cell.setCellStyle(s.body);
            } else if (value instanceof LocalDateTime when) {
                cell.setCellValue(when);
                cell.setCellStyle(s.dateTime);
            } else if (value instanceof Number n) {
                cell.setCellValue(n.doubleValue());
                cell.setCellStyle(switch (columns.get(i).kind()) {
                    case YEAR -> s.year;
                    case PERCENT -> s.percent;
                    default -> s.count;
                });
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

    /** Header frozen, filter over header and rows, header printed on every page. */
    public static void finishList(XSSFSheet sheet, int lastRow, int columnCount) {
        sheet.createFreezePane(0, 1);
        sheet.setAutoFilter(new CellRangeAddress(0, lastRow, 0, columnCount - 1));
        sheet.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
    }

    /** Wide enough for the longest line, within the column's bounds; longer text wraps. */
    public static int[] widths(List<Column> columns, List<Object[]> rows) {
        Widths widths = new Widths(columns);
        rows.forEach(widths::measure);
        return widths.widths();
    }

    /** The widths of {@link #widths}, measured one row at a time: the rows need not be held together. */
    public static final class Widths {
        private final List<Column> columns;
        private final int[] widest;

        public Widths(List<Column> columns) {
            this.columns = List.copyOf(columns);
            this.widest = new int[columns.size()];
            for (int i = 0; i < widest.length; i++) {
                widest[i] = ReportText.displayWidth(columns.get(i).header());
            }
        }

        public void measure(Object[] values) {
            for (int i = 0; i < widest.length; i++) {
                if (columns.get(i).kind() == Kind.TEXT && values[i] != null) {
                    for (String line : clean(values[i].toString()).split("\n", -1)) {
                        widest[i] = Math.max(widest[i], ReportText.displayWidth(line));
                    }
                }
            }
        }

        public int[] widths() {
            int[] widths = new int[widest.length];
            for (int i = 0; i < widths.length; i++) {
                Column c = columns.get(i);
                widths[i] = Math.max(c.minWidth(), Math.min(c.maxWidth(), widest[i] + 2));
            }
            return widths;
        }
    }

    /** How many lines Excel will need for the text in a column this wide (it does not grow rows itself). */
    public static int lines(String text, int width) {
        int usable = Math.max(1, width - 1);
        int lines = 0;
        for (String line : text.split("\n", -1)) {
            lines += Math.max(1, (ReportText.displayWidth(line) + usable - 1) / usable);
        }
        return lines;
    }

    /** Cleaned for XML and cut to what one cell can hold. */
    public static String cellText(String raw) {
        String text = clean(raw);
        return text.length() > MAX_CELL_CHARS ? text.substring(0, MAX_CELL_CHARS - 1) + "…" : text;
    }

    /**
     * A string cell. Text that Excel would take for a formula when the cell is edited (= + - @) gets the
     * quote-prefix style, so it also stays text after someone presses F2 and Enter.
     */
    public static void text(Cell cell, String text, CellStyle style, CellStyle quoted) {
        cell.setCellValue(text);
        cell.setCellStyle(!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? quoted : style);
    }

    /** A4 landscape, one page wide, plan name and page numbers: how staff print it. */
    public static void printSetup(XSSFSheet sheet, String planName, LocalDate asOf) {
        pageSetup(sheet, true, headerText(ReportText.oneLine(planName)),
                "&A　基準日 " + ReportText.slashDate(asOf));
    }

    /** A4, one page wide and as long as it takes, modest margins, the given page header, page numbers. */
    public static void pageSetup(XSSFSheet sheet, boolean landscape, String headerLeft, String headerRight) {
        sheet.setFitToPage(true);
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(landscape);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        sheet.setMargin(PageMargin.LEFT, 0.4);
        sheet.setMargin(PageMargin.RIGHT, 0.4);
        sheet.setMargin(PageMargin.TOP, 0.6);
        sheet.setMargin(PageMargin.BOTTOM, 0.6);
        sheet.getHeader().setLeft(headerLeft);
        sheet.getHeader().setRight(headerRight);
        sheet.getFooter().setCenter("&P / &N");
    }

    /** Text shown as is in a page header: a literal & is written twice. */
    public static String headerText(String text) {
        return text.replace("&", "&&");
    }

    /** The styles the reports share, made once per workbook: a workbook holds at most 64,000 of them. */
    public static class Styles {
        public final XSSFFont bold;
        public final XSSFCellStyle title;
        public final XSSFCellStyle label;
        public final XSSFCellStyle plain;
        public final XSSFCellStyle plainQuoted;
        public final XSSFCellStyle header;
        public final XSSFCellStyle body;
        public final XSSFCellStyle bodyQuoted;
        public final XSSFCellStyle dateTime;
        public final XSSFCellStyle japaneseDate;
        public final XSSFCellStyle year;
        public final XSSFCellStyle count;
        public final XSSFCellStyle percent;

        public Styles(XSSFWorkbook wb) {
            // the workbook's default font (index 0) is what every style and the column widths start from;
            // without scheme NONE Excel would show the theme's font instead of the name set here
            XSSFFont base = wb.getFontAt(0);
            japanese(base);
            bold = font(wb);
            bold.setBold(true);
            XSSFFont big = font(wb);
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);

            title = wb.createCellStyle();
            title.setFont(big);
            label = wb.createCellStyle();
            label.setFont(bold);
            plain = wb.createCellStyle();
            plain.setVerticalAlignment(VerticalAlignment.TOP);
            plainQuoted = quoted(wb, plain);

            header = bordered(wb);
            header.setFont(bold);
            filled(header, 0xDDEBF7);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setAlignment(HorizontalAlignment.CENTER);

            body = bordered(wb);
            bodyQuoted = quoted(wb, body);
            dateTime = formatted(wb, DATE_TIME_FORMAT);
            japaneseDate = wb.createCellStyle();
            japaneseDate.setDataFormat(wb.createDataFormat().getFormat(JAPANESE_DATE_FORMAT));
            japaneseDate.setAlignment(HorizontalAlignment.LEFT);
            year = formatted(wb, YEAR_FORMAT);
            count = formatted(wb, "0");
            percent = formatted(wb, WHOLE_PERCENT_FORMAT);
        }

        /** An opaque colour written as ARGB, the form Excel itself writes (a bare RGB is not read by all versions). */
        public static XSSFColor argb(int rgb) {
            return new XSSFColor(new byte[] {(byte) 0xFF, (byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb}, null);
        }

        public static void filled(XSSFCellStyle style, int rgb) {
            style.setFillForegroundColor(argb(rgb));
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        }

        /** A new font in the report's Japanese face and size. */
        public static XSSFFont font(XSSFWorkbook wb) {
            XSSFFont f = wb.createFont();
            japanese(f);
            return f;
        }

        /** The Japanese face and size on a font (the workbook's default font included). */
        public static void japanese(XSSFFont f) {
            f.setFontName(FONT_NAME);
            f.setFontHeightInPoints(FONT_POINTS);
            f.setCharSet(SHIFT_JIS_CHARSET);
            f.setScheme(FontScheme.NONE);
        }

        /** Thin borders, top-aligned, wrapping: a list cell. */
        public static XSSFCellStyle bordered(XSSFWorkbook wb) {
            XSSFCellStyle style = wb.createCellStyle();
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
            style.setVerticalAlignment(VerticalAlignment.TOP);
            style.setWrapText(true);
            return style;
        }

        /** A list cell with a number format. */
        public static XSSFCellStyle formatted(XSSFWorkbook wb, String format) {
            XSSFCellStyle style = bordered(wb);
            style.setDataFormat(wb.createDataFormat().getFormat(format));
            return style;
        }

        public static XSSFCellStyle quoted(XSSFWorkbook wb, XSSFCellStyle like) {
            XSSFCellStyle style = wb.createCellStyle();
            style.cloneStyleFrom(like);
            style.setQuotePrefixed(true);
            return style;
        }
    }
}
