package jp.reform.collector.domain;

/**
 * Text that came from a sign-in form, a file name or a mail header, made safe for one log line: control characters (CR, LF, ESC …),
 * invisible format characters (bidi overrides, zero-width), line and paragraph separators and lone
 * surrogates become {@code \\uXXXX}, so that a login cannot forge a log line or hide text; long values
 * are cut. Backslashes are doubled so that an escape in the log is always ours.
 */
public final class LogText {

    private static final int MAX_CODE_POINTS = 100;

    private LogText() {
    }

    public static String escape(String text) {
        return escape(text, MAX_CODE_POINTS);
    }

    /** {@link #escape(String)} with a limit of its own: an error message is worth more than a name. */
    public static String escape(String text, int maxCodePoints) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (count++ == maxCodePoints) {
                return out.append("…(").append(text.codePointCount(0, text.length())).append(" characters)").toString();
            }
            if (cp == '\\') {
                out.append("\\\\");
            } else if (unsafe(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
