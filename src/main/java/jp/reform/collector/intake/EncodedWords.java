package jp.reform.collector.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B?…?=}, {@code =?charset?Q?…?=}) in a header value,
 * also where RFC 2047 forbids them but every mail client puts them: inside a quoted file name.
 *
 * <p>Written here rather than left to {@code MimeUtility.decodeText} for two reasons: the charset labels
 * must go through {@link MailCharsets} (① and ㈱ under an ISO-2022-JP or Shift_JIS label), and mail
 * clients split long names into several words without respecting character boundaries (a UTF-8 or
 * Shift_JIS character cut in two, an ISO-2022-JP escape sequence in one word and its text in the next).
 * Adjacent words in the same charset are therefore joined as bytes and decoded once. Whitespace between
 * two encoded words is dropped, as RFC 2047 says. A word that cannot be decoded (unknown charset, broken
 * Base64) is kept as it is.
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

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
            Optional<Charset> charset = MailCharsets.forLabel(withoutLanguage(m.group(1)));
            Optional<byte[]> bytes = bytes(m.group(2), m.group(3));
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

    /** RFC 2231 lets a word carry a language: {@code =?UTF-8*ja?B?…?=}. */
    private static String withoutLanguage(String label) {
        int star = label.indexOf('*');
        return star < 0 ? label : label.substring(0, star);
    }

    private static Optional<byte[]> bytes(String encoding, String encoded) {
        if (encoding.toUpperCase(Locale.ROOT).equals("B")) {
            try {
                // strict alphabet (a broken word stays visible), padding optional
                return Optional.of(Base64.getDecoder().decode(encoded));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && hex(encoded, i + 1) >= 0) {
                bytes.write(hex(encoded, i + 1));
                i += 2;
            } else if (c > 0xFF) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        return Optional.of(bytes.toByteArray());
    }

    /** The byte written as two hex digits at {@code index}, or -1. */
    static int hex(String text, int index) {
        if (index + 1 >= text.length()) {
            return -1;
        }
        int high = Character.digit(text.charAt(index), 16);
        int low = Character.digit(text.charAt(index + 1), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (charset != null && pending.size() > 0) {
            out.append(new String(pending.toByteArray(), charset));
        }
        pending.reset();
    }
}
