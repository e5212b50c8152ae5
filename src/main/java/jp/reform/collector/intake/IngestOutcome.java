package jp.reform.collector.intake;

import jp.reform.collector.domain.SubmissionStatus;

/**
 * What became of a file: its receipt, and where it is archived (a folder relative to where it came from,
 * such as {@code .done/2026-11-23}, and the archived file name).
 *
 * @param resumed true when the file had been received before an interruption (a crash, an outage) kept it
 *                from its archive: this is that submission, found again, to be archived; nothing was received now
 */
public record IngestOutcome(String receiptNo, SubmissionStatus status, String department, String archiveFolder,
                            String archivedName, String receiptName, String receiptText, boolean resumed) {

    public IngestOutcome(String receiptNo, SubmissionStatus status, String department, String archiveFolder,
                         String archivedName, String receiptName, String receiptText) {
        this(receiptNo, status, department, archiveFolder, archivedName, receiptName, receiptText, false);
    }

    /** Where the file goes, relative to the folder it came from. */
    public String archivePath() {
        return archiveFolder + "/" + archivedName;
    }
}
