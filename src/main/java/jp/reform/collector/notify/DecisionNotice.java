package jp.reform.collector.notify;

import java.util.List;
import java.util.Map;
import jp.reform.collector.master.Plan;

/**
 * The mail telling a department what became of its file held after a round was closed (締切後の保留): taken
 * into the results, with what changed, or not, with the division's reason. Sent to whoever got the file's
 * receipt.
 */
public final class DecisionNotice {

    /**
     * @param accepted    true when the file was taken into the results
     * @param rounds      the rounds concerned, as the department reads them
     * @param changes     lines 「・I-1-ア-1 …（2025年度）：旧 → 新」 of what changed (accepted only)
     * @param reason      the division's reason (declined only; may be blank)
     * @param warnings    the points to check that taking the rows in raised, as a receipt lists them (accepted
     *                    only; empty when none)
     */
    public record Decision(long submissionId, String receiptNo, String fileName, String department,
                           String receivedAt, boolean accepted, List<String> rounds, List<String> changes,
                           int changeCount, String reason, String warnings, List<String> recipients,
                           Plan contactPlan) {
    }

    public OutgoingMail mail(Decision d) {
        String admin = Signature.adminDepartment(d.contactPlan());
        StringBuilder details = new StringBuilder();
        if (d.accepted()) {
            if (!d.changes().isEmpty()) {
                details.append("■ 反映した実績値（旧 → 新）\n");
                d.changes().forEach(line -> details.append(line).append('\n'));
                if (d.changeCount() > d.changes().size()) {
                    details.append("ほか ").append(d.changeCount() - d.changes().size()).append("件\n");
                }
                details.append('\n');
            }
            if (d.warnings() != null && !d.warnings().isBlank()) {
                details.append(d.warnings()).append('\n');
            }
        } else {
            details.append("■ 反映しなかった理由\n")
                    .append(d.reason() == null || d.reason().isBlank() ? "（記載なし）" : d.reason().strip())
                    .append("\n\n");
        }
        var filled = MailTemplates.fill("decision", Map.of(
                "decision_label", d.accepted() ? "反映しました" : "反映しませんでした",
                "decision_text", d.accepted()
                        ? "内容を実績に反映しましたので、お知らせします。"
                        : "協議の結果、今回は実績に反映しないこととしましたので、お知らせします。実績値は締切時点のまま変更していません。",
                "receipt_no", d.receiptNo(),
                "file_name", d.fileName(),
                "department", d.department() == null ? "" : d.department(),
                "received_at", d.receivedAt(),
                "rounds", String.join("、", d.rounds()),
                // each part ends in one blank line, whichever parts there are
                "details", details.isEmpty() ? "" : details.toString().stripTrailing() + "\n\n",
                "admin_department", admin,
                "signature", Signature.of(d.contactPlan())));
        return new OutgoingMail("receipt", "decision/" + d.receiptNo(), d.recipients(), List.of(), filled.subject(),
                filled.body(), null, List.of(), d.submissionId());
    }
}
