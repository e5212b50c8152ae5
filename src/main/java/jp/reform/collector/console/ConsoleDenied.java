package jp.reform.collector.console;

/**
 * A request the console refuses, with the HTTP status and the Japanese message the user sees. Thrown by the
 * gate and the pages, answered by {@link ConsoleErrors}.
 */
public final class ConsoleDenied extends RuntimeException {

    private final int status;

    private ConsoleDenied(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ConsoleDenied signInRequired() {
        return new ConsoleDenied(401, "ログインしてください。");
    }

    public static ConsoleDenied forbidden() {
        return new ConsoleDenied(403, "このページを表示する権限がありません。");
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

    public static ConsoleDenied badRequest(String message) {
        return new ConsoleDenied(400, message);
    }

    public int status() {
        return status;
    }
}
