package jp.reform.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import jp.reform.collector.report.ReportText;
import org.junit.jupiter.api.Test;

/** Bidi controls are shown as U+FFFD on pages, in workbooks and report HTML (ReportText.clean), and in mails. */
class BidiControlsTest {

    @Test
    void everyBidiControlIsShownAndOtherTextIsKept() {
        String controls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";
        assertThat(BidiControls.shown("実績" + controls + "exe.xlsx")).isEqualTo("実績" + "\uFFFD".repeat(12) + "exe.xlsx");
        String kept = "行政経営課 山田\n職員課_実績.xlsx 🏯 \u200B\u200D";
        assertThat(BidiControls.shown(kept)).isSameAs(kept);
        assertThat(BidiControls.shown(null)).isNull();
        assertThat(ReportText.clean("報告\u202Eexe.xlsx\r\n次")).isEqualTo("報告\uFFFDexe.xlsx\n次");
    }
}
