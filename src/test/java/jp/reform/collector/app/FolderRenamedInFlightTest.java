package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            // long enough that its load is still under way when the folder is renamed
            StringBuilder csv = new StringBuilder("指標コード,年度,実績値,取組状況\n");
            for (int row = 0; row < 40_000; row++) {
                csv.append("I-3-ウ-1,2025,").append(row).append(",電子申請を拡充した\n");
            }
            Path staged = server.home().resolve("大量.csv");
            Files.writeString(staged, csv, StandardCharsets.UTF_8);
            Files.move(staged, oldFolder.resolve("大量.csv"));

            Await.until(() -> Sql.count(server.database(), "select count(*) from file_claim where claim_key like ?",
                    "%大量.csv%") > 0);
            Files.move(oldFolder, newFolder);

            Await.until(() -> Sql.count(server.database(), "select count(*) from submission where source_name = ?",
                    "大量.csv") == 1 && !Files.exists(newFolder.resolve("大量.csv")));
            // the renamed folder's file is not read again as a new one (the samples settle in 300 ms)
            Thread.sleep(3_000);
            assertThat(Sql.count(server.database(), "select count(*) from submission where source_name = ?",
                    "大量.csv")).isEqualTo(1);
            assertThat(oldFolder).doesNotExist();
            List<String> archived;
            try (Stream<Path> files = Files.walk(newFolder)) {
                archived = files.filter(Files::isRegularFile).map(p -> newFolder.relativize(p).toString())
                        .filter(p -> p.contains("大量")).toList();
            }
            assertThat(archived).anyMatch(p -> p.matches("\\.(done|error)/.*大量\\.csv"))
                    .anyMatch(p -> p.endsWith("大量.csv_受付結果.txt"));
        }
    }
}
