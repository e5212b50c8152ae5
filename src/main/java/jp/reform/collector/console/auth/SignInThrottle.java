package jp.reform.collector.console.auth;

import jp.reform.collector.domain.LogText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down guessing: failed sign-ins are counted per login and per remote address over a sliding
 * window. From the {@code freeFailures}-th failure on, the next attempt for that login or address has
 * to wait, twice as long after each further failure, up to {@code maxDelay}. A success clears the
 * login's count (not the address's: a guesser who knows one password must not reset their address).
 * Every failure is logged at WARN with login and address escaped.
 */
public final class SignInThrottle {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    public static final int DEFAULT_FREE_FAILURES = 5;
    public static final Duration DEFAULT_FIRST_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_KEYS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

    private final Clock clock;
    private final Duration window;
    private final int freeFailures;
    private final Duration firstDelay;
    private final Duration maxDelay;
    /** Separate maps, so that guessing many logins cannot push the guesser's own address out. */
    private final Failures byLogin;
    private final Failures byAddress;

    public SignInThrottle(Clock clock, Duration window, int freeFailures, Duration firstDelay, Duration maxDelay,
                          int maxKeys) {
        if (freeFailures < 1 || maxKeys < 1 || window.isNegative() || firstDelay.isNegative()
                || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("throttle settings must be positive, the maximum delay at least the first");
        }
        this.clock = clock;
        this.window = window;
        this.freeFailures = freeFailures;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.byLogin = new Failures(maxKeys);
        this.byAddress = new Failures(maxKeys);
    }

    /** 15 minutes, 5 free failures, then 1 s doubling up to 60 s, 10,000 logins and addresses remembered. */
    public SignInThrottle(Clock clock) {
        this(clock, DEFAULT_WINDOW, DEFAULT_FREE_FAILURES, DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_KEYS);
    }

    /** How long an attempt for this login from this address must still wait; zero when it may go ahead. */
    public synchronized Duration waitBefore(String login, String remoteAddress) {
        Instant now = clock.instant();
        Duration forLogin = waitFor(byLogin.recent(loginKey(login), now, window), now);
        Duration forAddress = waitFor(byAddress.recent(addressKey(remoteAddress), now, window), now);
        return forLogin.compareTo(forAddress) >= 0 ? forLogin : forAddress;
    }

    /**
     * The answer of {@link #admit}: how long the attempt must still wait (zero: it goes ahead), and when one that
     * goes ahead was counted as a failure, until {@link #succeeded(String, String, Admission)} takes that back.
     */
    public record Admission(Duration delay, Instant countedAt) {

        public boolean admitted() {
            return delay.isZero();
        }
    }

    /**
     * Whether an attempt may go ahead now, in one step with counting it as a failure: checking first and counting
     * once the password has been checked would let any number of attempts sent at the same moment through, since
     * none of them has failed yet when the others are let in.
     */
    public synchronized Admission admit(String login, String remoteAddress) {
        Duration wait = waitBefore(login, remoteAddress);
        if (!wait.isZero()) {
            return new Admission(wait, null);
        }
        Instant now = clock.instant();
        byLogin.add(loginKey(login), now, window);
        byAddress.add(addressKey(remoteAddress), now, window);
        return new Admission(Duration.ZERO, now);
    }

    /** An admitted attempt failed: it is counted already; logged with the counts. */
    public synchronized void failed(String login, String remoteAddress, Admission admission) {
        Instant now = clock.instant();
        logFailure(login, remoteAddress, byLogin.recent(loginKey(login), now, window).size(),
                byAddress.recent(addressKey(remoteAddress), now, window).size());
    }

    /** An admitted attempt succeeded: the login's failures are cleared, the address's count loses this attempt. */
    public synchronized void succeeded(String login, String remoteAddress, Admission admission) {
        byLogin.clear(loginKey(login));
        byAddress.remove(addressKey(remoteAddress), admission.countedAt());
    }

    /** Records a failed sign-in and logs it. */
    public synchronized void failed(String login, String remoteAddress) {
        Instant now = clock.instant();
        int loginFailures = byLogin.add(loginKey(login), now, window);
        int addressFailures = byAddress.add(addressKey(remoteAddress), now, window);
        logFailure(login, remoteAddress, loginFailures, addressFailures);
    }

    private void logFailure(String login, String remoteAddress, int loginFailures, int addressFailures) {
        LOG.warn("Failed sign-in for login \"{}\" from {} (failures in the last {} minutes: {} for this login, "
                        + "{} from this address)", LogText.escape(login), LogText.escape(remoteAddress),
                window.toMinutes(), loginFailures, addressFailures);
    }

    /** Records a refused attempt (it had to wait) in the log; it does not count as a further failure. */
    public void refused(String login, String remoteAddress, Duration wait) {
        LOG.warn("Sign-in for login \"{}\" from {} refused: too many failures, {} s to wait",
                LogText.escape(login), LogText.escape(remoteAddress), seconds(wait));
    }

    /** A successful sign-in clears the login's failures. */
    public synchronized void succeeded(String login) {
        byLogin.clear(loginKey(login));
    }

    /** Whole seconds, rounded up, for messages ("try again in 3 s"). */
    public static long seconds(Duration wait) {
        long seconds = wait.getSeconds();
        return wait.getNano() > 0 ? seconds + 1 : seconds;
    }

    private Duration waitFor(Deque<Instant> failures, Instant now) {
        if (failures.size() < freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures.size() - freeFailures, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        if (delay.compareTo(maxDelay) > 0) {
            delay = maxDelay;
        }
        Duration left = Duration.between(now, failures.peekLast().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String loginKey(String login) {
        return login == null ? "" : User.loginKey(login.strip());
    }

    private static String addressKey(String address) {
        return address == null ? "" : address;
    }

    /** Failure times per key; when the map is full, the key used least recently goes. */
    private static final class Failures {
        /** More failures than this change nothing (the delay is capped long before), so no more are kept. */
        private static final int KEPT_PER_KEY = 64;
        private final int maxKeys;
        private final Map<String, Deque<Instant>> times;

        Failures(int maxKeys) {
            this.maxKeys = maxKeys;
            this.times = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                    return size() > Failures.this.maxKeys;
                }
            };
        }

        Deque<Instant> recent(String key, Instant now, Duration window) {
            Deque<Instant> failures = times.get(key);
            if (failures == null) {
                return new ArrayDeque<>();
            }
            while (!failures.isEmpty() && !failures.peekFirst().plus(window).isAfter(now)) {
                failures.removeFirst();
            }
            if (failures.isEmpty()) {
                times.remove(key);
            }
            return failures;
        }

        int add(String key, Instant now, Duration window) {
            Deque<Instant> failures = recent(key, now, window);
            failures.addLast(now);
            if (failures.size() > KEPT_PER_KEY) {
                failures.removeFirst();
            }
            times.put(key, failures);
            return failures.size();
        }

        void clear(String key) {
            times.remove(key);
        }

        /** Takes back one failure counted at this time (an attempt that succeeded). */
        void remove(String key, Instant at) {
            Deque<Instant> failures = times.get(key);
            if (failures != null && failures.removeLastOccurrence(at) && failures.isEmpty()) {
                times.remove(key);
            }
        }
    }
}
