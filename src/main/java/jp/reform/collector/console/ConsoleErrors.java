package jp.reform.collector.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import jp.reform.collector.console.auth.Session;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a refused or failed console request: a page asks the browser to sign in, an API call gets a status
 * with a JSON message, a refusal names no data of what was asked for, and an unexpected failure shows a
 * plain message while the cause goes to the log.
 */
public final class ConsoleErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

    /** The address of a 課's review form, where its page is shown again when the form is refused. */
    private static final java.util.regex.Pattern REVIEW_FORM = java.util.regex.Pattern.compile("/departments/[^/]+/review");

    private final PageRenderer renderer;

    public ConsoleErrors(PageRenderer renderer) {
        this.renderer = renderer;
    }

    public void render(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String path = ConsoleHttp.path(exchange);
        boolean api = path.startsWith("/api/");
        ConsoleDenied denied = cause instanceof ConsoleDenied d ? d : null;
        int status = denied != null ? denied.status() : 500;
        boolean action = "POST".equals(ConsoleHttp.method(exchange)); // a form sent, not a page asked for
        String message = denied != null ? denied.messageFor(action)
                : "処理中にエラーが発生しました。時間をおいてもう一度お試しください。続く場合は情報システム担当へ連絡してください。";
        User user = exchange.getProperty(ConsoleGate.USER, User.class);
        if (denied == null) {
            LOG.error("Console request {} {} failed", ConsoleHttp.method(exchange), LogText.escape(path), cause);
        } else if (status == 403) {
            LOG.warn("Refused {} {} for {} from {}: {}", ConsoleHttp.method(exchange), LogText.escape(path),
                    user == null ? "a visitor" : LogText.escape(user.login()),
                    LogText.escape(ConsoleHttp.remoteAddress(exchange)), denied.getMessage());
        }
        if (status == 401 && !api && "GET".equals(ConsoleHttp.method(exchange))) {
            String query = exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
            String next = path + (query == null || query.isEmpty() ? "" : "?" + query);
            ConsoleHttp.redirect(exchange, "/login?next=" + ConsoleHttp.encode(next));
            return;
        }
        if (api) {
            ConsoleHttp.respond(exchange, status, ConsoleHttp.JSON).setBody(ConsoleApi.json(Map.of("error", message)));
            return;
        }
        Map<String, Object> model = new HashMap<>();
        Session session = exchange.getProperty(ConsoleGate.SESSION, Session.class);
        model.put("user", user);
        model.put("csrf", session == null ? "" : session.csrfToken());
        model.put("roleLabel", user == null ? "" : jp.reform.collector.domain.Messages.text("console.role." + user.role().word()));
        model.put("nav", "");
        model.put("heading", denied != null && denied.heading() != null ? denied.heading()
                : status == 404 ? "見つかりません" : status == 409 ? "既に処理されています"
                : status >= 500 ? "エラー" : action ? "操作できません"
                : "表示できません");
        model.put("message", message);
        // a refused form goes back to the page it was sent from (Referrer-Policy same-origin: only ours send one)
        model.put("back", user != null && action ? formPage(exchange) : null);
        ConsoleHttp.html(exchange, status, renderer.render("error", model));
    }

    /** The path and query of the console page a form was sent from, or null when the Referer is not one of ours. */
    static String formPage(Exchange exchange) {
        String referer = exchange.getMessage().getHeader("Referer", String.class);
        String url = exchange.getMessage().getHeader(Exchange.HTTP_URL, String.class); // Camel drops Host
        if (referer == null || url == null) {
            return null;
        }
        try {
            URI uri = new URI(referer);
            String host = new URI(url).getRawAuthority();
            if (host == null || !host.equalsIgnoreCase(uri.getRawAuthority()) || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/") || uri.getRawPath().startsWith("//")) {
                return null;
            }
            String page = uri.getRawPath();
            if (REVIEW_FORM.matcher(page).matches()) {
                // a 課's page shown again after a refused review form has the form's address, which takes POSTs
                // only: back is the 課's page of the plan and year the form named
                return page.substring(0, page.length() - "/review".length()) + "?plan="
                        + ConsoleHttp.encode(ConsoleHttp.param(exchange, "plan").orElse("")) + "&fy="
                        + ConsoleHttp.encode(ConsoleHttp.param(exchange, "fy").orElse("")) + "#review";
            }
            return page + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
