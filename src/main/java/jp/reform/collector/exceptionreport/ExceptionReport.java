package jp.reform.collector.exceptionreport;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * What the administrative division (行政経営課) has to look at after the overnight run: results still
 * missing, values worth a second look, files that were rejected, mail from unknown senders, mail the
 * collector could not send, items of the shared folder it would not read or had to set aside, mail it
 * could not read, and mail of a 課 whose attachments it did not all take (the sender was told why by reply).
 * One report per plan and day; the renderings are {@link ExceptionReportHtml} (mail body)
 * and {@link ExceptionReportWorkbook} (the .xlsx attachment).
 *
 * <p>Lists are kept in the order given; the renderings sort them for reading. A null list is taken as empty
 * so that a query returning nothing cannot break the nightly mail.
 *
 * @param fiscalYear the fiscal year of the collection round currently open, or null when none is open
 * @param deadline   the submission deadline of that round, or null when none is open
 * @param closedOn   the day the division closed that round (締切), or null when it is not closed: its missing
 *                   items are then listed as a record and are no longer chased
 * @param writtenDeadline the deadline as config/rounds.csv gives it; {@code deadline} is earlier when that day
 *                   the office is closed (the report then says why the two differ)
 * @param departmentOrder the 課 in the city's organisation order (departments.csv's rows), which the lists by
 *                   課 follow; a 課 not in it comes after those that are, by name
 * @param rounds     every round the report covers, oldest first: the current one (the fields above) and each
 *                   earlier round still open (not closed) whose items are owed, as reminders chase them. Null or
 *                   empty: the current round alone, when there is one
 */
