package jp.reform.collector.exceptionreport;

import static jp.reform.collector.report.ReportText.clean;
import static jp.reform.collector.report.WorkbookSupport.text;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.exceptionreport.ExceptionReport.ClosedGradeChange;
import jp.reform.collector.exceptionreport.ExceptionReport.ClosedTargetChange;
import jp.reform.collector.exceptionreport.ExceptionReport.FailedMail;
import jp.reform.collector.exceptionreport.ExceptionReport.MissingItem;
import jp.reform.collector.exceptionreport.ExceptionReport.NotTakenMail;
import jp.reform.collector.exceptionreport.ExceptionReport.RefusedItem;
import jp.reform.collector.exceptionreport.ExceptionReport.RejectedFile;
import jp.reform.collector.exceptionreport.ExceptionReport.UnknownSender;
import jp.reform.collector.exceptionreport.ExceptionReport.UnreadableMail;
import jp.reform.collector.exceptionreport.ExceptionReport.ValueIssue;
import jp.reform.collector.exceptionreport.ExceptionReportText.Category;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.report.ReportText;
import jp.reform.collector.report.WorkbookSupport.Column;
import jp.reform.collector.report.WorkbookSupport.Kind;
import jp.reform.collector.report.WorkbookSupport;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.FontUnderline;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFHyperlink;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The exception report as the .xlsx attachment: a summary sheet, then one sheet per category that staff can
 * filter by department, forward, and print on A4.
 *
 * <p>Everything a department or a sender wrote goes in as a string cell, so that a value such as
 * {@code =HYPERLINK(…)} is shown, never evaluated. Widths and row heights are measured by {@link WorkbookSupport},
 * not left to {@code autoSizeColumn}, which needs the fonts installed on the server and does not measure Japanese
 * well.
 */
public final class ExceptionReportWorkbook {

    /** Rows of a list sheet kept in memory while writing; the rest is already on disk. */
    private static final int ROW_WINDOW = 200;

    /** The attachment's name: 例外レポート_atsugi-7-2_20260630.xlsx. */
    public static String fileName(ExceptionReport r) {
        String plan = WorkbookSupport.fileNamePart(r.planCode());
        String date = r.asOf() == null ? "" : "_" + r.asOf().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        return "例外レポート" + (plan.isEmpty() ? "" : "_" + plan) + date + ".xlsx";
    }

