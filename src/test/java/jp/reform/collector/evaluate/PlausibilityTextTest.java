package jp.reform.collector.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ranges and amounts the warnings of a receipt and of the exception report quote, as staff write them. */
class PlausibilityTextTest {

    @ParameterizedTest(name = "{0}..{1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "0|100|%|0～100%", "0|null|人|0人以上", "null|500|件|500件以下", "1000|25000|千円|1,000～25,000千円",
            "0.5|2.5|倍|0.5～2.5倍",
    })
    void aRangeLeavesOutTheBoundTheMasterDoesNotSet(BigDecimal min, BigDecimal max, String unit, String shown) {
        assertThat(PlausibilityChecker.range(min, max, unit)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {"14215|千円|14,215千円", "41.8|%|41.8%", "16200000|文字|16,200,000文字",
            "1234567.25||1,234,567.25"})
    void anAmountIsGroupedWithItsUnit(BigDecimal value, String unit, String shown) {
        assertThat(PlausibilityChecker.amount(value, unit == null ? "" : unit)).isEqualTo(shown);
    }
}
