package jp.reform.collector.report;

import java.time.format.DateTimeFormatter;
import java.util.List;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.Severity;
import jp.reform.collector.domain.SubmissionStatus;

/** Writes the receipt (受付結果) a department reads: plain Japanese text, every problem with its cell. */
public final class ReceiptWriter {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H時mm分");
    private static final String NL = "\r\n"; // opened in Notepad on Windows

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
        }
        line(out, "");
        line(out, Messages.text("receipt.footer", r.contact()));
        return out.toString();
    }

    private void accepted(StringBuilder out, Receipt r) {
        long changed = r.changes().stream().filter(ResultChange::changed).count();
        line(out, Messages.text("receipt.accepted.summary", r.changes().size(), changed,
                r.changes().size() - changed));
        List<ResultChange> updates = r.changes().stream()
                .filter(c -> c.changed() && c.oldActual() != null && !c.oldActual().equals(blankAsDash(c.newActual())))
                .toList();
        if (!updates.isEmpty()) {
            line(out, "");
            line(out, Messages.text("receipt.accepted.updates"));
            for (ResultChange c : updates) {
                line(out, Messages.text("receipt.accepted.update", c.indicatorCode(), c.indicatorName(),
                        c.fiscalYear(), c.oldActual(), blankAsDash(c.newActual())));
            }
        }
        List<Finding> warnings = r.findings().stream().filter(f -> f.severity() != Severity.ERROR).toList();
        if (!warnings.isEmpty()) {
            line(out, "");
            line(out, Messages.text("receipt.accepted.warnings", warnings.size()));
            findings(out, warnings, r.sourceName());
        }
    }

    private void rejected(StringBuilder out, Receipt r) {
        List<Finding> errors = r.findings().stream().filter(Finding::isError).toList();
        line(out, Messages.text("receipt.rejected.summary", errors.size()));
        line(out, "");
        findings(out, errors, r.sourceName());
        List<Finding> warnings = r.findings().stream().filter(f -> !f.isError()).toList();
        if (!warnings.isEmpty()) {
            line(out, "");
            line(out, Messages.text("receipt.rejected.warnings"));
            findings(out, warnings, r.sourceName());
        }
        line(out, "");
        line(out, Messages.text("mail".equals(r.channel()) ? "receipt.rejected.resend.mail" : "receipt.rejected.resend"));
    }

    private void findings(StringBuilder out, List<Finding> findings, String sourceName) {
        int n = 0;
        for (Finding f : findings) {
            line(out, (++n) + ". " + place(f, sourceName) + f.message());
            if (f.valueFound() != null && !f.valueFound().isBlank()) {
                line(out, "   " + Messages.text("receipt.value", f.valueFound().replace("\n", " ")));
            }
            if (f.hint() != null && !f.hint().isBlank()) {
                line(out, "   " + Messages.text("receipt.hint", f.hint()));
            }
        }
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

    private static String blankAsDash(String text) {
        return text == null ? "－" : text;
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(NL);
    }
}
