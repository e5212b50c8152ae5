package jp.reform.collector.review;

import java.util.List;

/**
 * What a round still lacks, from every 課's review state: the 課 未提出, and those with a 差し戻し not yet answered.
 * The 締切・保留 page shows it beside the close button, and closing records it in the audit log.
 */
public record RoundOutstanding(List<String> notSubmitted, List<ReviewStatus> sentBack) {

    public RoundOutstanding {
        notSubmitted = List.copyOf(notSubmitted);
        sentBack = List.copyOf(sentBack);
    }

    public boolean any() {
        return !notSubmitted.isEmpty() || !sentBack.isEmpty();
    }

    /** The 課 with a 差し戻し not yet answered, by name. */
    public List<String> sentBackDepartments() {
        return sentBack.stream().map(ReviewStatus::department).toList();
    }
}
