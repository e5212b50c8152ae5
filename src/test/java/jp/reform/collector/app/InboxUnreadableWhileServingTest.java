package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.reform.collector.intake.FolderJail;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox stops being readable under a running serve (its share unmounted, moved away, its rights changed): the
 * file consumer would only find it empty, so the log says once that no file is taken and why, and once that it is
 * read again; a file saved meanwhile is loaded once the inbox is back.
 */
class InboxUnreadableWhileServingTest {

    @TempDir
    Path home;

    @Test
    void theLogSaysOnceThatTheInboxCannotBeReadAndOnceThatItIsBack() throws Exception {
        try (LogCapture log = new LogCapture(FolderJail.class.getName(), "jp.reform.collector.intake.TakenOriginals");
             ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            Path inbox = server.inbox();
            Path away = inbox.resolveSibling("inbox-unmounted");
            Files.move(inbox, away);
            Await.until(() -> log.lines().stream().anyMatch(l -> l.startsWith("ERROR The inbox ")));
            Thread.sleep(1500); // several polls
            assertThat(log.lines().stream().filter(l -> l.contains("cannot be read"))).hasSize(1).allSatisfy(line ->
                    assertThat(line).contains(inbox.toString(), "NoSuchFileException",
                            "no file is taken from it until the user the collector runs as"));

            Files.writeString(away.resolve("職員課/職員課_追加.csv"), "指標コード,年度,実績値,取組状況\n"
                    + "I-1-ア-2,R7,9グループ,自主研究グループの活動を支援した。\n", StandardCharsets.UTF_8);
            Files.move(away, inbox);
            Await.until(() -> log.lines().stream().anyMatch(l -> l.startsWith("INFO The inbox ")
                    && l.contains("can be read again")));
            Await.until(() -> Sql.count(server.database(), "select count(*) from submission where source_name = "
                    + "'職員課_追加.csv' and status = 'accepted'") == 1);
            assertThat(log.lines()).noneMatch(l -> l.contains("is no longer a folder of the inbox"));
        }
    }
}
