package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names written to disk from whatever name a department gave its file. */
class ArchiveNamesTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void longJapaneseNamesAreCutInBytesBeforeTheExtensionWithTheReceiptWithinTheBound() {
        String original = "令和7年度行政改革実施計画実績報告".repeat(6) + ".xlsx";
        String archived = ArchiveNames.archived("R2026-000123", original, ArchiveNames.receiptSuffix());
        assertThat(archived).startsWith("R2026-000123_令和7年度").endsWith("….xlsx");
        assertThat(bytes(ArchiveNames.receipt(archived))).isLessThanOrEqualTo(ArchiveNames.MAX_BYTES);
        assertThat(ArchiveNames.receipt(archived)).endsWith("….xlsx_受付結果.txt");
        // a surrogate pair is never split
        String emoji = "😀".repeat(100) + ".csv";
        String cut = ArchiveNames.safe(emoji, 50);
        assertThat(bytes(cut)).isLessThanOrEqualTo(50);
        assertThat(cut).matches("(😀)+….csv");
    }

    @Test
    void separatorsControlCharactersAndWindowsForbiddenCharactersBecomeUnderscores() {
        assertThat(ArchiveNames.safe("..\\..\\evil.csv", 200)).isEqualTo(".._.._evil.csv");
        assertThat(ArchiveNames.safe("a/b:c*d?e\"f<g>h|i.xlsx", 200)).isEqualTo("a_b_c_d_e_f_g_h_i.xlsx");
        assertThat(ArchiveNames.safe("実績\r\nBcc: x@example.com.xlsx", 200)).isEqualTo("実績__Bcc_ x@example.com.xlsx");
        assertThat(ArchiveNames.safe("invoice\u202Excsl.exe", 200)).doesNotContain("\u202E");
    }

    @Test
    void trailingDotsAndSpacesDotOnlyNamesAndDeviceNames() {
        assertThat(ArchiveNames.safe("実績.csv. . ", 200)).isEqualTo("実績.csv");
        assertThat(ArchiveNames.safe("..csv", 200)).isEqualTo("file.csv");
        assertThat(ArchiveNames.safe(".xlsx", 200)).isEqualTo("file.xlsx");
        assertThat(ArchiveNames.safe("", 200)).isEqualTo("file");
        assertThat(ArchiveNames.safe("CON.csv", 200)).isEqualTo("_CON.csv");
        assertThat(ArchiveNames.safe("com1.xlsx", 200)).isEqualTo("_com1.xlsx");
        assertThat(ArchiveNames.safe("CONTROL.csv", 200)).isEqualTo("CONTROL.csv");
    }

    @Test
    void theShownNameIsWholeWithInvisibleCharactersMadeVisible() {
        String original = "令和7年度".repeat(20) + "\r\n.csv";
        assertThat(ArchiveNames.shown(original)).isEqualTo("令和7年度".repeat(20) + "\uFFFD\uFFFD.csv");
    }
}
