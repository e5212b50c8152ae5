package jp.reform.collector.console;

import jp.reform.collector.console.auth.Session;
import jp.reform.collector.console.auth.Sessions;
import jp.reform.collector.console.auth.User;
import org.apache.camel.Exchange;

/**
 * The first step of every console route but sign-in: finds the signed-in user from the session cookie and,
 * for a state-changing request, checks the session's CSRF token. The user is put on the exchange for the
 * page, which then checks what that user's role may see of the rows it shows.
 */
public final class ConsoleGate {

    static final String SESSION_COOKIE = "collector_session";
    static final String USER = "console.user";
    static final String SESSION = "console.session";

    private final Sessions sessions;

    public ConsoleGate(Sessions sessions) {
        this.sessions = sessions;
    }

    /** Admits a signed-in user; a POST also needs the session's CSRF token in its {@code _csrf} field. */
    public void signedIn(Exchange exchange) {
        Session session = ConsoleHttp.cookie(exchange, SESSION_COOKIE).flatMap(sessions::touch)
                .orElseThrow(ConsoleDenied::signInRequired);
        if (!"GET".equals(ConsoleHttp.method(exchange)) && !"HEAD".equals(ConsoleHttp.method(exchange))
                && !session.csrfMatches(ConsoleHttp.param(exchange, "_csrf").orElse(""))) {
            throw ConsoleDenied.badToken();
        }
        exchange.setProperty(USER, session.user());
        exchange.setProperty(SESSION, session);
    }

    /** Admits the administrative division only. */
    public void admin(Exchange exchange) {
        signedIn(exchange);
        if (!user(exchange).mayAdminister()) {
            throw ConsoleDenied.forbidden();
        }
    }

    static User user(Exchange exchange) {
        User user = exchange.getProperty(USER, User.class);
        if (user == null) {
            throw ConsoleDenied.signInRequired(); // a route that forgot the gate shows nothing
        }
        return user;
    }

    static Session session(Exchange exchange) {
        return exchange.getProperty(SESSION, Session.class);
    }
}
