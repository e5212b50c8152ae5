package jp.reform.collector.intake;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B?…?=}, {@code =?charset?Q?…?=}) in a header value,
 * also where RFC 2047 forbids them but mail clients put them: inside a quoted file name, next to other
 * text. Each word is decoded by Jakarta Mail's {@link MimeUtility#decodeWord}.
 *
 * <p>{@code MimeUtility.decodeText} alone would not do for Japanese names: clients split a long name
 * into several words without respecting character boundaries (a UTF-8 or Shift_JIS character cut in
 * two, an ISO-2022-JP escape sequence in one word and its text in the next), and it decodes each word
 * on its own; words inside other text it decodes only under a JVM-wide system property. So decodeWord
 * gives each word's bytes (labelled ISO-8859-1, which maps bytes to chars one to one), adjacent words
 * in the same charset are joined as bytes, and the bytes are decoded once in the charset Jakarta Mail
 * uses for the label ({@link MailCharsets}). Whitespace between two encoded words is dropped, as
 * RFC 2047 says. A word that cannot be decoded (unknown charset, broken Base64) is kept as it is.
 */
final class EncodedWords {

    /** A B word must be strict Base64, so that a broken one stays visible instead of turning into nothing. */
    private static final Pattern WORD =
            Pattern.compile("=\\?([^?\\s]+)\\?([Bb]\\?[A-Za-z0-9+/]*={0,2}|[Qq]\\?[^?\\s]*)\\?=");

    private EncodedWords() {
    }

    static boolean contains(String text) {
        return text != null && text.contains("=?");
    }

    static String decode(String text) {
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        int last = 0;
        while (m.find()) {
            String between = text.substring(last, m.start());
            Optional<Charset> charset = MailCharsets.forLabel(m.group(1));
            Optional<byte[]> bytes = bytes(m.group(2));
            if (charset.isEmpty() || bytes.isEmpty()) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(between).append(m.group());
            } else {
                boolean afterWord = pendingCharset != null;
                if (!(afterWord && between.isBlank())) {
                    flush(out, pending, pendingCharset);
                    pendingCharset = null;
                    out.append(between);
                } else if (!charset.get().equals(pendingCharset)) {
                    flush(out, pending, pendingCharset);
                }
                pendingCharset = charset.get();
                pending.writeBytes(bytes.get());
            }
            last = m.end();
        }
        flush(out, pending, pendingCharset);
        return out.append(text, last, text.length()).toString();
    }

    /** The bytes a word carries ({@code B?…} or {@code Q?…}), transfer-decoded by Jakarta Mail. */
    private static Optional<byte[]> bytes(String encodingAndText) {
        try {
            String latin1 = MimeUtility.decodeWord("=?ISO-8859-1?" + encodingAndText + "?=");
            return Optional.of(latin1.getBytes(StandardCharsets.ISO_8859_1));
        } catch (ParseException | UnsupportedEncodingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (charset != null && pending.size() > 0) {
            out.append(new String(pending.toByteArray(), charset));
        }
        pending.reset();
    }
}
