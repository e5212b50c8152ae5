package jp.reform.collector.template;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.evaluate.ActualFigure;
import jp.reform.collector.evaluate.PlausibilityChecker;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.Target;
import jp.reform.collector.read.TemplateMark;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.TemplateQueries;
import jp.reform.collector.store.TemplateQueries.Submitted;

/**
 * Gathers a department's {@link TemplateSpec}: its indicators with target and last year's actual, and
 * what it has already submitted for the year, so that the template doubles as a correction form. Many
 * departments' templates come from one query ({@link #forEach}), one department's lines in memory at a time.
 */
public final class TemplateSpecBuilder {

    private final Database database;
    private final TemplateQueries queries = new TemplateQueries();

    public TemplateSpecBuilder(Database database) {
        this.database = database;
    }

    /** Receives one department's template at a time. */
    @FunctionalInterface
    public interface Each {
        void accept(TemplateSpec spec) throws Exception;
    }

    /**
     * Departments that report at least one indicator of the plan, in the status board's order: by the first
     * indicator of the plan each reports, then in the order of departments.csv.
     */
    public static List<Department> departments(PlanMaster plan, List<Department> all) {
        Map<String, Integer> first = new HashMap<>();
        for (Indicator indicator : plan.indicators()) {
            indicator.departments().forEach(d -> first.merge(d, indicator.sortOrder(), Math::min));
        }
        return all.stream().filter(d -> first.containsKey(d.name()))
                .sorted(Comparator.comparingInt(d -> first.get(d.name()))).toList();
    }

    public TemplateSpec build(PlanMaster plan, int fiscalYear, Department department) throws SQLException {
        List<TemplateSpec> found = new ArrayList<>();
        try (Connection c = database.connect()) {
            queries.forEachDepartment(c, plan.plan().code(), fiscalYear, List.of(department.name()),
                    (name, rows) -> found.add(spec(plan, fiscalYear, name, rows)));
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // a department without indicators of the plan gets an empty template, as before
        return found.isEmpty() ? spec(plan, fiscalYear, department.name(), List.of()) : found.get(0);
    }

    /**
     * The templates of the given departments (current names; null for every department of the plan), one query
     * for them all, in the organisation order of departments.csv. A department without indicators is skipped.
     */
    public void forEach(PlanMaster plan, int fiscalYear, Collection<String> departments, Each each) throws Exception {
        try (Connection c = database.connect()) {
            queries.forEachDepartment(c, plan.plan().code(), fiscalYear, departments,
                    (name, rows) -> each.accept(spec(plan, fiscalYear, name, rows)));
        }
    }

    private static TemplateSpec spec(PlanMaster plan, int fiscalYear, String department, List<Submitted> rows) {
        List<TemplateSpec.Line> lines = new ArrayList<>(rows.size());
        for (Submitted submitted : rows) {
            Optional<Indicator> found = plan.indicator(submitted.indicatorCode());
            if (found.isEmpty()) {
                continue; // in the database but no longer in the plan's master data
            }
            Indicator indicator = found.get();
            Target target = plan.target(indicator.code(), fiscalYear);
            boolean numeric = !indicator.isQualitative() && !"milestone".equals(target.kind());
            boolean hasSubmission = submitted.actualText() != null || submitted.statusText() != null;
            lines.add(new TemplateSpec.Line(indicator.code(), indicator.name(), indicator.unit(),
                    // 現状値の把握 tells the department to report the measured value
                    target.isSet() || target.isBaseline() ? target.text() : "－",
                    // in the row's 単位: a value written in another unit (15,820,500 beside 円) as stored, 15,820.5
                    submitted.lastYearActualText() != null
                            ? ActualFigure.inIndicatorUnit(submitted.lastYearActualText(),
                                    submitted.lastYearActualValue())
                            : fiscalYear - 1 < plan.plan().fyFrom() ? indicator.baselineText() : null,
                    numeric, numeric ? PlausibilityChecker.lowerBound(indicator) : null,
                    numeric ? PlausibilityChecker.upperBound(indicator) : null,
                    // an approximate value (約1,020人) is shown as text, so that resubmitting keeps the 約; one
                    // written in another unit as stored (約15,820.5 in a row of 千円, not 約15,820,500)
                    hasSubmission && numeric && !approximate(submitted) ? submitted.actualValue() : null,
                    hasSubmission ? ActualFigure.inIndicatorUnit(submitted.actualText(), submitted.actualValue())
                            : null,
                    hasSubmission ? submitted.statusText() : null,
                    hasSubmission ? submitted.outcomeText() : null,
                    hasSubmission ? submitted.nextStepsText() : null,
                    hasSubmission ? submitted.selfAssessmentText() : null));
        }
        return new TemplateSpec(plan.plan().code(), plan.plan().name(), plan.plan().municipality(), fiscalYear,
                department, plan.plan().adminDepartment(), TemplateMark.CURRENT_VERSION,
                plan.plan().gradedBySelfAssessment(), lines, plan.plan().gradeLabels());
    }

    private static boolean approximate(Submitted submitted) {
        return submitted.actualText() != null && submitted.actualText().strip().startsWith("約");
    }
}
