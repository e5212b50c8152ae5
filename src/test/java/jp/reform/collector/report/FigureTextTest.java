package jp.reform.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Targets and actuals as every page, report and table writes them (atsugi-7-2's own cells). */
class FigureTextTest {

    @Test
    void aNumericTargetHasSeparatorsAndItsUnitWithoutASpace() {
        assertThat(FigureText.target("90", "件")).as("I-3-ウ-1, written bare").isEqualTo("90件");
        assertThat(FigureText.target("5 グループ", "グループ")).isEqualTo("5グループ");
        assertThat(FigureText.target("175 時間", "時間")).isEqualTo("175時間");
        assertThat(FigureText.target("28件", "件")).isEqualTo("28件");
        assertThat(FigureText.target("1000人", "人")).isEqualTo("1,000人");
        assertThat(FigureText.target("1,560万文字", "文字")).as("its scale word kept").isEqualTo("1,560万文字");
        assertThat(FigureText.target("15,000 千円", "千円")).isEqualTo("15,000千円");
        assertThat(FigureText.target("64.0%", "%")).as("decimals as written").isEqualTo("64.0%");
        assertThat(FigureText.target("45", "億円")).isEqualTo("45億円");
        assertThat(FigureText.target("６，０００", "")).as("no unit").isEqualTo("6,000");
    }

    @Test
    void aTargetInWordsIsShownAsWritten() {
        for (String words : new String[] {"見直し・反映", "現状値の把握", "前年度比5%増", "5%減(前年度比)", "28件以上",
                "－", "100%以上"}) {
            assertThat(FigureText.target(words, "件")).as(words).isEqualTo(words);
        }
        assertThat(FigureText.target("5%増", "%")).isEqualTo("5%増");
        assertThat(FigureText.target("3人", "件")).as("a unit the indicator is not counted in").isEqualTo("3人");
        assertThat(FigureText.target(null, "件")).isEmpty();
    }

    @Test
    void anActualHasSeparatorsAndTheIndicatorsUnit() {
        assertThat(FigureText.actual("96.5", new BigDecimal("96.5"), "%")).isEqualTo("96.5%");
        assertThat(FigureText.actual("1000", new BigDecimal("1000"), "人")).isEqualTo("1,000人");
        assertThat(FigureText.actual("182.4 時間", new BigDecimal("182.4"), "時間")).isEqualTo("182.4時間");
        assertThat(FigureText.actual("約1,020人", new BigDecimal("1020"), "人")).isEqualTo("約1,020人");
        assertThat(FigureText.actual("▲1500", new BigDecimal("-1500"), "千円")).isEqualTo("▲1,500千円");
        assertThat(FigureText.actual("5名", new BigDecimal("5"), "人")).isEqualTo("5人");
        assertThat(FigureText.actual(null, new BigDecimal("12"), "件")).isEqualTo("12件");
    }

    @Test
    void anActualWrittenInAnotherUnitIsShownAsStoredAndWordsAsWritten() {
        assertThat(FigureText.actual("15,820,500", new BigDecimal("15820.5"), "千円")).isEqualTo("15,820.5千円");
        assertThat(FigureText.actual("約1.6億円", new BigDecimal("160000"), "千円")).isEqualTo("約160,000千円");
        assertThat(FigureText.actual("1,630万文字", new BigDecimal("16300000"), "文字")).isEqualTo("16,300,000文字");
        assertThat(FigureText.actual("導入", null, null)).isEqualTo("導入");
        assertThat(FigureText.actual("見直し・反映", null, "")).isEqualTo("見直し・反映");
        assertThat(FigureText.actual(null, null, "件")).isEmpty();
    }
}
