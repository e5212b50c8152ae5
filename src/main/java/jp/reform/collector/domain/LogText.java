package jp.reform.collector.domain;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

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

    /**
     * A failure on one line, as the log and an operator's table show it: each cause's type and message,
     * outermost first, joined by " / " (Jakarta Mail's own toString spreads a nested exception over several
     * lines), each message escaped as {@link #escape} does, since it may quote a header or a file name.
     */
    public static String cause(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && seen.size() <= 5; t = t.getCause()) {
            if (out.length() > 0) {
                out.append(" / ");
            }
            out.append(t.getClass().getSimpleName());
            String message = withoutNested(t.getMessage());
            if (message != null && !message.isBlank()) {
                out.append(": ").append(escape(message));
            }
        }
        return out.toString();
    }

    /** Jakarta Mail's MessagingException appends its nested exception to its message; the chain lists it anyway. */
    private static String withoutNested(String message) {
        if (message == null) {
            return null;
        }
        int nested = message.indexOf(";\n  nested exception is:");
        return nested < 0 ? message : message.substring(0, nested);
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
