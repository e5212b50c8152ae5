package jp.reform.collector.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Years, codes, self-assessments and empty markers as departments write them. */
class JapaneseInputTest {

    @ParameterizedTest(name = "{0} → FY{1}")
    @CsvSource({"2024,2024", "2025年度,2025", "令和6年度,2024", "令和６年度,2024", "R6,2024", "Ｒ６,2024",
            "r7,2025", "令和元年度,2019", "平成30年度,2018", "H30,2018", "FY2026,2026", "2025.0,2025", "令和 7 年度,2025"})
    void readsFiscalYears(String written, int expected) {
        assertThat(FiscalYears.parse(written)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"今年度", "R", "12", "2025/4/1"})
    void doesNotGuessOtherYears(String written) {
        assertThat(FiscalYears.parse(written)).isEmpty();
    }

    @Test
    void findsTheYearInATitle() {
        assertThat(FiscalYears.inTitle("令和７年度 行政改革実施計画 実績報告書")).contains(2025);
        assertThat(FiscalYears.inTitle("2024年度 実績")).contains(2024);
        assertThat(FiscalYears.inTitle("令和6年度～令和8年度 実施計画")).isEmpty();
        assertThat(FiscalYears.inActualHeader("R6実績")).contains(2024);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"I-1-ア-1,I-1-ア-1", "Ｉ－１－ア－１,I-1-ア-1", "i-1-ｱ-1,I-1-ア-1", "Ⅱ‐3‐イ‐2,II-3-イ-2",
            "Ⅲ−2−ウ−1,III-2-ウ-1", "' I-3-ア-1 ',I-3-ア-1", "1-4-3-1,1-4-3-1", "１－４－３－１,1-4-3-1"})
    void normalisesIndicatorCodes(String written, String expected) {
        assertThat(IndicatorCodes.normalise(written)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"達成,ACHIEVED", "○,ACHIEVED", "〇,ACHIEVED", "◯,ACHIEVED", "A,ACHIEVED", "A:目標を達成,ACHIEVED",
            "概ね達成,MOSTLY_ACHIEVED", "△,MOSTLY_ACHIEVED", "B,MOSTLY_ACHIEVED", "ｂ,MOSTLY_ACHIEVED",
            "未達成,NOT_ACHIEVED", "×,NOT_ACHIEVED", "✕,NOT_ACHIEVED", "ｘ,NOT_ACHIEVED", "C,NOT_ACHIEVED",
            "D 未達成、取組困難,NOT_ACHIEVED"})
    void readsSelfAssessments(String written, SelfAssessment expected) {
        assertThat(SelfAssessment.parse(written)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"まあまあ", "E", "達成見込み"})
    void refusesUnknownSelfAssessments(String written) {
        assertThat(SelfAssessment.parse(written)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-", "－", "—", "―", "未設定", "なし", "　"})
    void emptyMarkersMeanNoValue(String written) {
        assertThat(JapaneseText.isEmpty(written)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ーーーーーーーーーーーーーーーーーーーー", "ｰｰｰｰｰｰｰｰｰｰｰｰｰｰｰｰｰｰｰｰ",
            "　　　　　　　　　　　　　　該当なし　　　　　　　　　　　　　　", "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0なし",
            "ＮＡ", "－－－－－－－－－－－－－－－－"})
    void longRunsOfDashesAndPaddedMarkersStillMeanNoValue(String written) {
        assertThat(JapaneseText.isEmpty(written)).as(written).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"一二三四五六七八九十一二三", "窓口の待ち時間を短縮するため予約制を導入した", "未設定の項目を確認した",
            "12,345件", "ﾅｼﾅｼﾅｼ", "ｶﾞｲﾄｳﾅｼ"})
    void textsWithWordsHaveAValue(String written) {
        assertThat(JapaneseText.isEmpty(written)).as(written).isFalse();
    }

    @Test
    void invisibleFormatCharactersAreLeftOutOfCodesAndYears() {
        assertThat(IndicatorCodes.normalise("I-1-ウ-1\u200B")).isEqualTo("I-1-ウ-1");
        assertThat(IndicatorCodes.normalise("\uFEFFＩ－１－ウ－１")).isEqualTo("I-1-ウ-1");
        assertThat(FiscalYears.parse("2025\u200D")).contains(2025);
        assertThat(FiscalYears.parse("令和\u20607年度")).contains(2025);
        assertThat(FiscalYears.inTitle("令和７年度\u200B 実績報告")).contains(2025);
        // a cell holding nothing but them holds nothing the department can see
        assertThat(JapaneseText.isEmpty("\u200B")).isTrue();
        assertThat(JapaneseText.isEmpty("\u200B－\uFEFF")).isTrue();
    }

    @Test
    void freeTextKeepsWhatWasTypedInvisibleCharactersAndFullWidthLettersIncluded() {
        String typed = "ＡＩ研修を\u200B実施（１２回）";
        assertThat(JapaneseText.freeText(typed)).isEqualTo(typed);
        // a bidi control is kept in the text too: it is shown as � where the text is put before people
        assertThat(JapaneseText.freeText("研修\u202Eを実施")).isEqualTo("研修\u202Eを実施");
        assertThat(JapaneseText.withoutFormatCharacters("研修\u202Eを\u200B実施")).isEqualTo("研修\u202Eを実施");
    }
}
