package jp.reform.collector.intake;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.MimeUtility;

/**
 * Turns a charset label from a mail header into the Java charset that decodes what Japanese mail
 * clients actually send. Outlook, Becky! and friends label text as ISO-2022-JP or Shift_JIS but write
 * Windows characters (① ㈱ ～ －, NEC and IBM extensions) that Java's strict "ISO-2022-JP" and
 * "Shift_JIS" turn into U+FFFD or into different code points (～ becomes 〜). Their Microsoft variants
 * are supersets for these labels, so decoding with them never loses what the strict ones would keep.
 */
final class MailCharsets {

    static final Charset WINDOWS_ISO_2022_JP = Charset.forName("x-windows-iso2022jp");
    static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    private MailCharsets() {
    }

    /** The charset for a MIME label, or empty when Java knows no such charset. */
    static Optional<Charset> forLabel(String label) {
        if (label == null || label.isBlank()) {
            return Optional.empty();
        }
        String name = label.strip().toLowerCase(Locale.ROOT);
        switch (name) {
            case "iso-2022-jp", "iso2022jp", "csiso2022jp", "jis", "x-windows-iso2022jp", "windows-iso2022jp":
                return Optional.of(WINDOWS_ISO_2022_JP);
            case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis",
                 "windows-31j", "cswindows31j", "cp932", "ms932", "windows-932", "x-ms-cp932":
                return Optional.of(WINDOWS_31J);
            default:
                try {
                    return Optional.of(Charset.forName(MimeUtility.javaCharset(name)));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
        }
    }
}
