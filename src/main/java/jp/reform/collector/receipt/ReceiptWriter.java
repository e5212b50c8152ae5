package jp.reform.collector.receipt;

import java.time.format.DateTimeFormatter;
import java.util.List;
import jp.reform.collector.domain.BidiControls;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.Severity;
import jp.reform.collector.domain.SubmissionStatus;

/**
 * Writes the receipt (受付結果) a department reads: plain Japanese text, each problem with its cell. It
 * is also the body of the receipt mail, so it stays short: the first {@value #SHOWN} problems are listed
 * and the rest counted (all of them, up to the kept maximum, are in the database); so are the changed
 * values of a long file.
 */
public final class ReceiptWriter {

    /** Problems listed in one receipt, errors first. */
    public static final int SHOWN = 100;
    /** Characters of a value shown; longer values are cut here (the finding keeps what it holds). */
    static final int VALUE_CHARS = 100;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H時mm分");
    private static final String NL = "\r\n"; // opened in Notepad on Windows
    private static final String UNKNOWN_DEPARTMENT = "unknown_department";

    public String write(Receipt r) {
        StringBuilder out = new StringBuilder();
        line(out, Messages.text("receipt.title." + r.status().dbValue()));
        line(out, "");
        line(out, Messages.text("receipt.number", r.receiptNo()));
        line(out, Messages.text("receipt.file", r.sourceName()));
        line(out, Messages.text("receipt.department", r.department() == null ? "－" : r.department()));
        line(out, Messages.text("receipt.received", WHEN.format(r.receivedAt())));
        line(out, "");
        switch (r.status()) {
            case ACCEPTED -> accepted(out, r);
            case REJECTED -> rejected(out, r);
            case DUPLICATE -> line(out, Messages.text("receipt.duplicate", r.earlierReceiptNo(),
                    WHEN.format(r.earlierReceivedAt())));
            case HELD -> held(out, r);
        }
        line(out, "");
        line(out, Messages.text("receipt.footer", r.contact()) + Messages.text("receipt.footer.generated"));
        return out.toString();
    }

    private void accepted(StringBuilder out, Receipt r) {
        LoadedRows loaded = r.loaded();
        line(out, Messages.text("receipt.accepted.summary", count(loaded.rows()), count(loaded.added()),
                count(loaded.rows() - loaded.added())));
        if (!loaded.changedValues().isEmpty()) {
            line(out, "");
            line(out, Messages.text("receipt.accepted.updates"));
            for (ResultChange c : loaded.changedValues()) {
                line(out, Messages.text("receipt.accepted.update", c.indicatorCode(), c.indicatorName(),
                        c.fiscalYear(), change(c)));
            }
            if (loaded.changedValueCount() > loaded.changedValues().size()) {
                line(out, Messages.text("receipt.accepted.updates.more",
                        count(loaded.changedValueCount() - loaded.changedValues().size()), loaded.changedValues().size()));
            }
        }
        if (loaded.replacedReports() > 0) {
            // a shared indicator: the value replaced was another 課's report, not an earlier one of this 課
            if (loaded.changedValues().isEmpty()) {
                line(out, "");
            }
            line(out, Messages.text("receipt.accepted.replaced", String.join("・", loaded.replacedOf()),
                    count(loaded.replacedReports())));
        }
        if (r.otherCount() > 0) {
            line(out, "");
            out.append(warnings(r.findings(), r.otherCount(), r.sourceName()));
        }
    }

    /**
     * The points to check of a file taken into the results, as its receipt lists them: the heading with how
     * many, then the first {@value #SHOWN} warnings with their cells, the rest counted. Also what the mail
     * accepting a held file says of the flags its rows raised then.
     *
     * @param findings the findings kept (errors among them are left out)
     * @param total    how many warnings there are, also those not kept
     */
    public String warnings(List<Finding> findings, int total, String sourceName) {
        StringBuilder out = new StringBuilder();
        line(out, Messages.text("receipt.accepted.warnings", count(total)));
        findings(out, findings.stream().filter(f -> f.severity() != Severity.ERROR).toList(), total, SHOWN,
                sourceName);
        return out.toString();
    }

    /**
     * 「12件 → 15件」, 「自己評価 A → B」, or both joined: what the department changed of one result; where the old
     * one was another 課's report of a shared indicator, its first side says so: 「100（職員課の報告）→ 98」.
     */
    private static String change(ResultChange c) {
        String by = c.reportedBy();
        String value = c.newActual() == null ? null : by == null
                ? Messages.text("receipt.accepted.update.value", c.oldActual(), c.newActual())
                : Messages.text("receipt.accepted.update.value.reported", c.oldActual(), c.newActual(), by);
        String assessment = c.newAssessment() == null ? null : by == null || value != null
                ? Messages.text("receipt.accepted.update.assessment", c.oldAssessment(), c.newAssessment())
                : Messages.text("receipt.accepted.update.assessment.reported", c.oldAssessment(), c.newAssessment(),
                        by);
        return value == null ? assessment : assessment == null ? value : value + "、" + assessment;
    }

