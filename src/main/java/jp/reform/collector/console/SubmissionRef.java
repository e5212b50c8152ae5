package jp.reform.collector.console;

import java.time.Instant;

/**
 * A received file as the console links to it: its receipt, when and how it came; the id opens the
 * archived original and its receipt ({@link ConsoleQueries#submissionFile}).
 *
 * @param channel folder or mail
 * @param archived whether the original was archived (the console offers its 原本 only then)
 */
public record SubmissionRef(long submissionId, String receiptNo, Instant receivedAt, String fileName,
                            String channel, boolean archived) {
}
