package jp.reform.collector.audit;

/** What was done, as the audit log stores it and as the console names it. */
public enum AuditAction {
    SIGN_IN("sign_in", "ログイン"),
    SIGN_IN_FAILED("sign_in_failed", "ログイン失敗"),
    SIGN_OUT("sign_out", "ログアウト"),
    UPLOAD("upload", "画面からの提出"),
    USER_ADDED("user_added", "利用者の追加"),
    USER_CHANGED("user_changed", "利用者の変更"),
    USER_REMOVED("user_removed", "利用者の削除"),
    REVIEW_CONFIRMED("review_confirmed", "確認済みにした"),
    REVIEW_SENT_BACK("review_sent_back", "差し戻し"),
    GRADE_OVERRIDDEN("grade_overridden", "最終評価の設定"),
    GRADE_OVERRIDE_REMOVED("grade_override_removed", "最終評価の取消し"),
    ROUND_CLOSED("round_closed", "締切"),
    ROUND_REOPENED("round_reopened", "締切の解除"),
    /** The 収集期間 of a plan-year (its line of config/rounds.csv) set on the console. */
    ROUND_PERIOD_SET("round_period_set", "収集期間の設定"),
    /** A 課's mail addresses (its line of config/departments.csv) set on the console. */
    DEPARTMENT_ADDRESSES_SET("department_addresses_set", "課のメールアドレスの変更"),
    /** A 課 added on the console (a line of its own in config/departments.csv). */
    DEPARTMENT_ADDED("department_added", "課の追加"),
    /** A 課 renamed on the console (its line's name; the name it had kept among its former names). */
    DEPARTMENT_RENAMED("department_renamed", "課名の変更"),
    /** A plan workbook imported on the console (config/plans/&lt;plan&gt;/ written, the old folder kept). */
    PLAN_IMPORTED("plan_imported", "計画の取り込み"),
    /** A mail that failed, or was not known to have been sent, queued again on the console (outbox retry). */
    MAIL_REQUEUED("mail_requeued", "メールの再送"),
    PENDING_ACCEPTED("pending_accepted", "保留中の変更の反映"),
    PENDING_DECLINED("pending_declined", "保留中の変更の不採用"),
    /** Noticed by the collector at its start: the plan in config/ changed a target of a closed round. */
    CLOSED_TARGET_CHANGED("closed_target_changed", "締切後の目標値の変更"),
    /**
     * Noticed by the collector when it evaluated a plan again whole: the plan in config/ changed otherwise
     * (thresholds, grade words, an indicator's direction …) or a new version's rules grade otherwise, and a closed
     * round's grade or 達成率 moved with it.
     */
    CLOSED_GRADE_CHANGED("closed_grade_changed", "締切後の評価の変更"),
    ACTION_REFUSED("action_refused", "権限のない操作（拒否）");

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
