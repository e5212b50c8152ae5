package jp.reform.collector.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure as one line for the operator: the chain of causes, each as its type and message
 * ({@code PSQLException: An I/O error occurred while sending to the backend. / SocketTimeoutException: Read
 * timed out}). Never "null": an error without a message ({@code OutOfMemoryError}) is named by its type.
 */
final class FailureText {

    private static final int MAX_CAUSES = 5;
    private static final int MAX_LENGTH = 1000;
    private static final Set<String> WRAPPERS = Set.of("org.apache.camel.CamelExecutionException",
            "org.apache.camel.RuntimeCamelException", "java.lang.reflect.InvocationTargetException",
            "java.lang.reflect.UndeclaredThrowableException", "java.util.concurrent.ExecutionException",
            "java.util.concurrent.CompletionException");

    private FailureText() {
    }

    static String oneLine(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        List<String> parts = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && parts.size() < MAX_CAUSES; t = t.getCause()) {
            if (t.getCause() != null && WRAPPERS.contains(t.getClass().getName())) {
                continue; // says only that something below failed
            }
            String message = firstLine(t.getMessage());
            String part = message.isEmpty() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
            // wrappers often repeat their cause (new RuntimeException(cause) has cause.toString() as message)
            if (!parts.isEmpty() && !message.isEmpty() && parts.get(parts.size() - 1).contains(message)) {
                continue;
            }
            parts.add(part);
        }
        String line = String.join(" / ", parts);
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
    }

    /** The first line that says something: the details below it (SQL state, position …) are for the log's stack trace. */
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

    /** Whether the failure, or one of its causes, is the database's (unreachable, not answering, refusing). */
    static boolean isDatabase(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }
}
