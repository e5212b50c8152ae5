package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Originals kept in .taken by a collector that stopped (run-once ends within minutes): the next start deletes
 * those kept unchanged for long enough, puts back into the 課's folder one that grew meanwhile (its writer went
 * on), and leaves alone what it did not put there.
 */
class TakenOriginalsTest {

    @TempDir
    Path inbox;

    @Test
    void theNextStartDeletesOldUnchangedOriginalsPutsBackGrownOnesAndLeavesOthersAlone() throws Exception {
        Path department = Files.createDirectories(inbox.resolve("財政課"));
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        Path unchanged = kept(department, "R2026-000001", "実績.csv", "指標コード,年度\n", yesterday, false);
        Path grown = kept(department, "R2026-000002", "追加.csv", "指標コード,年度\n", yesterday, true);
        Path recent = kept(department, "R2026-000003", "直前.csv", "指標コード,年度\n", Instant.now(), false);
        Path stranger = Files.createDirectories(department.resolve(".taken").resolve("誰かのフォルダ"));
        Files.writeString(stranger.resolve("メモ.txt"), "x");

        TakenOriginals originals = new TakenOriginals(inbox, Clock.systemUTC());
        originals.check();

        assertThat(unchanged).doesNotExist();
        assertThat(unchanged.getParent()).doesNotExist();
        assertThat(grown).doesNotExist();
        assertThat(department.resolve("追加.csv")).hasContent("指標コード,年度\nI-1-ア-1,2025\n");
        assertThat(recent).exists();
        assertThat(stranger.resolve("メモ.txt")).exists();
    }

    /**
     * The 課 may write in its folder: a kept folder it replaced by a link after the original was taken must not
     * have what the link leads to (outside the inbox) moved into the 課's folder, to be read and archived there,
     * nor deleted.
     */
    @Test
    void aKeptFolderReplacedByALinkLeadsNowhere(@TempDir Path outside) throws Exception {
        Path department = Files.createDirectories(inbox.resolve("財政課"));
        Path original = kept(department, "R2026-000001", "実績.csv", "指標コード,年度\n", Instant.now(), false);
        Path secret = Files.writeString(outside.resolve("secret.csv"), "password,123\n");
        Path old = Files.writeString(outside.resolve("old.csv"), "x\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        TakenOriginals originals = new TakenOriginals(inbox, Clock.systemUTC());

        Path folder = original.getParent();
        Files.delete(original);
        Files.delete(folder);
        Files.createSymbolicLink(folder, outside);
        originals.check();
        // and .taken itself replaced by a link to a folder holding a folder of that name
        Files.deleteIfExists(folder);
        Path taken = department.resolve(".taken");
        Files.delete(taken);
        Files.createSymbolicLink(folder.getParent(), Files.createDirectories(outside.resolve("elsewhere")));
        Files.createSymbolicLink(outside.resolve("elsewhere").resolve(folder.getFileName()), outside);
        originals.check();

        assertThat(secret).hasContent("password,123\n");
        assertThat(old).exists();
        try (var left = Files.list(department)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".taken");
        }
    }

    /**
     * A folder in .taken that the 課 made with a number no size or time can be (it may write in its folder), found
     * at a start: neither the poll of the whole inbox fails at it, nor are the other originals left unlooked after.
     */
    @Test
    void aFolderWithAnImpossibleNumberDoesNotStopThePoll() throws Exception {
        Path department = Files.createDirectories(inbox.resolve("財政課"));
        Path crafted = Files.createDirectories(department.resolve(".taken").resolve("x~99999999999999999999~1"));
        Files.writeString(crafted.resolve("f.csv"), "x");
        Path grown = kept(department, "R2026-000002", "追加.csv", "指標コード,年度\n",
                Instant.now().minus(Duration.ofDays(1)), true);
        TakenOriginals originals = new TakenOriginals(inbox, Clock.systemUTC());

        originals.check();

        assertThat(grown).doesNotExist();
        assertThat(department.resolve("追加.csv")).exists();
        assertThat(crafted.resolve("f.csv")).exists();
    }

    @Test
    void aGrownOriginalWithALongNameTakenMeanwhileIsPutBackUnderAShortenedNumberedName() throws Exception {
        Path department = Files.createDirectories(inbox.resolve("財政課"));
        String name = "実".repeat(83) + ".csv"; // 253 bytes: no room for " (2)"
        Path grown = kept(department, "R2026-000004", name, "指標コード,年度\n", Instant.now(), true);
        Files.writeString(department.resolve(name), "新しく保存された同じ名前のファイル");

        new TakenOriginals(inbox, Clock.systemUTC()).check();

        assertThat(grown).doesNotExist();
        assertThat(department.resolve(name)).hasContent("新しく保存された同じ名前のファイル");
        assertThat(department.resolve("実".repeat(82) + " (2).csv")).hasContent("指標コード,年度\nI-1-ア-1,2025\n");
    }

    /** An original kept at {@code taken}, as TakenOriginals names its folder; {@code grew}: written to since. */
    private static Path kept(Path department, String receipt, String name, String content, Instant taken, boolean grew)
            throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long modified = taken.minusSeconds(60).toEpochMilli();
        Path folder = Files.createDirectories(department.resolve(".taken")
                .resolve(receipt + "~" + bytes.length + "~" + modified));
        Path original = folder.resolve(name);
        Files.write(original, bytes);
        Files.setLastModifiedTime(original, FileTime.fromMillis(modified));
        if (grew) {
            Files.writeString(original, content + "I-1-ア-1,2025\n", StandardCharsets.UTF_8);
        }
        Files.setLastModifiedTime(folder, FileTime.from(taken));
        return original;
    }
}
