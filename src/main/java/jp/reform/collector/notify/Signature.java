package jp.reform.collector.notify;

import java.util.Map;
import jp.reform.collector.master.Plan;

/** The closing lines of every mail: who runs the plan and how to reach them. */
final class Signature {

    static String of(Plan plan) {
        String department = adminDepartment(plan);
        String email = plan == null || plan.adminEmail() == null ? "－" : plan.adminEmail();
        return MailTemplates.fill("signature", Map.of("admin_department", department, "admin_email", email)).body()
                .stripTrailing();
    }

    /** Who runs the plan, as a mail names them; a general name when the plan does not say (or is not known). */
    static String adminDepartment(Plan plan) {
        return plan == null || plan.adminDepartment() == null ? "行政改革の担当課" : plan.adminDepartment();
    }

    private Signature() {
    }
}
