package jp.reform.collector.review;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One review action as stored: 確認済み, or 差し戻し with what to fix.
 *
 * @param indicatorCodes the indicators sent back; empty when the 課 was sent back as a whole (or confirmed)
 * @param correctionDue  the date the correction is asked for (差し戻し only)
 */
public record ReviewAction(long reviewId, ReviewState state, String comment, List<String> indicatorCodes,
                           LocalDate correctionDue, String actor, Instant actedAt) {

    public ReviewAction {
        indicatorCodes = List.copyOf(indicatorCodes);
    }

    public boolean wholeDepartment() {
        return indicatorCodes.isEmpty();
    }
}
