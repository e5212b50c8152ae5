package jp.reform.collector.audit;

/** What was done, as the audit log stores it and as the console names it. */
public enum AuditAction {
    SIGN_IN("sign_in", "ログイン"),
    SIGN_IN_FAILED("sign_in_failed", "ログイン失敗"),
    SIGN_OUT("sign_out", "ログアウト"),
    UPLOAD("upload", "画面からの提出"),
    USER_ADDED("user_added", "利用者の追加"),
    USER_CHANGED("user_changed", "利用者の変更"),
    USER_REMOVED("user_removed", "利用者の削除");

    private final String code;
    private final String label;

    AuditAction(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The label of a stored code; a code this version does not know is shown as stored. */
    public static String labelOf(String code) {
        for (AuditAction a : values()) {
            if (a.code.equals(code)) {
                return a.label;
            }
        }
        return code;
    }
}
