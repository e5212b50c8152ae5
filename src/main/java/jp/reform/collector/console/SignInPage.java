package jp.reform.collector.console;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.console.auth.Session;
import jp.reform.collector.console.auth.Sessions;
import jp.reform.collector.console.auth.SignIn;
import jp.reform.collector.console.auth.User;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in and sign-out. The sign-in form has no session yet, so its CSRF token is a double-submit cookie:
 * the form's hidden field must equal a random cookie that only this site's page could have set.
 */
public final class SignInPage {

    private static final Logger LOG = LoggerFactory.getLogger(SignInPage.class);
    static final String LOGIN_COOKIE = "collector_login";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignIn signIn;
    private final Sessions sessions;
    private final PageRenderer pages;
    private final boolean secureCookies;
    private final AuditLog audit;

    public SignInPage(SignIn signIn, Sessions sessions, PageRenderer pages, boolean secureCookies, AuditLog audit) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.pages = pages;
        this.secureCookies = secureCookies;
        this.audit = audit;
    }

    public void form(Exchange exchange) {
        show(exchange, 200, null, "");
    }

    public void signIn(Exchange exchange) throws SQLException {
        String token = ConsoleHttp.formField(exchange, "_csrf").orElse("");
        String expected = ConsoleHttp.cookie(exchange, LOGIN_COOKIE).orElse("");
        if (expected.isEmpty() || !java.security.MessageDigest.isEqual(token.getBytes(), expected.getBytes())) {
            show(exchange, 403, "画面の有効期限が切れました。もう一度ログインしてください。", "");
            return;
        }
        String login = ConsoleHttp.param(exchange, "login").orElse("");
        String password = ConsoleHttp.param(exchange, "password").orElse("");
        String address = ConsoleHttp.remoteAddress(exchange);
        SignIn.Result result = signIn.attempt(login, password, address);
        if (result instanceof SignIn.Result.Success success) {
            // recorded before the session exists: a sign-in the log could not keep does not happen
            audit.record(AuditEntry.ofUser(success.user().login(), success.user().role().word(), AuditAction.SIGN_IN,
                    address));
            // the browser's earlier session (someone who walked away signed in on a shared PC) ends here: only
            // the new one stays valid
            ConsoleHttp.cookie(exchange, ConsoleGate.SESSION_COOKIE).ifPresent(sessions::invalidate);
            Session session = sessions.create(success.user());
            LOG.info("Signed in: {} ({})", success.user().login(), success.user().role().word());
            ConsoleHttp.redirect(exchange, safeNext(ConsoleHttp.param(exchange, "next").orElse("/")));
            exchange.getMessage().setHeader("Set-Cookie", cookie(ConsoleGate.SESSION_COOKIE, session.id(), -1));
        } else if (result instanceof SignIn.Result.Throttled throttled) {
            show(exchange, 429, "ログインの失敗が続いたため、" + throttled.secondsToWait()
                    + "秒後にもう一度お試しください。", login);
        } else {
            // throttled attempts are not recorded one by one (the log line counts them): each failure is
            audit.record(AuditEntry.ofUser(typedLogin(login), null, AuditAction.SIGN_IN_FAILED, address));
            show(exchange, 401, "ログインIDまたはパスワードが違います。", login);
        }
    }

    public void signOut(Exchange exchange) throws SQLException {
        Session session = ConsoleGate.session(exchange);
        sessions.invalidate(session.id());
        audit.record(AuditEntry.ofUser(session.user().login(), session.user().role().word(), AuditAction.SIGN_OUT,
                ConsoleHttp.remoteAddress(exchange)));
        LOG.info("Signed out: {}", session.user().login());
        ConsoleHttp.redirect(exchange, "/login");
        exchange.getMessage().setHeader("Set-Cookie", cookie(ConsoleGate.SESSION_COOKIE, "", 0));
    }

    private void show(Exchange exchange, int status, String message, String login) {
        String token = newToken();
        Map<String, Object> model = new HashMap<>();
        model.put("user", (User) null);
        model.put("csrf", token);
        model.put("message", message);
        model.put("login", login);
        model.put("next", safeNext(ConsoleHttp.param(exchange, "next").orElse("/")));
        ConsoleHttp.html(exchange, status, pages.render("login", model));
        exchange.getMessage().setHeader("Set-Cookie", cookie(LOGIN_COOKIE, token, 1800));
    }

    /** What was typed as the login of a failed attempt, bounded: it is anyone's input. */
    private static String typedLogin(String login) {
        String oneLine = login.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() <= 64 ? oneLine : oneLine.substring(0, 64) + "…";
    }

    /** Only a path of this site: never an absolute or protocol-relative URL (no open redirect). */
    static String safeNext(String next) {
        return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
                && next.chars().noneMatch(c -> c < 0x20) ? next : "/";
    }

    private String cookie(String name, String value, int maxAgeSeconds) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "")
                + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "");
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
