package jp.reform.collector.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import jp.reform.collector.console.auth.Session;
import jp.reform.collector.console.auth.Sessions;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.evaluate.GradeOverrides;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.OnCamelContextInitialized;
import org.apache.camel.spi.OnCamelContextStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's answer to a request the HTTP server refused before any route saw it. Vert.x's body handler
 * fails a form with a field over 8,192 bytes as sent (URL-encoded: 910 kanji; Vert.x's maxFormAttributeSize,
 * which Camel's embedded server does not let us set) or with over 256 fields with a bare 400, and a body over
 * camel.server.maxBodySize with a bare 413. This failure handler on Camel's platform-http router answers
 * those with the console's Japanese error page, the same status and headers; nothing reached a route, so
 * nothing was stored and nothing is audited (the request is logged). So are an address no route has (404:
 * a mistyped or shortened URL, a path that Vert.x normalised away such as {@code /indicators/p/%2e%2e}) and a
 * method the address does not take (405: a bookmarked sign-out, a form sent to a page), which the router would
 * otherwise answer with its English "Resource not found" or an empty page. While the routes start or stop (a
 * reload of config/, the end of serve) every request gets a 503 page saying so. Under /api/ the answer is JSON,
 * as the console's own refusals are.
 */
public final class RefusedRequests implements OnCamelContextInitialized, OnCamelContextStarted {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedRequests.class);

    /** What a form may hold, by the path it is sent to: said on the page, so that the user can retry. */
    private record Limit(Pattern path, String sentence) {
    }

    private static final List<Limit> LIMITS = List.of(
            new Limit(Pattern.compile("/departments/[^/]+/review"),
                    "コメントは" + ReviewPage.MAX_COMMENT_CHARS + "字以内"),
            new Limit(Pattern.compile("/indicators/[^/]+/[^/]+/final-grade"),
                    "理由は" + GradeOverrides.MAX_REASON_LENGTH + "字以内"),
            new Limit(Pattern.compile("/pending/[^/]+/decline"), "理由は" + RoundsPage.REASON_CHARS + "字以内"));

    private final Sessions sessions;
    private final PageRenderer renderer;
    private final long maxUploadBytes;
    private final int port;
    /** The context whose routes answer; while it stops (a reload of config/, the end of serve) nobody does. */
    private volatile CamelContext context;
    /** One log line for the requests answered 503 while this context started or stopped, not one each. */
    private final AtomicBoolean answeredUnavailable = new AtomicBoolean();

    /** @param port the console's port (http.port): Camel names the server's router after it */
    RefusedRequests(Sessions sessions, PageRenderer renderer, long maxUploadBytes, int port) {
        this.sessions = sessions;
        this.renderer = renderer;
        this.maxUploadBytes = maxUploadBytes;
        this.port = port;
    }

    /**
     * As soon as the server's router exists (its routes about to start; it does not exist when the context is
     * initialised or starting): a request while the routes start is answered by the console too, not by a bare
     * 404. Only a request in the instant between the server's listening and that leaves Vert.x's own answer.
     */
    @Override
    public void onContextInitialized(CamelContext context) {
        RoutesStarting.each(context, () -> register(context, false));
    }

    @Override
    public void onContextStarted(CamelContext context) {
        register(context, true);
    }

    private synchronized void register(CamelContext context, boolean started) {
        if (this.context != null) {
            return;
        }
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            if (started) {
                LOG.warn("No platform-http router: requests refused by the HTTP server get its bare answer");
            }
            return;
        }
        this.context = context;
        // first of all: while the routes start or stop, they come or go one by one and their consumers answer a
        // bare 503, the ones not there a 405 or 404 (which would tell the user the address is wrong)
        router.route().order(Integer.MIN_VALUE).handler(this::unavailableUnlessStarted);
        router.route().failureHandler(this::handle);
        // the routes' router is mounted under the server's own, whose 404/405 answers we cannot reach: a last
        // route of ours takes whatever none of the console's routes took
        router.route().last().handler(ctx -> unmatched(ctx, router.getRoutes()));
    }

    private void handle(RoutingContext ctx) {
        int status = ctx.statusCode();
        HttpServerResponse response = ctx.response();
        if ((status != 400 && status != 413) || response.headWritten() || response.closed()) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        String path = request.path();
        Session session = session(request).orElse(null);
        User user = session == null ? null : session.user();
        LOG.warn("Refused {} {} of {} from {} before the console ({}): {}", request.method(), LogText.escape(path),
                user == null ? "a visitor" : LogText.escape(user.login()),
                request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress(), status,
                ctx.failure() == null ? "no cause given" : LogText.cause(ctx.failure()));
        answer(ctx, status, session, "送信できませんでした", message(status, path));
    }

    /**
     * While serve takes up a change of config/ (about a second) or ends, a request gets 503 with a page that says
     * so and that nothing it sent was stored; the console is back, with the same sign-in, when serve is.
     */
    private void unavailableUnlessStarted(RoutingContext ctx) {
        CamelContext answering = context;
        if (answering == null || answering.getStatus().isStarted()) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        if (!answeredUnavailable.getAndSet(true)) {
            LOG.info("Console requests answered 503 while the routes are not running ({}), from {} {}",
                    answering.getStatus(), request.method(), LogText.escape(request.path()));
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
        answer(ctx, 503, session(request).orElse(null), "しばらくお待ちください",
                "ただいまシステムが設定を読み込み直しているか、停止の途中のため、この画面を表示できませんでした。"
                        + "送信した内容があっても、登録・変更はされていません。数秒後にもう一度開いてください。");
    }

    /** No route has the address (404) or takes its method (405): the console's page, nothing else happened. */
    private void unmatched(RoutingContext ctx, List<Route> routes) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten() || response.closed()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        int status = routes.stream().anyMatch(r -> r.getPath() != null && template(r.getPath()).matcher(path).matches())
                ? 405 : 404;
        LOG.info("No console route for {} {} ({})", request.method(), LogText.escape(request.path()), status);
        if (status == 404) {
            answer(ctx, status, session(request).orElse(null), "見つかりません", ConsoleDenied.notFound().getMessage());
        } else {
            answer(ctx, status, session(request).orElse(null), "表示できません",
                    "このアドレスはこの方法では開けません。この画面の操作ボタンからもう一度操作してください。");
        }
    }

    /** A route's path as Vert.x writes it ({@code /departments/:department}) as a pattern of the paths it takes. */
    private static Pattern template(String routePath) {
        StringBuilder regex = new StringBuilder();
        for (String part : routePath.split("(?=/)")) {
            regex.append(part.startsWith("/:") ? "/[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private void answer(RoutingContext ctx, int status, Session session, String heading, String message) {
        HttpServerResponse response = ctx.response();
        ConsoleHttp.HEADERS.forEach(response::putHeader);
        response.setStatusCode(status);
        String path = ctx.request().path();
        if (path != null && path.startsWith("/api/")) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, ConsoleHttp.JSON).end(ConsoleApi.json(Map.of("error", message)));
            return;
        }
        User user = session == null ? null : session.user();
        Map<String, Object> model = new HashMap<>();
        model.put("user", user);
        model.put("csrf", session == null ? "" : session.csrfToken());
        model.put("roleLabel", user == null ? "" : Messages.text("console.role." + user.role().word()));
        model.put("nav", "");
        model.put("heading", heading);
        model.put("message", message);
        response.putHeader(HttpHeaders.CONTENT_TYPE, ConsoleHttp.HTML).end(renderer.render("error", model));
    }

    private String message(int status, String path) {
        if (status == 413) {
            return "送信されたファイルが大きすぎるため、受け付けられませんでした（登録・変更はされていません）。"
                    + "ファイルは " + maxUploadBytes / (1024 * 1024) + " MB 以内にしてください。";
        }
        String limit = LIMITS.stream().filter(l -> l.path().matcher(path).matches()).map(Limit::sentence)
                .findFirst().orElse(null);
        return "入力された文字数が多すぎるため、受け付けられませんでした（登録・変更はされていません）。"
                + (limit == null ? "入力を短くして" : limit + "で入力し、") + "もう一度送信してください。";
    }

    private Optional<Session> session(HttpServerRequest request) {
        Cookie cookie = request.getCookie(ConsoleGate.SESSION_COOKIE);
        return cookie == null ? Optional.empty() : sessions.find(cookie.getValue());
    }
}
