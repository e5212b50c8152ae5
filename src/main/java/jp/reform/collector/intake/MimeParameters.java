package jp.reform.collector.intake;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.HeaderTokenizer;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.internet.ParseException;

/**
 * Reads one parameter of a raw Content-Disposition or Content-Type header value with Jakarta Mail:
 * {@link HeaderTokenizer} splits the header, {@link ParameterList} decodes RFC 2231
 * ({@code filename*=charset'lang'%XX…}, and the continuations {@code filename*0*=…; filename*1*=…},
 * joined as bytes before they are decoded) with the charsets of {@code META-INF/jakarta.charset.map}.
 *
 * <p>Not through {@code ContentDisposition} or {@code ContentType}: unless JVM-wide system properties
 * say otherwise their parser rejects the whole header for the unquoted names with spaces or brackets,
 * the missing {@code ;} or the unclosed quote that some clients send. Here the tokenizer reads each
 * {@code name=value} on its own, a value up to the next {@code ;} unless quoted. Two repairs, before
 * ParameterList sees the values: a continuation cut inside a %XX escape ({@code %E5%A} + {@code E%9F})
 * has the cut escape moved on to the next segment, and a missing or unknown charset means UTF-8 (what a
 * modern client meant) rather than the JVM's default. Never throws: what cannot be read is left out.
 */
final class MimeParameters {

    private static final Pattern CUT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]?$");
    /**
     * A run of raw ISO-2022-JP: from ESC $ B or ESC $ @ (JIS X 0208) to ESC ( B or ESC ( J (back to ASCII or
     * JIS-Roman), or to the end of the text when the mailer never switched back.
     */
    private static final Pattern JIS_RUN = Pattern.compile("\\u001B\\$[B@][^\\u001B]*(?:\\u001B\\([BJ])?");
    private static final Charset ISO_2022_JP = MailCharsets.forLabel("ISO-2022-JP").orElseThrow();

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
        Map<String, String> found = parameters(MimeUtility.unfold(header), name);
        String plain = found.remove(name);
        if (found.isEmpty()) {
            return Optional.ofNullable(plain).map(MimeParameters::fromRawBytes);
        }
        ParameterList list = new ParameterList();
        repaired(found, name).forEach(list::set);
        list.combineSegments();
        return Optional.ofNullable(list.get(name));
    }

    /**
     * The parameters named {@code name}, {@code name*}, {@code name*N} or {@code name*N*}, by their lower-case
     * names in header order; the first of each name wins.
     */
    private static Map<String, String> parameters(String header, String name) {
        Pattern wanted = Pattern.compile(Pattern.quote(name) + "(\\*|\\*\\d{1,4}\\*?)?");
        Map<String, String> found = new LinkedHashMap<>();
        HeaderTokenizer tokens = new HeaderTokenizer(header, HeaderTokenizer.MIME);
        String atom = null;
        try {
            for (HeaderTokenizer.Token token = tokens.next(); token.getType() != HeaderTokenizer.Token.EOF;
                 token = tokens.next()) {
                if (token.getType() != '=' || atom == null) {
                    // the word before '=' names the parameter, with or without a ';' before it
                    atom = token.getType() == HeaderTokenizer.Token.ATOM ? atom(token) : null;
                    continue;
                }
                String rest = tokens.getRemainder();
                String value;
                boolean unclosed = false;
                try {
                    HeaderTokenizer.Token v = tokens.next(';');
                    value = v.getType() == HeaderTokenizer.Token.ATOM || v.getType() == HeaderTokenizer.Token.QUOTEDSTRING
                            ? v.getValue() : "";
                } catch (ParseException unbalancedQuote) {
                    // a quote that is never closed: the rest of the header is the value
                    value = rest.strip().startsWith("\"") ? rest.strip().substring(1) : rest;
                    unclosed = true;
                }
                if (wanted.matcher(atom).matches()) {
                    found.putIfAbsent(atom, value.strip());
                }
                if (unclosed) {
                    break;
                }
                atom = null;
            }
        } catch (ParseException e) {
            // the rest of the header cannot be split (a stray quote or bracket): keep what was read
        }
        return found;
    }

    private static String atom(HeaderTokenizer.Token token) {
        return token.getValue().toLowerCase(Locale.ROOT);
    }

    /** The extended values, ready for ParameterList: a known charset in the first, no escape cut in two. */
    private static Map<String, String> repaired(Map<String, String> extended, String name) {
        Map<String, String> values = new LinkedHashMap<>(extended);
        for (String first : List.of(name + "*", name + "*0*")) {
            values.computeIfPresent(first, (key, value) -> withKnownCharset(value));
        }
        for (int i = 0; values.containsKey(name + "*" + i + "*") && values.containsKey(name + "*" + (i + 1) + "*"); i++) {
            String segment = name + "*" + i + "*";
            Matcher cut = CUT_ESCAPE.matcher(values.get(segment));
            if (cut.find()) {
                values.put(segment, values.get(segment).substring(0, cut.start()));
                values.merge(name + "*" + (i + 1) + "*", cut.group(), (next, escape) -> escape + next);
            }
        }
        return values;
    }

    /** {@code charset'lang'text} with UTF-8 for a charset that is missing or that Java does not know. */
    private static String withKnownCharset(String value) {
        int quote = value.indexOf('\'');
        if (quote < 0 || value.indexOf('\'', quote + 1) < 0) {
            return value;
        }
        return MailCharsets.forLabel(value.substring(0, quote)).isPresent() ? value
                : StandardCharsets.UTF_8.name() + value.substring(quote);
    }

    /**
     * Old Japanese mailers put a subject or file name in the header as raw ISO-2022-JP, without RFC 2047: 7-bit
     * text with escape sequences (ESC $ B … ESC ( B), which shows as {@code $B<B@S…(B}. Each such run is decoded
     * (Microsoft's variant, as for a declared ISO-2022-JP); the rest, and a run that does not decode, is left as it
     * is. Text that has no escape character comes back unchanged.
     */
    static String fromRawJis(String text) {
        if (text == null || text.indexOf('\u001B') < 0) {
            return text;
        }
        Matcher run = JIS_RUN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (run.find()) {
            String raw = run.group();
            String decoded = raw;
            if (raw.chars().allMatch(c -> c < 0x80)) {
                try {
                    // the run alone, back to ASCII at its end: the decoder keeps no state between runs
                    String whole = raw.endsWith("\u001B(B") || raw.endsWith("\u001B(J") ? raw : raw + "\u001B(B";
                    decoded = ISO_2022_JP.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(whole.getBytes(StandardCharsets.ISO_8859_1)))
                            .toString();
                } catch (CharacterCodingException e) {
                    decoded = raw; // not JIS after all: left as it came
                }
            }
            run.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        run.appendTail(out);
        return out.toString();
    }

    /**
     * Some scanners and older mailers put a plain name in the header as raw UTF-8 or Shift_JIS bytes;
     * read without {@code mail.mime.allowutf8} they arrive one char per byte. Such a value is decoded
     * when it is valid UTF-8, else valid Windows-31J, and left alone otherwise (a Latin-1 name that
     * happens to be valid Windows-31J, "Über" as half-width kana, is the price; it does not happen in
     * a Japanese city's mail). Encoded (RFC 2231, RFC 2047) values never pass here.
     */
    private static String fromRawBytes(String value) {
        value = fromRawJis(value);
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
}
