package jp.reform.collector.intake;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.notify.MailThread;

/**
 * One message from the collection mailbox on its way through the route: who sent it, the data files
 * saved from it (each goes through the ingest path), and the problems its reply will explain.
 *
 * @param thread     the mail's place in its conversation, which the reply and receipts answer; may be null
 * @param skipReason why the message is not processed at all (already processed: it is only moved); null
 *                   when it is processed
 */
public record MailBatch(String messageKey, Instant receivedAt, String sender, String subject, String department,
                        List<IncomingFile> files, List<String> problems, List<String> attachmentNames,
                        Path stagingFolder, String skipReason, List<IngestOutcome> outcomes, MailThread thread) {

    static MailBatch skipped(String messageKey, String reason) {
        return new MailBatch(messageKey, Instant.now(), null, null, null, List.of(), List.of(), List.of(), null,
                reason, new ArrayList<>(), null);
    }

    public boolean skipped() {
        return skipReason != null;
    }

    public boolean fromKnownSender() {
        return department != null;
    }
}
