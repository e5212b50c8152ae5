package jp.reform.collector.intake;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.read.Extensions;

/**
 * Names under which a received file, its receipt and a quarantined file are written, made from the name
 * the department gave it, which may hold anything a file system allows: line breaks, a backslash, bidi
 * overrides, 250 bytes of Japanese. The original name is kept in the database and shown in the receipt;
 * these names only have to be safe and unique enough:
 * <ul>
 * <li>one name, never a path: no / or \, and none of {@code < > : " | ? *};</li>
 * <li>no control or invisible formatting characters (CR, LF, bidi overrides that disguise an extension);</li>
 * <li>no trailing dots or spaces, and no device name such as CON or COM1 (Windows refuses both);</li>
 * <li>bounded in UTF-8 bytes, not characters: the receipt's name, the longest of them, is at most
 * {@value #MAX_BYTES} bytes, well under the 255 bytes of ext4 and the 255 UTF-16 units of NTFS/SMB.</li>
 * </ul>
 */
public final class ArchiveNames {

    /** Longest name written beside a submission (the receipt, which carries the archived name). */
    public static final int MAX_BYTES = 200;

    /** Characters Windows refuses in a name; shared with the names of mail attachments. */
    static final String FORBIDDEN = "<>:\"/\\|?*";
    private static final int MAX_EXTENSION_CHARS = 10;
    private static final String CUT = "…";
    private static final String FALLBACK = "file";

    /** Names Windows maps to devices, with or without an extension; shared with mail attachments. */
    static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
            "LPT\u00B9", "LPT\u00B2", "LPT\u00B3");

    private ArchiveNames() {
    }

    /** The receipt's file name suffix (_受付結果.txt). */
    public static String receiptSuffix() {
        return Messages.text("receipt.file_suffix");
    }

    /**
     * The archived file's name: {@code <prefix>_<original, made safe>}, short enough that the longest name
     * written beside it, {@code <archived name><suffix>}, fits in {@value #MAX_BYTES} bytes.
     *
     * @param prefix receipt number (R2026-000123) or another unique, plain ASCII prefix
     * @param suffix the longest suffix that will be appended to the result (the receipt's)
     */
    public static String archived(String prefix, String original, String suffix) {
        int room = MAX_BYTES - bytes(prefix) - 1 - bytes(suffix);
        return prefix + "_" + safe(original, room);
    }

    /** The receipt's name beside an archived file made by {@link #archived}. */
    public static String receipt(String archivedName) {
        return archivedName + receiptSuffix();
    }

    /**
     * One safe file name of at most {@code maxBytes} UTF-8 bytes (at least 16), keeping the extension
     * when it is a short plain one. Nothing left gives "file".
     */
    public static String safe(String original, int maxBytes) {
        int limit = Math.max(16, maxBytes);
        StringBuilder clean = new StringBuilder();
        // what trails the extension is dropped, not replaced: the name keeps the extension the file was read by
        (original == null ? "" : Extensions.trimEnd(original)).codePoints().forEach(cp -> {
            if (FORBIDDEN.indexOf(cp) >= 0) {
                clean.append('_');
            } else if (isInvisible(cp)) {
                clean.append('_');
            } else {
                clean.appendCodePoint(cp);
            }
        });
        String name = trimEnd(clean.toString()).strip();
        int dot = name.lastIndexOf('.');
        String extension = dot >= 0 && isPlainExtension(name.substring(dot + 1)) ? name.substring(dot) : "";
        String base = extension.isEmpty() ? name : trimEnd(name.substring(0, dot));
        if (base.isEmpty() || base.chars().allMatch(c -> c == '.' || c == '_' || Character.isWhitespace(c))) {
            // "..csv", ".xlsx", "___": keep what there is, readable, behind a word
            base = FALLBACK + (base.isEmpty() ? "" : base.replace('.', '_'));
        }
        int first = base.indexOf('.');
        if (RESERVED.contains((first < 0 ? base : base.substring(0, first)).strip().toUpperCase(Locale.ROOT))) {
            base = "_" + base;
        }
        if (bytes(base) + bytes(extension) <= limit) {
            return base + extension;
        }
        return cut(base, limit - bytes(extension) - bytes(CUT)) + CUT + extension;
    }

    /**
     * The name as it may be shown in a receipt, a mail subject or a report: the whole original name, with
     * control and invisible characters (a line break that would forge a mail header or split a line)
     * shown as U+FFFD.
     */
    public static String shown(String original) {
        if (original == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(original.length());
        original.codePoints().forEach(cp -> out.appendCodePoint(isInvisible(cp) ? 0xFFFD : cp));
        return out.toString();
    }

    /** Whether a name needs nothing of {@link #safe} but the length: what Windows and Camel can carry. */
    public static boolean isPlain(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(cp -> isInvisible(cp) || cp == '\\' || cp == '/');
    }

    public static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Control, formatting (bidi overrides, zero-width), line-separator and lone surrogate code points. */
    public static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || cp == 0xFFFE || cp == 0xFFFF;
    }

    private static boolean isPlainExtension(String extension) {
        return !extension.isEmpty() && extension.length() <= MAX_EXTENSION_CHARS
                && extension.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
    }

    /** The longest start of {@code text} of at most {@code maxBytes} bytes, cut between code points. */
    private static String cut(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        String kept = trimEnd(text.substring(0, end));
        return kept.isEmpty() ? FALLBACK : kept;
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
