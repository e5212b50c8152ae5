package jp.reform.collector.notify;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import jp.reform.collector.master.CollectionRound;

/**
 * Decides whether today is a reminder day for a round. The overnight run asks every day, so the rule is a
 * pure function of the round and the date: reminder days are calendar days counted from the effective
 * deadline and taken literally (a reminder "7 days before" that falls on a Sunday is sent on that Sunday's
 * run, not moved), which keeps the schedule predictable and lets a missed run be repeated for the same date.
 */
public final class ReminderSchedule {

    /**
     * The reminder due on {@code today}: none before the round opens; BEFORE_DEADLINE when the effective
     * deadline is one of {@code remindDaysBefore} days away; OVERDUE every {@code overdueEveryDays} days after
     * it, escalated from {@code escalateAfterDays} days late on.
     */
    public Optional<ReminderOccasion> occasion(CollectionRound round, LocalDate today) {
        if (!round.isOpen(today)) {
            return Optional.empty();
        }
        long days = ChronoUnit.DAYS.between(today, round.effectiveDeadline());
        if (days >= 0) {
            return round.remindDaysBefore().stream().anyMatch(d -> d == days)
                    ? Optional.of(ReminderOccasion.beforeDeadline((int) days)) : Optional.empty();
        }
        int overdue = Math.toIntExact(-days);
        if (round.overdueEveryDays() == 0 || overdue % round.overdueEveryDays() != 0) {
            return Optional.empty();
        }
        boolean escalate = round.escalateAfterDays() > 0 && overdue >= round.escalateAfterDays();
        return Optional.of(ReminderOccasion.overdue(overdue, escalate));
    }
}
