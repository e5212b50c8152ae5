package jp.reform.collector.planbook;

import static jp.reform.collector.planbook.PlanWorkbook.FIRST_DATA_ROW;
import static jp.reform.collector.planbook.PlanWorkbook.HEADER_ROW;
import static jp.reform.collector.planbook.PlanWorkbook.NAME_ROW;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.FontScheme;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PageMargin;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFDataValidationHelper;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes a plan as one workbook: sheets 計画, 体系, 指標, 目標, 取組 with the columns of the CSV files (Japanese
 * headers in row 1, the CSV column names in row 2, the rows below), drop-downs for the columns with a fixed
 * vocabulary, the instructions sheet 記入方法 and a very hidden _meta sheet.
 *
 * <p>Every value is a text cell in columns formatted as text (「@」), also for rows added later, so Excel keeps
 * what is typed: 「100%」, 「1,630万文字」 or 「98.60」 are not turned into numbers and come back as written.
 * Optional columns the plan does not use yet are offered as extra columns (light green headers); the reader
 * drops them again when they are left empty, so an unchanged workbook gives the same CSV files.
 */
public final class PlanWorkbookWriter {

    /** Installed with Windows 8.1 and later; Excel's own default for Japanese (as in the report workbooks). */
    private static final String FONT_NAME = "游ゴシック";
    private static final short FONT_POINTS = 11;
    private static final float LINE_POINTS = 18.75f;
    private static final float MAX_ROW_POINTS = 409f;
    private static final int SHIFT_JIS_CHARSET = 128;
    private static final int MIN_WIDTH = 8;
    private static final int MAX_WIDTH = 48;
    /** Drop-downs and the text format reach this far below the data, for rows added in Excel. */
    private static final int SPARE_ROWS = 500;
    private static final int MAX_BOX_TEXT = 250;

    private static final int HEADER_BLUE = 0xDDEBF7;
    private static final int OFFERED_GREEN = 0xE2EFDA;
    private static final int NAME_GREY = 0xF2F2F2;
    private static final int NAME_TEXT_GREY = 0x7F7F7F;

    /** @throws IllegalArgumentException when a value cannot be kept in a cell as it is */
    public byte[] write(PlanTables tables) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles s = new Styles(wb);
            Map<PlanFile, List<String>> offered = new LinkedHashMap<>();
            for (PlanFile file : PlanFile.values()) {
                Sheet sheet = sheetOf(tables, file);
                if (sheet != null) {
                    dataSheet(wb.createSheet(file.sheetName()), s, file, sheet);
                    offered.put(file, sheet.offered);
                }
            }
            guideSheet(wb.createSheet(PlanWorkbook.SHEET_GUIDE), s, tables);
            metaSheet(wb.createSheet(PlanWorkbook.SHEET_META), tables, offered);
            wb.setSheetVisibility(wb.getSheetIndex(PlanWorkbook.SHEET_META), SheetVisibility.VERY_HIDDEN);
            wb.setActiveSheet(0);
            wb.setSelectedTab(0);
            wb.getProperties().getCoreProperties().setTitle("計画マスタ " + tables.planCode());
            wb.getProperties().getCoreProperties().setCreator("行政改革実績収集システム");
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one data sheet shows: the table's columns, then the offered ones it lacks. */
    private record Sheet(List<String> columns, List<String> offered, List<List<String>> rows) {
    }

