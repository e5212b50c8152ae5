package jp.reform.collector.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers as departments write them, converted into the indicator's unit. */
class NumberParserTest {

    @ParameterizedTest(name = "{0} in {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "1,234|件|1234",
            "１２３４|件|1234",
            "72.1%|%|72.1",
            "７２．１％|%|72.1",
            "▲12|件|-12",
            "△5.5|%|-5.5",
            "-3|人|-3",
            "約1,200|人|1200",
            "1.6億円|千円|160000",
            "15,000千円|千円|15000",
            "15,000,000円|千円|15000",
            "3万円|千円|30",
            "780万文字|文字|7800000",
            "1,560万文字|文字|15600000",
            "184 時間|時間|184",
            "11.6ｆｍ|fm|11.6",
            "2件|事業|2",
            "5 グループ|グループ|5",
            "45|億円|45",
            "42.63億円|億円|42.63",
            "12|''|12",
            "3人|''|3",
            "2名|人|2",
            "12人|名|12",
            // a scale word without its unit counts the indicator's base unit: 42.6億 in 億円 is 42.6
            "42.6億|億円|42.6",
            "15,820千|千円|15820",
            "約2.9億|千円|290000",
            "1,630万|文字|16300000",
            "3万|万文字|3",
            "2万|''|20000",
    })
    void convertsIntoTheIndicatorUnit(String written, String unit, String expected) {
        Quantity quantity = NumberParser.parse(written).orElseThrow();
        Optional<BigDecimal> value = UnitConverter.toIndicatorUnit(quantity, unit);
        assertThat(value).get().satisfies(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @ParameterizedTest(name = "{0} in {1} cannot be converted")
    @CsvSource(delimiter = '|', value = {"64件|%", "12人|件", "5%|件", "100円|文字", "3時間|回"})
    void refusesUnitsThatDoNotConvert(String written, String unit) {
        Quantity quantity = NumberParser.parse(written).orElseThrow();
        assertThat(UnitConverter.toIndicatorUnit(quantity, unit)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"二十件", "abc", "1,2", "12,34", "98.4%(回答者304人)", "件数12", "", "1.2.3"})
    void textThatIsNotANumberIsNotGuessed(String written) {
        assertThat(NumberParser.parse(written)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"約15", "約 1,500千円"})
    void aboutIsRemembered(String written) {
        assertThat(NumberParser.parse(written).orElseThrow().approximate()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0} in {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "28\u200B|件|28",
            "\u200B28|件|28",
            "2\u200C8\u200D|件|28",
            "\uFEFF1,234\u2060|件|1234",
            "97.5\u00AD%|%|97.5",
            "1.6億\u200B円|千円|160000",
            "約\u200B1,200\u200B人|人|1200",
    })
    void invisibleFormatCharactersPastedFromAWebPageAreNotAUnit(String written, String unit, String expected) {
        Quantity quantity = NumberParser.parse(written).orElseThrow();
        assertThat(UnitConverter.toIndicatorUnit(quantity, unit)).get()
                .satisfies(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202E12", "12\u202E", "\u200F12"})
    void aBidiControlInANumberIsStillNotRead(String written) {
        // it changes the order in which the digits are shown: the department may see 21 where the cell holds 12
        // (refused at its cell, where the receipt shows the control as �)
        assertThat(NumberParser.parse(written).flatMap(q -> UnitConverter.toIndicatorUnit(q, "件"))).isEmpty();
    }
}
