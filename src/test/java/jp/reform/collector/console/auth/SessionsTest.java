package jp.reform.collector.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * In-memory sessions: random ids and CSRF tokens, idle timeout and maximum age on a fixed clock, sign-out,
 * bounded size.
 */
class SessionsTest {

    private static final User TANAKA = new User("tanaka", "田中", Role.DEPARTMENT, "DX推進課", "hash");
    private static final User YAMADA = new User("yamada", "山田", Role.ADMIN, null, "hash");

    private final TestClock clock = new TestClock();
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), 3, clock);

    @Test
    void idsAndCsrfTokensAre32RandomBytesInBase64url() {
        Session session = sessions.create(TANAKA);

        assertThat(Base64.getUrlDecoder().decode(session.id())).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(session.csrfToken())).hasSize(32);
        assertThat(session.csrfToken()).isNotEqualTo(session.id());
        assertThat(sessions.create(TANAKA).id()).isNotEqualTo(session.id());
        assertThat(session.toString()).doesNotContain(session.id()).doesNotContain(session.csrfToken());
    }

    @Test
    void aSessionEndsAfterTheIdleTimeoutUnlessItIsUsed() {
        Session session = sessions.create(TANAKA);

        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(session.id())).get().extracting(Session::lastSeen).isEqualTo(clock.instant());
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).get().extracting(Session::user).isEqualTo(TANAKA);
        clock.advance(Duration.ofMinutes(1));

        assertThat(sessions.find(session.id())).isEmpty();
        assertThat(sessions.size()).as("removed, not only hidden").isZero();
        assertThat(sessions.touch(session.id())).isEmpty();
    }

    @Test
    void aSessionInUseAllDayStillEndsTwelveHoursAfterItsSignIn() {
        Session session = sessions.create(TANAKA);
        for (int i = 0; i < 12 * 4 - 1; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.touch(session.id())).as("after %d min", (i + 1) * 15).isPresent();
        }
        clock.advance(Duration.ofMinutes(15));

        assertThat(sessions.touch(session.id())).as("12 h after the sign-in").isEmpty();
        assertThat(sessions.csrfMatches(session.id(), session.csrfToken())).isFalse();
        assertThat(sessions.size()).isZero();
        assertThat(sessions.create(TANAKA).id()).as("signing in again starts a new day").isNotEqualTo(session.id());
    }

    @Test
    void aCsrfTokenOfAnotherSessionOrNoneIsRefused() {
        Session mine = sessions.create(TANAKA);
        Session other = sessions.create(YAMADA);

        assertThat(sessions.csrfMatches(mine.id(), mine.csrfToken())).isTrue();
        assertThat(sessions.csrfMatches(mine.id(), other.csrfToken())).isFalse();
        assertThat(sessions.csrfMatches(mine.id(), null)).isFalse();
        assertThat(sessions.csrfMatches(mine.id(), "")).isFalse();
        assertThat(sessions.csrfMatches("no such session", mine.csrfToken())).isFalse();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.csrfMatches(mine.id(), mine.csrfToken())).as("expired").isFalse();
    }

    @Test
    void signOutEndsOneSessionAndAPasswordChangeAllOfTheUser() {
        Session first = sessions.create(TANAKA);
        Session second = sessions.create(TANAKA);
        Session admin = sessions.create(YAMADA);

        sessions.invalidate(first.id());
        assertThat(sessions.find(first.id())).isEmpty();
        sessions.create(TANAKA);

        assertThat(sessions.invalidateAllOf("TANAKA")).isEqualTo(2);
        assertThat(sessions.find(second.id())).isEmpty();
        assertThat(sessions.find(admin.id())).isPresent();
    }

    @Test
    void atMostNSessionsTheLongestIdleGivesWay() {
        Session oldest = sessions.create(TANAKA);
        clock.advance(Duration.ofMinutes(1));
        Session used = sessions.create(TANAKA);
        clock.advance(Duration.ofMinutes(1));
        Session third = sessions.create(YAMADA);
        clock.advance(Duration.ofMinutes(1));
        sessions.touch(oldest.id());

        Session fourth = sessions.create(YAMADA);

        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.find(used.id())).as("idle longest").isEmpty();
        assertThat(sessions.find(oldest.id())).isPresent();
        assertThat(sessions.find(third.id())).isPresent();
        assertThat(sessions.find(fourth.id())).isPresent();
    }
}
