package jp.reform.collector.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
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

    private static final int MAX_CAUSES = 5;
    private static final int MAX_CAUSE_LENGTH = 1000;
    /** Exceptions that only say that something below them failed. */
    private static final Set<String> WRAPPERS = Set.of("org.apache.camel.CamelExecutionException",
            "org.apache.camel.RuntimeCamelException", "java.lang.reflect.InvocationTargetException",
            "java.lang.reflect.UndeclaredThrowableException", "java.util.concurrent.ExecutionException",
            "java.util.concurrent.CompletionException");

    /**
     * A failure on one line, as the log, stderr and an operator's table show it: each cause's type and the
     * first line of its message, outermost first, joined by " / " ({@code PSQLException: An I/O error occurred
     * … / SocketTimeoutException: Read timed out}). Wrappers and messages that only repeat their cause are
     * left out; each message is escaped as {@link #escape} does, since it may quote a header or a file name.
     * Never "null": an error without a message ({@code OutOfMemoryError}) is named by its type.
     */
    public static String cause(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        List<String> parts = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && parts.size() < MAX_CAUSES; t = t.getCause()) {
            if (t.getCause() != null && WRAPPERS.contains(t.getClass().getName())) {
                continue;
            }
            String message = firstLine(withoutNested(t.getMessage()));
            // wrappers often repeat their cause (new RuntimeException(cause) has cause.toString() as message)
            if (!parts.isEmpty() && !message.isEmpty()
                    && parts.get(parts.size() - 1).contains(escape(t.getClass().getName() + ": " + message, MAX_CAUSE_LENGTH))) {
                continue;
            }
            parts.add(message.isEmpty() ? t.getClass().getSimpleName()
                    : t.getClass().getSimpleName() + ": " + escape(message, MAX_CAUSE_LENGTH));
        }
        String line = String.join(" / ", parts);
        return line.length() > MAX_CAUSE_LENGTH ? line.substring(0, MAX_CAUSE_LENGTH) + "…" : line;
    }

    /** The first line that says something: the details below it (SQL state, position …) are for the stack trace. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        for (String line : message.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
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
