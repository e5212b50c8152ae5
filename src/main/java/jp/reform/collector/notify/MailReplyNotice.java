package jp.reform.collector.notify;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.Plan;

/**
 * The reply to a registered sender whose mail had nothing we could load: no data file attached, a file
 * too large, or a password-protected ZIP or workbook. It says what to send instead.
 */
public final class MailReplyNotice {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H時mm分");

    private final MailSettings settings;

    public MailReplyNotice(MailSettings settings) {
        this.settings = settings;
    }

    /**
     * @param problems one Japanese paragraph per problem, each saying what to send instead
     * @param accepted names of attachments from the same mail that were received (their receipts follow)
     */
    public OutgoingMail mail(String messageKey, String sender, String department, String originalSubject,
                             ZonedDateTime receivedAt, List<String> problems, List<String> accepted,
                             Plan contactPlan, MailThread thread) {
        StringBuilder listed = new StringBuilder();
        for (String problem : problems) {
            listed.append("・").append(problem).append('\n');
        }
        String acceptedNote = accepted.isEmpty() ? ""
                : "\n" + Messages.text("mail.reply.other_attachments", String.join("、", accepted)) + "\n";
        var filled = MailTemplates.fill("reply", Map.of(
                "department", department,
                "received_at", WHEN.format(receivedAt),
                "original_subject", originalSubject == null || originalSubject.isBlank()
                        ? Messages.text("mail.reply.no_subject") : originalSubject,
                "problems", listed.toString().stripTrailing(),
                "mailbox", settings.collectionAddress(),
                "folder", settings.departmentFolder(department),
                "accepted_note", acceptedNote,
                "signature", Signature.of(contactPlan)));
        String subject = thread == null ? filled.subject() : thread.replySubject(filled.subject());
        return new OutgoingMail("reply", "reply/" + messageKey, List.of(sender), List.of(), subject, filled.body(),
                null, List.of(), null, thread);
    }
}
