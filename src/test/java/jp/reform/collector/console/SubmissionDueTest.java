package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import jp.reform.collector.master.CollectionRound;
import org.junit.jupiter.api.Test;

/** The word for an indicator without a result, by where its year's collection stands. */
class SubmissionDueTest {

    private static final CollectionRound ROUND = new CollectionRound("atsugi-7-2", 2025, LocalDate.of(2026, 5, 1),
            LocalDate.of(2026, 6, 30), LocalDate.of(2026, 6, 30), List.of(7, 1), 7, 14);

    @Test
    void aYearWithoutARoundOrBeforeItOpensIsNotCollectedYet() {
        assertThat(SubmissionDue.of(null, LocalDate.of(2027, 1, 1))).isEqualTo(new SubmissionDue("収集前", false));
        assertThat(SubmissionDue.of(ROUND, LocalDate.of(2026, 4, 30))).isEqualTo(new SubmissionDue("収集前", false));
    }

    @Test
    void itIsDueUpToTheDeadlineThatCountsAndOverdueOnlyAfterIt() {
        assertThat(SubmissionDue.of(ROUND, LocalDate.of(2026, 5, 1)).label()).isEqualTo("未提出（期限前）");
        assertThat(SubmissionDue.of(ROUND, LocalDate.of(2026, 6, 30))).as("本日締切")
                .isEqualTo(new SubmissionDue("未提出（期限前）", false));
        SubmissionDue overdue = SubmissionDue.of(ROUND, LocalDate.of(2026, 7, 1));
        assertThat(overdue).isEqualTo(new SubmissionDue("未提出", true));
        assertThat(overdue.gradeClass()).isEqualTo("grade-未提出");
        assertThat(SubmissionDue.of(null, LocalDate.of(2026, 7, 1)).gradeClass()).isEqualTo("not-due");
        // the deadline moved off a closed day counts
        CollectionRound moved = new CollectionRound("atsugi-7-2", 2025, LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 6, 28), LocalDate.of(2026, 6, 26), List.of(), 0, 0);
        assertThat(SubmissionDue.of(moved, LocalDate.of(2026, 6, 27)).overdue()).isTrue();
    }
}
