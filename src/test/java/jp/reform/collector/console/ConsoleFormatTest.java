package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** How the console writes what it shows, without a server. */
class ConsoleFormatTest {

    private final ConsoleFormat format = new ConsoleFormat(ZoneId.of("Asia/Tokyo"));

    @Test
    void anAuditedAddressIsShownDecodedAndOneThatDoesNotDecodeAsRecorded() {
        assertThat(path("/departments/DX%E6%8E%A8%E9%80%B2%E8%AA%B2/review"))
                .isEqualTo("アドレス：/departments/DX推進課/review");
        assertThat(path("/downloads/templates/a+b%20c")).as("a plus is a plus in a path")
                .isEqualTo("アドレス：/downloads/templates/a+b c");
        for (String malformed : new String[] {"/departments/%E6%8E/review", "/departments/%zz", "/departments/%",
                "/departments/%FF%FE"}) {
            assertThat(path(malformed)).as(malformed).isEqualTo("アドレス：" + malformed);
        }
        // a line break or a bidi override is shown as sent, not obeyed
        assertThat(path("/departments/%E2%80%AEslx.exe/review%0Ax"))
                .isEqualTo("アドレス：/departments/%E2%80%AEslx.exe/review%0Ax");
    }

    @Test
    void anAuditedFileNameIsShownWithItsControlAndBidiCharactersVisibleNotObeyed() {
        assertThat(format.auditDetails("{\"file\":\"報告\\u202Evsc.exe\\r\\n2行目.csv\"}"))
                .containsExactly("ファイル：報告\uFFFDvsc.exe\uFFFD\uFFFD2行目.csv");
    }

    @Test
    void aNumberIsWrittenPlainWhateverItsScale() {
        BigDecimal hundred = new BigDecimal("1E+2");
        assertThat(format.number(hundred)).isEqualTo("100");
        assertThat(format.number(new BigDecimal("12345E+1"))).isEqualTo("123,450");
        assertThat(format.percent(hundred)).isEqualTo("100%");
        assertThat(format.rate(hundred)).isEqualTo("100.0%");
    }

    @Test
    void anActualWrittenInAnotherUnitIsShownAsStoredWithWhatWasWrittenAndAnyOtherWithItsUnit() {
        assertThat(format.actual("15,820,500", new BigDecimal("15820.5"), "千円")).isEqualTo("15,820.5千円");
        assertThat(format.written("15,820,500", new BigDecimal("15820.5"))).isEqualTo("記入どおり：15,820,500");
        assertThat(format.actual("約1.6億円", new BigDecimal("160000"), "千円")).isEqualTo("約160,000千円");
        for (String[] shown : new String[][] {{"97.5%", "97.5", "%", "97.5%"}, {"96.5", "96.5", "%", "96.5%"},
                {"約1,020人", "1020", "人", "約1,020人"}, {"1000", "1000", "人", "1,000人"}, {"導入", null, null, "導入"},
                {"23 事業", "23", "事業", "23事業"}}) {
            BigDecimal value = shown[1] == null ? null : new BigDecimal(shown[1]);
            assertThat(format.actual(shown[0], value, shown[2])).as(shown[0]).isEqualTo(shown[3]);
            assertThat(format.written(shown[0], value)).isNull();
        }
    }

    @Test
    void aTargetHasItsUnitWithoutASpaceAndWordsStay() {
        assertThat(format.target("90", "件")).isEqualTo("90件");
        assertThat(format.target("175 時間", "時間")).isEqualTo("175時間");
        assertThat(format.target("1,560万文字", "文字")).isEqualTo("1,560万文字");
        assertThat(format.target("見直し・反映", null)).isEqualTo("見直し・反映");
    }

    private String path(String recorded) {
        String json = "{\"path\":\"" + recorded + "\"}";
        return String.join("\n", format.auditDetails(json));
    }
}