    /** The workbook as bytes (the console's preview download); see {@link #writeTo(ExceptionReport, OutputStream)}. */
    public byte[] write(ExceptionReport r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(r, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The workbook written to a file (the mail's attachment), never whole in memory. */
    public Path writeTo(ExceptionReport r, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeTo(r, out);
        }
        return file;
    }

    /**
     * Streams the workbook: the list sheets' rows go through SXSSF with a small row window (a plan of 1,741 課
     * may have 100,000 missing items); the cover sheet with its links, the styles and each list's widths,
     * filter and print set-up are set on the XSSF workbook SXSSF wraps.
     */
    public void writeTo(ExceptionReport r, OutputStream out) throws IOException {
        XSSFWorkbook xssf = new XSSFWorkbook();
        xssf.getProperties().getCoreProperties().setTitle(ExceptionReportText.TITLE);
        xssf.getProperties().getCoreProperties().setCreator("行政改革実績収集システム");
        Styles styles = new Styles(xssf);
        XSSFSheet summary = xssf.createSheet("概要");
        for (Category c : Category.shown(r)) {
            xssf.createSheet(c.label);
        }
        summary(summary, styles, r);
        xssf.setActiveSheet(0);
        SXSSFWorkbook wb = new SXSSFWorkbook(xssf, ROW_WINDOW);
        try {
            missing(new ListSheet(wb, Category.MISSING), styles, r);
            values(new ListSheet(wb, Category.VALUE_CHECKS), styles, r, ExceptionReportText.valueChecks(r));
            values(new ListSheet(wb, Category.ASSESSMENT), styles, r, ExceptionReportText.assessmentContradictions(r));
            rejected(new ListSheet(wb, Category.REJECTED), styles, r);
            unknownSenders(new ListSheet(wb, Category.UNKNOWN_SENDERS), styles, r);
            failedMails(new ListSheet(wb, Category.FAILED_MAIL), styles, r);
            unreadableMails(new ListSheet(wb, Category.UNREADABLE_MAIL), styles, r);
            refusedItems(new ListSheet(wb, Category.REFUSED), styles, r);
            notTakenMails(new ListSheet(wb, Category.NOT_TAKEN_MAIL), styles, r);
            if (Category.shown(r).contains(Category.CLOSED_TARGETS)) {
                closedTargets(new ListSheet(wb, Category.CLOSED_TARGETS), styles, r);
            }
            if (Category.shown(r).contains(Category.CLOSED_GRADES)) {
                closedGrades(new ListSheet(wb, Category.CLOSED_GRADES), styles, r);
            }
            wb.write(out);
        } finally {
            wb.dispose();
            wb.close();
        }
    }

    /** A list sheet: rows streamed through SXSSF, widths, filter and print set-up on the XSSF sheet under it. */
    private record ListSheet(SXSSFSheet rows, XSSFSheet setup) {
        ListSheet(SXSSFWorkbook wb, Category category) {
            this(wb.getSheet(category.label), wb.getXSSFWorkbook().getSheet(category.label));
        }
    }

    /**
     * A date and time column: 「2026/06/30 17:15」 is 16 characters; with the cell's padding, and digits wider in
     * the fonts that stand in for 游ゴシック (LibreOffice, a PC without it), less than 20 shows ###.
     */
    static Column dateTimeColumn(String header) {
        return new Column(header, Kind.DATE_TIME, DATE_TIME_WIDTH, DATE_TIME_WIDTH);
    }

    static final int DATE_TIME_WIDTH = ReportText.displayWidth("2026/06/30 17:15") + 4;

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
        if (r.severalRounds()) {
            // one deadline a round, each a date cell: an earlier round still owed is chased by its own
            for (ExceptionReport.Round round : r.rounds()) {
                Cell deadline = labelled(sheet, row++, s, "提出期限（" + FiscalYears.eraName(round.fiscalYear()) + "）", null);
                deadline.setCellValue(round.deadline());
                deadline.setCellStyle(s.japaneseDate);
                String moved = ExceptionReportText.deadlineMoved(round);
                if (!moved.isEmpty()) {
                    text(deadline.getRow().createCell(2), moved, s.plain, s.plainQuoted);
                }
            }
            for (ExceptionReport.Round round : r.rounds().stream().filter(ExceptionReport.Round::closed).toList()) {
                labelled(sheet, row++, s, "締切（" + FiscalYears.eraName(round.fiscalYear()) + "）",
                        ExceptionReportText.closed(round));
            }
        } else {
            Cell deadline = labelled(sheet, row++, s, "提出期限", r.deadline() == null ? "－" : null);
            if (r.deadline() != null) {
                deadline.setCellValue(r.deadline());
                deadline.setCellStyle(s.japaneseDate);
                String moved = ExceptionReportText.deadlineMoved(r);
                if (!moved.isEmpty()) {
                    text(deadline.getRow().createCell(2), moved, s.plain, s.plainQuoted);
                }
            }
            if (r.roundClosed()) {
                labelled(sheet, row++, s, "締切", ExceptionReportText.closed(r));
            }
        }
        labelled(sheet, row++, s, "宛先", clean(r.adminDepartment()));

        row++;
        Row header = sheet.createRow(row++);
        String[] headers = {"区分", "件数", "説明"};
        for (int i = 0; i < headers.length; i++) {
            text(header.createCell(i), headers[i], s.header, s.header);
        }
        for (Category c : Category.shown(r)) {
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

    private void missing(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("担当課", Kind.TEXT, 12, 22),
                new Column("指標コード", Kind.TEXT, 12, 16), new Column("成果指標", Kind.TEXT, 24, 44),
                new Column("年度", Kind.YEAR, 10, 10), new Column("目標", Kind.TEXT, 10, 24),
                new Column("不足している内容", Kind.TEXT, 18, 36), new Column("期限超過日数", Kind.COUNT, 14, 14));
        List<Object[]> rows = new ArrayList<>();
        for (MissingItem m : ExceptionReportText.missing(r)) {
            rows.add(new Object[] {ReportText.department(m.department()), m.indicatorCode(),
                    m.indicatorName(), m.fiscalYear(), m.targetText(),
                    r.closed(m) ? m.what() + ExceptionReportText.CLOSED_MARK : m.what(),
                    m.overdue() ? Integer.valueOf(m.daysOverdue()) : null});
        }
        table(sheet, s, r, columns, rows);
    }

    private void values(ListSheet sheet, Styles s, ExceptionReport r, List<ValueIssue> issues) {
        List<Column> columns = List.of(new Column("担当課", Kind.TEXT, 12, 22),
                new Column("指標コード", Kind.TEXT, 12, 16), new Column("成果指標", Kind.TEXT, 24, 44),
                new Column("年度", Kind.YEAR, 10, 10), new Column("実績値", Kind.TEXT, 10, 24),
                new Column("内容", Kind.TEXT, 36, 64));
        List<Object[]> rows = new ArrayList<>();
        for (ValueIssue v : issues) {
            rows.add(new Object[] {ReportText.department(v.department()), v.indicatorCode(),
                    v.indicatorName(), v.fiscalYear(), v.actualText(), v.message()});
        }
        table(sheet, s, r, columns, rows);
    }

    private void rejected(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("受付番号", Kind.TEXT, 12, 22),
                dateTimeColumn("受付日時"), new Column("経路", Kind.TEXT, 8, 10),
                new Column("提出課", Kind.TEXT, 12, 22), new Column("ファイル名", Kind.TEXT, 24, 44),
                new Column("理由", Kind.TEXT, 40, 72));
        List<Object[]> rows = new ArrayList<>();
        for (RejectedFile f : ExceptionReportText.rejectedFiles(r)) {
            rows.add(new Object[] {f.receiptNo(), ReportText.local(f.receivedAt()),
                    ExceptionReportText.channel(f.channel()), ReportText.department(f.department()),
                    f.fileName(), String.join("\n", f.reasons())});
        }
        table(sheet, s, r, columns, rows);
    }

    private void unknownSenders(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(dateTimeColumn("受信日時"),
                new Column("差出人", Kind.TEXT, 24, 40), new Column("件名", Kind.TEXT, 30, 56),
                new Column("添付ファイル", Kind.TEXT, 24, 48));
        List<Object[]> rows = new ArrayList<>();
        for (UnknownSender u : ExceptionReportText.unknownSenders(r)) {
            rows.add(new Object[] {ReportText.local(u.receivedAt()), u.fromAddress(), u.subject(),
                    String.join("\n", u.attachmentNames())});
        }
        table(sheet, s, r, columns, rows);
    }

    private void failedMails(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(dateTimeColumn("作成日時"),
                new Column("種類", Kind.TEXT, 12, 14), new Column("宛先", Kind.TEXT, 24, 40),
                new Column("件名", Kind.TEXT, 30, 50), new Column("試行回数", Kind.COUNT, 10, 10),
                new Column("状態", Kind.TEXT, 12, 12), new Column("最後のエラー", Kind.TEXT, 36, 64));
        List<Object[]> rows = new ArrayList<>();
        for (FailedMail m : ExceptionReportText.failedMails(r)) {
            rows.add(new Object[] {ReportText.local(m.createdAt()), ExceptionReportText.mailKind(m.kind()),
                    m.recipients(), m.subject(), m.attempts(), ExceptionReportText.mailStatus(m.status()),
                    m.lastError()});
        }
        table(sheet, s, r, columns, rows);
    }

    private void refusedItems(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(dateTimeColumn("検出日時"),
                new Column("フォルダ", Kind.TEXT, 12, 22), new Column("ファイル（受付フォルダ内）", Kind.TEXT, 24, 48),
                new Column("理由", Kind.TEXT, 30, 56), new Column("対応", Kind.TEXT, 24, 48),
                new Column("受付番号", Kind.TEXT, 12, 16), new Column("詳細", Kind.TEXT, 30, 64));
        List<Object[]> rows = new ArrayList<>();
        for (RefusedItem f : ExceptionReportText.refusedItems(r)) {
            rows.add(new Object[] {ReportText.local(f.foundAt()), ReportText.department(f.department()),
                    f.itemPath(), f.reason(), f.action(), f.receiptNo(), f.detail()});
        }
        table(sheet, s, r, columns, rows);
    }

    private void unreadableMails(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(dateTimeColumn("受信日時"),
                new Column("差出人（ヘッダーのまま）", Kind.TEXT, 24, 40), new Column("件名", Kind.TEXT, 30, 50),
                new Column("添付ファイル", Kind.TEXT, 20, 40), new Column("理由", Kind.TEXT, 36, 64));
        List<Object[]> rows = new ArrayList<>();
        for (UnreadableMail u : ExceptionReportText.unreadableMails(r)) {
            rows.add(new Object[] {ReportText.local(u.receivedAt()), u.fromHeader(), u.subject(),
                    String.join("\n", u.attachmentNames()), u.reason()});
        }
        table(sheet, s, r, columns, rows);
    }

    /** The reply's problems whole, one a line, beside every file the mail had (the taken ones too). */
    private void notTakenMails(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(dateTimeColumn("受信日時"), new Column("課", Kind.TEXT, 12, 22),
                new Column("差出人", Kind.TEXT, 24, 40), new Column("件名", Kind.TEXT, 30, 50),
                new Column("添付ファイル", Kind.TEXT, 20, 40), new Column("返信した内容", Kind.TEXT, 40, 72));
        List<Object[]> rows = new ArrayList<>();
        for (NotTakenMail m : ExceptionReportText.notTakenMails(r)) {
            rows.add(new Object[] {ReportText.local(m.receivedAt()), ReportText.department(m.department()),
                    m.fromAddress(), m.subject(), String.join("\n", m.attachmentNames()),
                    String.join("\n", m.problems())});
        }
        table(sheet, s, r, columns, rows);
    }

    private void closedTargets(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("年度", Kind.YEAR, 10, 10), new Column("担当課", Kind.TEXT, 12, 22),
                new Column("指標コード", Kind.TEXT, 12, 16), new Column("成果指標", Kind.TEXT, 24, 44),
                new Column("変更前の目標値", Kind.TEXT, 12, 24), new Column("変更後の目標値", Kind.TEXT, 12, 24),
                new Column("変更時の判定", Kind.TEXT, 12, 14), new Column("現在の判定", Kind.TEXT, 12, 14),
                dateTimeColumn("変更を検出した日時"));
        List<Object[]> rows = new ArrayList<>();
        for (ClosedTargetChange c : ExceptionReportText.closedTargetChanges(r)) {
            rows.add(new Object[] {c.fiscalYear(), ReportText.department(c.department()), c.indicatorCode(),
                    c.indicatorName(), ExceptionReportText.target(c.before()), ExceptionReportText.target(c.after()),
                    c.gradeBefore(), c.gradeNow(), ReportText.local(c.changedAt())});
        }
        table(sheet, s, r, columns, rows);
    }

