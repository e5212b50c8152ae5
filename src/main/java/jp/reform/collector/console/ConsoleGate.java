package jp.reform.collector.console;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.Session;
import jp.reform.collector.console.auth.Sessions;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of every console route but sign-in: finds the signed-in user from the session cookie and,
 * for a state-changing request, checks the session's CSRF token. The user is put on the exchange for the
 * page, which then checks what that user's role may see of the rows it shows. A signed-in user's attempt at
 * an admin-only page or action, and a state-changing request without the session's token, are recorded in
 * the audit log as refused actions. A session whose user is no longer in config/users.csv as they signed in
 * (removed, or their password, role or department changed) ends at its next request; one whose 課 was only renamed
 * (課の設定) goes on as the user under the 課's new name.
 */
public final class ConsoleGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGate.class);

    static final String SESSION_COOKIE = "collector_session";
    static final String USER = "console.user";
    static final String SESSION = "console.session";

    private final Sessions sessions;
    private final AuditLog audit;
    /** The user of a login as config/users.csv has it now (read again when the file changed). */
    private final Function<String, Optional<User>> currentUser;
    /** A 課's current name for any name it had (the name itself for no 課's): as serve has the 課 now. */
    private final UnaryOperator<String> currentDepartmentName;

    public ConsoleGate(Sessions sessions, AuditLog audit, Function<String, Optional<User>> currentUser) {
        this(sessions, audit, currentUser, UnaryOperator.identity());
    }

    public ConsoleGate(Sessions sessions, AuditLog audit, Function<String, Optional<User>> currentUser,
                       UnaryOperator<String> currentDepartmentName) {
        this.sessions = sessions;
        this.audit = audit;
        this.currentUser = currentUser;
        this.currentDepartmentName = currentDepartmentName;
    }

    /** Admits a signed-in user; a POST also needs the session's CSRF token in its {@code _csrf} field. */
    public void signedIn(Exchange exchange) {
        Session session = ConsoleHttp.cookie(exchange, SESSION_COOKIE).flatMap(sessions::touch)
                .orElseThrow(ConsoleDenied::signInRequired);
        // checked at every request, not only when someone signs in: a removed user or a withdrawn role must
        // not keep working for as long as the session is used
        Optional<User> now = currentUser.apply(session.user().login());
        if (!now.equals(Optional.of(session.user())) && now.isPresent() && onlyIts課Renamed(session.user(), now.get())) {
            // the same 課 under its new name (課の設定): the user's line and rights are as they signed in
            session = sessions.withUser(session.id(), now.get()).orElseThrow(ConsoleDenied::signInRequired);
        }
        if (!now.equals(Optional.of(session.user()))) {
            sessions.invalidate(session.id());
            LOG.info("Session of {} ended: the user was removed or changed in the users file",
                    LogText.escape(session.user().login()));
            throw ConsoleDenied.signInRequired();
        }
        if (!"GET".equals(ConsoleHttp.method(exchange)) && !"HEAD".equals(ConsoleHttp.method(exchange))
                && !session.csrfMatches(token(exchange))) {
            refused(exchange, session.user(), "csrf");
            throw ConsoleDenied.badToken();
        }
        exchange.setProperty(USER, session.user());
        exchange.setProperty(SESSION, session);
    }

    /** Whether the users differ only in their 課's name, the signed-in one's being a name the other's 課 had. */
    private boolean onlyIts課Renamed(User signedIn, User now) {
        return signedIn.department() != null && now.department() != null
                && now.department().equals(currentDepartmentName.apply(signedIn.department()))
                && new User(signedIn.login(), signedIn.displayName(), signedIn.role(), now.department(),
                        signedIn.passwordHash()).equals(now);
    }

    /** The form's CSRF token; one that is not even text (a NUL in it) is a wrong one, refused and recorded as such. */
    private static String token(Exchange exchange) {
        try {
            return ConsoleHttp.formField(exchange, "_csrf").orElse("");
        } catch (ConsoleDenied notText) {
            return "";
        }
    }

    /** Admits the administrative division only. */
    public void admin(Exchange exchange) {
        signedIn(exchange);
        if (!user(exchange).mayAdminister()) {
            refused(exchange, user(exchange), "role");
            throw ConsoleDenied.forbidden();
        }
    }

    /**
     * Records a refused request of a signed-in user (who, from where, which method and path, why). The
     * refusal stands even when the log cannot be written: the failure is logged instead.
     */
    void refused(Exchange exchange, User user, String reason) {
        refused(audit, exchange, user, reason);
    }

    /** As {@link #refused(Exchange, User, String)}, for a page that refuses a role the route's gate let in. */
    static void refused(AuditLog audit, Exchange exchange, User user, String reason) {
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("method", ConsoleHttp.method(exchange));
        attempt.put("path", ConsoleHttp.path(exchange));
        attempt.put("reason", reason);
        try {
            audit.record(new AuditEntry(user.login(), user.role().word(), AuditAction.ACTION_REFUSED, null, null,
                    user.department(), null, null, attempt, ConsoleHttp.remoteAddress(exchange)));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Refused {} {} of {} not recorded in the audit log: {}", ConsoleHttp.method(exchange),
                    LogText.escape(ConsoleHttp.path(exchange)), LogText.escape(user.login()), LogText.cause(e));
        }
    }

    static User user(Exchange exchange) {
        User user = exchange.getProperty(USER, User.class);
        if (user == null) {
            throw ConsoleDenied.signInRequired(); // a route that forgot the gate shows nothing
        }
        return user;
    }

    /**
     * The signed-in user of a division-only page, refused (403) otherwise: the route's gate ({@link #admin}) already
     * refused and recorded any other role; this is a second lock on the door, for a route that forgot it.
     */
    static User administrator(Exchange exchange) {
        User user = user(exchange);
        if (!user.mayAdminister()) {
            throw ConsoleDenied.forbidden();
        }
        return user;
    }

    static Session session(Exchange exchange) {
        return exchange.getProperty(SESSION, Session.class);
    }
}
