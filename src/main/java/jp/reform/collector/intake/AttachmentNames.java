package jp.reform.collector.intake;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ParseException;

/**
 * The file name of a mail attachment, as the department named it, and a form of it that is safe to
 * write to disk.
 *
 * <p>The decoding is Jakarta Mail's ({@link MimeParameters}, {@link EncodedWords}), with the charsets of
 * {@code META-INF/jakarta.charset.map}; {@code Part.getFileName()} alone is not enough for Japanese mail:
 * RFC 2047 encoded words are decoded there only when the JVM-wide system property
 * {@code mail.mime.decodefilename} is true (it is false by default and cannot be set per session), a
 * sloppy header (an unquoted name with spaces, an unclosed quote) gives no name at all, and names sent
 * as raw 8-bit bytes come back as ISO-8859-1 mojibake. So the name is taken from the raw headers here
 * and decoded the same way whatever the JVM's mail properties are.
 */
public final class AttachmentNames {

    /** Longest name returned by {@link #safeFileName}, in characters: leaves room for a folder path. */
    static final int MAX_LENGTH = 120;

    /** An extension longer than this is no extension worth keeping when a name is cut. */
    private static final int MAX_EXTENSION_LENGTH = 10;

    private static final String FALLBACK = "attachment";

    private static final String FORBIDDEN = ArchiveNames.FORBIDDEN;

    /** Names Windows maps to devices, with or without an extension (COM¹ and LPT¹ included). */
    private static final Set<String> RESERVED = ArchiveNames.RESERVED;

    private AttachmentNames() {
    }

    /**
     * The decoded file name of a part: Content-Disposition {@code filename} first, then Content-Type
     * {@code name}; for each, the RFC 2231 form before the plain one, and RFC 2047 encoded words decoded
     * in either. Empty when the part names no file (a message body, say).
     *
     * @throws MessagingException when the headers cannot be fetched (an IMAP folder closed under us):
     *                            a failure to retry, not a part without a name
     */
    public static Optional<String> of(Part part) throws MessagingException {
        Optional<String> name = fromHeader(part, "Content-Disposition", "filename");
        if (name.isEmpty()) {
            name = fromHeader(part, "Content-Type", "name");
        }
        if (name.isEmpty() && part.getHeader("Content-Disposition") == null && part.getHeader("Content-Type") == null) {
            // a Part that does not expose its raw headers
            try {
                name = Optional.ofNullable(part.getFileName()).flatMap(AttachmentNames::decoded);
            } catch (ParseException e) {
                return Optional.empty();
            }
        }
        return name;
    }

    private static Optional<String> fromHeader(Part part, String header, String parameter) throws MessagingException {
        String[] values = part.getHeader(header);
        if (values == null || values.length == 0) {
            return Optional.empty();
        }
        return MimeParameters.value(values[0], parameter).flatMap(AttachmentNames::decoded);
    }

    private static Optional<String> decoded(String value) {
        String name = (EncodedWords.contains(value) ? EncodedWords.decode(value) : value).strip();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /**
     * A name that can be used as one file name in any folder on Windows or Unix and never as a path: the
     * last segment after / or \, without control and formatting characters (bidi overrides that disguise
     * an extension), with Windows-forbidden characters replaced by _, without leading dots or spaces and
     * trailing dots or spaces, NFC-normalised, device names (CON, COM1, …) prefixed with _, at most
     * {@value #MAX_LENGTH} characters with the extension kept. Nothing left gives "attachment" (with the
     * extension, if there was one).
     */
    public static String safeFileName(String decoded) {
        if (decoded == null) {
            return FALLBACK;
        }
        String name = Normalizer.normalize(decoded, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (FORBIDDEN.indexOf(cp) >= 0) {
                clean.append('_');
            } else if (!isInvisible(cp)) {
                clean.appendCodePoint(cp);
            }
        });
        name = trimEnd(clean.toString());

        int dot = name.lastIndexOf('.');
        if (dot >= 0 && trimStart(name.substring(0, dot)).isEmpty()) {
            // ".xlsx", "...csv": only an extension
            String extension = name.substring(dot + 1);
            return isKeepableExtension(extension) ? FALLBACK + "." + extension : FALLBACK;
        }
        name = trimStart(name);
        if (name.isEmpty()) {
            return FALLBACK;
        }
        int firstDot = name.indexOf('.');
        String base = (firstDot < 0 ? name : name.substring(0, firstDot)).strip().toUpperCase(Locale.ROOT);
        if (RESERVED.contains(base)) {
            name = "_" + name;
        }
        return capLength(name);
    }

    /** Control, formatting (bidi overrides, zero-width), line-separator and lone surrogate code points. */
    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String capLength(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && isKeepableExtension(name.substring(dot + 1)) ? name.substring(dot) : "";
        String base = extension.isEmpty() ? name : name.substring(0, dot);
        int keep = MAX_LENGTH - extension.length();
        base = trimEnd(base.substring(0, base.offsetByCodePoints(0, keep)));
        return (base.isEmpty() ? FALLBACK : base) + extension;
    }

    private static boolean isKeepableExtension(String extension) {
        return !extension.isEmpty() && extension.length() <= MAX_EXTENSION_LENGTH
                && extension.chars().allMatch(Character::isLetterOrDigit);
    }

    private static String trimStart(String name) {
        int i = 0;
        while (i < name.length() && (name.charAt(i) == '.' || Character.isWhitespace(name.charAt(i))
                || Character.isSpaceChar(name.charAt(i)))) {
            i++;
        }
        return name.substring(i);
    }

    private static String trimEnd(String name) {
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || Character.isWhitespace(name.charAt(end - 1))
                || Character.isSpaceChar(name.charAt(end - 1)))) {
            end--;
        }
        return name.substring(0, end);
    }
}