    private void closedGrades(ListSheet sheet, Styles s, ExceptionReport r) {
        List<Column> columns = List.of(new Column("年度", Kind.YEAR, 10, 10), new Column("担当課", Kind.TEXT, 12, 22),
                new Column("指標コード", Kind.TEXT, 12, 16), new Column("成果指標", Kind.TEXT, 24, 44),
                new Column("変更前の判定", Kind.TEXT, 12, 14), new Column("変更後の判定", Kind.TEXT, 12, 14),
                new Column("変更前の達成率", Kind.TEXT, 12, 14), new Column("変更後の達成率", Kind.TEXT, 12, 14),
                dateTimeColumn("変更を検出した日時"));
        List<Object[]> rows = new ArrayList<>();
        for (ClosedGradeChange c : ExceptionReportText.closedGradeChanges(r)) {
            rows.add(new Object[] {c.fiscalYear(), ReportText.department(c.department()), c.indicatorCode(),
                    c.indicatorName(), ExceptionReportText.grade(c.gradeBefore()),
                    ExceptionReportText.grade(c.gradeAfter()), ExceptionReportText.rate(c.rateBefore()),
                    ExceptionReportText.rate(c.rateAfter()), ReportText.local(c.changedAt())});
        }
        table(sheet, s, r, columns, rows);
    }

