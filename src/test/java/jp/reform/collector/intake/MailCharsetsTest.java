package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

/** META-INF/jakarta.charset.map is the one Jakarta Mail reads, and Japanese labels decode ① ㈱ ～. */
class MailCharsetsTest {

    private static final String WINDOWS_TEXT = "実績①（㈱含む）4月～6月";
    private static final Charset JIS = Charset.forName("x-windows-iso2022jp");
    private static final Charset SJIS = Charset.forName("windows-31j");

    @Test
    void jakartaMailMapsJapaneseLabelsToTheMicrosoftVariants() {
        assertThat(MimeUtility.javaCharset("ISO-2022-JP")).isEqualTo("x-windows-iso2022jp");
        assertThat(MimeUtility.javaCharset("Shift_JIS")).isEqualTo("windows-31j");
        assertThat(MimeUtility.javaCharset("x-sjis")).isEqualTo("windows-31j");
        // Angus Mail's own entries are still there
        assertThat(MimeUtility.javaCharset("utf-8")).isEqualTo("UTF8");
        assertThat(MimeUtility.javaCharset("gb2312")).isEqualTo("GB18030");
    }

    @Test
    void labelsAsTheAttachmentNamesUseThem() {
        assertThat(MailCharsets.forLabel("iso-2022-jp")).contains(JIS);
        assertThat(MailCharsets.forLabel("SJIS")).contains(SJIS);
        assertThat(MailCharsets.forLabel("UTF-8*ja")).contains(StandardCharsets.UTF_8);
        assertThat(MailCharsets.forLabel("X-NO-SUCH")).isEmpty();
        assertThat(MailCharsets.forLabel(" ")).isEmpty();
    }

    @Test
    void subjectsAndTextPartsKeepTheWindowsCharacters() throws Exception {
        String raw = "From: zaisei@city.example.jp\r\n"
                + "Subject: =?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString(WINDOWS_TEXT.getBytes(JIS)) + "?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=Shift_JIS\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(WINDOWS_TEXT.getBytes(SJIS)) + "\r\n";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        assertThat(message.getSubject()).isEqualTo(WINDOWS_TEXT);
        assertThat(message.getContent()).isEqualTo(WINDOWS_TEXT);
    }
}
