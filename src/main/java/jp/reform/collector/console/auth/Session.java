package jp.reform.collector.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * A signed-in browser: its id (the cookie value), the user, when it started and was last used, and the
 * token that every changing request must echo (CSRF). Immutable; {@link Sessions} keeps the current copy.
 */
public record Session(String id, User user, Instant created, Instant lastSeen, String csrfToken) {

    /** Whether a submitted CSRF token is this session's, compared in constant time. */
    public boolean csrfMatches(String submitted) {
        return submitted != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.US_ASCII));
    }

    Session seenAt(Instant now) {
        return new Session(id, user, created, now, csrfToken);
    }

    /** Without id and token: a session may end up in a log line. */
    @Override
    public String toString() {
        return "Session[" + user + ", created " + created + ", last seen " + lastSeen + "]";
    }
}
