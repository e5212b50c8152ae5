package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve starts the overnight run by itself at overnight.cron (its own route file, which run-once does not load:
 * run-once calls the overnight run itself).
 */
class OvernightScheduleTest {

    @TempDir
    Path home;

    @Test
    void serveRunsTheOvernightStepsAtItsCron() throws Exception {
        // every second, so that the test need not wait for 02:00
        try (ConsoleServer server = ConsoleServer.start(home, config -> { }, inbox -> { },
                Map.of("overnight.cron", "* * * * * ?"))) {
            Await.until(() -> Sql.count(server.database(),
                    "select count(*) from overnight_run where finished_at is not null") > 0);
            assertThat(Sql.rows(server.database(), "select outcome from overnight_run where finished_at is not null "
                    + "order by run_id limit 1").get(0).get("outcome").toString())
                    .contains("reminders queued 0", "summary workbooks");
        }
    }
}
