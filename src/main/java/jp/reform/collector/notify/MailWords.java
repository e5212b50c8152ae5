package jp.reform.collector.notify;

import java.util.Map;

/** A mail's kind and delivery state as the division calls them, in the exception report and on the console alike. */
public final class MailWords {

    private static final Map<String, String> KINDS = Map.of("receipt", "受付結果", "reply", "返信",
            "reminder", "督促", "exception_report", "例外レポート", "department_address", "課の登録アドレス",
            "sent_back", "差し戻し", "unread_items", "読み取っていないもののお知らせ",
            "shared_report", "共管指標の置き換えのお知らせ");
    private static final Map<String, String> STATUSES = Map.of("failed", "送信失敗", "unconfirmed", "送信未確認",
            "partial", "一部の宛先に送信できず", "bad_address", "アドレスの誤りのため送信していません");

    private MailWords() {
    }

    public static String kind(String kind) {
        return kind == null ? "" : KINDS.getOrDefault(kind, kind);
    }

    public static String status(String status) {
        return status == null ? "" : STATUSES.getOrDefault(status, status);
    }
}
