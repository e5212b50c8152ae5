package jp.reform.collector.report;

import java.time.ZonedDateTime;
import java.util.List;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.SubmissionStatus;

/**
 * Everything a receipt (受付結果) tells the department about one submitted file.
 *
 * @param contact who to ask (the administrative division running the plan)
 * @param channel folder or mail: where a corrected file goes
 */
public record Receipt(String receiptNo, SubmissionStatus status, String department, String sourceName,
                      ZonedDateTime receivedAt, List<ResultChange> changes, List<Finding> findings,
                      String earlierReceiptNo, ZonedDateTime earlierReceivedAt, String contact,
                      String channel) {
}
