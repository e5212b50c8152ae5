package jp.reform.collector.console.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signed-in sessions, in memory (a restart signs everybody out). A session ends after
 * {@code idleTimeout} without use (setting {@code http.session-idle-minutes}), and {@code maxAge} after its
 * sign-in however much it is used ({@code http.session-max-hours}: a cookie copied from a PC left signed in
 * does not last for ever); at most {@code maxSessions} exist, the longest idle one giving way to a new one.
 */
public final class Sessions {

    public static final int DEFAULT_MAX_SESSIONS = 1000;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Duration idleTimeout;
    private final Duration maxAge;
    private final int maxSessions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new HashMap<>();

    public Sessions(Duration idleTimeout, Duration maxAge, int maxSessions, Clock clock) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxAge.isNegative() || maxAge.isZero()
                || maxSessions < 1) {
            throw new IllegalArgumentException("idle timeout, maximum age and maximum number of sessions must be positive");
        }
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    public Sessions(Duration idleTimeout, Duration maxAge) {
        this(idleTimeout, maxAge, DEFAULT_MAX_SESSIONS, Clock.systemUTC());
    }

    /** A new session with a fresh id and CSRF token (a new id at every sign-in: no session fixation). */
    public synchronized Session create(User user) {
        Instant now = clock.instant();
        removeExpired(now);
        while (byId.size() >= maxSessions) {
            byId.values().stream().min(Comparator.comparing(Session::lastSeen))
                    .ifPresent(oldest -> byId.remove(oldest.id()));
        }
        String id;
        do {
            id = randomToken();
        } while (byId.containsKey(id));
        Session session = new Session(id, user, now, now, randomToken());
        byId.put(id, session);
        return session;
    }

    /** The session with this id unless it has been idle or lasted too long (then it is removed). Does not touch it. */
    public synchronized Optional<Session> find(String id) {
        Session session = id == null ? null : byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (expired(session, clock.instant())) {
            byId.remove(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Marks the session used now and returns it; empty when it does not exist or has expired. */
    public synchronized Optional<Session> touch(String id) {
        return find(id).map(found -> {
            Session seen = found.seenAt(clock.instant());
            byId.put(seen.id(), seen);
            return seen;
        });
    }

    /**
     * The session signed in as {@code user} from now on, as it was otherwise (its id, token and age): the user as
     * config/users.csv has them after their 課 was renamed. Empty when it does not exist or has expired.
     */
    public synchronized Optional<Session> withUser(String id, User user) {
        return find(id).map(found -> {
            Session renamed = new Session(found.id(), user, found.created(), found.lastSeen(), found.csrfToken());
            byId.put(renamed.id(), renamed);
            return renamed;
        });
    }

    /** Signs the session out. */
    public synchronized void invalidate(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Signs out every session of a login (after a password or role change); returns how many there were. */
    public synchronized int invalidateAllOf(String login) {
        String key = User.loginKey(login);
        int before = byId.size();
        byId.values().removeIf(s -> User.loginKey(s.user().login()).equals(key));
        return before - byId.size();
    }

    /** Whether the session exists, is not expired and the submitted token is its CSRF token. */
    public boolean csrfMatches(String id, String submittedToken) {
        return find(id).map(s -> s.csrfMatches(submittedToken)).orElse(false);
    }

    public synchronized int size() {
        return byId.size();
    }

    private boolean expired(Session session, Instant now) {
        return !session.lastSeen().plus(idleTimeout).isAfter(now) || !session.created().plus(maxAge).isAfter(now);
    }

    private void removeExpired(Instant now) {
        byId.values().removeIf(s -> expired(s, now));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }
}
