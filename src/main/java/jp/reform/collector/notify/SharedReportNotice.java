package jp.reform.collector.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.receipt.ReceiptWriter;
import jp.reform.collector.store.ResultStaging.ReplacedReport;

/**
 * The mail telling a 課 that another 課's file replaced its report of an indicator they share (共管): which
 * indicators, the value and self-assessment it had reported and the new ones, and which 課 sent them. Not the
 * file, its sender or its receipt, which that 課 may not see on the console either. Sent to the 課's addresses.
 */
public final class SharedReportNotice {

    /** Replaced reports listed in one mail, per 課; the rest are counted. */
    public static final int LISTED = 100;

    /**
     * One mail to each 課 of {@code replaced} (as {@link jp.reform.collector.store.ResultStaging#replacedReports}
     * returns them); none for a 課 without addresses.
     *
     * @param from       the 課 whose file replaced them
     * @param submission that file (the outbox row's link; not shown to the 課)
     * @param receiptNo  its receipt number (the mails' dedup key only)
     * @param receivedAt when it was received, as a receipt says it
     */
    public List<OutgoingMail> mails(MasterData master, String from, long submission, String receiptNo,
                                    String receivedAt,
                                    List<ReplacedReport> replaced) {
        Map<String, List<ReplacedReport>> byDepartment = new LinkedHashMap<>();
        replaced.forEach(r -> byDepartment.computeIfAbsent(r.reportedBy(), d -> new ArrayList<>()).add(r));
        List<OutgoingMail> mails = new ArrayList<>();
        byDepartment.forEach((department, rows) -> {
            List<String> to = master.department(department).map(Department::emails).orElse(List.of());
            if (to.isEmpty()) {
                return;
            }
            Plan plan = master.plan(rows.get(0).planCode()).map(PlanMaster::plan).orElse(null);
            StringBuilder changes = new StringBuilder();
            rows.forEach(r -> changes.append(line(r)).append('\n'));
            int total = rows.get(0).total();
            if (total > rows.size()) {
                changes.append("ほか ").append(total - rows.size()).append("件\n");
            }
            var filled = MailTemplates.fill("shared-report", Map.of(
                    "department", department,
                    "from", from,
                    "count", Integer.toString(total),
                    "received_at", receivedAt,
                    "changes", changes.toString(),
                    "admin_department", Signature.adminDepartment(plan),
                    "signature", Signature.of(plan)));
            mails.add(new OutgoingMail("shared_report", "shared-report/" + receiptNo + "/" + department, to,
                    List.of(), filled.subject(), filled.body(), null, List.of(), submission));
        });
        return mails;
    }

    /** 「・I-2-イ-2 …（2025年度）：98 → 100、自己評価 概ね達成 → 達成」, or 「実績値 98（変更なし）」. */
    static String line(ReplacedReport r) {
        String value = java.util.Objects.equals(r.oldText(), r.newText())
                ? "実績値 " + shown(r.oldText()) + "（変更なし）"
                : shown(r.oldText()) + " → " + shown(r.newText());
        String assessment = java.util.Objects.equals(r.oldAssessment(), r.newAssessment()) ? ""
                : "、自己評価 " + shown(r.oldAssessment()) + " → " + shown(r.newAssessment());
        return "・%s %s（%d年度）：%s%s".formatted(r.indicatorCode(), r.indicatorName(), r.fiscalYear(), value,
                assessment);
    }

    private static String shown(String text) {
        return text == null ? "－" : ReceiptWriter.shortened(text);
    }
}
