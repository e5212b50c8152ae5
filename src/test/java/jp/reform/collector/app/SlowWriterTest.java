package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer that pauses longer than the settle time and then goes on writing into its open file (a slow or
 * interrupted network copy): what was read before the pause is loaded and archived as it was read, and the
 * rest is not lost nor hidden in the archive: the whole file is read again as a new file, with a receipt.
 */
class SlowWriterTest {

    private static final String HEADER = "\uFEFF指標コード,年度,担当課,成果指標,実績値,取組状況,成果と課題,今後の取組,自己評価\n";
    private static final String FIRST = "III-1-ア-1,R7,市民協働推進課,市民協働提案事業の実施件数,7件,提案7件を採択した。,"
            + "2団体が新たに事業を開始した。,報告会を開催する。,A\n";
    private static final String SECOND = "III-2-ア-1,R7,市民協働推進課,市民実感度調査「自治会やボランティア・NPO等の活動に"
            + "参加している」と回答した市民の割合,41.5%,地域づくり推進委員会を支援した。,参加者が増えた。,周知を強める。,B\n";

    @TempDir
    Path home;

    @Test
    void whatAWriterAddsAfterTheFileWasLoadedIsReadAsANewFileAndTheArchiveHoldsWhatWasLoaded() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            Path file = server.inbox().resolve("市民協働推進課").resolve("追加報告.csv");
            byte[] firstPart = (HEADER + FIRST).getBytes(StandardCharsets.UTF_8);
            try (OutputStream writer = Files.newOutputStream(file)) {
                writer.write(firstPart);
                writer.flush();
                // the writer pauses: the file settles and is loaded as it is
                Await.until(() -> Sql.count(server.database(),
                        "select count(*) from submission where source_name = '追加報告.csv'") == 1);
                writer.write(SECOND.getBytes(StandardCharsets.UTF_8));
            }

            Await.until(() -> Sql.count(server.database(),
                    "select count(*) from submission where source_name = '追加報告.csv' and status = 'accepted'") == 2);
            var first = Sql.one(server.database(), "select row_count, archived_path from submission "
                    + "where source_name = '追加報告.csv' order by submission_id limit 1");
            assertThat(first.get("row_count")).isEqualTo(1);
            assertThat(Files.readAllBytes(server.inbox().resolve("市民協働推進課").resolve(first.get("archived_path")
                    .toString()))).as("the archive holds what was loaded, not what was written after").isEqualTo(firstPart);
            var whole = Sql.one(server.database(), "select row_count, archived_path, receipt_no from submission "
                    + "where source_name = '追加報告.csv' order by submission_id desc limit 1");
            assertThat(whole.get("row_count")).isEqualTo(2);
            assertThat(Files.readString(server.inbox().resolve("市民協働推進課").resolve(whole.get("archived_path")
                    .toString()))).isEqualTo(HEADER + FIRST + SECOND);
            assertThat(Sql.one(server.database(), "select actual_text from result_current "
                    + "where indicator_code = 'III-2-ア-1' and fiscal_year = 2025").get("actual_text")).isEqualTo("41.5%");
            Await.until(() -> !Files.exists(file));
            // the whole file's original is kept a while, in case its writer were still at it; the first one's is gone
            try (Stream<Path> kept = Files.walk(server.inbox().resolve("市民協働推進課").resolve(".taken"))) {
                assertThat(kept.filter(p -> p.getFileName().toString().equals("追加報告.csv"))
                        .map(p -> p.getParent().getFileName().toString()))
                        .singleElement().asString().startsWith(whole.get("receipt_no") + "~");
            }
        }
    }

    @Test
    void aFileNamedTakenInTheFolderDoesNotKeepTheDepartmentsFilesFromTheirArchive() throws Exception {
        // something of the department's own, where the collector keeps originals
        try (ConsoleServer server = ConsoleServer.start(home,
                inbox -> Files.writeString(inbox.resolve("市民協働推進課").resolve(".taken"), "x"))) {
            Path folder = server.inbox().resolve("市民協働推進課");
            Path file = folder.resolve("再提出.csv");
            Files.writeString(file, HEADER + FIRST, StandardCharsets.UTF_8);
            Await.until(() -> Sql.count(server.database(),
                    "select count(*) from submission where source_name = '再提出.csv' and archived_path is not null") == 1);
            var archived = Sql.one(server.database(), "select status, archived_path from submission "
                    + "where source_name = '再提出.csv'");
            assertThat(archived.get("status")).isEqualTo("accepted");
            Await.until(() -> !Files.exists(file));
            assertThat(folder.resolve(archived.get("archived_path").toString())).hasContent(HEADER + FIRST);
            assertThat(folder.resolve(".quarantine")).doesNotExist();
            assertThat(folder.resolve(".taken")).hasContent("x");
        }
    }
}
