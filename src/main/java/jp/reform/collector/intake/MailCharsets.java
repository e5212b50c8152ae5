package jp.reform.collector.intake;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;

import jakarta.mail.internet.MimeUtility;

/**
 * The Java charset for a charset label from a mail header, as Jakarta Mail decodes it: through
 * {@code META-INF/jakarta.charset.map}, which maps ISO-2022-JP and Shift_JIS (and their aliases) to
 * their Microsoft variants, so that ① ㈱ ～ survive here exactly as they do in Jakarta Mail's own
 * decoding of RFC 2231 parameters, subjects and text parts.
 */
final class MailCharsets {

    static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private MailCharsets() {
    }

    /** The charset for a MIME label (an RFC 2231 language, {@code UTF-8*ja}, is ignored), or empty when Java knows none. */
    static Optional<Charset> forLabel(String label) {
        if (label == null || label.isBlank()) {
            return Optional.empty();
        }
        String name = label.strip();
        int language = name.indexOf('*');
        if (language >= 0) {
            name = name.substring(0, language);
        }
        try {
            return Optional.of(Charset.forName(MimeUtility.javaCharset(name)));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }
}
