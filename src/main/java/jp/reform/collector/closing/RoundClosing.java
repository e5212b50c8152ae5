package jp.reform.collector.closing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.audit.AuditEntry;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.domain.BoundedFindings;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.evaluate.IncrementalEvaluation;
import jp.reform.collector.intake.ArchiveNames;
import jp.reform.collector.intake.FlagFindings;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.notify.DecisionNotice;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.OutgoingMail;
import jp.reform.collector.notify.SharedReportNotice;
import jp.reform.collector.receipt.ReceiptWriter;
import jp.reform.collector.review.ReviewRepository;
import jp.reform.collector.review.RoundOutstanding;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.PendingChanges;
import jp.reform.collector.store.PendingChanges.Difference;
import jp.reform.collector.store.PendingChanges.HeldFile;
import jp.reform.collector.store.ResultStaging;
import jp.reform.collector.store.SubmissionRepository;

/**
 * Closing a round (締切) after the committee has met, reopening it, and deciding the files held meanwhile.
 * Each is one transaction with its audit line (who, when, before and after). A round is closed and reopened
 * under its plan's load lock, so that a file being loaded is either loaded before the closing or held after
 * it. A held file is decided by a conditional update: whoever finds it still pending decides it, once, here
 * or on another instance; the other click is told it was decided already. A file is accepted only while the
 * results it would change are as the division's page showed them.
 */
public final class RoundClosing {

    /** Changed values listed in a decision's mail and audit line; all are counted. */
    static final int LISTED = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H時mm分");

    private final Database database;
    private final MasterData master;
    private final AuditLog audit;
    private final Outbox outbox;
    private final ZoneId zone;
    private final Limits limits;
    private final PendingChanges pending = new PendingChanges();
    private final SubmissionRepository submissions = new SubmissionRepository();
    private final ReviewRepository reviews = new ReviewRepository();
    private final IncrementalEvaluation evaluations = new IncrementalEvaluation();
    private final DecisionNotice notice = new DecisionNotice();
    private final SharedReportNotice sharedReports = new SharedReportNotice();
    private final ReceiptWriter receipts = new ReceiptWriter();

    public RoundClosing(Database database, MasterData master, AuditLog audit, Outbox outbox, ZoneId zone) {
        this(database, master, audit, outbox, zone, Limits.DEFAULTS);
    }

    /** @param limits how many findings a file keeps (as its load would): an accepted file's flags count to it */
    public RoundClosing(Database database, MasterData master, AuditLog audit, Outbox outbox, ZoneId zone,
                        Limits limits) {
        this.database = database;
        this.master = master;
        this.audit = audit;
        this.outbox = outbox;
        this.zone = zone;
        this.limits = limits;
    }

    /** Who acts, from where (recorded in the audit log). */
    public record Actor(String login, String role, String remoteAddress) {
    }

    /** What came of a request. */
    public enum Outcome {
        DONE,
        /** Nothing to do: closed already, not closed, or decided already (by someone else). */
        ALREADY,
        NOT_FOUND,
        /** The held file holds no result of the round the decision was made on (a page of another round). */
        OTHER_ROUND,
        /**
         * Not accepted: the results the held file would change are no longer those the page showed (a file loaded
         * after the round was reopened, or another held file accepted, since).
         */
        CHANGED
    }

    /**
     * The answer to a decision: its outcome; when it was decided already, by whom and how ({@code state}); when
     * the results changed since the page, the held file ({@code state}) and the newest of them ({@code newest}).
     */
    public record Decided(Outcome outcome, PendingChanges.Held state, PendingChanges.Newest newest) {

        public Decided(Outcome outcome, PendingChanges.Held state) {
            this(outcome, state, null);
        }
    }

    public Optional<PendingChanges.Closure> closure(String planCode, int fiscalYear) throws SQLException {
        try (Connection c = database.connect()) {
            return pending.closure(c, planCode, fiscalYear);
        }
    }

    public Outcome close(Actor actor, String planCode, int fiscalYear) throws SQLException {
        requirePlan(planCode);
        return inTransaction(c -> {
            submissions.lockPlan(c, planCode);
            if (!pending.close(c, planCode, fiscalYear, actor.login())) {
                return Outcome.ALREADY;
            }
            PendingChanges.Closure closure = pending.closure(c, planCode, fiscalYear).orElseThrow();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("closed", true);
            after.put("closed_at", closure.closedAt().toString());
            // what was still outstanding when it closed, read under the plan's load lock: the record of the decision
            RoundOutstanding outstanding = reviews.outstanding(c, planCode, fiscalYear);
            after.put("not_submitted", outstanding.notSubmitted());
            after.put("sent_back", outstanding.sentBackDepartments());
            audit.record(c, new AuditEntry(actor.login(), actor.role(), AuditAction.ROUND_CLOSED, planCode,
                    fiscalYear, null, null, Map.of("closed", false), after, actor.remoteAddress()));
            return Outcome.DONE;
        });
    }

