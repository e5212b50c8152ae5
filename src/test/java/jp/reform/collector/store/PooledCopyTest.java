package jp.reform.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A COPY left open on a pooled connection blocks its rollback, and so its return to the pool, for ever. Whatever
 * escapes while evaluations are being copied in, an Error such as StackOverflowError too, the copy is ended and
 * the connection goes back usable.
 */
class PooledCopyTest {

    @Test
    void anErrorInTheMiddleOfACopyStillGivesTheConnectionBackToThePool() {
        try (Database pool = Database.server(TestDatabase.freshUrl(), null, null).pooled(2, Database.Timeouts.DEFAULT)) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int borrow = 0; borrow < 3; borrow++) { // more borrows than the pool has connections
                    try (Connection c = pool.connect()) {
                        c.setAutoCommit(false);
                        EvaluationStaging staging = EvaluationStaging.open(c);
                        assertThatThrownBy(() -> staging.add(failingAfterTheCopyStarted()))
                                .isInstanceOf(StackOverflowError.class);
                    }
                }
                try (Connection c = pool.connect(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select count(*) from evaluation")) {
                    assertThat(rs.next()).isTrue();
                }
            });
        }
    }

    /** Evaluations whose first one cannot even be looked at: the COPY is open by then. */
    private static List<Evaluation> failingAfterTheCopyStarted() {
        return new AbstractList<>() {
            @Override
            public Evaluation get(int index) {
                throw new StackOverflowError("thrown by the test");
            }

            @Override
            public int size() {
                return 1;
            }
        };
    }
}
