package jp.reform.collector.console;

import java.time.LocalDate;
import jp.reform.collector.master.CollectionRound;

/**
 * How the console words an indicator of a plan-year that has no result yet, by where that year's collection
 * stands today: 「収集前」 for a year without a round in config/rounds.csv or whose round has not opened,
 * 「未提出（期限前）」 from its opening up to its deadline (the deadline that counts, as the board's 期限 column
 * says あと3日 and 本日締切 before it turns red), and the red 「未提出」 only once that deadline has passed.
 * Only the console's label and style depend on it: the committee's table counts 未提出 as DOMAIN.md says, and
 * the API keeps the grade as stored.
 *
 * @param label   the word shown for such an indicator (and over the board's count of them)
 * @param overdue whether the deadline has passed: shown red (grade-未提出, late), else neutral
 */
public record SubmissionDue(String label, boolean overdue) {

    public static final String NOT_COLLECTED = "収集前";
    public static final String BEFORE_DEADLINE = "未提出（期限前）";
    public static final String OVERDUE = "未提出";

    /** Where the collection of a plan-year stands on a day; {@code round} null when rounds.csv has none. */
    public static SubmissionDue of(CollectionRound round, LocalDate today) {
        if (round == null || !round.isOpen(today)) {
            return new SubmissionDue(NOT_COLLECTED, false);
        }
        if (!today.isAfter(round.effectiveDeadline())) {
            return new SubmissionDue(BEFORE_DEADLINE, false);
        }
        return new SubmissionDue(OVERDUE, true);
    }

    /** The class of the word beside a grade: the red grade-未提出 once overdue, else a neutral one. */
    public String gradeClass() {
        return overdue ? "grade-未提出" : "not-due";
    }
}
