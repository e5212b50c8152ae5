package jp.reform.collector.console.auth;

import jp.reform.collector.support.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Repeated failures slow the next attempts down, doubling up to a cap; every failure is logged safely. */
class SignInThrottleTest {

    private final TestClock clock = new TestClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    private void fail(String login, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(login, address);
        }
    }

    @Test
    void fiveFailuresForALoginMakeTheNextAttemptWaitDoublingUpToAMinute() {
        fail("tanaka", "10.0.0.1", 4);
        assertThat(throttle.waitBefore("tanaka", "10.0.0.9")).isZero();

        fail("tanaka", "10.0.0.2", 1);
        assertThat(throttle.waitBefore("TANAKA", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitBefore("yamada", "10.0.0.9")).as("other login, other address").isZero();

        fail("tanaka", "10.0.0.3", 1);
        assertThat(throttle.waitBefore("tanaka", "10.0.0.9")).isEqualTo(Duration.ofSeconds(2));
        fail("tanaka", "10.0.0.4", 1);
        assertThat(throttle.waitBefore("tanaka", "10.0.0.9")).isEqualTo(Duration.ofSeconds(4));
        fail("tanaka", "10.0.0.5", 10);
        assertThat(throttle.waitBefore("tanaka", "10.0.0.9")).isEqualTo(Duration.ofSeconds(60));

        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.waitBefore("tanaka", "10.0.0.9")).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.waitBefore("tanaka", "10.0.0.9")).isZero();
    }

    @Test
    void fiveFailuresFromAnAddressSlowDownEveryLoginFromIt() {
        fail("a", "10.0.0.1", 1);
        fail("b", "10.0.0.1", 1);
        fail("c", "10.0.0.1", 1);
        fail("d", "10.0.0.1", 1);
        fail("e", "10.0.0.1", 1);

        assertThat(throttle.waitBefore("f", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitBefore("f", "10.0.0.2")).isZero();
    }

    @Test
    void failuresOutsideTheWindowNoLongerCount() {
        fail("tanaka", "10.0.0.1", 5);
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.waitBefore("tanaka", "10.0.0.1")).isZero();
        fail("tanaka", "10.0.0.1", 1);
        assertThat(throttle.waitBefore("tanaka", "10.0.0.1")).isZero();
    }

    @Test
    void aSuccessResetsTheLoginButNotTheAddress() {
        fail("tanaka", "10.0.0.1", 5);
        throttle.succeeded("Tanaka");

        assertThat(throttle.waitBefore("tanaka", "10.0.0.2")).isZero();
        assertThat(throttle.waitBefore("tanaka", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rememberedKeysAreBounded() {
        SignInThrottle small = new SignInThrottle(clock, Duration.ofMinutes(15), 5, Duration.ofSeconds(1),
                Duration.ofSeconds(60), 2);
        for (int i = 0; i < 5; i++) {
            small.failed("tanaka", "10.0.0.1");
        }
        small.failed("someone", "10.0.0.2");
        small.failed("else", "10.0.0.3");

        assertThat(small.waitBefore("tanaka", "10.0.0.9")).as("forgotten: the map holds two logins").isZero();
    }

    @Test
    void everyFailureIsLoggedWithLoginAndAddressEscaped() {
        try (LogCapture log = new LogCapture(SignInThrottle.class)) {
            throttle.failed("tanaka", "10.0.0.1");
            throttle.failed("x\r\n2026-06-01 00:00:00 INFO  SignIn - admin signed in\u202e", "10.0.0.1\n");

            assertThat(log.lines()).hasSize(2);
            assertThat(log.lines().get(0)).isEqualTo("WARN Failed sign-in for login \"tanaka\" from 10.0.0.1 "
                    + "(failures in the last 15 minutes: 1 for this login, 1 from this address)");
            assertThat(log.lines().get(1)).startsWith("WARN Failed sign-in for login \"x\\u000d\\u000a2026-06-01")
                    .contains("signed in\\u202e\"", "from 10.0.0.1\\u000a (")
                    .doesNotContain("\r").doesNotContain("\n").doesNotContain("\u202e");
        }
    }
}
