package jp.reform.collector.review;

/**
 * A 課's current review state in a round, and the latest action (null when none yet). The state is that
 * action's unless the 課 sent results of the round after it (then 提出済み again); a file of another fiscal
 * year or plan does not count.
 */
public record ReviewStatus(String department, ReviewState state, ReviewAction latest) {

    public String label() {
        return state.label();
    }

    public String code() {
        return state.code();
    }
}
