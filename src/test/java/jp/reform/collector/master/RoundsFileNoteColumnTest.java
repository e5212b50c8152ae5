package jp.reform.collector.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A column of IT staff's own (a note) on the replaced line keeps its value; the loader allows extra columns. */
class RoundsFileNoteColumnTest {

    @TempDir
    Path config;

    @Test
    void aNoteOnTheReplacedLineIsKept() throws Exception {
        MasterData master = new MasterDataLoader().load(Path.of("config"));
        Files.copy(Path.of("config/holidays.csv"), config.resolve("holidays.csv"));
        String it = RoundsFile.HEADER + ",note\n"
                + "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14,課長決裁済み\n"
                + "atsugi-7-2,2026,2027-05-01,2027-06-30,7|1,7,14,\"IT担当メモ, 6/30で調整中\"\n";
        Files.writeString(config.resolve("rounds.csv"), it);
        RoundsFile.write(config, RoundsFile.read(config).fingerprint(), "atsugi-7-2", 2026,
                new RoundsFile.Entry("2027-05-06", "2027-06-30", List.of("7", "1"), "7", "14"), master);
        RoundsFile.write(config, RoundsFile.read(config).fingerprint(), "minamialps-5", 2026,
                new RoundsFile.Entry("2027-05-06", "2027-06-30", List.of("7"), "7", "0"), master);
        assertThat(Files.readString(config.resolve("rounds.csv"), StandardCharsets.UTF_8)).isEqualTo(
                RoundsFile.HEADER + ",note\n"
                        + "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14,課長決裁済み\n"
                        + "atsugi-7-2,2026,2027-05-06,2027-06-30,7|1,7,14,\"IT担当メモ, 6/30で調整中\"\n"
                        + "minamialps-5,2026,2027-05-06,2027-06-30,7,7,0,\n");
        assertThat(new RoundsLoader().load(config, master)).hasSize(3);
    }
}
