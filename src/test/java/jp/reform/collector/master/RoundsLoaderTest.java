package jp.reform.collector.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import jp.reform.collector.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rounds load with deadlines moved off closed days; broken rows stop with the file, the line and the problem. */
class RoundsLoaderTest {

    private static final String HEADER =
            "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n";

    private static MasterData master;

    @TempDir
    Path config;

    @BeforeAll
    static void loadPlans() {
        master = new MasterDataLoader().load(Path.of("config"));
    }

    @BeforeEach
    void copyBundledConfig() throws IOException {
        TestFiles.copyTree(Path.of("config"), config);
    }

    private List<CollectionRound> load() {
        return new RoundsLoader().load(config, master);
    }

    private void writeRounds(String... lines) throws IOException {
        Files.writeString(config.resolve("rounds.csv"), HEADER + String.join("\n", lines) + "\n");
    }

    @Test
    void bundledRoundLoads() {
        CollectionRound round = load().get(0);
        assertThat(round.planCode()).isEqualTo("atsugi-7-2");
        assertThat(round.fiscalYear()).isEqualTo(2025);
        assertThat(round.opens()).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(round.effectiveDeadline()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(round.deadlineMoved()).isFalse();
        assertThat(round.remindDaysBefore()).containsExactly(7, 1);
        assertThat(round.overdueEveryDays()).isEqualTo(7);
        assertThat(round.escalateAfterDays()).isEqualTo(14);
    }

    @Test
    void deadlineOnASaturdayMovesToFriday() throws IOException {
        writeRounds("atsugi-7-2,2025,2026-05-01,2026-06-27,,,");
        CollectionRound round = load().get(0);
        assertThat(round.deadline()).isEqualTo(LocalDate.of(2026, 6, 27));
        assertThat(round.effectiveDeadline()).isEqualTo(LocalDate.of(2026, 6, 26));
        assertThat(round.deadlineMoved()).isTrue();
        assertThat(round.remindDaysBefore()).isEmpty();
        assertThat(round.overdueEveryDays()).isZero();
        assertThat(round.escalateAfterDays()).isZero();
    }

    @Test
    void deadlineOnASubstituteHolidayMovesBeforeTheWeekend() throws IOException {
        writeRounds("atsugi-7-2,2024,2025-10-01,2025-11-24,7|1,7,14");
        CollectionRound round = load().get(0);
        assertThat(round.effectiveDeadline()).isEqualTo(LocalDate.of(2025, 11, 21));
        assertThat(round.isOpen(LocalDate.of(2025, 9, 30))).isFalse();
        assertThat(round.isOpen(LocalDate.of(2025, 10, 1))).isTrue();
    }

    @Test
    void missingRoundsFileMeansNoRounds() throws IOException {
        Files.delete(config.resolve("rounds.csv"));
        Files.delete(config.resolve("holidays.csv"));
        assertThat(load()).isEmpty();
    }

    @Test
    void missingHolidayFileIsNamedOnlyWhenThereAreRounds() throws IOException {
        Files.delete(config.resolve("holidays.csv"));
        assertThatThrownBy(this::load).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("holidays.csv: file not found")
                .hasMessageContaining("create it with the header date,name");
        writeRounds("# no round yet");
        assertThat(load()).isEmpty();
    }

    @Test
    void unknownPlanNamesFileAndLine() throws IOException {
        writeRounds("atsugi-7-2,2024,2025-05-01,2025-06-30,7|1,7,14", "atsugi-9,2025,2026-05-01,2026-06-30,7|1,7,14");
        assertThatThrownBy(this::load).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("rounds.csv:3")
                .hasMessageContaining("plan_code atsugi-9 is not a plan");
    }

    @Test
    void yearOutsideThePlanIsRefused() throws IOException {
        writeRounds("atsugi-7-2,2027,2028-05-01,2028-06-30,7|1,7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:2")
                .hasMessageContaining("fiscal_year 2027 is outside the plan (2024–2026)");
    }

    @Test
    void badDateIsRefused() throws IOException {
        writeRounds("atsugi-7-2,2025,2026-05-01,2026/06/30,7|1,7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:2")
                .hasMessageContaining("deadline is not a date like 2026-05-06: 2026/06/30");
    }

    @Test
    void opensAfterDeadlineIsRefused() throws IOException {
        writeRounds("atsugi-7-2,2025,2026-07-01,2026-06-30,7|1,7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:2")
                .hasMessageContaining("opens 2026-07-01 is after deadline 2026-06-30");
    }

    @Test
    void deadlineMovedBeforeOpeningIsRefused() throws IOException {
        writeRounds("atsugi-7-2,2025,2026-06-27,2026-06-28,7|1,7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:2")
                .hasMessageContaining("previous working day 2026-06-26 is before opens 2026-06-27");
    }

    @Test
    void negativeOrFractionalNumbersAreRefused() throws IOException {
        writeRounds("atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,-7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:2")
                .hasMessageContaining("overdue_every_days must be a whole number of 0 or more, found -7");
        writeRounds("atsugi-7-2,2025,2026-05-01,2026-06-30,7|1.5,7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:2")
                .hasMessageContaining("remind_days_before must be a whole number of 0 or more, found 1.5");
    }

    @Test
    void roundListedTwiceIsRefused() throws IOException {
        writeRounds("atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14", "atsugi-7-2,2025,2026-05-01,2026-07-31,7,7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:3")
                .hasMessageContaining("round of atsugi-7-2 for 2025 is already on line 2");
    }

    @Test
    void aDeadlineBeforeItsFiscalYearEndsIsLoadedWithAWarningThatTheCollectionsYearMayHaveBeenTyped()
            throws IOException {
        writeRounds("atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14", "atsugi-7-2,2026,2026-05-01,2026-06-30,7|1,7,14");
        List<String> warned;
        try (LogCapture log = new LogCapture(RoundsLoader.class)) {
            assertThat(load()).hasSize(2);
            warned = log.lines();
        }
        assertThat(warned).singleElement().asString().contains("rounds.csv:3: the round of atsugi-7-2 for fiscal year "
                + "2026 has its deadline 2026-06-30 before that year ends (2027-03-31)", "is fiscal_year 2025 meant?");
    }

    @Test
    void deadlineBeyondTheHolidayFileAsksToExtendIt() throws IOException {
        writeRounds("minamialps-5,2030,2031-05-01,2032-06-30,7|1,7,14");
        assertThatThrownBy(this::load).hasMessageContaining("rounds.csv:2")
                .hasMessageContaining("no closed days for 2032")
                .hasMessageContaining("extend config/holidays.csv");
    }

    @Test
    void givenCalendarIsUsed() throws IOException {
        writeRounds("atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14");
        HolidayCalendar calendar = HolidayCalendar.of(java.util.Map.of(LocalDate.of(2026, 6, 30), "市の休日"));
        assertThat(new RoundsLoader().load(config, master, calendar).get(0).effectiveDeadline())
                .isEqualTo(LocalDate.of(2026, 6, 29));
    }
}
