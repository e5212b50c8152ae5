package jp.reform.collector.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.store.ReportQueries.SummaryRow;

/**
 * The console's first page: the committee's table and where each department stands in the round.
 *
 * @param committee   the committee's table per goal and in total (goal code {@code total}), exactly as
 *                    {@code summary} prints it; the plan's, whatever department filter was given (empty
 *                    from {@code ConsoleQueries.departmentStatus}, for a page that does not show it)
 * @param deadline    the round's deadline as of {@code today}; null when no round was given
 * @param departments one row per department owning indicators of the plan (only the filtered one when a
 *                    department filter was given), in plan order
 * @param total       the departments' rows added up, each indicator counted once even when shared
 */
public record StatusBoard(String planCode, int fiscalYear, LocalDate today, Deadline deadline,
                          List<SummaryRow> committee, List<DepartmentRow> departments, DepartmentRow total) {

    public StatusBoard {
        committee = List.copyOf(committee);
        departments = List.copyOf(departments);
    }

    /**
     * @param written   the deadline as the departments were told it
     * @param effective the deadline that counts (moved to the previous working day, see CollectionRound)
     * @param daysLeft  days from today to the effective deadline: 0 on the day, negative once past
     */
    public record Deadline(LocalDate opens, LocalDate written, LocalDate effective, long daysLeft) {

        /** A round's deadline as of a day; null when there is no round. */
        static Deadline of(CollectionRound round, LocalDate today) {
            return round == null ? null : new Deadline(round.opens(), round.deadline(), round.effectiveDeadline(),
                    ChronoUnit.DAYS.between(today, round.effectiveDeadline()));
        }

        public boolean passed() {
            return daysLeft < 0;
        }
    }

    /**
     * Where one department (or, for the total, every department) stands. The counts are of indicators of
     * the plan in the year; a department sharing an indicator with another counts it too.
     *
     * @param department            null for the total row
     * @param indicators            active indicators the department owns in the plan
     * @param owed                  of those, with a target set for the year (what the chase asks for)
     * @param accepted              owed ones with a current result
     * @param missing               owed ones with no result at all (未提出)
     * @param incomplete            owed ones with a result that still lacks the actual, 取組状況 or self-assessment
     * @param withFindings          indicators whose current value is flagged for a check (out of range,
     *                              implausible change, cumulative decrease, fractional count, contradiction)
     * @param rejectedSinceAccepted the department's files rejected after its last accepted file (all of its
     *                              rejected files when none was ever accepted)
     * @param daysToDeadline        days to the effective deadline, negative when past; null when nothing is
     *                              outstanding or no round was given
     * @param remindersSent         reminder mails sent to the department in the round (since it opened; all
     *                              when no round was given)
     * @param lastReminderOn        the day of the last of those reminders
     * @param lastReceiptNo         the receipt of the department's newest file, whatever became of it
     * @param lastStatus            accepted, rejected or duplicate
     */
    public record DepartmentRow(String department, int indicators, int owed, int accepted, int missing,
                                int incomplete, int withFindings, int rejectedSinceAccepted, Long daysToDeadline,
                                int remindersSent, LocalDate lastReminderOn, String lastReceiptNo,
                                Instant lastReceivedAt, String lastStatus) {

        /** What the chase still asks of the department: missing and incomplete items. */
        public int outstanding() {
            return missing + incomplete;
        }
    }
}
