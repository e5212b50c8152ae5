package jp.reform.collector.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Severity;
import jp.reform.collector.domain.SubmissionStatus;
import org.junit.jupiter.api.Test;

/** The receipt stays short whatever the number of findings: the first 100 listed, the rest counted. */
class ReceiptWriterLimitsTest {

    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 5, 20, 10, 0, 0, 0, ZoneId.of("Asia/Tokyo"));

    private static Finding at(Severity severity, int row, String value) {
        return new Finding(severity, severity == Severity.ERROR ? "not_a_number" : "duplicate_row", "実績報告", row,
                "C", value, severity == Severity.ERROR ? "実績値を数値として読めません。" : "行が重複しています。", null);
    }

    private static Receipt receipt(SubmissionStatus status, List<Finding> kept, int errors, int others) {
        return new Receipt("R2026-000001", status, "職員課", "実績.xlsx", WHEN, LoadedRows.NONE, kept, null, null,
                "行政経営課", "folder", errors, others);
    }

    @Test
    void errorsFillTheListAndWarningsAreOnlyCounted() {
        List<Finding> kept = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            kept.add(at(Severity.ERROR, i + 2, "二十件"));
        }
        kept.add(at(Severity.WARNING, 5, "1"));

        String text = new ReceiptWriter().write(receipt(SubmissionStatus.REJECTED, kept, 25_000, 3_000));

        assertThat(text).contains("次の25,000件の誤りがあるため", "100. [シート「実績報告」 101行目 C列]",
                "ほか 24,900件（この受付結果には最初の100件までを表示しています）。",
                "■ あわせて確認をお願いする点", "3,000件（この受付結果に表示できる件数を超えたため、省略しました）。")
                .doesNotContain("101. ", "行が重複しています。");
    }

    @Test
    void warningsGetTheRoomErrorsLeave() {
        List<Finding> kept = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            kept.add(at(Severity.ERROR, i + 2, "二十件"));
        }
        for (int i = 0; i < 200; i++) {
            kept.add(at(Severity.WARNING, i + 100, "1"));
        }

        String text = new ReceiptWriter().write(receipt(SubmissionStatus.REJECTED, kept, 40, 200));

        assertThat(text).contains("次の40件の誤りがあるため", "40. [シート「実績報告」 41行目 C列]",
                "60. [シート「実績報告」 159行目 C列] 行が重複しています。", "ほか 140件")
                .doesNotContain("41. [シート「実績報告」 42行目", "61. ", "列の並びや入力の形式");
    }

    @Test
    void aLongValueIsShownByItsBeginningAndLength() {
        String value = "あ".repeat(5_000);

        String text = new ReceiptWriter().write(receipt(SubmissionStatus.REJECTED,
                List.of(at(Severity.ERROR, 2, value)), 1, 0));

        assertThat(text).contains("入力値：「" + "あ".repeat(100) + "…（全5,000字）」").doesNotContain("あ".repeat(101));
    }
}
