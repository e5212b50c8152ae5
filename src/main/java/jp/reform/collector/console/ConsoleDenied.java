package jp.reform.collector.console;

/**
 * A request the console refuses, with the HTTP status and the Japanese message the user sees. Thrown by the
 * gate and the pages, answered by {@link ConsoleErrors}.
 */
public final class ConsoleDenied extends RuntimeException {

    private final int status;
    private final String heading;

    private ConsoleDenied(int status, String message) {
        this(status, message, null);
    }

    private ConsoleDenied(int status, String message, String heading) {
        super(message, null, false, false);
        this.status = status;
        this.heading = heading;
    }

    public static ConsoleDenied signInRequired() {
        return new ConsoleDenied(401, "ログインしてください。");
    }

    private static final String FORBIDDEN_PAGE = "このページを表示する権限がありません。";
    private static final String FORBIDDEN_ACTION = "この操作を行う権限がありません。";

    public static ConsoleDenied forbidden() {
        return new ConsoleDenied(403, FORBIDDEN_PAGE);
    }

    public static ConsoleDenied badToken() {
        return new ConsoleDenied(403, "画面の有効期限が切れたか、不正な送信です。もう一度操作してください。");
    }

    public static ConsoleDenied notFound() {
        return new ConsoleDenied(404, "お探しのページ・ファイルは見つかりませんでした。");
    }

    /** Done already by someone else (a second click, another admin, another instance). */
    public static ConsoleDenied conflict(String message) {
        return new ConsoleDenied(409, message);
    }

    /**
     * Not done because the page the form came from no longer shows what is so (a newer file, another admin's
     * action since): nothing was processed, as the heading says, unlike {@link #conflict}.
     */
    public static ConsoleDenied stale(String message) {
        return new ConsoleDenied(409, message, "画面の内容が古くなっています");
    }

    public static ConsoleDenied badRequest(String message) {
        return new ConsoleDenied(400, message);
    }

    public int status() {
        return status;
    }

    /** The error page's heading when not the one of its status; null otherwise. */
    public String heading() {
        return heading;
    }

    /** What the user is told: a refused form sent (an action) is not a page they wanted to see. */
    public String messageFor(boolean action) {
        return action && FORBIDDEN_PAGE.equals(getMessage()) ? FORBIDDEN_ACTION : getMessage();
    }
}