    private static Sheet sheetOf(PlanTables tables, PlanFile file) {
        PlanTable table = tables.table(file).orElse(null);
        List<String> columns = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        if (table != null) {
            columns.addAll(table.columns());
            table.rows().forEach(r -> rows.add(r.values()));
        } else if (file == PlanFile.ACTIONS) {
            // a plan without actions.csv: the sheet is there to start one; no rows, no file on import
            columns.addAll(file.requiredColumns());
            planYears(tables).forEach(year -> {
                columns.add("plan_" + year);
                offered.add("plan_" + year);
            });
        } else {
            return null;
        }
        for (String column : PlanColumns.offered(file)) {
            if (!columns.contains(column)) {
                columns.add(column);
                offered.add(column);
            }
        }
        int added = columns.size() - (table != null ? table.columns().size() : columns.size());
        List<List<String>> padded = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> values = new ArrayList<>(row);
            for (int i = 0; i < added; i++) {
                values.add("");
            }
            padded.add(values);
        }
        return new Sheet(columns, offered, padded);
    }

    private static List<Integer> planYears(PlanTables tables) {
        List<Integer> years = new ArrayList<>();
        tables.table(PlanFile.PLAN).filter(t -> !t.rows().isEmpty()).ifPresent(t -> {
            try {
                int from = Integer.parseInt(t.get(0, "fy_from"));
                int to = Integer.parseInt(t.get(0, "fy_to"));
                for (int y = from; y <= to && y - from < 20; y++) {
                    years.add(y);
                }
            } catch (NumberFormatException e) {
                // no year columns for a plan without readable years
            }
        });
        return years;
    }

    // --- data sheets ---

    private void dataSheet(XSSFSheet sheet, Styles s, PlanFile file, Sheet content) {
        List<String> columns = content.columns();
        int[] widths = widths(file, content);
        for (int c = 0; c < columns.size(); c++) {
            sheet.setColumnWidth(c, widths[c] * 256);
            // cells typed later into this column are text too, so Excel does not convert 「100%」 to 1
            sheet.setDefaultColumnStyle(c, s.textColumn);
        }
        Row header = sheet.createRow(HEADER_ROW);
        Row names = sheet.createRow(NAME_ROW);
        header.setHeightInPoints(LINE_POINTS * Math.max(1, maxLines(file, columns, widths)) + 4);
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            Cell h = header.createCell(c);
            h.setCellValue(PlanColumns.header(file, column));
            h.setCellStyle(content.offered().contains(column) ? s.headerOffered : s.header);
            String about = PlanColumns.about(file, column);
            if (!about.isEmpty()) {
                comment(sheet, drawing, h, about + (content.offered().contains(column)
                        ? "\n（任意の列：空欄のままなら取り込みません）" : ""));
            }
            Cell n = names.createCell(c);
            n.setCellValue(column);
            n.setCellStyle(s.name);
        }
        int rowIndex = FIRST_DATA_ROW;
        for (List<String> values : content.rows()) {
            Row row = sheet.createRow(rowIndex++);
            int lines = 1;
            for (int c = 0; c < columns.size(); c++) {
                String value = values.get(c);
                check(file, columns.get(c), value);
                Cell cell = row.createCell(c);
                cell.setCellStyle(s.body);
                if (!value.isEmpty()) {
                    cell.setCellValue(value);
                    lines = Math.max(lines, lines(value, widths[c]));
                }
            }
            if (lines > 1) {
                row.setHeightInPoints(Math.min(MAX_ROW_POINTS, lines * LINE_POINTS + 2));
            }
        }
        int lastRow = Math.max(rowIndex - 1, FIRST_DATA_ROW) + SPARE_ROWS;
        dropDowns(sheet, file, columns, lastRow);
        sheet.createFreezePane(1, FIRST_DATA_ROW);
        sheet.setAutoFilter(new CellRangeAddress(NAME_ROW, Math.max(NAME_ROW, rowIndex - 1), 0, columns.size() - 1));
        pageSetup(sheet, file.sheetName());
        sheet.setRepeatingRows(new CellRangeAddress(HEADER_ROW, NAME_ROW, -1, -1));
    }

    /** A value must come back from the cell exactly as it is in the CSV file. */
    private static void check(PlanFile file, String column, String value) {
        if (value.length() > PlanWorkbook.MAX_CELL_CHARS) {
            throw new IllegalArgumentException(file.fileName() + ", column " + column + ": a value of " + value.length()
                    + " characters does not fit in an Excel cell (at most " + PlanWorkbook.MAX_CELL_CHARS + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException(file.fileName() + ", column " + column
                        + ": a value holds control character U+" + String.format("%04X", (int) c)
                        + ", which an Excel cell cannot keep");
            }
        }
    }

    /** Drop-downs (refusing anything else when typed) on the columns with a fixed vocabulary. */
    private static void dropDowns(XSSFSheet sheet, PlanFile file, List<String> columns, int lastRow) {
        XSSFDataValidationHelper helper = new XSSFDataValidationHelper(sheet);
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            Map<String, String> words = PlanColumns.words(column);
            if (words.isEmpty()) {
                continue;
            }
            DataValidation v = helper.createValidation(
                    helper.createExplicitListConstraint(words.keySet().toArray(String[]::new)),
                    new CellRangeAddressList(FIRST_DATA_ROW, lastRow, c, c));
            String header = PlanColumns.header(file, column);
            // one line: Excel's boxes take no line breaks from an attribute written by POI
            String meanings = PlanColumns.wordList(column);
            v.setErrorStyle(DataValidation.ErrorStyle.STOP);
            v.createErrorBox(header + "を確認してください", box("▼の一覧から選んでください：" + meanings));
            v.setShowErrorBox(true);
            v.createPromptBox(header, box(meanings));
            v.setShowPromptBox(true);
            v.setEmptyCellAllowed(true);
            sheet.addValidationData(v);
        }
    }

    private static void comment(XSSFSheet sheet, XSSFDrawing drawing, Cell cell, String text) {
        ClientAnchor anchor = sheet.getWorkbook().getCreationHelper().createClientAnchor();
        anchor.setCol1(cell.getColumnIndex());
        anchor.setCol2(cell.getColumnIndex() + 4);
        anchor.setRow1(cell.getRowIndex());
        anchor.setRow2(cell.getRowIndex() + 4);
        Comment comment = drawing.createCellComment(anchor);
        comment.setString(new XSSFRichTextString(text));
        comment.setAuthor("行政改革実績収集システム");
        cell.setCellComment(comment);
    }

    /** Wide enough for the longest value's first line, within bounds; longer text wraps. */
    private static int[] widths(PlanFile file, Sheet content) {
        int[] widths = new int[content.columns().size()];
        for (int c = 0; c < widths.length; c++) {
            String column = content.columns().get(c);
            int widest = Math.max(displayWidth(PlanColumns.header(file, column)), displayWidth(column));
            for (List<String> row : content.rows()) {
                widest = Math.max(widest, displayWidth(row.get(c)));
            }
            widths[c] = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, widest + 2));
        }
        return widths;
    }

    private static int maxLines(PlanFile file, List<String> columns, int[] widths) {
        int lines = 1;
        for (int c = 0; c < columns.size(); c++) {
            lines = Math.max(lines, lines(PlanColumns.header(file, columns.get(c)), widths[c]));
        }
        return lines;
    }

    /** How many lines Excel needs for the text in a column this wide (it does not grow rows POI writes). */
    private static int lines(String text, int width) {
        int usable = Math.max(1, width - 1);
        int lines = 0;
        for (String line : text.split("\n", -1)) {
            lines += Math.max(1, (displayWidth(line) + usable - 1) / usable);
        }
        return lines;
    }

    /** Columns a text takes: a Japanese (full-width) character counts two. */
    static int displayWidth(String text) {
        return text.codePoints().map(cp -> cp < 0x1100 || cp >= 0xFF61 && cp <= 0xFF9F ? 1 : 2).sum();
    }

    private static String box(String text) {
        return text.length() <= MAX_BOX_TEXT ? text : text.substring(0, MAX_BOX_TEXT - 1) + "…";
    }

    private static void pageSetup(XSSFSheet sheet, String title) {
        sheet.setFitToPage(true);
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        sheet.setMargin(PageMargin.LEFT, 0.4);
        sheet.setMargin(PageMargin.RIGHT, 0.4);
        sheet.getHeader().setLeft(title.replace("&", "&&"));
        sheet.getFooter().setCenter("&P / &N");
    }

    // --- 記入方法 ---

    private void guideSheet(XSSFSheet sheet, Styles s, PlanTables tables) {
        int labelWidth = 24;
        int textWidth = 90;
        sheet.setColumnWidth(0, labelWidth * 256);
        sheet.setColumnWidth(1, textWidth * 256);
        String code = tables.planCode();
        String name = tables.table(PlanFile.PLAN).filter(t -> !t.rows().isEmpty()).map(t -> t.get(0, "plan_name"))
                .orElse("");

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"■ このブックについて", null});
        rows.add(new String[] {"内容", "計画「" + name + "」（計画コード " + code + "）のマスタデータです。"
                + "シート「計画」「体系」「指標」「目標」「取組」が、システムの設定フォルダ config/plans/" + code
                + "/ の CSV ファイル（plan.csv、structure.csv、indicators.csv、targets.csv、actions.csv）に対応します。"});
        rows.add(new String[] {"取り込み", "編集が終わったら保存し、実績収集の画面の「計画」から取り込みます"
                + "（既にある計画は「既にある計画を置き換える」にチェックを入れます。システムの担当者が plan import で取り込む"
                + "こともできます）。取り込みの前にブック全体を検査し、誤りがあれば、すべての誤りをシート・行・列と直し方とともに示して、"
                + "何も取り込みません。誤りがなければ、起動時と同じ検査をしたうえで計画フォルダを置き換えます"
                + "（元のフォルダは控えとして残ります）。"});
        rows.add(null);
        rows.add(new String[] {"■ 入力のしかた", null});
        rows.add(new String[] {"見出し", "1行目が見出し、2行目（灰色の英字）が CSV の列名です。2行目は変更しないでください。"
                + "列を追加するときは、1行目に見出し、2行目に列名（例: notes）を入力してください。"});
        rows.add(new String[] {"行", "3行目から下が1件ずつのデータです。行の追加・削除・並べ替えができます（上からの順序がそのまま計画の順序になります）。"
                + "空の行は無視します。"});
        rows.add(new String[] {"文字列として保存", "セルはすべて文字列として扱い、入力したとおりに保存します（「100%」「1,630万文字」「98.60」もそのまま）。"
                + "数式、セル内の改行（Alt+Enter）、日付の入力は使えません。前後の空白は取り除きます。"});
        rows.add(new String[] {"年度", "年度は西暦4桁で入力します（令和6年度 = 2024）。目標の年度は計画の開始年度～終了年度の範囲です。"});
        rows.add(new String[] {"複数の課", "担当課が複数のときは | （半角の縦線）で区切ります（例: 職員課|行政総務課）。"
                + "課名は、実績収集の画面の「課の設定」（config/departments.csv）に登録された現在の名称または旧名称です。"
                + "新しい課は、先に「課の設定」で追加してください。"});
        rows.add(new String[] {"コード", "体系コード・指標コードは重複できません。上位の体系コードと取組コードは「体系」シートにあるコードを、"
                + "目標の指標コードは「指標」シートにあるコードを入力します。上位の行は下位の行より上に置きます。"});
        rows.add(new String[] {"任意の列", "見出しが薄い緑の列は、この計画でまだ使っていない任意の列です。"
                + "空欄のままなら取り込みません（CSV ファイルは変わりません）。"});
        rows.add(new String[] {"見出しのメモ", "見出しのセルにマウスを合わせると、その列の説明が表示されます。"});
        rows.add(null);
        rows.add(new String[] {"■ 選択肢のある列", null});
        rows.add(new String[] {"選び方", "次の列は、セルの右の▼から選びます。ほかの書き方（「高いほど良い」など）は取り込めません。"});
        for (PlanFile file : PlanFile.values()) {
            for (String column : PlanColumns.known(file).keySet()) {
                Map<String, String> words = PlanColumns.words(column);
                if (words.isEmpty()) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                words.forEach((word, meaning) -> text.append(text.length() == 0 ? "" : "\n").append(word).append("：").append(meaning));
                rows.add(new String[] {file.sheetName() + "・" + PlanColumns.header(file, column), text.toString()});
            }
        }
        rows.add(null);
        for (PlanFile file : PlanFile.values()) {
            rows.add(new String[] {"■ シート「" + file.sheetName() + "」（" + file.fileName() + "）", null});
            Set<String> columns = new LinkedHashSet<>(PlanColumns.known(file).keySet());
            tables.table(file).ifPresent(t -> columns.addAll(t.columns()));
            for (String column : columns) {
                String about = PlanColumns.about(file, column);
                boolean required = file.requiredColumns().contains(column);
                rows.add(new String[] {PlanColumns.header(file, column) + "\n" + column,
                        (required ? "【必須の列】" : "") + (about.isEmpty() ? "（計画ごとに追加した列）" : about)});
            }
            rows.add(null);
        }
        rows.add(new String[] {"■ システム担当者の方へ", null});
        rows.add(new String[] {"コマンド", "書き出し: plan export --plan " + code + " --out " + code + ".xlsx\n"
                + "取り込み: plan import " + code + ".xlsx --replace（既存の計画を置き換えるときは --replace。"
                + "元のフォルダは config/plans-backup/ に残ります）\n"
                + "検査だけ: plan check --plan " + code});

        Row title = sheet.createRow(0);
        title.setHeightInPoints(24);
        Cell titleCell = title.createCell(0);
        titleCell.setCellValue("計画マスタの記入方法");
        titleCell.setCellStyle(s.title);
        int rowIndex = 2;
        for (String[] entry : rows) {
            if (entry == null) {
                rowIndex++;
                continue;
            }
            Row row = sheet.createRow(rowIndex++);
            Cell label = row.createCell(0);
            label.setCellValue(entry[0]);
            if (entry[1] == null) {
                label.setCellStyle(s.section);
                row.setHeightInPoints(LINE_POINTS + 4);
                continue;
            }
            label.setCellStyle(s.guideLabel);
            Cell text = row.createCell(1);
            text.setCellValue(entry[1]);
            text.setCellStyle(s.guideText);
            int lines = Math.max(lines(entry[0], labelWidth), lines(entry[1], textWidth));
            row.setHeightInPoints(Math.min(MAX_ROW_POINTS, lines * LINE_POINTS + 4));
        }
        pageSetup(sheet, PlanWorkbook.SHEET_GUIDE);
        sheet.getPrintSetup().setLandscape(false);
        // against accidental edits only: anyone may unprotect it from the 校閲 tab
        sheet.enableLocking();
        sheet.lockSelectLockedCells(false);
        sheet.lockFormatRows(false);
        sheet.lockFormatColumns(false);
    }

    // --- _meta ---

    private static void metaSheet(XSSFSheet sheet, PlanTables tables, Map<PlanFile, List<String>> offered) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("layout", PlanWorkbook.LAYOUT);
        meta.put("layout_version", Integer.toString(PlanWorkbook.LAYOUT_VERSION));
        meta.put("plan_code", tables.planCode());
        offered.forEach((file, columns) -> meta.put(PlanWorkbook.OFFERED_PREFIX + file.fileName(), String.join(",", columns)));
        int rowIndex = 0;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            Row row = sheet.createRow(rowIndex++);
            row.createCell(0).setCellValue(e.getKey());
            row.createCell(1).setCellValue(e.getValue());
        }
    }

    /** The styles, made once per workbook. */
    private static final class Styles {
        final XSSFCellStyle header;
        final XSSFCellStyle headerOffered;
        final XSSFCellStyle name;
        final XSSFCellStyle body;
        final XSSFCellStyle textColumn;
        final XSSFCellStyle title;
        final XSSFCellStyle section;
        final XSSFCellStyle guideLabel;
        final XSSFCellStyle guideText;

        Styles(XSSFWorkbook wb) {
            // the default font (index 0) is what every style and the column widths start from; without scheme
            // NONE Excel would show the theme's font instead
            japanese(wb.getFontAt(0));
            XSSFFont bold = font(wb);
            bold.setBold(true);
            XSSFFont big = font(wb);
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            XSSFFont small = font(wb);
            small.setFontHeightInPoints((short) 9);
            small.setColor(argb(NAME_TEXT_GREY));
            short textFormat = wb.createDataFormat().getFormat("@");

            header = bordered(wb);
            header.setFont(bold);
            filled(header, HEADER_BLUE);
            header.setAlignment(HorizontalAlignment.CENTER);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            header.setDataFormat(textFormat);
            headerOffered = wb.createCellStyle();
            headerOffered.cloneStyleFrom(header);
            filled(headerOffered, OFFERED_GREEN);
            name = bordered(wb);
            name.setFont(small);
            filled(name, NAME_GREY);
            name.setAlignment(HorizontalAlignment.CENTER);
            name.setWrapText(false);
            name.setDataFormat(textFormat);
            body = bordered(wb);
            body.setDataFormat(textFormat);
            textColumn = wb.createCellStyle();
            textColumn.setDataFormat(textFormat);

            title = wb.createCellStyle();
            title.setFont(big);
            section = wb.createCellStyle();
            section.setFont(bold);
            section.setVerticalAlignment(VerticalAlignment.BOTTOM);
            guideLabel = bordered(wb);
            guideLabel.setFont(bold);
            filled(guideLabel, NAME_GREY);
            guideText = bordered(wb);
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

        /** An opaque colour as ARGB, the form Excel itself writes. */
        private static XSSFColor argb(int rgb) {
            return new XSSFColor(new byte[] {(byte) 0xFF, (byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb}, null);
        }

        private static void filled(XSSFCellStyle style, int rgb) {
            style.setFillForegroundColor(argb(rgb));
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        }
    }
}
