package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import jp.reform.collector.store.ClaimRepository;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Claims left behind by failures: one a live instance could not release while the database was down is
 * its own again, and those of collector processes of this machine that no longer run are released at the
 * next start; another live process's, or another machine's, are left to expire.
 */
class ClaimsAfterFailuresTest {

    private static final Duration EXPIRY = Duration.ofMinutes(30);
    private final Database db = TestDatabase.fresh();

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void anInstanceTakesItsOwnLeftClaimAgainButNotAnotherInstancesClaim() {
        ClaimRepository first = new ClaimRepository(db, "folder", "100@host-a/11111111", EXPIRY);
        ClaimRepository second = new ClaimRepository(db, "folder", "200@host-a/22222222", EXPIRY);

        assertThat(first.add("/inbox/職員課/実績.xlsx")).isTrue();
        // the release failed (database down): the claim is still there, and still the first's
        assertThat(second.add("/inbox/職員課/実績.xlsx")).isFalse();
        assertThat(first.add("/inbox/職員課/実績.xlsx")).isTrue();
    }

    @Test
    void claimsOfDeadProcessesOfThisMachineAreReleasedOthersAreKept() {
        String me = ProcessHandle.current().pid() + "@host-a/33333333";
        String dead = deadPid() + "@host-a/44444444";
        String otherMachine = deadPid() + "@host-b/55555555";
        new ClaimRepository(db, "folder", me, EXPIRY).add("mine");
        new ClaimRepository(db, "folder", dead, EXPIRY).add("killed");
        new ClaimRepository(db, "mail", dead, EXPIRY).add("<mail-of-the-killed@example.jp>");
        new ClaimRepository(db, "folder", otherMachine, EXPIRY).add("elsewhere");

        assertThat(ClaimRepository.releaseAbandoned(db, "host-a")).isEqualTo(2);

        assertThat(Sql.rows(db, "select claim_key from file_claim order by claim_key"))
                .extracting(row -> row.get("claim_key")).containsExactly("elsewhere", "mine");
    }

    /** The pid of a process that has ended. */
    private static long deadPid() {
        try {
            Process process = new ProcessBuilder("true").start();
            process.waitFor();
            return process.pid();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
