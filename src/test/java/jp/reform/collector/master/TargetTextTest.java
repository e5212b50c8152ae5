package jp.reform.collector.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a target cell says when it is not a number: a baseline year, or a change of last year's actual. */
class TargetTextTest {

    @ParameterizedTest(name = "{0} is a baseline year")
    @ValueSource(strings = {
        // the phrases of DOMAIN.md
        "現状値の把握", "現状把握", "現状値を把握", "基準値の把握", "基準値の設定", "実態把握",
        // as cities write them around the phrase
        "現状値の把握（R6）", "現状値の把握(令和6年度)", "現状値の把握【アンケート】", "「現状値の把握」",
        "現状値の把握 ※時間外勤務時間は職員一人当たり年間平均", "目標 現状値の把握", "R6:現状値の把握",
        "現状値の把握を行う", "実態調査の実施", "現状値の測定", "基準値を設定", "現状値の把握。",
        // full-width, half-width and spaced variants (NFKC, spaces ignored)
        "現状値の把握　", " 現状値 の 把握 ", "現状値の把握（Ｒ６）", "現状値の把握（令和６年度）"})
    void baselinePhrasesAreRecognised(String text) {
        assertThat(TargetText.isBaseline(text)).isTrue();
    }

    @ParameterizedTest(name = "{0} is not a baseline year")
    @ValueSource(strings = {
        // a target of its own, though it names the current value
        "現状値を維持", "現状維持", "現状値以上", "現状値", "現状値の把握に基づく目標設定", "実態把握・方針策定",
        "基準値の把握及び公表", "現状値の把握と改善策の検討",
        // measuring something else is a milestone
        "市民ニーズの把握", "課題の把握", "把握",
        // numbers, relative targets, no target
        "85.0%", "5%減(前年度比)", "－", "未設定", ""})
    void lookAlikesAreNotBaselineYears(String text) {
        assertThat(TargetText.isBaseline(text)).isFalse();
    }

    @Test
    void nullIsNeitherBaselineNorRelative() {
        assertThat(TargetText.isBaseline(null)).isFalse();
        assertThat(TargetText.relativeChange(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} → ×{1}")
    @CsvSource({
        "5%増, 1.05, relative_increase",
        "前年度比5%増, 1.05, relative_increase",
        "実施事業3%増加, 1.03, relative_increase",
        "アクセス数 前年比3%増加, 1.03, relative_increase",
        "5%減(前年度比), 0.95, relative_decrease",
        "５％減（前年度比）, 0.95, relative_decrease",
        "前年度比5%減, 0.95, relative_decrease",
        "前年度比2.5%削減, 0.975, relative_decrease",
        "10%減少, 0.90, relative_decrease"})
    void relativeChangesGiveTheFactorOfLastYearsActual(String text, String factor, String kind) {
        TargetText.RelativeChange change = TargetText.relativeChange(text).orElseThrow();
        assertThat(change.factor()).isEqualByComparingTo(new BigDecimal(factor));
        assertThat(change.kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0} is no relative target")
    @ValueSource(strings = {"85.0%", "5ポイント増", "増員", "削減", "現状値の把握", "見直し・反映", "5%"})
    void textsWithoutAPercentChangeAreNotRelative(String text) {
        assertThat(TargetText.relativeChange(text)).isEmpty();
    }

    @Test
    void inferredKindsWithoutATargetKindColumn() {
        assertThat(MasterDataLoader.inferKind("現状値の把握（R6）", null)).isEqualTo("baseline");
        assertThat(MasterDataLoader.inferKind("5%減(前年度比)", null)).isEqualTo("relative_decrease");
        assertThat(MasterDataLoader.inferKind("前年比3%増加", null)).isEqualTo("relative_increase");
        assertThat(MasterDataLoader.inferKind("85.0%", new BigDecimal("85.0"))).isEqualTo("absolute");
        assertThat(MasterDataLoader.inferKind("－", null)).isEqualTo("none");
        assertThat(MasterDataLoader.inferKind("現状値を維持", null)).isEqualTo("milestone");
        // a number written beside a baseline phrase is refused by the loader rather than graded
        assertThat(MasterDataLoader.inferKind("現状値の把握", new BigDecimal("63.5"))).isEqualTo("baseline");
    }
}
