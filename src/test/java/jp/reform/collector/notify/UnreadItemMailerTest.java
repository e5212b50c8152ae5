package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.AllLogLines;
import jp.reform.collector.support.FreePorts;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve's notice timer while the database is down: one line in the log at each tick, never a failure that Camel
 * would log with its stack trace every minute; the overnight run's step still fails, so that run-once says so.
 */
class UnreadItemMailerTest {

    @TempDir
    Path dir;

    @Test
    void theTimerLogsOneLineWhileTheDatabaseIsDownAndTheOvernightStepFails() throws Exception {
        try (Database down = Database.server("jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/reform", "postgres",
                null)) {
            UnreadItemMailer mailer = new UnreadItemMailer(down, new MasterDataLoader().load(Path.of("config")),
                    new Outbox(new MimeComposer(TestMail.offline(dir), Clock.systemUTC())),
                    new UnreadItemNotice(TestMail.offline(dir)));

            try (AllLogLines logs = new AllLogLines()) {
                mailer.queueDueNow();
                assertThat(logs.lines()).filteredOn(line -> line.contains("UnreadItemMailer")).singleElement()
                        .satisfies(line -> assertThat(line)
                                .startsWith("WARN jp.reform.collector.notify.UnreadItemMailer - Unread-item notices "
                                        + "not queued now, tried again at the next tick: ")
                                .doesNotContain("\n"));
            }
            assertThatThrownBy(mailer::queueDue).isInstanceOf(SQLException.class);
        }
    }
}
