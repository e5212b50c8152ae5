package jp.reform.collector.committee;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.PlanAction;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.PlanNode;
import jp.reform.collector.master.Target;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.ReportQueries.DetailRow;
import jp.reform.collector.store.ReportQueries;

/** Gathers a {@link CommitteeReport} from the evaluations in the database and the plan's structure. */
public final class CommitteeReportBuilder {

    private static final String CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

    private final Database database;

    public CommitteeReportBuilder(Database database) {
        this.database = database;
    }

    public CommitteeReport build(PlanMaster plan, int fiscalYear, LocalDate asOf) throws SQLException {
        String code = plan.plan().code();
        ReportQueries queries = new ReportQueries(database);
        // a four-level plan's table has a column per level (S and A apart, both 達成)
        Map<String, Map<Integer, Integer>> levelCounts = plan.plan().hasFourLevels()
                ? queries.levelCounts(code, fiscalYear, grade -> GradeScale.of(plan.plan()).levels().stream()
                        .filter(l -> l.grade().equals(grade)).mapToInt(GradeScale.Level::level).min().orElse(0))
                : Map.of(); // a final grade counts at its grade's first level
        List<CommitteeReport.SummaryLine> summary = queries.summary(code, fiscalYear).stream()
                .map(r -> new CommitteeReport.SummaryLine(r.goalCode(), r.goalTitle(), r.set(), r.achieved(),
                        r.mostly(), r.notAchieved(), r.notSubmitted(), r.mostlyRate(),
                        levelCounts.getOrDefault(r.goalCode(), Map.of())))
                .toList();
        Map<String, DetailRow> details = queries.details(code, fiscalYear);
        Map<String, String> actionsByInitiative = actions(plan);
        List<CommitteeReport.IndicatorLine> lines = new ArrayList<>();
        for (Indicator indicator : plan.indicators()) {
            DetailRow d = details.get(indicator.code());
            if (d == null) {
                continue; // removed from the master data
            }
            PlanNode goal = plan.goalOf(indicator);
            PlanNode initiative = plan.node(indicator.initiativeCode()).orElseThrow();
            PlanNode area = plan.node(initiative.parentCode()).orElse(initiative);
            var target = plan.target(indicator.code(), fiscalYear);
            lines.add(new CommitteeReport.IndicatorLine(goal.code(), goal.title(), area.title(), initiative.title(),
                    actionsByInitiative.getOrDefault(initiative.code(), ""),
                    String.join("・", indicator.departments()), indicator.code(),
                    indicator.name(), indicator.unit(), target.isSet() || target.isBaseline() ? target.text() : "－",
                    d.actualText(), d.ratePercent(), d.finalGrade() != null ? d.finalGrade() : grade(d, target),
                    d.statusText(), d.outcomeText(), d.nextStepsText(), grade(d, target),
                    d.finalGrade() != null ? d.overrideReason() : null,
                    d.finalGrade() != null ? null : d.gradeLevel())); // a final grade reads in its first level's word
        }
        List<CommitteeReport.FlagLine> flags = new ArrayList<>();
        try (Connection c = database.connect()) {
            ChaseQueries chase = new ChaseQueries();
            for (ChaseQueries.ValueIssue v : chase.valueIssues(c, code, fiscalYear)) {
                flags.add(new CommitteeReport.FlagLine(v.departments(), v.indicatorCode(), v.indicatorName(),
                        v.actualText(), v.flagCode(), v.message() == null ? v.flagCode() : v.message()));
            }
            for (ChaseQueries.Outstanding o : chase.outstanding(c, code, fiscalYear)) {
                flags.add(new CommitteeReport.FlagLine(o.department(), o.indicatorCode(), o.indicatorName(), null,
                        o.sentBack() ? "sent_back" : o.noResult() ? "missing" : "incomplete", o.what()));
            }
        }
        return new CommitteeReport(code, plan.plan().name(), plan.plan().municipality(), plan.plan().adminDepartment(),
                fiscalYear, asOf, summary, lines, flags, GradeScale.of(plan.plan()));
    }

    /** A baseline year reads 未設定 (no target set), as the city's report prints it; not 未提出. */
    private static String grade(DetailRow d, Target target) {
        return d.grade() == null && target.isBaseline() ? Messages.text("grade.not_set") : d.grade();
    }

    /**
     * Each initiative's 取組内容, numbered ①② as in the plan, gathered in one pass (not one scan of all actions
     * per indicator, which grows with the square of a survey-sized plan).
     */
    private static Map<String, String> actions(PlanMaster plan) {
        return plan.actions().stream().collect(Collectors.groupingBy(PlanAction::initiativeCode,
                Collectors.mapping(a -> (a.number() >= 1 && a.number() <= CIRCLED.length()
                        ? String.valueOf(CIRCLED.charAt(a.number() - 1)) : a.number() + ".") + a.text(),
                        Collectors.joining("\n"))));
    }
}
