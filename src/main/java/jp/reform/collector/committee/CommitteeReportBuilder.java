package jp.reform.collector.committee;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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

/**
 * Gathers a {@link CommitteeReport} from the evaluations in the database and the plan's structure. Everything
 * is read in one snapshot (a repeatable-read transaction), so the table, the lists and their counts agree
 * even while files are loaded beside it.
 */
public final class CommitteeReportBuilder {

    private static final String CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

    /** What is done with a report while its lines can still be read from the database. */
    @FunctionalInterface
    public interface ReportUse<T> {
        T apply(CommitteeReport report) throws IOException;
    }

    private final Database database;

    public CommitteeReportBuilder(Database database) {
        this.database = database;
    }

    /** The report with every indicator line in memory: for a plan of ordinary size, or to look at its lines. */
    public CommitteeReport build(PlanMaster plan, int fiscalYear, LocalDate asOf) throws SQLException {
        try {
            return stream(plan, fiscalYear, asOf, CommitteeReport::inMemory);
        } catch (IOException e) {
            // only the lines' reading throws it, around the database's own exception
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e);
        }
    }

    /**
     * Hands {@code use} the report whose indicator lines are read from the database each time they are
     * passed (in plan order, through a cursor): the workbook of a plan of any size is written without its lines
     * held together. The lines can be read only until {@code use} returns.
     */
    public <T> T stream(PlanMaster plan, int fiscalYear, LocalDate asOf, ReportUse<T> use)
            throws SQLException, IOException {
        String code = plan.plan().code();
        try (Connection c = database.connect()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false); // also what lets PgJDBC read through a cursor
            c.setReadOnly(true);
            try {
                // a four-level plan's table has a column per level (S and A apart, both 達成)
                Map<String, Map<Integer, Integer>> levelCounts = plan.plan().hasFourLevels()
                        ? ReportQueries.levelCounts(c, code, fiscalYear, grade -> GradeScale.of(plan.plan()).levels()
                                .stream().filter(l -> l.grade().equals(grade)).mapToInt(GradeScale.Level::level)
                                .min().orElse(0))
                        : Map.of(); // a final grade counts at the step chosen (D), else at its grade's first
                List<CommitteeReport.SummaryLine> summary = ReportQueries.summary(c, code, fiscalYear).stream()
                        .map(r -> new CommitteeReport.SummaryLine(r.goalCode(), r.goalTitle(), r.set(), r.achieved(),
                                r.mostly(), r.notAchieved(), r.notSubmitted(), r.mostlyRate(),
                                levelCounts.getOrDefault(r.goalCode(), Map.of())))
                        .toList();
                List<CommitteeReport.FlagLine> flags = new ArrayList<>();
                ChaseQueries chase = new ChaseQueries();
                for (ChaseQueries.ValueIssue v : chase.valueIssues(c, code, fiscalYear)) {
                    flags.add(new CommitteeReport.FlagLine(v.departments(), v.indicatorCode(), v.indicatorName(),
                            v.actualText(), v.flagCode(), v.message() == null ? v.flagCode() : v.message()));
                }
                for (ChaseQueries.Outstanding o : chase.outstanding(c, code, fiscalYear)) {
                    flags.add(new CommitteeReport.FlagLine(o.department(), o.indicatorCode(), o.indicatorName(), null,
                            o.sentBack() ? "sent_back" : o.noResult() ? "missing" : "incomplete", o.what()));
                }
                return use.apply(new CommitteeReport(code, plan.plan().name(), plan.plan().municipality(),
                        plan.plan().adminDepartment(), fiscalYear, asOf, summary,
                        new DatabaseLines(c, plan, fiscalYear), flags, GradeScale.of(plan.plan())));
            } finally {
                c.rollback(); // only read: ends the snapshot
            }
        }
    }

    /**
     * The plan's indicators with their current results, read through a cursor in plan order each time; a goal's
     * lines are read by the initiatives under it, and the grades are chosen by the database, so a part of the
     * workbook reads only its own rows. Indicators no longer in the master data are left out.
     */
    private static final class DatabaseLines implements CommitteeReport.Lines {

        private final Connection connection;
        private final PlanMaster plan;
        private final int fiscalYear;
        private final Map<String, String> actionsByInitiative;

        DatabaseLines(Connection connection, PlanMaster plan, int fiscalYear) {
            this.connection = connection;
            this.plan = plan;
            this.fiscalYear = fiscalYear;
            this.actionsByInitiative = actions(plan);
        }

        @Override
        public void forEach(String goalCode, Collection<String> grades, Consumer<CommitteeReport.IndicatorLine> each)
                throws IOException {
            try {
                ReportQueries.details(connection, plan.plan().code(), fiscalYear,
                        goalCode == null ? null : nodesUnder(goalCode), grades, d -> {
                            Indicator indicator = plan.indicator(d.indicatorCode()).orElse(null);
                            if (indicator == null) {
                                return; // removed from the master data
                            }
                            CommitteeReport.IndicatorLine line = line(plan, fiscalYear, actionsByInitiative,
                                    indicator, d);
                            // the database chose the rows; the line decides as a list of lines does
                            if (CommitteeReport.Lines.matches(line, goalCode, grades)) {
                                each.accept(line);
                            }
                        });
            } catch (SQLException e) {
                throw new IOException("Indicator lines of " + plan.plan().code() + " not read", e);
            }
        }

        /** The codes of the nodes whose goal (top node) is {@code goalCode}. */
        private Set<String> nodesUnder(String goalCode) {
            Set<String> under = new HashSet<>();
            for (PlanNode node : plan.nodes()) {
                PlanNode top = node;
                while (top != null && top.parentCode() != null) {
                    top = plan.node(top.parentCode()).orElse(null);
                }
                if (top != null && goalCode.equals(top.code())) {
                    under.add(node.code());
                }
            }
            return under;
        }
    }

    private static CommitteeReport.IndicatorLine line(PlanMaster plan, int fiscalYear,
                                                      Map<String, String> actionsByInitiative, Indicator indicator,
                                                      DetailRow d) {
        PlanNode goal = plan.goalOf(indicator);
        PlanNode initiative = plan.node(indicator.initiativeCode()).orElseThrow();
        PlanNode area = plan.node(initiative.parentCode()).orElse(initiative);
        var target = plan.target(indicator.code(), fiscalYear);
        return new CommitteeReport.IndicatorLine(goal.code(), goal.title(), area.title(), initiative.title(),
                actionsByInitiative.getOrDefault(initiative.code(), ""),
                String.join("・", indicator.departments()), indicator.code(),
                indicator.name(), indicator.unit(), target.isSet() || target.isBaseline() ? target.text() : "－",
                d.actualText(), d.ratePercent(), d.finalGrade() != null ? d.finalGrade() : grade(d, target),
                d.statusText(), d.outcomeText(), d.nextStepsText(), grade(d, target),
                d.finalGrade() != null ? d.overrideReason() : null,
                d.finalGrade() != null ? d.finalLevel() : d.gradeLevel(), // a final grade at the step chosen (D)
                d.actualValue(), d.gradeLevel());
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
