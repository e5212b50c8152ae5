package jp.reform.collector.planbook;

import java.util.List;

/**
 * The files of a plan folder (config/plans/&lt;plan_code&gt;/) and the sheet each becomes in the plan workbook.
 * The required columns are the ones {@code MasterDataLoader} insists on.
 */
public enum PlanFile {
    PLAN("plan.csv", "計画", true,
            List.of("plan_code", "municipality", "plan_name", "fy_from", "fy_to", "admin_department", "admin_email")),
    STRUCTURE("structure.csv", "体系", true, List.of("node_code", "level", "parent_code", "title")),
    INDICATORS("indicators.csv", "指標", true, List.of("indicator_code", "initiative_code", "name", "unit",
            "value_kind", "direction", "cumulative", "responsible_departments")),
    TARGETS("targets.csv", "目標", true, List.of("indicator_code", "fiscal_year", "target_text", "target_value")),
    ACTIONS("actions.csv", "取組", false, List.of("initiative_code", "action_no", "text", "departments"));

    private final String fileName;
    private final String sheetName;
    private final boolean required;
    private final List<String> requiredColumns;

    PlanFile(String fileName, String sheetName, boolean required, List<String> requiredColumns) {
        this.fileName = fileName;
        this.sheetName = sheetName;
        this.required = required;
        this.requiredColumns = requiredColumns;
    }

    public String fileName() {
        return fileName;
    }

    public String sheetName() {
        return sheetName;
    }

    /** Whether every plan has it; actions.csv is optional. */
    public boolean required() {
        return required;
    }

    public List<String> requiredColumns() {
        return requiredColumns;
    }
}