    /** Reopens a round: files are loaded as usual again; changes held meanwhile stay to be decided. */
    public Outcome reopen(Actor actor, String planCode, int fiscalYear) throws SQLException {
        requirePlan(planCode);
        return inTransaction(c -> {
            submissions.lockPlan(c, planCode);
            Optional<PendingChanges.Closure> ended = pending.reopen(c, planCode, fiscalYear);
            if (ended.isEmpty()) {
                return Outcome.ALREADY;
            }
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("closed", true);
            before.put("closed_at", ended.get().closedAt().toString());
            before.put("closed_by", ended.get().closedBy());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("closed", false);
            after.put("pending_changes", pending.ofRound(c, planCode, fiscalYear, List.of("pending")).size());
            audit.record(c, new AuditEntry(actor.login(), actor.role(), AuditAction.ROUND_REOPENED, planCode,
                    fiscalYear, null, null, before, after, actor.remoteAddress()));
            return Outcome.DONE;
        });
    }

    /**
     * Takes a held file into the results exactly as an accepted file is taken: one merge of its rows (a new
     * version only where the content differs), its keys re-evaluated, the flags of its rows stored and counted
     * as the submission's findings, the submission accepted, the department told what changed and what to
     * check, as its receipt would have.
     *
     * @param shown the round of the page the division decided on: a file holding none of its results is left
     */
    public Decided accept(Actor actor, long submissionId, PendingChanges.Round shown) throws SQLException {
        return accept(actor, submissionId, shown, Optional.empty());
    }

    /**
     * As {@link #accept(Actor, long, PendingChanges.Round)}, refused ({@link Outcome#CHANGED}) when the results the
     * file has rows for are no longer as the page showed them.
     *
     * @param resultsShown their {@link PendingChanges#resultVersions} when the page was shown; empty: not checked
     */
    public Decided accept(Actor actor, long submissionId, PendingChanges.Round shown, Optional<Long> resultsShown)
            throws SQLException {
        return inTransaction(c -> {
            Optional<HeldFile> held = pending.heldFile(c, submissionId);
            if (held.isEmpty() || pending.state(c, submissionId).isEmpty()) {
                return new Decided(Outcome.NOT_FOUND, null);
            }
            if (!pending.rounds(c, submissionId).contains(shown)) {
                return new Decided(Outcome.OTHER_ROUND, null);
            }
            HeldFile file = held.get();
            // the load locks before the decision: no file is loaded into these results between the check of what
            // the page showed and the merge (a second click waits here, then finds the file decided)
            List<String> plans = pending.plans(c, submissionId);
            for (String planCode : plans) {
                submissions.lockPlan(c, planCode); // the order every load takes them in
            }
            submissions.lockContent(c, file.sha256());
            PendingChanges.Held now = pending.state(c, submissionId).orElseThrow();
            if (!"pending".equals(now.state())) {
                // decided by another admin: said so, rather than that its acceptance changed the results
                return new Decided(Outcome.ALREADY, now);
            }
            if (resultsShown.isPresent()
                    && !resultsShown.get().equals(pending.resultVersions(c, List.of(submissionId)).get(submissionId))) {
                // a page shown before a newer file came (the round reopened) or another held file was accepted:
                // its older values would replace newer ones unseen
                return new Decided(Outcome.CHANGED, now, pending.newestResult(c, submissionId).orElse(null));
            }
            if (!pending.claim(c, submissionId, "accepted", actor.login(), null)) {
                return new Decided(Outcome.ALREADY, pending.state(c, submissionId).orElseThrow());
            }
            List<Difference> differences = pending.differences(c, List.of(submissionId), LISTED);
            int changeCount = differences.isEmpty() ? 0 : differences.get(0).total();
            Optional<SubmissionRepository.Accepted> earlier = submissions.findAccepted(c, file.sha256());
            int added = 0;
            BoundedFindings flagged = new BoundedFindings(limits.maxFindingsKept());
            if (earlier.isPresent()) {
                // the same content was accepted meanwhile (the round reopened): already in the results
                pending.settle(c, submissionId, "duplicate", earlier.get().id());
            } else {
                ResultStaging staging = ResultStaging.fromPending(c, submissionId);
                // the entries its table had no column for keep what the 課 reported until now, not when it was held
                staging.keepOmittedEntries(file.department());
                ResultStaging.Merged merged = staging.merge(file.department(), submissionId, 0);
                added = merged.added();
                if (merged.replaced() > 0) {
                    // of a shared indicator, the 課 whose report this file replaced is told, as at an ordinary load
                    for (OutgoingMail mail : sharedReports.mails(master, file.department(), submissionId, file.receiptNo(),
                            WHEN.format(file.receivedAt().atZone(zone)),
                            staging.replacedReports(submissionId, SharedReportNotice.LISTED))) {
                        outbox.queue(c, mail);
                    }
                }
                // the flags its load would have stored, after the findings stored when it was held
                FlagFindings flags = new FlagFindings(flagged,
                        limits.maxFindingsKept() - submissions.countFindings(c, submissionId));
                evaluations.evaluate(c, master, plans, flags);
                submissions.insertFindings(c, submissionId, flags.stored());
                submissions.addWarnings(c, submissionId, flagged.total());
                pending.settle(c, submissionId, "accepted", null);
            }
            List<String> lines = differences.stream().map(RoundClosing::line).toList();
            List<PendingChanges.Round> rounds = pending.rounds(c, submissionId);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("state", "pending");
            before.put("receipt_no", file.receiptNo());
            before.put("values", differences.stream().map(d -> d.indicatorCode() + " " + d.fiscalYear() + ": "
                    + ReceiptWriter.shownValue(d.currentText())).toList());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("state", "accepted");
            after.put("versions_added", added);
            after.put("changes", changeCount);
            after.put("values", lines);
            after.put("warnings", flagged.total());
            record(c, actor, AuditAction.PENDING_ACCEPTED, file, rounds, before, after);
            String warnings = flagged.total() == 0 ? "" : receipts.warnings(flagged.kept(), flagged.total(),
                    ArchiveNames.shown(file.sourceName()));
            outbox.queue(c, notice.mail(decision(file, true, rounds, lines, changeCount, null, warnings)));
            return new Decided(Outcome.DONE, null);
        });
    }

