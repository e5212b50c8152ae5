package jp.reform.collector.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a POST has to say on the page it redirects to, kept for that session's next look at the page and then
 * forgotten: a password made for someone must be shown once, never in an address, and a reload must neither
 * show it again nor send the POST again. Bounded in number and age, so that notices nobody came back for do not
 * pile up.
 *
 * @param <T> what is said
 */
final class OneTimeNotices<T> {

    private static final int MAX = 200;
    private static final Duration KEPT = Duration.ofMinutes(10);

    private record Held<T>(T notice, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Held<T>> bySession = new LinkedHashMap<>();

    OneTimeNotices(Clock clock) {
        this.clock = clock;
    }

    synchronized void put(String sessionId, T notice) {
        Instant now = clock.instant();
        bySession.remove(sessionId);
        bySession.put(sessionId, new Held<>(notice, now));
        for (Iterator<Held<T>> it = bySession.values().iterator(); it.hasNext(); ) {
            Held<T> held = it.next();
            if (bySession.size() > MAX || held.at().plus(KEPT).isBefore(now)) {
                it.remove();
            }
        }
    }

    synchronized Optional<T> take(String sessionId) {
        Held<T> held = bySession.remove(sessionId);
        return held == null || held.at().plus(KEPT).isBefore(clock.instant()) ? Optional.empty()
                : Optional.of(held.notice());
    }
}