    /** Header, rows and 「該当なし」 when there are none, as {@link WorkbookSupport#list} lays them out. */
    private static void table(ListSheet sheet, Styles s, ExceptionReport r, List<Column> columns,
                              List<Object[]> rows) {
        int[] widths = WorkbookSupport.widths(columns, rows);
        WorkbookSupport.setWidths(sheet.setup(), widths);
        WorkbookSupport.headerRow(sheet.rows().createRow(0), s, columns);
        int rowIndex = 1;
        for (Object[] values : rows) {
            WorkbookSupport.valuesRow(sheet.rows().createRow(rowIndex++), s, columns, widths, values);
        }
        if (rows.isEmpty()) {
            text(sheet.rows().createRow(rowIndex++).createCell(0), ReportText.NONE, s.plain, s.plain);
        }
        WorkbookSupport.finishList(sheet.setup(), rowIndex - 1, columns.size());
        printSetup(sheet.setup(), r);
    }

    private static void printSetup(XSSFSheet sheet, ExceptionReport r) {
        WorkbookSupport.printSetup(sheet, r.planName(), r.asOf());
    }

    /** The shared styles and the link style of the summary sheet. */
    private static final class Styles extends WorkbookSupport.Styles {
        final XSSFCellStyle link;

        Styles(XSSFWorkbook wb) {
            super(wb);
            XSSFFont linkFont = font(wb);
            linkFont.setUnderline(FontUnderline.SINGLE);
            linkFont.setColor(argb(0x0563C1));
            link = bordered(wb);
            link.setFont(linkFont);
        }
    }
}
