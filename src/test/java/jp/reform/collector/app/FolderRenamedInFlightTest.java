package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division renames a 課's folder to the 課's new name (情報政策課 → DX推進課, its former name kept in
 * departments.csv) while a file in it is being loaded: the file is answered once, archived in the renamed folder,
 * and the old folder is not made again.
 */
class FolderRenamedInFlightTest {

    @TempDir
    Path home;

    @Test
    void aFileWhoseFolderIsRenamedWhileItIsLoadedIsAnsweredOnceAndArchivedInTheRenamedFolder() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            Path oldFolder = server.inbox().resolve("情報政策課");
            Path newFolder = server.inbox().resolve("DX推進課");
            // the plan's load lock held here: the file is claimed and read, then waits for the lock, while the
            // division renames the folder
            try (Connection lock = server.database().connect()) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    st.execute("select pg_advisory_xact_lock(hashtext('load:atsugi-7-2'))");
                }
                Path staged = server.home().resolve("追加分.csv");
                Files.writeString(staged, "指標コード,年度,実績値,取組状況\nI-3-ウ-1,2025,95,電子申請を拡充した\n",
                        StandardCharsets.UTF_8);
                Files.move(staged, oldFolder.resolve("追加分.csv"));
                Await.until(() -> Sql.count(server.database(), "select count(*) from file_claim where claim_key like ?",
                        "%追加分.csv%") > 0);
                Files.move(oldFolder, newFolder);
                lock.commit();
            }

            Await.until(() -> Sql.count(server.database(), "select count(*) from submission where source_name = ?",
                    "追加分.csv") == 1 && !Files.exists(newFolder.resolve("追加分.csv")));
            // the renamed folder's file is not read again as a new one (the samples settle in 300 ms)
            Thread.sleep(3_000);
            assertThat(Sql.count(server.database(), "select count(*) from submission where source_name = ?",
                    "追加分.csv")).isEqualTo(1);
            assertThat(oldFolder).doesNotExist();
            List<String> archived;
            try (Stream<Path> files = Files.walk(newFolder)) {
                archived = files.filter(Files::isRegularFile).map(p -> newFolder.relativize(p).toString())
                        .filter(p -> p.contains("追加分")).toList();
            }
            assertThat(archived).anyMatch(p -> p.matches("\\.(done|error)/.*追加分\\.csv"))
                    .anyMatch(p -> p.endsWith("追加分.csv_受付結果.txt"));
        }
    }
}
