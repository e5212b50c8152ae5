package jp.reform.collector.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.read.Field;
import jp.reform.collector.read.SourceCell;
import jp.reform.collector.read.SourceRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The validator's limits: cell length, findings kept, and a cost that grows with the rows only. */
class SubmissionValidatorLimitsTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));
    private static final Department STAFF = MASTER.department("職員課").orElseThrow();
    private static final String SHEET = "実績報告";

    /** The valid rows the validator handed on, in order (in the ingest they go straight to the database). */
    private final List<ResultRow> validRows = new ArrayList<>();

    private SubmissionValidator validator(Limits limits) {
        return new SubmissionValidator(MASTER, STAFF, Map.of(), limits, (row, codeCell) -> validRows.add(row));
    }

    /** A row of the usual form: A 指標コード, B 年度, C 実績値, D 取組状況. */
    private static SourceRow row(int rowNumber, String code, String actual, String status) {
        Map<Field, SourceCell> cells = new EnumMap<>(Field.class);
        cells.put(Field.INDICATOR_CODE, new SourceCell(SHEET, rowNumber, "A", code));
        cells.put(Field.FISCAL_YEAR, new SourceCell(SHEET, rowNumber, "B", "2025"));
        cells.put(Field.ACTUAL, new SourceCell(SHEET, rowNumber, "C", actual));
        cells.put(Field.STATUS_TEXT, new SourceCell(SHEET, rowNumber, "D", status));
        return new SourceRow(SHEET, rowNumber, cells);
    }

    @Test
    void aCellLongerThanTheLimitIsRefusedAtItsCellAndNeverCut() {
        SubmissionValidator validator = validator(new Limits(10_000, 1_000, 50, 20));
        String status = "研修を実施しました。".repeat(5) + "追"; // 51 characters

        validator.row(row(5, "I-1-ア-1", "97.5%", status));

        assertThat(validRows).isEmpty();
        assertThat(validator.hasErrors()).isTrue();
        assertThat(validator.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(Limits.CELL_CHARS_FINDING);
            assertThat(f.sheet() + "!" + f.column() + f.row()).isEqualTo("実績報告!D5");
            assertThat(f.message()).isEqualTo("「取組状況」欄の文字数（51字）が、1つのセルに入力できる上限（50字）を超えています。");
            assertThat(f.hint()).contains("50字以内");
            // enough of the text to find the cell, never the whole of it
            assertThat(f.valueFound()).isEqualTo(status.substring(0, 30) + "…");
        });
    }

    @Test
    void theLimitCountsCharactersAsTheDepartmentSeesThem() {
        SubmissionValidator validator = validator(new Limits(10_000, 1_000, 50, 20));
        // 50 characters outside the BMP: 100 UTF-16 units, still 50 characters
        String status = "𠮷".repeat(50);

        validator.row(row(5, "I-1-ア-1", "97.5%", status));

        assertThat(validator.findings()).isEmpty();
        assertThat(validRows).singleElement().satisfies(r -> assertThat(r.statusText()).isEqualTo(status));
    }

    @Test
    void everyTooLongCellOfARowIsNamed() {
        SubmissionValidator validator = validator(new Limits(10_000, 1_000, 10, 20));

        validator.row(row(7, "I-1-ア-1", "1".repeat(11), "あ".repeat(11)));

        assertThat(validator.findings()).extracting(f -> f.column() + f.row()).containsExactly("C7", "D7");
    }

    @Test
    void errorsAreKeptEvenWhenThousandsCameFirst() {
        SubmissionValidator validator = validator(new Limits(10_000, 10, 10_000, 20));
        for (int r = 2; r <= 2_001; r++) {
            validator.row(row(r, "I-1-ア-1", "二十件", "実施")); // not a number: an error
        }
        validator.row(row(2_002, "I-1-ア-1", "97.5%", "実施"));

        assertThat(validator.allFindings().errorCount()).isEqualTo(2_000);
        assertThat(validator.findings()).hasSize(10).allMatch(Finding::isError);
        assertThat(validator.findings().get(9).row()).isEqualTo(11);
        assertThat(validRows).singleElement().satisfies(r -> assertThat(r.row()).isEqualTo(2_002));
    }

    /**
     * 200,000 rows, alternately valid and not a number: every error counted, a bounded number kept, each valid
     * row handed on as it comes and none kept (repeated indicators and years are found where the rows go:
     * store.ResultStaging). With a scan of all findings per row this took longer than ten minutes; the
     * timeout only guards against such a hang, it measures nothing.
     */
    @Test
    @Timeout(300)
    void twoHundredThousandRowsAreCheckedWithEveryFindingCountedAndAThousandKept() {
        SubmissionValidator validator = validator(new Limits(1_000_000, 1_000, 10_000, 20));
        int rows = 200_000;
        for (int r = 0; r < rows; r++) {
            validator.row(row(r + 2, "I-1-ア-1", r % 2 == 0 ? "97.5%" : "五十", "実施"));
        }

        assertThat(validRows).hasSize(rows / 2);
        assertThat(validator.allFindings().otherCount()).isZero();
        assertThat(validator.allFindings().errorCount()).isEqualTo(rows / 2);
        assertThat(validator.findings()).hasSize(1_000).allMatch(Finding::isError);
        assertThat(validator.findings().get(999).row()).isEqualTo(2_000 + 1);
    }

    @Test
    void aValueOfSixteenDigitsOrMoreIsRefusedAtItsCell() {
        SubmissionValidator validator = validator(Limits.DEFAULTS);

        validator.row(row(5, "I-1-ウ-1", "999,999,999,999,999", "派遣した")); // 15 digits: a number still
        validator.row(row(6, "I-1-ウ-1", "1,000,000,000,000,000", "派遣した"));
        validator.row(row(7, "I-1-ウ-2", "▲1" + "0".repeat(2_000) + "%", "派遣した"));

        assertThat(validRows).singleElement()
                .satisfies(r -> assertThat(r.actualValue()).isEqualByComparingTo("999999999999999"));
        assertThat(validator.findings()).hasSize(2).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo(SubmissionValidator.TOO_LARGE_FINDING);
            assertThat(f.column()).isEqualTo("C");
            assertThat(f.message()).isEqualTo("実績値が大きすぎます（16桁以上）。単位や入力の誤りがないか確認してください。");
        });
        assertThat(validator.findings().get(1).hint()).isEqualTo("この指標の単位（%）で、整数部分が15桁以内の数値を入力してください。");
    }
}
