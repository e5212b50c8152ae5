package jp.reform.collector.review;

/**
 * Where a 課's results of a round stand in the division's review: 未提出 → 提出済み → 確認済み, or 差し戻し
 * (back to 提出済み when the 課 sends a file holding results of that plan and fiscal year).
 */
public enum ReviewState {
    NOT_SUBMITTED("not_submitted", "未提出"),
    SUBMITTED("submitted", "提出済み"),
    CONFIRMED("confirmed", "確認済み"),
    SENT_BACK("sent_back", "差し戻し");

    private final String code;
    private final String label;

    ReviewState(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static ReviewState of(String code) {
        for (ReviewState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown review state " + code);
    }
}
