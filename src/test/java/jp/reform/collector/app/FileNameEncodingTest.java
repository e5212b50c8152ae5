package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which file-name encodings can carry the inbox's Japanese names (the C locale itself: CLocaleTest). */
class FileNameEncodingTest {

    @Test
    void utf8AndJapaneseWindowsCarryJapaneseNamesAsciiAndWesternWindowsDoNot() {
        // Linux with a UTF-8 locale, Japanese Windows (code page 932), a Japanese EUC locale
        assertThat(FileNameEncoding.problem("UTF-8")).isEmpty();
        assertThat(FileNameEncoding.problem("MS932")).isEmpty();
        assertThat(FileNameEncoding.problem("EUC-JP")).isEmpty();
        // the C / POSIX locale, and Windows with a Western system locale
        assertThat(FileNameEncoding.problem("ANSI_X3.4-1968")).hasValueSatisfying(text -> assertThat(text)
                .contains("encodes file names in ANSI_X3.4-1968", "LANG=C.UTF-8"));
        assertThat(FileNameEncoding.problem("Cp1252")).hasValueSatisfying(text -> assertThat(text)
                .contains("language for non-Unicode programs to Japanese"));
        // nothing to tell from
        assertThat(FileNameEncoding.problem(null)).isEmpty();
        assertThat(FileNameEncoding.problem("no-such-encoding")).isEmpty();
    }
}
