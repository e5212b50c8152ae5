package jp.reform.collector.read;

import java.util.Locale;

/**
 * The extension of a submitted file's name and the format it declares: decided here once, for the reader
 * and for every channel that chooses which files to take (folder, mail), so that a name one of them takes
 * is read the same way by the others.
 *
 * <p>Trailing dots, spaces and invisible characters are not part of the extension: Windows drops trailing
 * dots and spaces (the department sees {@code 実績.csv} for {@code 実績.csv. }), and a name pasted from a
 * document or chat may end in a zero-width space nobody can see.
 */
public final class Extensions {

    private Extensions() {
    }

    /** The extension, lower case, without the dot; "" when there is none. Only the last path element counts. */
    public static String of(String fileName) {
        if (fileName == null) {
            return "";
        }
        String last = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        String trimmed = trimEnd(last);
        int dot = trimmed.lastIndexOf('.');
        return dot < 0 ? "" : trimmed.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The format a name declares: "xlsx" (.xlsx, .xlsm), "xls", "csv" (.csv, and .txt, which is Excel's
     * "Unicode text", tab-separated); null for any other name, which is not read.
     */
    public static String declaredFormat(String fileName) {
        return switch (of(fileName)) {
            case "xlsx", "xlsm" -> "xlsx";
            case "xls" -> "xls";
            case "csv", "txt" -> "csv";
            default -> null;
        };
    }

    /** Whether a file of this name is read as results (rather than refused for its format). */
    public static boolean isRead(String fileName) {
        return declaredFormat(fileName) != null;
    }

    /** The name without its trailing dots, spaces and invisible characters. */
    public static String trimEnd(String name) {
        int end = name.length();
        while (end > 0) {
            int cp = name.codePointBefore(end);
            if (cp != '.' && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isInvisible(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return name.substring(0, end);
    }

    /** Control, formatting (zero-width, bidi), line-separator and lone surrogate code points. */
    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || cp == 0xFFFE || cp == 0xFFFF;
    }
}
