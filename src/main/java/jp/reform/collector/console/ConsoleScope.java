package jp.reform.collector.console;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.reform.collector.console.auth.User;
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

    /** The plan and year asked for ({@code plan}, {@code fy}), else those of today's round. */
    PlanYear planYear(Exchange exchange, User user) {
        PlanMaster plan = ConsoleHttp.param(exchange, "plan")
                .map(code -> master.plan(code).orElseThrow(() -> ConsoleDenied.badRequest("計画コード " + code + " はありません。")))
                .orElseGet(() -> defaultPlan(user));
        String code = plan.plan().code();
        Optional<CollectionRound> current = CollectionRound.current(rounds, code, today());
        int fiscalYear = ConsoleHttp.param(exchange, "fy")
                .map(fy -> FiscalYears.parse(fy).orElseThrow(() -> ConsoleDenied.badRequest("年度 " + fy + " を読み取れません。")))
                .orElseGet(() -> current.map(CollectionRound::fiscalYear).orElse(Math.min(plan.plan().fyTo(),
                        Math.max(plan.plan().fyFrom(), today().minusMonths(3).getYear() - 1))));
        if (!plan.plan().covers(fiscalYear)) {
            throw ConsoleDenied.badRequest(code + " の計画期間は " + plan.plan().fyFrom() + "～" + plan.plan().fyTo()
                    + "年度です。");
        }
        CollectionRound round = rounds.stream().filter(r -> r.planCode().equals(code) && r.fiscalYear() == fiscalYear)
                .findFirst().orElse(null);
        return new PlanYear(plan, fiscalYear, round);
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

    /** The day the plan's next round opens after the plan-year's own (the end of its collection), else null. */
    LocalDate roundEnds(PlanYear planYear) {
        return planYear.round() == null ? null : rounds.stream()
                .filter(r -> r.planCode().equals(planYear.code()) && r.fiscalYear() > planYear.fiscalYear())
                .map(CollectionRound::opens).filter(o -> o.isAfter(planYear.round().opens()))
                .min(LocalDate::compareTo).orElse(null);
    }
}
