package jp.reform.collector.planbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plan files are written exactly as the bundled ones are: same bytes for the same content. */
class PlanCsvTest {

    @Test
    void quotesOnlyCommasQuotesAndLineBreaksWithLfAfterEveryRecordAndNoBom() {
        byte[] csv = PlanCsv.write(List.of("a", "b", "c"), List.of(
                List.of("", "#1", " x"),
                List.of("1,630万文字", "「報告」と \"回答\"", "!"),
                List.of("-", "=1+2", "")));
        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("a,b,c\n"
                + ",#1, x\n"
                + "\"1,630万文字\",\"「報告」と \"\"回答\"\"\",!\n"
                + "-,=1+2,\n");
        assertThat(csv[0]).isEqualTo((byte) 'a'); // no BOM
    }

    @Test
    void aLoneEmptyFieldIsQuotedSoThatTheRecordIsNotAnEmptyLine() {
        assertThat(new String(PlanCsv.write(List.of("a"), List.of(List.of(""))), StandardCharsets.UTF_8))
                .isEqualTo("a\n\"\"\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atsugi-7-2", "minamialps-5"})
    void bundledPlanFilesReadAndWrittenAgainAreTheSameBytes(String plan) throws IOException {
        Path folder = Path.of("config/plans", plan);
        PlanTables.Read read = PlanCsv.readFolder(folder);
        assertThat(read.problems()).isEmpty();
        Map<String, byte[]> files = read.tables().csvFiles();
        try (var existing = Files.list(folder)) {
            assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(
                    existing.map(p -> p.getFileName().toString()).toList());
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertThat(file.getValue()).as(file.getKey()).isEqualTo(Files.readAllBytes(folder.resolve(file.getKey())));
        }
    }
}