    /**
     * Leaves the results as they are; the department is told, with the reason.
     *
     * @param shown the round of the page the division decided on, as for {@link #accept}
     */
    public Decided decline(Actor actor, long submissionId, PendingChanges.Round shown, String reason)
            throws SQLException {
        return inTransaction(c -> {
            Optional<HeldFile> held = pending.heldFile(c, submissionId);
            if (held.isEmpty() || pending.state(c, submissionId).isEmpty()) {
                return new Decided(Outcome.NOT_FOUND, null);
            }
            if (!pending.rounds(c, submissionId).contains(shown)) {
                return new Decided(Outcome.OTHER_ROUND, null);
            }
            if (!pending.claim(c, submissionId, "declined", actor.login(), reason)) {
                return new Decided(Outcome.ALREADY, pending.state(c, submissionId).orElseThrow());
            }
            HeldFile file = held.get();
            pending.settle(c, submissionId, "declined", null);
            List<PendingChanges.Round> rounds = pending.rounds(c, submissionId);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("state", "pending");
            before.put("receipt_no", file.receiptNo());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("state", "declined");
            after.put("reason", reason == null ? "" : reason);
            record(c, actor, AuditAction.PENDING_DECLINED, file, rounds, before, after);
            outbox.queue(c, notice.mail(decision(file, false, rounds, List.of(), 0, reason, "")));
            return new Decided(Outcome.DONE, null);
        });
    }

    private void record(Connection c, Actor actor, AuditAction action, HeldFile file, List<PendingChanges.Round> rounds,
                        Map<String, Object> before, Map<String, Object> after) throws SQLException {
        // the audit line names the file's first round; a file touching several lists them all
        PendingChanges.Round first = rounds.isEmpty() ? null : rounds.get(0);
        if (rounds.size() > 1) {
            after.put("rounds", rounds.stream().map(r -> r.planCode() + " " + r.fiscalYear()).toList());
        }
        audit.record(c, new AuditEntry(actor.login(), actor.role(), action, first == null ? null : first.planCode(),
                first == null ? null : first.fiscalYear(), file.department(), null, before, after,
                actor.remoteAddress()));
    }

    private DecisionNotice.Decision decision(HeldFile file, boolean accepted, List<PendingChanges.Round> rounds,
                                             List<String> lines, int changeCount, String reason,
                                             String warnings) {
        List<String> recipients = !file.receiptRecipients().isEmpty() ? file.receiptRecipients()
                : master.department(file.department()).map(Department::emails).orElse(List.of());
        Plan contact = rounds.stream().map(r -> master.plan(r.planCode())).flatMap(Optional::stream)
                .map(PlanMaster::plan).findFirst().orElse(null);
        return new DecisionNotice.Decision(file.submissionId(), file.receiptNo(), file.sourceName(), file.department(),
                WHEN.format(file.receivedAt().atZone(zone)), accepted,
                rounds.stream().map(r -> SubmissionIngestor.roundName(master, r.planCode(), r.fiscalYear())).toList(),
                lines, changeCount, reason, warnings, recipients, contact);
    }

    private static String line(Difference d) {
        // of a shared indicator, the value replaced may be another 課's report: said as the receipt says it
        return d.currentReportedBy() == null
                ? "・%s %s（%d年度）：%s → %s".formatted(d.indicatorCode(), d.indicatorName(), d.fiscalYear(),
                        ReceiptWriter.shownValue(d.currentText()), SubmissionIngestor.newValue(d))
                : "・%s %s（%d年度）：%s（%sの報告）→ %s".formatted(d.indicatorCode(), d.indicatorName(),
                        d.fiscalYear(), ReceiptWriter.shownValue(d.currentText()), d.currentReportedBy(),
                        SubmissionIngestor.newValue(d));
    }

    private void requirePlan(String planCode) {
        if (master.plan(planCode).isEmpty()) {
            throw new IllegalArgumentException("unknown plan " + planCode);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
