package jp.reform.collector.notify;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.master.Plan;

/**
 * The receipt (受付結果) as an e-mail: to the sender for a mailed file, to the department's registered
 * addresses for a folder drop. The body is the same receipt text that is saved beside the archived file.
 */
public final class ReceiptNotice {

    private final MailSettings settings;

    public ReceiptNotice(MailSettings settings) {
        this.settings = settings;
    }

    /**
     * What the receipt mail needs to know about the submission.
     *
     * @param thread the mail the file came in (the receipt answers it in its thread); null for other channels
     */
    public record Submission(long submissionId, String receiptNo, SubmissionStatus status, String channel,
                             String fileName, String department, String receiptText, List<String> recipients,
                             Plan contactPlan, MailThread thread) {

        public Submission(long submissionId, String receiptNo, SubmissionStatus status, String channel,
                          String fileName, String department, String receiptText, List<String> recipients,
                          Plan contactPlan) {
            this(submissionId, receiptNo, status, channel, fileName, department, receiptText, recipients,
                    contactPlan, null);
        }
    }

    /**
     * The receipt text as the mail's body shows it: without the file's 「（このファイルは自動で作成しています）」,
     * which in a mail reads as if it spoke of the submitted file (the signature says the mail is automatic).
     */
    static String mailed(String receiptText) {
        String text = receiptText.replace("\r\n", "\n").stripTrailing();
        String note = Messages.text("receipt.footer.generated");
        return text.endsWith(note) ? text.substring(0, text.length() - note.length()) : text;
    }

    public Optional<OutgoingMail> mail(Submission s) {
        if (s.recipients().isEmpty()) {
            return Optional.empty(); // unknown folder: the receipt file and the exception report tell
        }
        boolean byMail = "mail".equals(s.channel());
        boolean byUpload = "upload".equals(s.channel());
        // an upload's receipt already says where to submit again (画面（自課の状況）から), which is all there is to add
        String resend = s.status() != SubmissionStatus.REJECTED || byUpload ? ""
                : byMail ? "\n修正したファイルは、このメールに返信する形で添付して送ることができます。\n"
                : settings.mailboxEnabled()
                        ? "\n修正したファイルは、" + settings.departmentFolder(s.department()) + "に保存し直すか、"
                          + settings.collectionAddress() + " あてに添付して送ることができます。\n"
                        : "";
        var filled = MailTemplates.fill("receipt", Map.of(
                "result_label", switch (s.status()) {
                    case ACCEPTED -> "受け付けました";
                    case REJECTED -> "受け付けできませんでした（要修正）";
                    case DUPLICATE -> "受付済みのファイルです";
                    case HELD -> "締切後のため保留しました";
                },
                "receipt_no", s.receiptNo(),
                "file_name", s.fileName(),
                "department", s.department() == null ? "" : s.department(),
                "channel_label", byMail ? "メールで" : byUpload ? "画面から" : "共有フォルダに",
                "receipt_text", mailed(s.receiptText()),
                "resend_note", resend,
                "signature", Signature.of(s.contactPlan())));
        // a mailed file's receipt answers that mail, so that Outlook shows both in one conversation
        String subject = s.thread() == null ? filled.subject() : s.thread().replySubject(filled.subject());
        return Optional.of(new OutgoingMail("receipt", "receipt/" + s.receiptNo(), s.recipients(), List.of(),
                subject, filled.body(), null, List.of(), s.submissionId(), s.thread()));
    }
}
