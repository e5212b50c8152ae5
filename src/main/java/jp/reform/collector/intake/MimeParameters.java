package jp.reform.collector.intake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.internet.MimeUtility;

/**
 * Reads one parameter of a raw Content-Disposition or Content-Type header value, RFC 2231 included
 * ({@code filename*=charset'lang'%XX…}, continuations {@code filename*0*=…; filename*1*=…}).
 *
 * <p>Angus Mail's own ParameterList decodes RFC 2231 with Java's strict charsets (① under ISO-2022-JP
 * becomes U+FFFD) and only when the JVM-wide system property {@code mail.mime.decodeparameters} allows;
 * its parser also rejects the unquoted names with spaces or brackets that some clients send. This parser
 * works on the header text itself, accepts what it can and never throws: a value it cannot make sense
 * of is returned as written.
 */
final class MimeParameters {

    /** More continuation segments than any real file name needs. */
    private static final int MAX_SEGMENTS = 1000;

    private final Map<String, String> values = new LinkedHashMap<>();

    private MimeParameters() {
    }

    /**
     * The decoded value of parameter {@code name} (lower case): the RFC 2231 form when present, else the
     * plain one; empty when the header has neither. RFC 2047 encoded words in it are left for the caller.
     */
    static Optional<String> value(String header, String name) {
        if (header == null) {
            return Optional.empty();
        }
        MimeParameters parameters = parse(MimeUtility.unfold(header));
        Optional<String> extended = parameters.extended(name);
        if (extended.isPresent()) {
            return extended;
        }
        return Optional.ofNullable(parameters.values.get(name)).map(MimeParameters::fromRawBytes);
    }

    /**
     * Some scanners and older mailers put a plain name in the header as raw UTF-8 or Shift_JIS bytes;
     * read without {@code mail.mime.allowutf8} they arrive one char per byte. Such a value is decoded
     * when it is valid UTF-8, else valid Windows-31J, and left alone otherwise (a Latin-1 name that
     * happens to be valid Windows-31J, "Über" as half-width kana, is the price; it does not happen in
     * a Japanese city's mail). Encoded (RFC 2231, RFC 2047) values never pass here.
     */
    private static String fromRawBytes(String value) {
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return value;
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        for (Charset charset : List.of(StandardCharsets.UTF_8, MailCharsets.WINDOWS_31J)) {
            try {
                return charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                // try the next one
            }
        }
        return value;
    }

    /** Splits {@code type; a=1; b="x;y"} into parameters; the first of each name wins. */
    private static MimeParameters parse(String header) {
        MimeParameters parameters = new MimeParameters();
        int i = 0;
        int n = header.length();
        while (i < n) {
            int nameEnd = i;
            while (nameEnd < n && header.charAt(nameEnd) != '=' && header.charAt(nameEnd) != ';') {
                nameEnd++;
            }
            if (nameEnd >= n || header.charAt(nameEnd) == ';') {
                // the disposition or media type, or a stray token
                i = nameEnd + 1;
                continue;
            }
            // the last word before '=': tolerates a missing ';' after the disposition type
            String[] words = header.substring(i, nameEnd).strip().split("\\s+");
            String name = words[words.length - 1].toLowerCase(Locale.ROOT);
            int v = nameEnd + 1;
            while (v < n && Character.isWhitespace(header.charAt(v))) {
                v++;
            }
            StringBuilder value = new StringBuilder();
            if (v < n && header.charAt(v) == '"') {
                v++;
                while (v < n && header.charAt(v) != '"') {
                    char c = header.charAt(v);
                    if (c == '\\' && v + 1 < n) {
                        c = header.charAt(++v);
                    }
                    value.append(c);
                    v++;
                }
                // skip whatever follows the closing quote up to the next parameter
                while (v < n && header.charAt(v) != ';') {
                    v++;
                }
            } else {
                while (v < n && header.charAt(v) != ';') {
                    value.append(header.charAt(v++));
                }
            }
            if (!name.isEmpty()) {
                parameters.values.putIfAbsent(name, value.toString().strip());
            }
            i = v + 1;
        }
        return parameters;
    }

    /** {@code name*=…}, or the continuation segments {@code name*0[*]=…, name*1[*]=…}, decoded. */
    private Optional<String> extended(String name) {
        String single = values.get(name + "*");
        if (single != null) {
            return Optional.of(decodeSegments(new String[] {single}, new boolean[] {true}));
        }
        int count = 0;
        while (count < MAX_SEGMENTS
                && (values.containsKey(name + "*" + count) || values.containsKey(name + "*" + count + "*"))) {
            count++;
        }
        if (count == 0) {
            return Optional.empty();
        }
        String[] segments = new String[count];
        boolean[] encoded = new boolean[count];
        for (int s = 0; s < count; s++) {
            String encodedValue = values.get(name + "*" + s + "*");
            encoded[s] = encodedValue != null;
            segments[s] = encoded[s] ? encodedValue : values.get(name + "*" + s);
        }
        return Optional.of(decodeSegments(segments, encoded));
    }

    /**
     * Joins the segments as bytes and decodes them once, since a client may cut a character (or an
     * ISO-2022-JP escape sequence) between two segments. Only the first segment names the charset.
     */
    private static String decodeSegments(String[] segments, boolean[] encoded) {
        boolean anyEncoded = false;
        for (boolean e : encoded) {
            anyEncoded |= e;
        }
        if (!anyEncoded) {
            return String.join("", segments);
        }
        Charset charset = StandardCharsets.UTF_8;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            if (s == 0 && encoded[0]) {
                int first = segment.indexOf('\'');
                int second = first < 0 ? -1 : segment.indexOf('\'', first + 1);
                if (second >= 0) {
                    // an unknown or missing charset: UTF-8 is what a modern client meant
                    charset = MailCharsets.forLabel(segment.substring(0, first)).orElse(StandardCharsets.UTF_8);
                    segment = segment.substring(second + 1);
                }
            }
            if (!isBytes(segment)) {
                // already text (a header read as UTF-8): nothing to decode, keep it
                bytes.writeBytes(segment.getBytes(charset));
            } else if (encoded[s]) {
                percentDecode(segment, bytes);
            } else {
                bytes.writeBytes(segment.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return new String(bytes.toByteArray(), charset);
    }

    /** True when every char is a byte, as when the header was read as ISO-8859-1 (raw 8-bit headers). */
    private static boolean isBytes(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static void percentDecode(String segment, ByteArrayOutputStream bytes) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            int hex = c == '%' ? EncodedWords.hex(segment, i + 1) : -1;
            if (hex >= 0) {
                bytes.write(hex);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
    }
}
