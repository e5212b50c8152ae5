package jp.reform.collector.console;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.evaluate.GradeOverrides;
import jp.reform.collector.normalise.FiscalYears;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 最終評価: the administrative division sets or removes the committee's final grade of an indicator for a
 * year, from the indicator's page (POST, with the session's CSRF token checked by the gate). Any other role
 * is refused with 403, and the attempt is recorded. A refused override (no reason, a grade the plan does not
 * have) changes nothing and says why in Japanese.
 */
public final class FinalGradePage {

    private static final Logger LOG = LoggerFactory.getLogger(FinalGradePage.class);

    private final GradeOverrides overrides;
    private final AuditLog audit;
    private final ConsoleScope scope;

    FinalGradePage(GradeOverrides overrides, AuditLog audit, ConsoleScope scope) {
        this.overrides = overrides;
        this.audit = audit;
        this.scope = scope;
    }

    /** Sets the final grade (fields fy, final_grade, reason). */
    public void set(Exchange exchange) throws SQLException {
        Target t = target(exchange, AuditAction.GRADE_OVERRIDDEN);
        try {
            overrides.set(actor(exchange), t.plan(), t.code(), t.fiscalYear(),
                    ConsoleHttp.param(exchange, "final_grade").orElse(""),
                    ConsoleHttp.param(exchange, "reason").orElse(""), shown(exchange, t));
        } catch (GradeOverrides.Refused refused) {
            throw denied(refused);
        }
        LOG.info("Final grade of {} {} FY{} set by {}", t.plan(), LogText.escape(t.code()), t.fiscalYear(),
                LogText.escape(ConsoleGate.user(exchange).login()));
        back(exchange, t);
    }

    /** Removes the final grade (field fy): the computed grade counts again. */
    public void remove(Exchange exchange) throws SQLException {
        Target t = target(exchange, AuditAction.GRADE_OVERRIDE_REMOVED);
        try {
            overrides.remove(actor(exchange), t.plan(), t.code(), t.fiscalYear(), shown(exchange, t));
        } catch (GradeOverrides.Refused refused) {
            throw denied(refused);
        }
        LOG.info("Final grade of {} {} FY{} removed by {}", t.plan(), LogText.escape(t.code()), t.fiscalYear(),
                LogText.escape(ConsoleGate.user(exchange).login()));
        back(exchange, t);
    }

    private static ConsoleDenied denied(GradeOverrides.Refused refused) {
        return refused.changed() ? ConsoleDenied.stale(refused.getMessage())
                : refused.repeated() ? ConsoleDenied.conflict(refused.getMessage())
                : ConsoleDenied.badRequest(refused.getMessage());
    }

    private record Target(String plan, String code, int fiscalYear) {
    }

    /** The indicator and year asked for, once the user is known to be the division's (else 403, recorded). */
    private Target target(Exchange exchange, AuditAction attempted) throws SQLException {
        User user = ConsoleGate.user(exchange);
        String plan = ConsoleHttp.pathParam(exchange, "plan").orElseThrow(ConsoleDenied::notFound);
        String code = ConsoleHttp.pathParam(exchange, "code").orElseThrow(ConsoleDenied::notFound);
        if (!user.mayAdminister()) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("attempted", attempted.code());
            audit.record(new AuditEntry(user.login(), user.role().word(), AuditAction.ACTION_REFUSED, plan, null,
                    user.department(), code, null, after, ConsoleHttp.remoteAddress(exchange)));
            throw ConsoleDenied.forbidden();
        }
        if (scope.master().plan(plan).isEmpty()) {
            throw ConsoleDenied.notFound();
        }
        String fy = ConsoleHttp.param(exchange, "fy")
                .orElseThrow(() -> ConsoleDenied.badRequest("年度を選んでください。"));
        // as every page reads a year: 2025, 令和7年度 or R7
        return new Target(plan, code, FiscalYears.parse(fy).orElseThrow(() -> ConsoleScope.unreadableYear(fy)));
    }

    /** The year's final grade as the page showed it (field shown_&lt;fy&gt;); a form without it is not checked. */
    private static Optional<String> shown(Exchange exchange, Target t) {
        return ConsoleHttp.param(exchange, "shown_" + t.fiscalYear());
    }

    private static GradeOverrides.Actor actor(Exchange exchange) {
        User user = ConsoleGate.user(exchange);
        return new GradeOverrides.Actor(user.login(), user.role().word(), ConsoleHttp.remoteAddress(exchange));
    }

    /**
     * Back to the indicator's page, on the year just acted on (its review section follows {@code fy}); a year the
     * plan's period no longer covers would be a 400 there, so the page's default year is shown then.
     */
    private void back(Exchange exchange, Target t) {
        boolean covered = scope.master().plan(t.plan()).map(p -> p.plan().covers(t.fiscalYear())).orElse(false);
        ConsoleHttp.redirect(exchange, "/indicators/" + ConsoleHttp.encode(t.plan()) + "/"
                + ConsoleHttp.encode(t.code()) + (covered ? "?fy=" + t.fiscalYear() : "") + "#final-grades");
    }
}
