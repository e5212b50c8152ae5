package jp.reform.collector.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled plans load; broken master data stops with the file, the line and the problem. */
class MasterDataLoaderTest {

    @TempDir
    Path config;

    @BeforeEach
    void copyBundledConfig() throws IOException {
        TestFiles.copyTree(Path.of("config"), config);
    }

    private MasterData load() {
        return new MasterDataLoader().load(config);
    }

    private void replaceIn(String file, String from, String to) throws IOException {
        Path path = config.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    @Test
    void bundledPlansLoadCompletely() {
        MasterData master = load();
        PlanMaster atsugi = master.plan("atsugi-7-2").orElseThrow();
        assertThat(atsugi.indicators()).hasSize(41);
        assertThat(atsugi.targets()).hasSize(123);
        assertThat(atsugi.nodes()).hasSize(34);
        assertThat(atsugi.actions()).hasSize(60);
        assertThat(atsugi.target("III-2-イ-2", 2025).value()).isEqualByComparingTo("0");
        assertThat(atsugi.target("I-3-ウ-2", 2026).isSet()).isFalse();
        assertThat(atsugi.target("I-1-イ-2", 2025).kind()).isEqualTo("milestone");
        assertThat(atsugi.indicator("I-3-ア-1").orElseThrow().lowerIsBetter()).isTrue();
        assertThat(atsugi.goalOf(atsugi.indicator("III-3-イ-1").orElseThrow()).code()).isEqualTo("III");
        PlanMaster minamiAlps = master.plan("minamialps-5").orElseThrow();
        assertThat(minamiAlps.indicators()).hasSize(31);
        assertThat(minamiAlps.plan().gradedBySelfAssessment()).isTrue();
        assertThat(master.department("情報政策課").orElseThrow().name()).isEqualTo("DX推進課");
        assertThat(master.department("教育施設課").orElseThrow().name()).isEqualTo("学校施設課");
    }

    @Test
    void unknownResponsibleDepartmentNamesFileAndLine() throws IOException {
        replaceIn("plans/atsugi-7-2/indicators.csv", ",危機管理課,", ",防災課,");
        assertThatThrownBy(this::load).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("indicators.csv:14")
                .hasMessageContaining("防災課 is not in config/departments.csv");
    }

    @Test
    void targetForAnUnknownIndicatorOrYearOutsideThePlanIsRefused() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-1-ア-2,2024,", "I-1-ア-9,2024,");
        assertThatThrownBy(this::load).hasMessageContaining("targets.csv:5")
                .hasMessageContaining("indicator_code I-1-ア-9 is not in indicators.csv");
    }

    @Test
    void yearOutsideThePlanIsRefused() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-1-ア-1,2026,", "I-1-ア-1,2027,");
        assertThatThrownBy(this::load).hasMessageContaining("targets.csv:4")
                .hasMessageContaining("fiscal_year 2027 is outside the plan (2024–2026)");
    }

    @Test
    void badDirectionAndMissingColumnsAreNamed() throws IOException {
        replaceIn("plans/atsugi-7-2/indicators.csv", "lower_is_better", "lower");
        assertThatThrownBy(this::load).hasMessageContaining("indicators.csv:15")
                .hasMessageContaining("direction must be one of");
    }

    @Test
    void missingColumnIsNamed() throws IOException {
        replaceIn("departments.csv", "department_name,former_names,emails", "department_name,formers,emails");
        assertThatThrownBy(this::load).hasMessageContaining("departments.csv:1")
                .hasMessageContaining("missing column former_names");
    }

    @Test
    void nameUsedTwiceAndBadAddressesAreRefused() throws IOException {
        replaceIn("departments.csv", "保育課,,", "保育課,職員課,");
        assertThatThrownBy(this::load).hasMessageContaining("department name 職員課 is already used on line 2");
    }

    @Test
    void departmentsFileSavedByExcelInWindows31jIsRead() throws IOException {
        Path file = config.resolve("departments.csv");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.write(file, text.getBytes(Charset.forName("windows-31j")));
        assertThat(load().department("DX推進課")).isPresent();
    }

    @Test
    void planCodeMustMatchItsFolder() throws IOException {
        replaceIn("plans/minamialps-5/plan.csv", "minamialps-5,南アルプス市", "minamialps-4,南アルプス市");
        assertThatThrownBy(this::load).hasMessageContaining("plan.csv:2")
                .hasMessageContaining("differs from its folder name minamialps-5");
    }
}
