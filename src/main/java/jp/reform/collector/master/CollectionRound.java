package jp.reform.collector.master;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One collection round (config/rounds.csv): when the results of a plan's fiscal year are asked for and by
 * when. The deadline is kept as written, so that messages can quote what the departments were told, next to
 * the deadline that counts, which moves to the previous working day when the written one falls on a
 * Saturday, Sunday or closed day (nobody can be late for a day the office is shut).
 *
 * @param remindDaysBefore  calendar days before the effective deadline on which to remind (7, 1; 0 = on the day)
 * @param overdueEveryDays  remind late departments every that many days after the deadline; 0 = never
 * @param escalateAfterDays from that many days late, reminders also go to the administrative division; 0 = never
 */
public record CollectionRound(String planCode, int fiscalYear, LocalDate opens, LocalDate deadline,
                              LocalDate effectiveDeadline, List<Integer> remindDaysBefore, int overdueEveryDays,
                              int escalateAfterDays) {

    public CollectionRound {
        Objects.requireNonNull(planCode, "planCode");
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(effectiveDeadline, "effectiveDeadline");
        remindDaysBefore = List.copyOf(remindDaysBefore);
        if (effectiveDeadline.isAfter(deadline)) {
            throw new IllegalArgumentException("effective deadline " + effectiveDeadline + " after " + deadline);
        }
        if (effectiveDeadline.isBefore(opens)) {
            throw new IllegalArgumentException("effective deadline " + effectiveDeadline + " before opening " + opens);
        }
        if (remindDaysBefore.stream().anyMatch(d -> d < 0) || overdueEveryDays < 0 || escalateAfterDays < 0) {
            throw new IllegalArgumentException("negative reminder days in round " + planCode + " " + fiscalYear);
        }
    }

    /** A round whose deadline is moved by the calendar as the city's office hours require. */
    public static CollectionRound of(String planCode, int fiscalYear, LocalDate opens, LocalDate deadline,
                                     HolidayCalendar calendar, List<Integer> remindDaysBefore,
                                     int overdueEveryDays, int escalateAfterDays) {
        return new CollectionRound(planCode, fiscalYear, opens, deadline, calendar.previousWorkingDay(deadline),
                remindDaysBefore, overdueEveryDays, escalateAfterDays);
    }

    /** Departments may submit from the opening day on; before it no reminder makes sense. */
    public boolean isOpen(LocalDate today) {
        return !today.isBefore(opens);
    }

    /** Whether the written deadline fell on a closed day and the effective one is earlier. */
    public boolean deadlineMoved() {
        return !effectiveDeadline.equals(deadline);
    }

    /** The round of a plan being collected on a day: the latest one opened by then. */
    public static java.util.Optional<CollectionRound> current(List<CollectionRound> rounds, String planCode,
                                                              LocalDate day) {
        return rounds.stream().filter(r -> r.planCode().equals(planCode) && r.isOpen(day))
                .max(java.util.Comparator.comparing(CollectionRound::opens));
    }

    /**
     * Per plan, the fiscal years being collected on a day: the latest round opened by then, and every earlier
     * one not closed yet (締切), whose 督促 still go out with its template attached. Plans without an opened
     * round are absent.
     *
     * @param closed whether a plan's round of a year is closed
     */
    public static java.util.Map<String, java.util.SortedSet<Integer>> collectedYears(
            List<CollectionRound> rounds, LocalDate day, java.util.function.BiPredicate<String, Integer> closed) {
        java.util.Map<String, java.util.SortedSet<Integer>> years = new java.util.HashMap<>();
        for (CollectionRound round : rounds) {
            if (round.isOpen(day) && !closed.test(round.planCode(), round.fiscalYear())) {
                years.computeIfAbsent(round.planCode(), p -> new java.util.TreeSet<>()).add(round.fiscalYear());
            }
        }
        rounds.stream().map(CollectionRound::planCode).distinct().forEach(plan -> current(rounds, plan, day)
                .ifPresent(r -> years.computeIfAbsent(plan, p -> new java.util.TreeSet<>()).add(r.fiscalYear())));
        return years;
    }
}
