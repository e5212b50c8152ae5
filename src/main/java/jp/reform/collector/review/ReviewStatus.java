package jp.reform.collector.review;

/**
 * A 課's current review state in a round, and the latest action (null when none yet). The state is that
 * action's unless the 課 sent results of the round after it (then 提出済み again); a file of another fiscal
 * year or plan does not count. {@code lastFile} is the submission id of the 課's file of the round taken in last
 * (null: none), what a review form was shown with: a review of an older page than the latest file is refused.
 */
public record ReviewStatus(String department, ReviewState state, ReviewAction latest, Long lastFile) {

    public ReviewStatus(String department, ReviewState state, ReviewAction latest) {
        this(department, state, latest, null);
    }

    public String label() {
        return state.label();
    }

    public String code() {
        return state.code();
    }
}
