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
