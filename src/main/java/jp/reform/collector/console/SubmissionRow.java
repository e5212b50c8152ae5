package jp.reform.collector.console;

import java.time.Instant;

/**
 * A line of the console's list of everything received: a file (accepted, rejected or duplicate), or a
 * mail that brought no file to load (unknown_sender, no_usable_attachment).
 *
 * @param submissionId         the file's id for its original and receipt; null for a mail without a file
 * @param receiptNo            null for a mail without a file
 * @param fileName             the file's name as received; for a mail without a file, its attachments' names
 * @param channel              folder or mail
 * @param department           null when the sender or folder is not a known department
 * @param sender               the sender's address of mail, the department (its folder) of a dropped file
 * @param errorCount           errors of a rejected file; for a mail without a file, the problems it was told
 * @param subject              the mail's subject, for a mail without a file
 * @param duplicateOfReceiptNo for a duplicate, the receipt of the accepted file with the same content
 * @param messageKey           for a mail without a file, its Message-ID
 * @param archived             whether the file's original was archived (the console offers its 原本 only then)
 */
public record SubmissionRow(Long submissionId, String receiptNo, String fileName, String channel, String department,
                            String sender, String status, int errorCount, int warningCount, int rowCount,
                            Instant receivedAt, String subject, String duplicateOfReceiptNo, String messageKey,
                            boolean archived) {

    public boolean isFile() {
        return submissionId != null;
    }
}
