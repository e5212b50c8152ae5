package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which file-name encodings can carry the inbox's Japanese names (the C locale itself: CLocaleTest). */
class FileNameEncodingTest {

    @Test
    void utf8AndJapaneseEncodingsCarryJapaneseNamesAsciiDoesNot() {
        // Linux with a UTF-8 locale, a Japanese EUC or Shift_JIS locale
        assertThat(FileNameEncoding.problem("UTF-8", false)).isEmpty();
        assertThat(FileNameEncoding.problem("EUC-JP", false)).isEmpty();
        assertThat(FileNameEncoding.problem("MS932", false)).isEmpty();
        // the C / POSIX locale, a Western one
        assertThat(FileNameEncoding.problem("ANSI_X3.4-1968", false)).hasValueSatisfying(text -> assertThat(text)
                .contains("encodes file names in ANSI_X3.4-1968", "LANG=C.UTF-8", "bin/collector"));
        assertThat(FileNameEncoding.problem("ISO-8859-1", false)).isPresent();
        // nothing to tell from
        assertThat(FileNameEncoding.problem(null, false)).isEmpty();
        assertThat(FileNameEncoding.problem("no-such-encoding", false)).isEmpty();
    }

    @Test
    void onWindowsFileNamesDoNotGoThroughTheCodePage() {
        // an English-language Windows server: Java still opens 職員課 through the UTF-16 API
        assertThat(FileNameEncoding.problem("Cp1252", true)).isEmpty();
    }
}
