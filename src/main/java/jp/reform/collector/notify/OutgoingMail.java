package jp.reform.collector.notify;

import java.util.List;

/**
 * An e-mail before it is composed: who gets it, what it says, what is attached.
 *
 * @param kind     receipt, reply, reminder or exception_report
 * @param dedupKey the same key is queued only once (one reminder per department and day …)
 * @param html     an HTML body shown instead of {@code text} by clients that can; may be null
 * @param inReplyTo the department's mail this answers (threaded by In-Reply-To and References); null if none
 */
public record OutgoingMail(String kind, String dedupKey, List<String> to, List<String> cc, String subject,
                           String text, String html, List<Attachment> attachments, Long submissionId,
                           MailThread inReplyTo) {

    /** A mail that answers no mail of the department's. */
    public OutgoingMail(String kind, String dedupKey, List<String> to, List<String> cc, String subject, String text,
                        String html, List<Attachment> attachments, Long submissionId) {
        this(kind, dedupKey, to, cc, subject, text, html, attachments, submissionId, null);
    }

    /** A file attached to the mail; its name on one line (it becomes a header). */
    public record Attachment(String fileName, String contentType, byte[] content) {
        public Attachment {
            fileName = HeaderText.oneLine(fileName);
        }
    }

    /** The subject is made one line here, so that neither the composed header nor the outbox row has a break. */
    public OutgoingMail {
        subject = HeaderText.oneLine(subject);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
    }

    public static OutgoingMail text(String kind, String dedupKey, List<String> to, String subject, String text) {
        return new OutgoingMail(kind, dedupKey, to, List.of(), subject, text, null, List.of(), null);
    }
}
