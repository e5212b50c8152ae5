package jp.reform.collector.console;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.normalise.FiscalYears;
import org.apache.camel.Exchange;

/**
 * Which plan, fiscal year and department a request is about, checked against the master data and against
 * what the signed-in user may see. Defaults: the plan and year of the round being collected today.
 */
final class ConsoleScope {

    /** Said when a form did not name what it acts on: the page it came from is not one of ours, or an old one. */
    static final String NOT_NAMED = "操作の対象（計画・年度）が指定されていません。画面を開き直してから、もう一度操作してください。";

    private final MasterData master;
    private final List<CollectionRound> rounds;
    private final Clock clock;

    ConsoleScope(MasterData master, List<CollectionRound> rounds, Clock clock) {
        this.master = master;
        this.rounds = rounds;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * The plan and year asked for ({@code plan}, {@code fy}), else those of today's round; a year outside the
     * plan's period is refused (400).
     */
    PlanYear planYear(Exchange exchange, User user) {
        return planYear(exchange, user, false);
    }

    /**
     * As {@link #planYear(Exchange, User)}, for a page with the plan-and-year form: choosing another plan there
     * sends the year still in the box, which may be outside the new plan's period. That plan's default year is
     * shown then, with a notice, rather than an error for what the user did not choose.
     */
    PlanYear chosenPlanYear(Exchange exchange, User user) {
        return planYear(exchange, user, true);
    }

    /**
     * The plan and year a state change is for, both named by its form: a request without them is refused (400)
     * rather than applied to the default round, which moves with the date and which its sender never chose.
     */
    PlanYear namedPlanYear(Exchange exchange, User user) {
        if (ConsoleHttp.param(exchange, "plan").isEmpty() || ConsoleHttp.param(exchange, "fy").isEmpty()) {
            throw ConsoleDenied.badRequest(NOT_NAMED);
        }
        return planYear(exchange, user, false);
    }

    private PlanYear planYear(Exchange exchange, User user, boolean outsideShowsDefault) {
        PlanMaster plan = ConsoleHttp.param(exchange, "plan")
                .map(code -> master.plan(code).orElseThrow(() -> ConsoleDenied.badRequest("計画コード " + code + " はありません。")))
                .orElseGet(() -> defaultPlan(user));
        String code = plan.plan().code();
        int defaultYear = defaultYear(plan);
        int fiscalYear = ConsoleHttp.param(exchange, "fy")
                .map(fy -> FiscalYears.parse(fy).orElseThrow(() -> unreadableYear(fy)))
                .orElse(defaultYear);
        String notice = null;
        if (!plan.plan().covers(fiscalYear)) {
            String name = "「" + plan.plan().name() + "」";
            String period = FiscalYears.japaneseLabel(plan.plan().fyFrom()) + "～"
                    + FiscalYears.japaneseLabel(plan.plan().fyTo());
            if (!outsideShowsDefault) {
                throw ConsoleDenied.badRequest(name + "の計画期間は" + period + "です。");
            }
            notice = name + "は" + period + "の計画のため、" + FiscalYears.japaneseLabel(fiscalYear) + "ではなく"
                    + FiscalYears.japaneseLabel(defaultYear) + "を表示しています。";
            fiscalYear = defaultYear;
        }
        int shown = fiscalYear;
        CollectionRound round = rounds.stream().filter(r -> r.planCode().equals(code) && r.fiscalYear() == shown)
                .findFirst().orElse(null);
        return new PlanYear(plan, fiscalYear, round, notice);
    }

    /** A year as no page reads it, answered with the forms it may take. */
    static ConsoleDenied unreadableYear(String fy) {
        return ConsoleDenied.badRequest("年度 " + fy + " を読み取れません。2025、令和7年度、R7 のいずれかの形で指定してください。");
    }

    /** The year of the plan's round being collected today, else the last year ended, within the plan's period. */
    private int defaultYear(PlanMaster plan) {
        return CollectionRound.current(rounds, plan.plan().code(), today()).map(CollectionRound::fiscalYear)
                .orElse(Math.min(plan.plan().fyTo(), Math.max(plan.plan().fyFrom(),
                        today().minusMonths(3).getYear() - 1)));
    }

    /** The plan of a department user's own department when it has one, else the first plan with an open round. */
    private PlanMaster defaultPlan(User user) {
        if (!user.maySeeAllDepartments()) {
            Optional<PlanMaster> own = master.planOf(user.department());
            if (own.isPresent()) {
                return own.get();
            }
        }
        return master.plans().stream()
                .filter(p -> CollectionRound.current(rounds, p.plan().code(), today()).isPresent())
                .findFirst().orElse(master.plans().get(0));
    }

    /** A department named in the request (current or former name), if the user may see it; else 403/404. */
    Department department(String name, User user) {
        Department department = master.department(name).orElseThrow(ConsoleDenied::notFound);
        if (!user.maySeeDepartment(department.name())) {
            throw ConsoleDenied.forbidden();
        }
        return department;
    }

    /**
     * Whether the user may see what was recorded for a department under this name (its current name, a former
     * one, or either in another width); nothing recorded for a name departments.csv no longer knows, for a
     * department user.
     */
    boolean maySee(User user, String recordedDepartment) {
        return user.maySeeAllDepartments() || (recordedDepartment != null && master.department(recordedDepartment)
                .map(d -> user.maySeeDepartment(d.name())).orElse(false));
    }

    List<PlanMaster> plans() {
        return master.plans();
    }

    MasterData master() {
        return master;
    }

    /**
     * The division that runs the plans, as they name it (plan.csv admin_department: 行政経営課 in 厚木市, 政策推進課 in
     * 南アルプス市): the console's word for its users and its decisions where no plan is chosen. The first plan's.
     */
    String division() {
        return master.plans().stream().map(p -> p.plan().adminDepartment()).filter(d -> d != null && !d.isBlank())
                .findFirst().orElse(Messages.text("console.role.admin"));
    }

    /** The latest round in use of the plan before the year, to fill a new year's 収集期間 form from. */
    java.util.Optional<CollectionRound> roundBefore(PlanYear planYear) {
        return rounds.stream().filter(r -> r.planCode().equals(planYear.code()) && r.fiscalYear() < planYear.fiscalYear())
                .max(java.util.Comparator.comparingInt(CollectionRound::fiscalYear));
    }

    /** The day the plan's next round opens after the plan-year's own (the end of its collection), else null. */
    LocalDate roundEnds(PlanYear planYear) {
        return planYear.round() == null ? null : rounds.stream()
                .filter(r -> r.planCode().equals(planYear.code()) && r.fiscalYear() > planYear.fiscalYear())
                .map(CollectionRound::opens).filter(o -> o.isAfter(planYear.round().opens()))
                .min(LocalDate::compareTo).orElse(null);
    }

    /** How an indicator of the plan-year without a result reads today: 収集前, 未提出（期限前） or 未提出. */
    SubmissionDue due(PlanYear planYear) {
        return SubmissionDue.of(planYear.round(), today());
    }

    /** As {@link #due(PlanYear)} for each year of a plan (the indicator page's years). */
    java.util.Map<Integer, SubmissionDue> dues(String planCode) {
        java.util.Map<Integer, SubmissionDue> dues = new java.util.HashMap<>();
        master.plan(planCode).ifPresent(plan -> {
            for (int fy = plan.plan().fyFrom(); fy <= plan.plan().fyTo(); fy++) {
                int year = fy;
                dues.put(fy, SubmissionDue.of(rounds.stream()
                        .filter(r -> r.planCode().equals(planCode) && r.fiscalYear() == year)
                        .findFirst().orElse(null), today()));
            }
        });
        return dues;
    }
}
