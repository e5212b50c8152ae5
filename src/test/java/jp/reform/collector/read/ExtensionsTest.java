package jp.reform.collector.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtensionsTest {

    @Test
    void theLastExtensionLowerCaseOfTheLastPathElement() {
        assertThat(Extensions.of("実績.XLSX")).isEqualTo("xlsx");
        assertThat(Extensions.of("a.tar.gz")).isEqualTo("gz");
        assertThat(Extensions.of("noextension")).isEmpty();
        assertThat(Extensions.of("trailing.")).isEmpty();
        assertThat(Extensions.of("dir.v2/file")).isEmpty();
        assertThat(Extensions.of("C:\\報告.v2\\実績")).isEmpty();
        assertThat(Extensions.of("")).isEmpty();
        assertThat(Extensions.of(null)).isEmpty();
    }

    @Test
    void trailingDotsSpacesAndInvisibleCharactersAreNotPartOfIt() {
        assertThat(Extensions.of("report.csv ")).isEqualTo("csv");
        assertThat(Extensions.of("trail2.csv.")).isEqualTo("csv");
        assertThat(Extensions.of("trail3.csv. . ")).isEqualTo("csv");
        assertThat(Extensions.of("zw\u200b.csv\u200b")).isEqualTo("csv");
        assertThat(Extensions.of("表.XLSX\u3000\u00a0\u202e")).isEqualTo("xlsx");
        // a visible character outside the BMP is part of the name, not trimmed as two surrogates
        assertThat(Extensions.of("表.csv\uD83D\uDE00")).isEqualTo("csv\uD83D\uDE00");
        assertThat(Extensions.isRead("表.csv\uD83D\uDE00")).isFalse();
    }

    @Test
    void theFormatsRead() {
        assertThat(Extensions.declaredFormat("a.xlsm")).isEqualTo("xlsx");
        assertThat(Extensions.declaredFormat("a.xls.")).isEqualTo("xls");
        assertThat(Extensions.declaredFormat("a.txt ")).isEqualTo("csv");
        assertThat(Extensions.declaredFormat("a.docx ")).isNull();
        assertThat(Extensions.isRead("a.zip")).isFalse();
    }
}
