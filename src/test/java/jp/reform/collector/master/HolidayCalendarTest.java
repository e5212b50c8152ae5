package jp.reform.collector.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled holiday file matches the law's rules; deadlines move back over weekends and closed days. */
class HolidayCalendarTest {

    private static final HolidayCalendar BUNDLED = HolidayCalendar.load(Path.of("config", "holidays.csv"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "2024-02-12, 振替休日", "2024-08-12, 振替休日", "2024-09-23, 振替休日", "2024-11-04, 振替休日",
        "2025-02-24, 振替休日", "2025-05-06, 振替休日", "2025-11-24, 振替休日", "2026-05-06, 振替休日",
        "2026-09-22, 国民の休日", "2027-03-22, 振替休日", "2028-01-10, 成人の日", "2029-04-30, 振替休日",
        "2029-09-24, 振替休日", "2030-05-06, 振替休日", "2031-05-06, 振替休日", "2026-09-21, 敬老の日",
        "2026-09-23, 秋分の日", "2027-03-21, 春分の日", "2028-09-22, 秋分の日", "2025-07-21, 海の日",
        "2025-10-13, スポーツの日", "2030-01-01, 元日", "2030-01-02, 年末年始（閉庁日）",
        "2031-12-29, 年末年始（閉庁日）"})
    void knownClosedDaysAreListed(LocalDate date, String name) {
        assertThat(BUNDLED.holidayName(date)).contains(name);
        assertThat(BUNDLED.isWorkingDay(date)).isFalse();
    }

    @Test
    void bundledFileCoversTheYearsWithEveryNationalHoliday() {
        assertThat(BUNDLED.firstYear()).isEqualTo(2024);
        assertThat(BUNDLED.lastYear()).isEqualTo(2031);
        for (int year = 2024; year <= 2031; year++) {
            int y = year;
            long national = BUNDLED.closedDays().entrySet().stream()
                    .filter(e -> e.getKey().getYear() == y && !e.getValue().startsWith("年末年始"))
                    .count();
            assertThat(national).as("national holidays in %d", year).isGreaterThanOrEqualTo(16);
            assertThat(BUNDLED.covers(LocalDate.of(year, 6, 1))).isTrue();
        }
        assertThat(BUNDLED.covers(LocalDate.of(2032, 1, 5))).isFalse();
        assertThat(BUNDLED.covers(LocalDate.of(2023, 12, 28))).isFalse();
        // the 2024 calendar as published by the Cabinet Office: 21 days
        assertThat(BUNDLED.closedDays().keySet().stream()
                .filter(d -> d.getYear() == 2024 && !BUNDLED.holidayName(d).orElseThrow().startsWith("年末年始")))
                .hasSize(21);
    }

    @Test
    void everySubstituteHolidayFollowsASundayHoliday() {
        BUNDLED.closedDays().forEach((date, name) -> {
            if (name.equals("振替休日")) {
                LocalDate sunday = date.minusDays(1);
                while (sunday.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    sunday = sunday.minusDays(1);
                }
                assertThat(BUNDLED.holidayName(sunday)).as("holiday before %s", date).isPresent();
                assertThat(date.getDayOfWeek()).isNotEqualTo(DayOfWeek.SUNDAY);
            }
        });
    }

    @Test
    void workingDaysSkipWeekendsAndClosedDays() {
        assertThat(BUNDLED.isWorkingDay(LocalDate.of(2026, 5, 1))).isTrue();
        assertThat(BUNDLED.isWorkingDay(LocalDate.of(2026, 5, 2))).isFalse();
        assertThat(BUNDLED.isWorkingDay(LocalDate.of(2026, 5, 3))).isFalse();
        assertThat(BUNDLED.holidayName(LocalDate.of(2026, 5, 1))).isEmpty();
        assertThat(BUNDLED.previousWorkingDay(LocalDate.of(2026, 5, 6))).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(BUNDLED.previousWorkingDay(LocalDate.of(2026, 5, 7))).isEqualTo(LocalDate.of(2026, 5, 7));
        assertThat(BUNDLED.previousWorkingDay(LocalDate.of(2026, 9, 23))).isEqualTo(LocalDate.of(2026, 9, 18));
        assertThat(BUNDLED.previousWorkingDay(LocalDate.of(2027, 1, 3))).isEqualTo(LocalDate.of(2026, 12, 28));
    }

    @Test
    void ofBuildsACalendarForTests() {
        HolidayCalendar calendar = HolidayCalendar.of(Map.of(LocalDate.of(2030, 7, 1), "市制記念日"));
        assertThat(calendar.isWorkingDay(LocalDate.of(2030, 7, 1))).isFalse();
        assertThat(calendar.previousWorkingDay(LocalDate.of(2030, 7, 1))).isEqualTo(LocalDate.of(2030, 6, 28));
        assertThat(calendar.covers(LocalDate.of(2030, 1, 1))).isTrue();
        assertThat(calendar.covers(LocalDate.of(2031, 1, 1))).isFalse();
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("holidays.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void commentsAndTheCitysOwnDaysAreRead() throws IOException {
        Path file = write("# comment\n# another\ndate,name\n2030-07-01,市制記念日\n");
        assertThat(HolidayCalendar.load(file).holidayName(LocalDate.of(2030, 7, 1))).contains("市制記念日");
    }

    @Test
    void windows31jFileIsRead() throws IOException {
        Path file = dir.resolve("holidays.csv");
        Files.write(file, "date,name\n2030-07-01,市制記念日\n".getBytes(Charset.forName("windows-31j")));
        assertThat(HolidayCalendar.load(file).holidayName(LocalDate.of(2030, 7, 1))).contains("市制記念日");
    }

    @Test
    void badDateNamesFileAndLine() throws IOException {
        Path file = write("# comment\ndate,name\n2030-07-01,市制記念日\n2030/07/02,休日\n");
        assertThatThrownBy(() -> HolidayCalendar.load(file)).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("holidays.csv:4")
                .hasMessageContaining("date is not a date like 2026-05-06: 2030/07/02");
    }

    @Test
    void impossibleDateIsRefused() throws IOException {
        Path file = write("date,name\n2030-02-30,休日\n");
        assertThatThrownBy(() -> HolidayCalendar.load(file)).hasMessageContaining("holidays.csv:2")
                .hasMessageContaining("2030-02-30");
    }

    @Test
    void dateListedTwiceIsRefused() throws IOException {
        Path file = write("date,name\n2030-07-01,市制記念日\n2030-07-02,休日\n2030-07-01,休日\n");
        assertThatThrownBy(() -> HolidayCalendar.load(file)).hasMessageContaining("holidays.csv:4")
                .hasMessageContaining("date 2030-07-01 is already listed on line 2");
    }

    @Test
    void emptyNameAndMissingColumnAreRefused() throws IOException {
        Path noName = write("date,name\n2030-07-01,\n");
        assertThatThrownBy(() -> HolidayCalendar.load(noName)).hasMessageContaining("holidays.csv:2")
                .hasMessageContaining("column name is empty");
        Path noColumn = write("date,title\n2030-07-01,x\n");
        assertThatThrownBy(() -> HolidayCalendar.load(noColumn)).hasMessageContaining("holidays.csv:1")
                .hasMessageContaining("missing column name");
    }
}
