package jp.reform.collector.notify;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.reform.collector.master.Plan;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.report.ReportText;

/**
 * 差し戻し: the mail to a 課 whose results the division sent back: the division's comment, the indicators
 * concerned (code and name; or the whole report), the correction deadline, how to resubmit, and the 課's
 * pre-filled template attached (its current values, to be corrected and sent back). A 差し戻し of a closed round
 * says that the corrected file will be held when it arrives, until the division decides to reflect it.
 */
public final class SendBackNotice {


    private final MailSettings settings;

    public SendBackNotice(MailSettings settings) {
        this.settings = settings;
    }

    /** An indicator named in the 差し戻し, as the mail lists it. */
    public record Item(String code, String name) {
    }

    /** One mail per review action. */
    public static String dedupKey(String plan, int fiscalYear, String department, long reviewId) {
        return "sent-back/" + plan + "/" + fiscalYear + "/" + department + "/" + reviewId;
    }

    public OutgoingMail mail(Plan plan, int fiscalYear, String department, List<String> to, long reviewId,
                             String comment, List<Item> items, LocalDate due, OutgoingMail.Attachment template) {
        return mail(plan, fiscalYear, department, to, reviewId, comment, items, due, template, false);
    }

    /**
     * @param roundClosed the round was closed when the 差し戻し was made: a file changing its results is held on
     *                    arrival (締切後のため保留), and the mail says so rather than promising it counts at once
     */
    public OutgoingMail mail(Plan plan, int fiscalYear, String department, List<String> to, long reviewId,
                             String comment, List<Item> items, LocalDate due, OutgoingMail.Attachment template,
                             boolean roundClosed) {
        var filled = MailTemplates.fill("sent-back", Map.ofEntries(
                Map.entry("department", department),
                Map.entry("fy_short", FiscalYears.eraName(fiscalYear)),
                Map.entry("fy_label", FiscalYears.japaneseLabel(fiscalYear)),
                Map.entry("plan_name", plan.name()),
                Map.entry("admin_department", Signature.adminDepartment(plan)),
                Map.entry("comment", comment.strip()),
                Map.entry("items", items(items)),
                Map.entry("due", day(due)),
                Map.entry("closed_note", roundClosed ? closedNote(plan) : ""),
                Map.entry("folder", settings.departmentFolder(department)),
                Map.entry("either_note", "（いずれか一つの方法で構いません）"),
                Map.entry("how", "次のいずれかで"),
                Map.entry("mail_line", settings.mailboxEnabled()
                        ? "・メール：" + settings.collectionAddress() + " あてに添付して送信\n"
                          + "　（Excel・CSV ファイルのまま添付してください。パスワード付きZIPは受け付けできません。）\n"
                        : ""),
                Map.entry("signature", Signature.of(plan))));
        return new OutgoingMail("sent_back", dedupKey(plan.code(), fiscalYear, department, reviewId), to, List.of(),
                filled.subject(), filled.body(), null, template == null ? List.of() : List.of(template), null);
    }

    /** The sentence a 差し戻し of a closed round adds after its request: the corrected file is held first. */
    static String closedNote(Plan plan) {
        return "\nなお、この年度は締め切っているため、修正したファイルは届いた後いったん保留となり、"
                + Signature.adminDepartment(plan) + "で確認のうえ反映します。";
    }

    private static String items(List<Item> items) {
        if (items.isEmpty()) {
            return "実績報告の全体（指標を限定せずにお願いしています）";
        }
        StringBuilder out = new StringBuilder();
        for (Item item : items) {
            out.append("・").append(item.code()).append(' ').append(item.name() == null ? "" : item.name()).append('\n');
        }
        return out.toString().stripTrailing();
    }

    static String day(LocalDate date) {
        return ReportText.japaneseDateWithWeekday(date);
    }
}