public record ExceptionReport(String planCode, String planName, String adminDepartment, LocalDate asOf,
        Integer fiscalYear, LocalDate deadline,
        List<MissingItem> missing, List<ValueIssue> valueIssues, List<RejectedFile> rejectedFiles,
        List<UnknownSender> unknownSenders, List<FailedMail> failedMails, List<RefusedItem> refusedItems,
        List<UnreadableMail> unreadableMails, LocalDate closedOn, LocalDate writtenDeadline,
        List<String> departmentOrder, List<ClosedTargetChange> closedTargetChanges,
        List<ClosedGradeChange> closedGradeChanges, List<NotTakenMail> notTakenMails, List<Round> rounds) {

    /**
     * A collection round the report covers.
     *
     * @param deadline        the effective deadline (the previous working day when the written one is a closed day)
     * @param writtenDeadline the deadline as config/rounds.csv gives it
     * @param closedOn        the day the division closed the round (締切), or null
     */
    public record Round(int fiscalYear, LocalDate deadline, LocalDate writtenDeadline, LocalDate closedOn) {

        public Round {
            writtenDeadline = writtenDeadline == null ? deadline : writtenDeadline;
        }

        public boolean closed() {
            return closedOn != null;
        }
    }

    /** A report of the current round only (or of none). */
    public ExceptionReport(String planCode, String planName, String adminDepartment, LocalDate asOf,
                           Integer fiscalYear, LocalDate deadline, List<MissingItem> missing,
                           List<ValueIssue> valueIssues, List<RejectedFile> rejectedFiles,
                           List<UnknownSender> unknownSenders, List<FailedMail> failedMails,
                           List<RefusedItem> refusedItems, List<UnreadableMail> unreadableMails, LocalDate closedOn,
                           LocalDate writtenDeadline, List<String> departmentOrder,
                           List<ClosedTargetChange> closedTargetChanges, List<ClosedGradeChange> closedGradeChanges,
                           List<NotTakenMail> notTakenMails) {
        this(planCode, planName, adminDepartment, asOf, fiscalYear, deadline, missing, valueIssues, rejectedFiles,
                unknownSenders, failedMails, refusedItems, unreadableMails, closedOn, writtenDeadline, departmentOrder,
                closedTargetChanges, closedGradeChanges, notTakenMails, null);
    }

    /**
     * A report of an open round with only its first lists; the others (null in the canonical constructor, as any
     * list may be) empty, the deadline as written.
     */
    public ExceptionReport(String planCode, String planName, String adminDepartment, LocalDate asOf,
                           Integer fiscalYear, LocalDate deadline, List<MissingItem> missing,
                           List<ValueIssue> valueIssues, List<RejectedFile> rejectedFiles,
                           List<UnknownSender> unknownSenders, List<FailedMail> failedMails) {
        this(planCode, planName, adminDepartment, asOf, fiscalYear, deadline, missing, valueIssues, rejectedFiles,
                unknownSenders, failedMails, null, null, null, null, null, null, null, null, null);
    }

    public ExceptionReport {
        missing = missing == null ? List.of() : List.copyOf(missing);
        valueIssues = valueIssues == null ? List.of() : List.copyOf(valueIssues);
        rejectedFiles = rejectedFiles == null ? List.of() : List.copyOf(rejectedFiles);
        unknownSenders = unknownSenders == null ? List.of() : List.copyOf(unknownSenders);
        failedMails = failedMails == null ? List.of() : List.copyOf(failedMails);
        refusedItems = refusedItems == null ? List.of() : List.copyOf(refusedItems);
        unreadableMails = unreadableMails == null ? List.of() : List.copyOf(unreadableMails);
        writtenDeadline = writtenDeadline == null ? deadline : writtenDeadline;
        departmentOrder = departmentOrder == null ? List.of() : List.copyOf(departmentOrder);
        closedTargetChanges = closedTargetChanges == null ? List.of() : List.copyOf(closedTargetChanges);
        closedGradeChanges = closedGradeChanges == null ? List.of() : List.copyOf(closedGradeChanges);
        notTakenMails = notTakenMails == null ? List.of() : List.copyOf(notTakenMails);
        if (rounds == null || rounds.isEmpty()) {
            rounds = fiscalYear == null || deadline == null ? List.of()
                    : List.of(new Round(fiscalYear, deadline, writtenDeadline, closedOn));
        } else {
            rounds = rounds.stream().sorted(java.util.Comparator.comparingInt(Round::fiscalYear)).toList();
        }
    }

    /**
     * A result the department still owes.
     *
     * @param what 未提出 / 実績値が未記入 / 取組状況が未記入 / 自己評価が未記入 (joined by 、 when several)
     */
    public record MissingItem(String department, String indicatorCode, String indicatorName, int fiscalYear,
                              String targetText, String what, boolean overdue, int daysOverdue) {
    }

    /**
     * A stored value the plausibility checks flagged.
     *
     * @param flagCode out_of_range, implausible_change, cumulative_decrease, fractional_count,
     *                 assessment_contradiction …
     * @param message  the Japanese flag text
     */
    public record ValueIssue(String department, String indicatorCode, String indicatorName, int fiscalYear,
                             String actualText, String flagCode, String message) {

        /** The flag the committee reads separately: self-assessment and numbers disagree. */
        public static final String ASSESSMENT_CONTRADICTION = "assessment_contradiction";

        public boolean isAssessmentContradiction() {
            return ASSESSMENT_CONTRADICTION.equals(flagCode);
        }
    }

    /**
     * A submitted file that was not loaded.
     *
     * @param channel    folder or mail
     * @param department the submitting department, or null when it could not be told
     */
    public record RejectedFile(String receiptNo, ZonedDateTime receivedAt, String channel, String department,
                               String fileName, List<String> reasons) {

        public RejectedFile {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    /** Mail to the collection mailbox from an address no department is registered with. */
    public record UnknownSender(ZonedDateTime receivedAt, String fromAddress, String subject,
                                List<String> attachmentNames) {

        public UnknownSender {
            attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
        }
    }

    /**
     * Mail from the outbox that did not go out, or of which it is not known whether it went out.
     *
     * @param kind   receipt, reply, reminder, exception_report
     * @param status failed or unconfirmed
     */
    public record FailedMail(ZonedDateTime createdAt, String kind, String recipients, String subject, int attempts,
                             String lastError, String status) {
    }

    /**
     * An item of the shared folder that was not read (a link, a device, anything resolving outside the
     * inbox) or was set aside in a .quarantine folder.
     *
     * @param itemPath   where it was found, relative to the inbox (department folder / name)
     * @param reason     why, in Japanese
     * @param action     what was done with it, in Japanese (left in place, or where it was moved)
     * @param receiptNo  the receipt when the file had been received before it was set aside, else null
     * @param detail     the technical reason, for IT staff
     */
    public record RefusedItem(ZonedDateTime foundAt, String department, String itemPath, String reason,
                              String action, String receiptNo, String detail) {
    }

    /**
     * A message in the collection mailbox that could not be read, and was therefore moved to the folder of
     * processed mail rather than tried again at every poll.
     *
     * @param fromHeader the From header as written (it may be what could not be read)
     * @param reason     why, on one line: what went wrong in Japanese, then the technical detail
     */
    public record UnreadableMail(ZonedDateTime receivedAt, String fromHeader, String subject,
                                 List<String> attachmentNames, String reason) {

        public UnreadableMail {
            attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
        }
    }

    /**
     * Mail from a registered 課's address of which not every attachment was taken (more than mail.max-files, a
     * type that is not read, too large, a winmail.dat that could not be opened, nothing attached …). The sender
     * was answered by a reply; the division sees it here so that it can follow up with a 課 that may believe it
     * submitted.
     *
     * @param department      the 課 the sender's address is registered with
     * @param attachmentNames every file of the mail as recorded (also those taken)
     * @param problems        what the reply told the sender, one entry per problem; they name the files not taken
     */
    public record NotTakenMail(ZonedDateTime receivedAt, String department, String fromAddress, String subject,
                               List<String> attachmentNames, List<String> problems) {

        public NotTakenMail {
            attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }

    /**
     * A target of a round the division had closed (its grades reported to the committee) that a revision of the
     * plan changed, added or removed since the last report; the year's grade was evaluated again with it.
     *
     * @param department  the indicator's 課 (several joined by ・)
     * @param before      the target before, or null when the year had none
     * @param after       the target now, or null when the plan no longer sets one
     * @param gradeBefore the computed grade when the target changed, in the plan's words; null when none
     * @param gradeNow    the computed grade now, in the plan's words; null when none
     */
    public record ClosedTargetChange(String department, String indicatorCode, String indicatorName, int fiscalYear,
                                     String before, String after, String gradeBefore, String gradeNow,
                                     ZonedDateTime changedAt) {

        /** Whether the year's grade is not the one it had when the target changed. */
        public boolean gradeChanged() {
            return !Objects.equals(gradeBefore, gradeNow);
        }
    }

    /**
     * A grade of a round the division had closed (reported to the committee) that a revision of the plan moved
     * otherwise than by the year's target (thresholds, grade words, an indicator's direction, baseline …) since
     * the last report.
     *
     * @param department  the indicator's 課 (several joined by ・)
     * @param gradeBefore the computed grade before, in the plan's words of that time; null when none
     * @param gradeAfter  the computed grade after, in the plan's words; null when none
     * @param rateBefore  the 達成率 before, a whole percent; null when none
     * @param rateAfter   the 達成率 after, a whole percent; null when none
     */
    public record ClosedGradeChange(String department, String indicatorCode, String indicatorName, int fiscalYear,
                                    String gradeBefore, String gradeAfter, String rateBefore, String rateAfter,
                                    ZonedDateTime changedAt) {
    }

    /** Nothing to report: the mail then says so in one line. */
    public boolean isAllClear() {
        return missing.isEmpty() && valueIssues.isEmpty() && rejectedFiles.isEmpty() && unknownSenders.isEmpty()
                && failedMails.isEmpty() && refusedItems.isEmpty() && unreadableMails.isEmpty()
                && closedTargetChanges.isEmpty() && closedGradeChanges.isEmpty() && notTakenMails.isEmpty();
    }

    /** Whether a collection round is open (fiscal year and deadline are then known). */
    public boolean hasOpenRound() {
        return fiscalYear != null;
    }

    /** Flagged values other than a self-assessment contradiction (sheet 確認が必要な値). */
    public List<ValueIssue> valueChecks() {
        return valueIssues.stream().filter(v -> !v.isAssessmentContradiction()).toList();
    }

    /** Self-assessments that contradict the numbers (sheet 自己評価の不一致). */
    public List<ValueIssue> assessmentContradictions() {
        return valueIssues.stream().filter(ValueIssue::isAssessmentContradiction).toList();
    }

    /**
     * Whether the division has closed the round (締切), every round the report covers: what they lack is a record,
     * not chased.
     */
    public boolean roundClosed() {
        return fiscalYear != null && !rounds.isEmpty() && rounds.stream().allMatch(Round::closed);
    }

    /** Whether the report covers more than the current round (an earlier one is still open and owed). */
    public boolean severalRounds() {
        return rounds.size() > 1;
    }

    /** Whether a missing item is of a closed round: listed as a record, not chased. */
    public boolean closed(MissingItem item) {
        if (!severalRounds()) {
            return roundClosed();
        }
        return rounds.stream().anyMatch(r -> r.fiscalYear() == item.fiscalYear() && r.closed());
    }

    /** How many of the missing results are past the deadline (of a round not closed: those are a record). */
    public long overdueCount() {
        return missing.stream().filter(m -> m.overdue() && (!severalRounds() || !closed(m))).count();
    }
}
