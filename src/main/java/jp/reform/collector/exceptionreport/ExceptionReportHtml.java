package jp.reform.collector.exceptionreport;

import static jp.reform.collector.report.ReportText.clean;
import static jp.reform.collector.report.ReportText.oneLine;
import static jp.reform.collector.report.ReportText.shorten;

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

/**
 * The exception report as the mail itself: subject line, an HTML body and its plain-text alternative.
 * The body is a summary to read in Outlook's preview pane; the detail is in the attached workbook.
 *
 * <p>Styles are inline on every element: Outlook (Word's renderer) and several web mail clients drop or
 * rewrite a {@code <style>} block. Every value is escaped, since subjects and file names come from outside.
 */
public final class ExceptionReportHtml {

    /** Rows shown per category in the mail; the rest is in the attachment. */
    static final int ROWS_IN_MAIL = 20;
    /** Longer cell text (an SMTP error, a long subject) is cut in the mail; the workbook has it whole. */
    private static final int MAX_CELL_CHARS = 200;
    private static final String NL = "\r\n"; // the canonical line end of a text/plain mail part

    private static final String FONT = "font-family:'游ゴシック','Yu Gothic','メイリオ',Meiryo,sans-serif;";
    private static final String BODY = FONT + "font-size:14px;line-height:1.6;color:#222222;";
    private static final String P = "margin:0 0 12px 0;";
    private static final String H2 = FONT + "font-size:16px;font-weight:bold;margin:20px 0 6px 0;"
            + "border-left:4px solid #2f6fb3;padding-left:6px;";
    private static final String TABLE = "border-collapse:collapse;border:1px solid #999999;margin:0 0 8px 0;";
    private static final String TH = FONT + "font-size:13px;border:1px solid #999999;background-color:#ddebf7;"
            + "padding:4px 8px;text-align:left;font-weight:bold;white-space:nowrap;";
    private static final String TD = FONT + "font-size:13px;border:1px solid #999999;padding:4px 8px;"
            + "vertical-align:top;";
    private static final String TD_NUMBER = TD + "text-align:right;";
    private static final String INFO_LABEL = FONT + "font-size:14px;padding:2px 16px 2px 0;font-weight:bold;"
            + "vertical-align:top;white-space:nowrap;";
    private static final String INFO_VALUE = FONT + "font-size:14px;padding:2px 0;vertical-align:top;";
    private static final String NOTE = "margin:4px 0 12px 0;color:#555555;font-size:13px;";
    private static final String WARN = "color:#c00000;font-weight:bold;";

    /**
     * 「【行革実績】例外レポート 2026/06/30 第7次厚木市行政改革大綱 第2期実施計画：未提出等 12件・要確認 3件・却下 1件」,
     * or 「…：確認事項はありません」. One line, whatever the plan name holds.
     */
    public String subject(ExceptionReport r) {
        StringBuilder out = new StringBuilder(ExceptionReportText.SUBJECT_PREFIX);
        if (r.asOf() != null) {
            out.append(' ').append(ReportText.slashDate(r.asOf()));
        }
        String plan = oneLine(r.planName());
        if (!plan.isEmpty()) {
            out.append(' ').append(plan);
        }
        out.append('：');
        if (r.isAllClear()) {
            return out.append("確認事項はありません").toString();
        }
        List<String> parts = new ArrayList<>();
        int toCheck = Category.VALUE_CHECKS.count(r) + Category.ASSESSMENT.count(r);
        if (!r.missing().isEmpty()) {
            parts.add(Category.MISSING.shortLabel(r) + " " + r.missing().size() + "件");
        }
        if (toCheck > 0) {
            parts.add(Category.VALUE_CHECKS.shortLabel + " " + toCheck + "件");
        }
        for (Category c : List.of(Category.REJECTED, Category.UNKNOWN_SENDERS, Category.FAILED_MAIL,
                Category.REFUSED, Category.UNREADABLE_MAIL, Category.NOT_TAKEN_MAIL, Category.CLOSED_TARGETS,
                Category.CLOSED_GRADES)) {
            if (c.count(r) > 0) {
                parts.add(c.shortLabel + " " + c.count(r) + "件");
            }
        }
        return out.append(String.join("・", parts)).toString();
    }

