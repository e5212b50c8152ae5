package jp.reform.collector.receipt;

import java.time.ZonedDateTime;
import java.util.List;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.SubmissionStatus;

/**
 * Everything a receipt (受付結果) tells the department about one submitted file.
 *
 * @param loaded     what an accepted file changed ({@link LoadedRows#NONE} otherwise)
 * @param findings   the findings kept (a file may have more than are kept)
 * @param contact    who to ask (the administrative division running the plan)
 * @param channel    folder, mail or upload (the console): where a corrected file goes
 * @param errorCount all errors found, also those not in {@code findings}
 * @param otherCount all warnings and notes found, also those not in {@code findings}
 * @param heldRounds for a held file, the closed rounds it would change, as the department reads them
 *                   (「第7次… 令和7年度（2025年度）」); empty otherwise. Its {@code loaded} then lists what
 *                   would change (current → new) and {@code loaded.added()} counts it.
 */
public record Receipt(String receiptNo, SubmissionStatus status, String department, String sourceName,
                      ZonedDateTime receivedAt, LoadedRows loaded, List<Finding> findings,
                      String earlierReceiptNo, ZonedDateTime earlierReceivedAt, String contact,
                      String channel, int errorCount, int otherCount, List<String> heldRounds) {

    public Receipt {
        heldRounds = List.copyOf(heldRounds);
    }

    /** A receipt of a file that was not held. */
    public Receipt(String receiptNo, SubmissionStatus status, String department, String sourceName,
                   ZonedDateTime receivedAt, LoadedRows loaded, List<Finding> findings,
                   String earlierReceiptNo, ZonedDateTime earlierReceivedAt, String contact,
                   String channel, int errorCount, int otherCount) {
        this(receiptNo, status, department, sourceName, receivedAt, loaded, findings, earlierReceiptNo,
                earlierReceivedAt, contact, channel, errorCount, otherCount, List.of());
    }

    /** A receipt whose findings are all there are. */
    public Receipt(String receiptNo, SubmissionStatus status, String department, String sourceName,
                   ZonedDateTime receivedAt, LoadedRows loaded, List<Finding> findings,
                   String earlierReceiptNo, ZonedDateTime earlierReceivedAt, String contact, String channel) {
        this(receiptNo, status, department, sourceName, receivedAt, loaded, findings, earlierReceiptNo,
                earlierReceivedAt, contact, channel, (int) findings.stream().filter(Finding::isError).count(),
                (int) findings.stream().filter(f -> !f.isError()).count());
    }
}
