package jp.reform.collector.notify;

/**
 * Why a reminder is due today for a collection round.
 *
 * @param daysToDeadline calendar days from today to the effective deadline (0 on the day itself); 0 when overdue
 * @param daysOverdue    calendar days since the effective deadline; 0 before it
 * @param escalate       whether the reminder also goes to the administrative division (only when overdue)
 */
public record ReminderOccasion(Kind kind, int daysToDeadline, int daysOverdue, boolean escalate) {

    /** Before (or on) the deadline, or after it. */
    public enum Kind {
        BEFORE_DEADLINE,
        OVERDUE
    }

    public static ReminderOccasion beforeDeadline(int daysToDeadline) {
        return new ReminderOccasion(Kind.BEFORE_DEADLINE, daysToDeadline, 0, false);
    }

    public static ReminderOccasion overdue(int daysOverdue, boolean escalate) {
        return new ReminderOccasion(Kind.OVERDUE, 0, daysOverdue, escalate);
    }
}
