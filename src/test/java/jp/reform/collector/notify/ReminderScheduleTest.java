package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.notify.ReminderOccasion.Kind;
import org.junit.jupiter.api.Test;

/** Reminder days counted in calendar days from the effective deadline. */
class ReminderScheduleTest {

    private static final HolidayCalendar CALENDAR = HolidayCalendar.of(Map.of(LocalDate.of(2026, 5, 6), "振替休日"));
    private static final LocalDate OPENS = LocalDate.of(2026, 5, 1);
    private static final LocalDate DEADLINE = LocalDate.of(2026, 6, 30);

    private final ReminderSchedule schedule = new ReminderSchedule();

    private static CollectionRound round(List<Integer> before, int every, int escalate) {
        return CollectionRound.of("atsugi-7-2", 2025, OPENS, DEADLINE, CALENDAR, before, every, escalate);
    }

    private static LocalDate day(int month, int dayOfMonth) {
        return LocalDate.of(2026, month, dayOfMonth);
    }

    @Test
    void remindsSevenDaysAndOneDayBefore() {
        CollectionRound round = round(List.of(7, 1), 7, 14);
        assertThat(schedule.occasion(round, day(6, 23)))
                .contains(new ReminderOccasion(Kind.BEFORE_DEADLINE, 7, 0, false));
        assertThat(schedule.occasion(round, day(6, 29)))
                .contains(new ReminderOccasion(Kind.BEFORE_DEADLINE, 1, 0, false));
    }

    @Test
    void nothingOnOtherDays() {
        CollectionRound round = round(List.of(7, 1), 7, 14);
        for (LocalDate date : List.of(day(5, 1), day(6, 22), day(6, 24), day(6, 30), day(7, 1), day(7, 6), day(7, 8))) {
            assertThat(schedule.occasion(round, date)).as("%s", date).isEmpty();
        }
    }

    @Test
    void zeroRemindsOnTheDeadlineDay() {
        assertThat(schedule.occasion(round(List.of(0), 0, 0), DEADLINE))
                .contains(ReminderOccasion.beforeDeadline(0));
    }

    @Test
    void overdueEverySevenDaysAndEscalatedFromDayFourteen() {
        CollectionRound round = round(List.of(7, 1), 7, 14);
        assertThat(schedule.occasion(round, day(7, 7))).contains(new ReminderOccasion(Kind.OVERDUE, 0, 7, false));
        assertThat(schedule.occasion(round, day(7, 14))).contains(ReminderOccasion.overdue(14, true));
        assertThat(schedule.occasion(round, day(7, 21))).contains(ReminderOccasion.overdue(21, true));
    }

    @Test
    void escalationThresholdNeedNotBeAMultipleOfTheInterval() {
        CollectionRound round = round(List.of(), 5, 12);
        assertThat(schedule.occasion(round, day(7, 10))).contains(ReminderOccasion.overdue(10, false));
        assertThat(schedule.occasion(round, day(7, 12))).isEmpty();
        assertThat(schedule.occasion(round, day(7, 15))).contains(ReminderOccasion.overdue(15, true));
    }

    @Test
    void noOverdueRemindersOrEscalationWhenSwitchedOff() {
        CollectionRound round = round(List.of(7, 1), 0, 0);
        assertThat(schedule.occasion(round, day(7, 7))).isEmpty();
        CollectionRound noEscalation = round(List.of(7, 1), 7, 0);
        assertThat(schedule.occasion(noEscalation, day(8, 4))).contains(ReminderOccasion.overdue(35, false));
    }

    @Test
    void nothingBeforeTheRoundOpens() {
        CollectionRound round = CollectionRound.of("atsugi-7-2", 2025, day(6, 25), DEADLINE, CALENDAR,
                List.of(7, 1), 7, 14);
        assertThat(schedule.occasion(round, day(6, 23))).isEmpty();
        assertThat(schedule.occasion(round, day(6, 29))).contains(ReminderOccasion.beforeDeadline(1));
    }

    @Test
    void daysCountFromTheMovedDeadline() {
        HolidayCalendar bundled = HolidayCalendar.load(Path.of("config", "holidays.csv"));
        CollectionRound round = CollectionRound.of("atsugi-7-2", 2025, day(4, 1), day(5, 6), bundled,
                List.of(7, 1), 7, 14);
        assertThat(round.effectiveDeadline()).isEqualTo(day(5, 1));
        assertThat(schedule.occasion(round, day(4, 24))).contains(ReminderOccasion.beforeDeadline(7));
        assertThat(schedule.occasion(round, day(4, 30))).contains(ReminderOccasion.beforeDeadline(1));
        assertThat(schedule.occasion(round, day(5, 5))).isEmpty();
        assertThat(schedule.occasion(round, day(5, 8))).contains(ReminderOccasion.overdue(7, false));
    }
}
