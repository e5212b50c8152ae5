package jp.reform.collector.notify;

import java.io.File;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Plan;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.report.FigureText;
import jp.reform.collector.report.ReportText;
import jp.reform.collector.store.ChaseQueries.Outstanding;

/**
 * A reminder to one department: for each open round that is due a reminder today, exactly the items it
 * still owes (code, name, target, what is missing), the deadline, and how to submit.
 */
public final class ReminderNotice {


    private final MailSettings settings;

    /** Where the department's filled-in template goes, as the attached template names it. */
    public jp.reform.collector.template.SubmitTo submitTo() {
        return settings.submitTo();
    }

    public ReminderNotice(MailSettings settings) {
        this.settings = settings;
    }

    /** The items of one round that one department owes, and why the reminder is sent today. */
    public record RoundItems(Plan plan, CollectionRound round, ReminderOccasion occasion, List<Outstanding> items) {
    }

    /** One reminder per department and day. */
    public static String dedupKey(String department, LocalDate today) {
        return "reminder/" + department + "/" + today;
    }

    /** The 課 a reminder's key names (as it was called the day it was queued), or empty for another key. */
    public static Optional<String> departmentOf(String dedupKey) {
        int last = dedupKey == null ? -1 : dedupKey.lastIndexOf('/');
        if (last < 0 || !dedupKey.startsWith("reminder/") || last <= "reminder/".length()) {
            return Optional.empty();
        }
        return Optional.of(dedupKey.substring("reminder/".length(), last));
    }

    /**
     * @param allowedSenders the addresses the 課's mail is taken from (departments.csv): mail is offered only when
     *                       there are some, and the 課 is told to send from them (mail from any other is not taken)
     */
    public OutgoingMail mail(String department, List<String> to, List<String> allowedSenders, LocalDate today,
                             List<RoundItems> rounds, List<OutgoingMail.Attachment> templates) {
        boolean byMail = settings.mailboxEnabled() && !allowedSenders.isEmpty();
        boolean overdue = rounds.stream().anyMatch(r -> r.occasion().kind() == ReminderOccasion.Kind.OVERDUE);
        boolean escalate = rounds.stream().anyMatch(r -> r.occasion().escalate());
        Plan first = rounds.get(0).plan();
        Set<String> cc = new LinkedHashSet<>();
        if (escalate) {
            rounds.stream().filter(r -> r.occasion().escalate()).map(r -> r.plan().adminEmail())
                    .filter(MailAddresses::usable).forEach(cc::add); // one that cannot be sent is logged by the planner
        }
        StringBuilder blocks = new StringBuilder();
        for (RoundItems r : rounds) {
            blocks.append(MailTemplates.fill("reminder-round", Map.of(
                    "plan_name", r.plan().name(),
                    "fy_label", FiscalYears.japaneseLabel(r.round().fiscalYear()),
                    "lead", lead(r),
                    "deadline", deadline(r.round()),
                    "count", Integer.toString(r.items().size()),
                    "items_heading", sentBack(r) ? "未提出・未記入・差し戻しの項目" : "未提出・未記入の項目",
                    "items", items(r.items()))).body().stripTrailing()).append("\r\n\r\n");
        }
        LocalDate nearest = rounds.stream().map(r -> r.round().effectiveDeadline()).min(LocalDate::compareTo).orElseThrow();
        var filled = MailTemplates.fill("reminder", Map.of(
                "subject_label", overdue ? "【督促】実績報告の提出期限を過ぎています"
                        : "実績報告のお願い（提出期限 " + nearest.getMonthValue() + "月" + nearest.getDayOfMonth() + "日）",
                "department", department,
                // only when the copy goes (an admin_email no mail can go to is left out)
                "cc_note", escalate && !cc.isEmpty() ? "（写し：" + first.adminDepartment() + "）\n" : "",
                "admin_department", first.adminDepartment(),
                // one blank line between the rounds and before what follows, however many rounds there are
                "rounds", blocks.toString().stripTrailing().replace("\r\n", "\n"),
                "folder", settings.departmentFolder(department),
                // two ways only when files are also taken by mail
                "either_note", byMail ? "（どちらか一方で構いません）" : "",
                "how", byMail ? "次のいずれかで" : "次のとおり",
                "mail_line", byMail
                        ? "・メール：" + settings.collectionAddress() + " あてに添付して送信\n"
                          + "　（登録済みのアドレス " + senders(allowedSenders) + " から送信してください。"
                          + "Excel・CSV ファイルのまま添付し、パスワード付きZIPにはしないでください。）\n"
                        : "",
                "signature", Signature.of(first)));
        return new OutgoingMail("reminder", dedupKey(department, today), to, new ArrayList<>(cc),
                filled.subject(), filled.body(), null, templates, null);
    }

    /** 「a@x、b@x」, or the first two and how many more. */
    private static String senders(List<String> addresses) {
        String shown = String.join("、", addresses.subList(0, Math.min(2, addresses.size())));
        return addresses.size() > 2 ? shown + " ほか" + (addresses.size() - 2) + "件" : shown;
    }

    /** Whether the division sent back some of the items (a 差し戻し not yet answered). */
    private static boolean sentBack(RoundItems r) {
        return r.items().stream().anyMatch(Outstanding::sentBack);
    }

    private static String lead(RoundItems r) {
        ReminderOccasion o = r.occasion();
        String what = sentBack(r) ? "未提出・未記入または差し戻し中" : "未提出または未記入";
        if (o.kind() == ReminderOccasion.Kind.OVERDUE) {
            return "提出期限を" + o.daysOverdue() + "日過ぎています。次の項目が" + what + "ですので、至急提出をお願いします。";
        }
        if (o.daysToDeadline() == 0) {
            return "本日が提出期限です。次の項目が" + what + "ですので、本日中の提出をお願いします。";
        }
        return "提出期限まであと" + o.daysToDeadline() + "日です。次の項目が" + what + "ですので、期限までに提出をお願いします。";
    }

    private static String deadline(CollectionRound round) {
        String shown = day(round.effectiveDeadline());
        if (round.deadlineMoved()) {
            shown += "　※" + day(round.deadline()) + "が閉庁日のため前倒ししています";
        }
        return shown;
    }

    private static String day(LocalDate date) {
        return ReportText.japaneseDateWithWeekday(date);
    }

    private static String items(List<Outstanding> items) {
        StringBuilder out = new StringBuilder();
        for (Outstanding item : items) {
            out.append("・").append(item.indicatorCode()).append(' ').append(item.indicatorName()).append('\n')
                    // the target as the console and the committee workbook write it (90件, not 90)
                    .append("　　目標：").append(item.targetText() == null ? "－"
                            : FigureText.target(item.targetText(), item.unit()))
                    .append("　／　").append(item.what()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
