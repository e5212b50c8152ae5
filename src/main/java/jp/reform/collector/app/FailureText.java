package jp.reform.collector.app;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** What kind of failure stopped a command (the line itself is {@link jp.reform.collector.domain.LogText#cause}). */
final class FailureText {

    private FailureText() {
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