    /** A complete HTML document (UTF-8) for the mail's text/html part. */
    public String body(ExceptionReport r) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n")
                .append("<meta charset=\"UTF-8\">\n")
                .append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">\n")
                .append("<title>").append(escape(subject(r))).append("</title>\n</head>\n")
                .append("<body style=\"").append(BODY).append("\">\n");
        out.append("<p style=\"").append(P).append("\">").append(escape(addressee(r))).append("</p>\n");
        out.append("<p style=\"").append(P).append("\">").append(escape(opening(r))).append("</p>\n");
        info(out, r);
        if (r.isAllClear()) {
            out.append("<p style=\"").append(P).append("font-weight:bold;\">")
                    .append(escape(ExceptionReportText.ALL_CLEAR)).append("</p>\n");
        } else {
            heading(out, "概要");
            List<List<String>> rows = new ArrayList<>();
            for (Category c : Category.shown(r)) {
                rows.add(List.of(c.label, c.count(r) + "件", c.description(r)));
            }
            table(out, List.of("区分", "件数", "説明"), rows, 1);
            for (Category c : Category.shown(r)) {
                Section section = section(c, r);
                if (section.total() == 0) {
                    continue;
                }
                heading(out, c.label + "（" + section.total() + "件）");
                table(out, section.header(), section.rows(), -1);
                if (section.more() > 0) {
                    out.append("<p style=\"").append(NOTE).append("\">")
                            .append(escape(more(section.more()))).append("</p>\n");
                }
            }
            out.append("<p style=\"").append(P).append("margin-top:20px;\">")
                    .append(escape(attachmentNote(r))).append("</p>\n");
        }
        out.append("<p style=\"").append(NOTE).append("margin-top:20px;\">")
                .append(escape(footer())).append("</p>\n");
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /** The same summary for mail clients that show text only. */
    public String plainText(ExceptionReport r) {
        StringBuilder out = new StringBuilder(4096);
        line(out, addressee(r));
        line(out, "");
        line(out, opening(r));
        line(out, "");
        line(out, "計画　　：" + oneLine(r.planName()));
        line(out, "基準日　：" + ReportText.japaneseDate(r.asOf()));
        line(out, "対象年度：" + ExceptionReportText.round(r));
        if (r.severalRounds()) {
            // each round with its own deadline: an earlier one still owed is chased as the current one is
            String label = "提出期限：";
            for (ExceptionReport.Round round : r.rounds()) {
                line(out, label + ExceptionReportText.roundPrefix(r, round) + ExceptionReportText.deadline(round)
                        + deadlineNote(r, round));
                label = "　　　　　";
            }
            for (ExceptionReport.Round round : r.rounds().stream().filter(ExceptionReport.Round::closed).toList()) {
                line(out, "締切　　：" + ExceptionReportText.roundPrefix(r, round) + ExceptionReportText.closed(round));
            }
        } else {
            if (r.hasOpenRound()) {
                line(out, "提出期限：" + ExceptionReportText.deadline(r) + deadlineNote(r));
            }
            if (r.roundClosed()) {
                line(out, "締切　　：" + ExceptionReportText.closed(r));
            }
        }
        line(out, "");
        if (r.isAllClear()) {
            line(out, ExceptionReportText.ALL_CLEAR);
        } else {
            line(out, "■ 概要");
            for (Category c : Category.shown(r)) {
                line(out, "　" + c.label + "：" + c.count(r) + "件"
                        + (c == Category.MISSING ? ExceptionReportText.closedNote(r) : ""));
            }
            for (Category c : Category.shown(r)) {
                Section section = section(c, r);
                if (section.total() == 0) {
                    continue;
                }
                line(out, "");
                line(out, "■ " + c.label + "（" + section.total() + "件）");
                for (List<String> row : section.rows()) {
                    line(out, "・" + String.join("　", row.stream()
                            .map(v -> v.replace("\n", " / ")).filter(v -> !v.isBlank()).toList()));
                }
                if (section.more() > 0) {
                    line(out, "　" + more(section.more()));
                }
            }
            line(out, "");
            line(out, attachmentNote(r));
        }
        line(out, "");
        line(out, footer());
        return out.toString();
    }

    // --- wording shared by both bodies ---

    private static String addressee(ExceptionReport r) {
        String admin = oneLine(r.adminDepartment());
        return (admin.isEmpty() ? "行政改革ご担当" : admin) + " 御中";
    }

    private static String opening(ExceptionReport r) {
        return "お疲れさまです。行政改革実施計画の実績収集システムから、"
                + ReportText.japaneseDate(r.asOf()) + "時点の例外レポートをお送りします。";
    }

    private static String deadlineNote(ExceptionReport r) {
        return ExceptionReportText.pastDeadline(r) ? "（提出期限を過ぎています）" : "";
    }

    private static String deadlineNote(ExceptionReport r, ExceptionReport.Round round) {
        return ExceptionReportText.pastDeadline(r, round) ? "（提出期限を過ぎています）" : "";
    }

    private static String more(int n) {
        return "ほか " + n + " 件は添付ファイルを参照してください。";
    }

    private static String attachmentNote(ExceptionReport r) {
        return "詳細は添付の Excel ファイル（" + ExceptionReportWorkbook.fileName(r)
                + "）を参照してください。担当課ごとに絞り込んだり、そのまま印刷したりできます。";
    }

    private static String footer() {
        return "このメールは実績収集システムが自動で送信しています。";
    }

    // --- the rows each category shows in the mail ---

    /** A category's first {@link #ROWS_IN_MAIL} rows as text, and how many were left for the attachment. */
    private record Section(List<String> header, List<List<String>> rows, int total) {
        int more() {
            return total - rows.size();
        }
    }

    private static Section section(Category c, ExceptionReport r) {
        return switch (c) {
            // the year beside each item when an earlier round is still owed too
            case MISSING -> r.severalRounds()
                    ? section(List.of("年度", "担当課", "指標コード", "成果指標", "不足している内容"),
                            ExceptionReportText.missing(r), m -> yearAndMissingRow(m, r.closed(m)))
                    : section(List.of("担当課", "指標コード", "成果指標", "不足している内容"),
                            ExceptionReportText.missing(r), m -> missingRow(m, r.closed(m)));
            case VALUE_CHECKS -> section(List.of("担当課", "指標コード", "成果指標", "内容"),
                    ExceptionReportText.valueChecks(r), ExceptionReportHtml::valueRow);
            case ASSESSMENT -> section(List.of("担当課", "指標コード", "成果指標", "内容"),
                    ExceptionReportText.assessmentContradictions(r), ExceptionReportHtml::valueRow);
            case REJECTED -> section(List.of("受付日時", "提出課", "ファイル名", "理由"),
                    ExceptionReportText.rejectedFiles(r), ExceptionReportHtml::rejectedRow);
            case UNKNOWN_SENDERS -> section(List.of("受信日時", "差出人", "件名", "添付ファイル"),
                    ExceptionReportText.unknownSenders(r), ExceptionReportHtml::unknownSenderRow);
            case FAILED_MAIL -> section(List.of("作成日時", "種類", "宛先", "件名", "状態"),
                    ExceptionReportText.failedMails(r), ExceptionReportHtml::failedMailRow);
            case REFUSED -> section(List.of("検出日時", "フォルダ", "ファイル", "理由", "対応"),
                    ExceptionReportText.refusedItems(r), ExceptionReportHtml::refusedRow);
            case UNREADABLE_MAIL -> section(List.of("受信日時", "差出人", "件名", "理由"),
                    ExceptionReportText.unreadableMails(r), ExceptionReportHtml::unreadableMailRow);
            case NOT_TAKEN_MAIL -> section(List.of("受信日時", "課", "差出人", "件名", "返信した内容"),
                    ExceptionReportText.notTakenMails(r), ExceptionReportHtml::notTakenMailRow);
            case CLOSED_TARGETS -> section(List.of("年度", "担当課", "指標コード", "成果指標", "目標値（変更前 → 変更後）",
                            "判定（変更時 → 現在）"),
                    ExceptionReportText.closedTargetChanges(r), ExceptionReportHtml::closedTargetRow);
            case CLOSED_GRADES -> section(List.of("年度", "担当課", "指標コード", "成果指標", "判定（変更前 → 変更後）",
                            "達成率（変更前 → 変更後）"),
                    ExceptionReportText.closedGradeChanges(r), ExceptionReportHtml::closedGradeRow);
        };
    }

    private static <T> Section section(List<String> header, List<T> items,
                                       java.util.function.Function<T, List<String>> row) {
        List<List<String>> rows = items.stream().limit(ROWS_IN_MAIL).map(row)
                .map(cells -> cells.stream().map(v -> shorten(clean(v), MAX_CELL_CHARS)).toList()).toList();
        return new Section(header, rows, items.size());
    }

    private static List<String> missingRow(MissingItem m, boolean closed) {
        String what = clean(m.what()) + (closed ? ExceptionReportText.CLOSED_MARK
                : m.overdue() ? "（期限超過 " + m.daysOverdue() + "日）" : "");
        return List.of(ReportText.department(m.department()), clean(m.indicatorCode()),
                clean(m.indicatorName()), what);
    }

    private static List<String> yearAndMissingRow(MissingItem m, boolean closed) {
        List<String> row = new ArrayList<>();
        row.add(FiscalYears.eraName(m.fiscalYear()));
        row.addAll(missingRow(m, closed));
        return row;
    }

    private static List<String> valueRow(ValueIssue v) {
        String actual = clean(v.actualText());
        return List.of(ReportText.department(v.department()), clean(v.indicatorCode()),
                clean(v.indicatorName()), clean(v.message()) + (actual.isBlank() ? "" : "（実績値：" + actual + "）"));
    }

    private static List<String> rejectedRow(RejectedFile f) {
        return List.of(ReportText.dateTime(f.receivedAt()),
                ReportText.department(f.department()), clean(f.fileName()),
                String.join("\n", f.reasons()));
    }

    private static List<String> unknownSenderRow(UnknownSender u) {
        return List.of(ReportText.dateTime(u.receivedAt()), clean(u.fromAddress()), oneLine(u.subject()),
                String.join("\n", u.attachmentNames()));
    }

    private static List<String> refusedRow(RefusedItem f) {
        return List.of(ReportText.dateTime(f.foundAt()), ReportText.department(f.department()),
                oneLine(f.itemPath()), clean(f.reason()), clean(f.action()));
    }

    private static List<String> unreadableMailRow(UnreadableMail u) {
        return List.of(ReportText.dateTime(u.receivedAt()), oneLine(u.fromHeader()), oneLine(u.subject()),
                oneLine(u.reason()));
    }

    /** What the reply said, one problem a line: each names the files it concerns. */
    private static List<String> notTakenMailRow(NotTakenMail m) {
        return List.of(ReportText.dateTime(m.receivedAt()), ReportText.department(m.department()),
                oneLine(m.fromAddress()), oneLine(m.subject()),
                String.join("\n", m.problems().stream().map(ReportText::oneLine).toList()));
    }

    private static List<String> closedTargetRow(ClosedTargetChange c) {
        return List.of(FiscalYears.japaneseLabel(c.fiscalYear()), ReportText.department(c.department()),
                clean(c.indicatorCode()), clean(c.indicatorName()),
                ExceptionReportText.target(c.before()) + " → " + ExceptionReportText.target(c.after()),
                ExceptionReportText.gradeChange(c));
    }

    private static List<String> closedGradeRow(ClosedGradeChange c) {
        return List.of(FiscalYears.japaneseLabel(c.fiscalYear()), ReportText.department(c.department()),
                clean(c.indicatorCode()), clean(c.indicatorName()), ExceptionReportText.gradeChange(c),
                ExceptionReportText.rateChange(c));
    }

    private static List<String> failedMailRow(FailedMail m) {
        // a mail sent to all but some recipients: which ones is what the division has to act on
        String status = "partial".equals(m.status()) && m.lastError() != null
                ? ExceptionReportText.mailStatus(m.status()) + "：" + m.lastError()
                : ExceptionReportText.mailStatus(m.status());
        return List.of(ReportText.dateTime(m.createdAt()), ExceptionReportText.mailKind(m.kind()),
                clean(m.recipients()), oneLine(m.subject()), oneLine(status));
    }

    // --- HTML pieces ---

    private static void info(StringBuilder out, ExceptionReport r) {
        out.append("<table role=\"presentation\" style=\"border-collapse:collapse;margin:0 0 12px 0;\">\n");
        infoRow(out, "計画", oneLine(r.planName()), "");
        infoRow(out, "基準日", ReportText.japaneseDate(r.asOf()), "");
        infoRow(out, "対象年度", ExceptionReportText.round(r), "");
        if (r.severalRounds()) {
            String label = "提出期限";
            for (ExceptionReport.Round round : r.rounds()) {
                infoRow(out, label, ExceptionReportText.roundPrefix(r, round) + ExceptionReportText.deadline(round),
                        deadlineNote(r, round));
                label = "";
            }
            for (ExceptionReport.Round round : r.rounds().stream().filter(ExceptionReport.Round::closed).toList()) {
                infoRow(out, "締切", ExceptionReportText.roundPrefix(r, round) + ExceptionReportText.closed(round), "");
            }
        } else {
            if (r.hasOpenRound()) {
                infoRow(out, "提出期限", ExceptionReportText.deadline(r), deadlineNote(r));
            }
            if (r.roundClosed()) {
                infoRow(out, "締切", ExceptionReportText.closed(r), "");
            }
        }
        out.append("</table>\n");
    }

    private static void infoRow(StringBuilder out, String label, String value, String warning) {
        out.append("<tr><td style=\"").append(INFO_LABEL).append("\">").append(escape(label))
                .append("</td><td style=\"").append(INFO_VALUE).append("\">").append(escape(value));
        if (!warning.isEmpty()) {
            out.append("<span style=\"").append(WARN).append("\">").append(escape(warning)).append("</span>");
        }
        out.append("</td></tr>\n");
    }

    private static void heading(StringBuilder out, String text) {
        out.append("<h2 style=\"").append(H2).append("\">").append(escape(text)).append("</h2>\n");
    }

    /** A bordered table; {@code numberColumn} is right-aligned (-1 for none). Line breaks become {@code <br>}. */
    private static void table(StringBuilder out, List<String> header, List<List<String>> rows, int numberColumn) {
        out.append("<table cellpadding=\"0\" cellspacing=\"0\" style=\"").append(TABLE).append("\">\n<tr>");
        for (String h : header) {
            out.append("<th style=\"").append(TH).append("\">").append(escape(h)).append("</th>");
        }
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append("<td style=\"").append(i == numberColumn ? TD_NUMBER : TD).append("\">")
                        .append(escape(row.get(i)).replace("\n", "<br>")).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    /** Escapes the five characters that matter in HTML text and attribute values. */
    static String escape(String text) {
        String clean = clean(text);
        StringBuilder out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(NL);
    }
}
