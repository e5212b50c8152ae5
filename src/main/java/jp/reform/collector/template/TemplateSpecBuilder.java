package jp.reform.collector.template;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.reform.collector.evaluate.PlausibilityChecker;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.Target;
import jp.reform.collector.read.TemplateMark;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.ReportQueries.DetailRow;
import jp.reform.collector.store.ReportQueries;

/**
 * Gathers a department's {@link TemplateSpec}: its indicators with target and last year's actual, and
 * what it has already submitted for the year, so that the template doubles as a correction form.
 */
public final class TemplateSpecBuilder {

    private final Database database;

    public TemplateSpecBuilder(Database database) {
        this.database = database;
    }

    /** Departments that report at least one indicator of the plan, in the order of departments.csv. */
    public static List<Department> departments(PlanMaster plan, List<Department> all) {
        return all.stream().filter(d -> plan.responsibleFor(d.name())).toList();
    }

    public TemplateSpec build(PlanMaster plan, int fiscalYear, Department department) throws SQLException {
        ReportQueries queries = new ReportQueries(database);
        Map<String, DetailRow> current = queries.details(plan.plan().code(), fiscalYear);
        Map<String, DetailRow> lastYear = plan.plan().covers(fiscalYear - 1)
                ? queries.details(plan.plan().code(), fiscalYear - 1) : Map.of();
        List<TemplateSpec.Line> lines = new ArrayList<>();
        for (Indicator indicator : plan.indicators()) {
            if (!indicator.departments().contains(department.name())) {
                continue;
            }
            Target target = plan.target(indicator.code(), fiscalYear);
            boolean numeric = !indicator.isQualitative() && !"milestone".equals(target.kind());
            DetailRow submitted = current.get(indicator.code());
            DetailRow previous = lastYear.get(indicator.code());
            boolean hasSubmission = submitted != null && (submitted.actualText() != null || submitted.statusText() != null);
            lines.add(new TemplateSpec.Line(indicator.code(), indicator.name(), indicator.unit(),
                    // 現状値の把握 tells the department to report the measured value
                    target.isSet() || target.isBaseline() ? target.text() : "－",
                    previous != null && previous.actualText() != null ? previous.actualText()
                            : fiscalYear - 1 < plan.plan().fyFrom() ? indicator.baselineText() : null,
                    numeric, numeric ? PlausibilityChecker.lowerBound(indicator) : null,
                    numeric ? PlausibilityChecker.upperBound(indicator) : null,
                    // an approximate value (約1,020人) is shown as written, so that resubmitting keeps the 約
                    hasSubmission && numeric && !approximate(submitted) ? submitted.actualValue() : null,
                    hasSubmission ? submitted.actualText() : null,
                    hasSubmission ? submitted.statusText() : null,
                    hasSubmission ? submitted.outcomeText() : null,
                    hasSubmission ? submitted.nextStepsText() : null,
                    hasSubmission ? submitted.selfAssessmentText() : null));
        }
        return new TemplateSpec(plan.plan().code(), plan.plan().name(), plan.plan().municipality(), fiscalYear,
                department.name(), plan.plan().adminDepartment(), TemplateMark.CURRENT_VERSION,
                plan.plan().gradedBySelfAssessment(), lines);
    }

    private static boolean approximate(DetailRow submitted) {
        return submitted.actualText() != null && submitted.actualText().strip().startsWith("約");
    }
}