    /** 締切後のため保留: what was received, that nothing changed yet, who decides, and what would change. */
    private void held(StringBuilder out, Receipt r) {
        LoadedRows loaded = r.loaded();
        line(out, Messages.text("receipt.held.summary", String.join("、", r.heldRounds()), count(loaded.rows()),
                count(loaded.added())));
        line(out, Messages.text("receipt.held.decision", r.contact()));
        if (!loaded.changedValues().isEmpty()) {
            line(out, "");
            line(out, Messages.text("receipt.held.changes"));
            for (ResultChange c : loaded.changedValues()) {
                line(out, Messages.text("receipt.accepted.update", c.indicatorCode(), c.indicatorName(),
                        c.fiscalYear(), change(c)));
            }
            if (loaded.changedValueCount() > loaded.changedValues().size()) {
                line(out, Messages.text("receipt.held.changes.more",
                        count(loaded.changedValueCount() - loaded.changedValues().size()), loaded.changedValues().size()));
            }
        }
        if (r.otherCount() > 0) {
            line(out, "");
            line(out, Messages.text("receipt.accepted.warnings", count(r.otherCount())));
            findings(out, r.findings().stream().filter(f -> f.severity() != Severity.ERROR).toList(),
                    r.otherCount(), SHOWN, r.sourceName());
        }
    }

    private void rejected(StringBuilder out, Receipt r) {
        List<Finding> errors = r.findings().stream().filter(Finding::isError).toList();
        boolean unread = errors.stream().anyMatch(Limits::refusesUnread);
        line(out, unread ? Messages.text("receipt.rejected.limit")
                : Messages.text("receipt.rejected.summary", count(r.errorCount())));
        line(out, "");
        int shown = findings(out, errors, r.errorCount(), SHOWN, r.sourceName());
        if (r.errorCount() > shown) {
            line(out, Messages.text("receipt.more.hint"));
        }
        List<Finding> warnings = r.findings().stream().filter(f -> !f.isError()).toList();
        if (r.otherCount() > 0) {
            line(out, "");
            line(out, Messages.text("receipt.rejected.warnings"));
            findings(out, warnings, r.otherCount(), SHOWN - shown, r.sourceName());
        }
        line(out, "");
        // a file in a folder of no registered 課 is not to be saved there again, but in the 課's own folder
        boolean wrongFolder = r.findings().stream().anyMatch(f -> UNKNOWN_DEPARTMENT.equals(f.code()));
        line(out, Messages.text("mail".equals(r.channel()) ? "receipt.rejected.resend.mail"
                : "upload".equals(r.channel()) ? "receipt.rejected.resend.upload"
                : wrongFolder ? "receipt.rejected.resend.own_folder" : "receipt.rejected.resend"));
    }

    /**
     * Lists at most {@code room} findings and counts the rest of {@code total}.
     *
     * @return how many were listed
     */
    private int findings(StringBuilder out, List<Finding> findings, int total, int room, String sourceName) {
        int n = 0;
        for (Finding f : findings) {
            if (n == room) {
                break;
            }
            line(out, (++n) + ". " + place(f, sourceName) + f.message());
            if (f.valueFound() != null && !f.valueFound().isBlank()) {
                line(out, "   " + Messages.text("receipt.value", shortened(f.valueFound().replace("\n", " "))));
            }
            if (f.hint() != null && !f.hint().isBlank()) {
                line(out, "   " + Messages.text("receipt.hint", f.hint()));
            }
        }
        if (total > n) {
            line(out, n == 0 ? Messages.text("receipt.more.none", count(total))
                    : Messages.text("receipt.more", count(total - n), SHOWN));
        }
        return n;
    }

    /** A value of a 「旧 → 新」 (receipts, decision mails): 「－」 for none, a long one cut as {@link #shortened} does. */
    public static String shownValue(String value) {
        return value == null ? "－" : shortened(value);
    }

    /**
     * A long value cut to its beginning, with its length, so that one cell cannot swell the receipt: an input
     * value of a finding, and either side of a 「旧 → 新」.
     */
    public static String shortened(String value) {
        int chars = value.codePointCount(0, value.length());
        if (chars <= VALUE_CHARS) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, VALUE_CHARS))
                + Messages.text("receipt.value.cut", count(chars));
    }

    /** 「シート「実績」 12行目 E列」: the cell as Excel shows it; a CSV file has no sheet name to show. */
    private static String place(Finding f, String sourceName) {
        if (f.sheet() == null) {
            return "";
        }
        List<String> parts = new java.util.ArrayList<>();
        if (!f.sheet().equals(sourceName)) {
            parts.add(Messages.text("receipt.place.sheet", f.sheet()));
        }
        if (f.row() != null) {
            parts.add(Messages.text("receipt.place.row", f.row()));
        }
        if (f.column() != null) {
            parts.add(Messages.text("receipt.place.column", f.column()));
        }
        return "[" + String.join(" ", parts) + "] ";
    }

    /** 20,000 rather than 20000: counts here can be large. */
    private static String count(int n) {
        return "%,d".formatted(n);
    }

    /** A line of the receipt: a bidi control in a file name or sheet name is shown, not obeyed (as on the console). */
    private static void line(StringBuilder out, String text) {
        out.append(BidiControls.shown(text)).append(NL);
    }
}
