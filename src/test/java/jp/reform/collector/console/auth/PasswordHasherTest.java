package jp.reform.collector.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Argon2id hashes as stored in users.csv: round trip, wrong password, and unknown logins as slow as known ones. */
class PasswordHasherTest {

    private static final PasswordHasher HASHER = new PasswordHasher();

    @Test
    void theStoredHashIsAnArgon2idPhcStringThatVerifiesTheRightPasswordOnly() {
        String hash = HASHER.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse battery");
        assertThat(PasswordHasher.isArgon2idHash(hash)).isTrue();
        assertThat(HASHER.verify("correct horse battery", hash)).isTrue();
        assertThat(HASHER.verify("correct horse batterY", hash)).isFalse();
        assertThat(HASHER.verify("", hash)).isFalse();
        assertThat(HASHER.hash("correct horse battery")).as("a fresh salt every time").isNotEqualTo(hash);
    }

    @Test
    void japanesePasswordsRoundTrip() {
        String hash = HASHER.hash("行政改革パスワード２０２６");
        assertThat(HASHER.verify("行政改革パスワード２０２６", hash)).isTrue();
        assertThat(HASHER.verify("行政改革パスワード2026", hash)).isFalse();
    }

    @Test
    void missingOrUnusableHashesNeverVerify() {
        assertThat(HASHER.verify("anything at all", null)).isFalse();
        assertThat(HASHER.verify("anything at all", "plain text")).isFalse();
        assertThat(PasswordHasher.isArgon2idHash("$2a$10$abcdefghijklmnopqrstuv")).as("bcrypt").isFalse();
        assertThat(PasswordHasher.isArgon2idHash(HASHER.hash("x").replace("m=19456", "m=9999999")))
                .as("too much memory for a sign-in").isFalse();
    }

    @Test
    void anUnknownLoginCostsAboutAsMuchTimeAsAWrongPassword() {
        String hash = HASHER.hash("correct horse battery");
        HASHER.verify("warm up", hash);
        long known = fastest(() -> HASHER.verify("wrong password", hash));
        long unknown = fastest(() -> HASHER.verify("wrong password", null));
        // only the lower bound matters (an unknown login must not answer faster): skipping the hash would
        // be a hundred times faster, and a busy machine only ever slows either side down
        assertThat(unknown).isGreaterThan(known / 10);
    }

    private static long fastest(Runnable check) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            check.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
