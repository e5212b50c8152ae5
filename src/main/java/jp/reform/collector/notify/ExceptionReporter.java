package jp.reform.collector.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.exceptionreport.ExceptionReport;
import jp.reform.collector.exceptionreport.ExceptionReportHtml;
import jp.reform.collector.exceptionreport.ExceptionReportWorkbook;
import jp.reform.collector.intake.ArchiveNames;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.report.FigureText;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.store.MailMessageRepository;
import jp.reform.collector.store.OutboxRepository;
import jp.reform.collector.store.PendingChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After each overnight run, one exception report per plan to its administrative division (plan.csv
 * admin_email): missing and overdue items of the current round (marked 締切 when the division has closed it) and
 * of each earlier round still open and owed (reminders chase those too),
 * values to check, rejected files no report of the plan listed yet, mail from unknown senders, mail that could not be
 * delivered, items of the shared folder that were not read or were set aside, mail that could not be
 * read, mail of a 課 whose attachments were not all taken (its sender was answered), and targets and grades
 * of closed rounds that a revised plan (or new evaluation rules) changed, not listed yet. Built and queued in one
 * transaction under the plan's lock, which also records the rejected files and closed-round changes it lists
 * (V32), so that each is in exactly one report of the plan, whenever it was committed; once per plan and day.
 */
public final class ExceptionReporter {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionReporter.class);

    private final Database database;
    private final MasterData master;
    private final List<CollectionRound> rounds;
    private final Outbox outbox;
    private final MailSettings settings;
    private final ZoneId zone;
    private final ChaseQueries queries = new ChaseQueries();
    private final MailMessageRepository mailMessages = new MailMessageRepository();
    private final OutboxRepository outboxRows = new OutboxRepository();
    private final PendingChanges closures = new PendingChanges();
    private final FolderRefusalRepository refusals;
    /** Every 課 some plan names (for an indicator or an action): what comes from any other is every plan's. */
    private final Set<String> anyPlansDepartments;
    /** Per plan, the mail domains of its registered addresses, which tell whose an unknown sender is. */
    private final Map<PlanMaster, Set<String>> planDomains;
    /** Per plan, its registered addresses (lower case), which tell whose an undelivered mail is. */
    private final Map<PlanMaster, Set<String>> planAddresses;

    public ExceptionReporter(Database database, MasterData master, List<CollectionRound> rounds, Outbox outbox,
                             MailSettings settings, ZoneId zone) {
        this.database = database;
        this.master = master;
        this.rounds = List.copyOf(rounds);
        this.outbox = outbox;
        this.settings = settings;
        this.zone = zone;
        this.refusals = new FolderRefusalRepository(database, null);
        this.anyPlansDepartments = new HashSet<>();
        this.planDomains = new HashMap<>();
        this.planAddresses = new HashMap<>();
        for (PlanMaster p : master.plans()) {
            anyPlansDepartments.addAll(p.departments());
            Set<String> addresses = new HashSet<>();
            addresses.add(p.plan().adminEmail());
            for (String department : p.departments()) {
                master.department(department).ifPresent(d -> {
                    addresses.addAll(d.emails());
                    addresses.addAll(d.allowedSenders());
                });
            }
            Set<String> of = new HashSet<>();
            Set<String> lower = new HashSet<>();
            for (String address : addresses) {
                addDomain(of, address);
                if (address != null && !address.isBlank()) {
                    lower.add(address.strip().toLowerCase(Locale.ROOT));
                }
            }
            planDomains.put(p, of);
            planAddresses.put(p, lower);
        }
    }

    /**
     * The items of a report that are not of one plan by nature, as read in one snapshot for every plan: each plan
     * takes its share (see {@link #forPlan}), so that one arriving while the reports are built is either offered to
     * all of its plans or to none (then it is in the next reports).
     */
    private record Items(List<MailMessageRepository.UnknownSender> unknown,
                         List<OutboxRepository.Undelivered> undelivered,
                         List<FolderRefusalRepository.Reported> refused,
                         List<MailMessageRepository.Unreadable> unreadable,
                         List<MailMessageRepository.NotTaken> notTaken) {

        ChaseQueries.ReportItems keys() {
            List<String> mail = new ArrayList<>();
            unknown.forEach(u -> mail.add(u.messageKey()));
            unreadable.forEach(u -> mail.add(u.messageKey()));
            notTaken.forEach(u -> mail.add(u.messageKey()));
            return new ChaseQueries.ReportItems(mail,
                    undelivered.stream().map(OutboxRepository.Undelivered::id).toList(),
                    refused.stream().map(FolderRefusalRepository.Reported::id).toList());
        }

        /** Each item's key as {@link ChaseQueries#itemsListed} names it. */
        List<String> taggedKeys() {
            ChaseQueries.ReportItems keys = keys();
            List<String> tagged = new ArrayList<>();
            keys.mail().forEach(k -> tagged.add(mailKey(k)));
            keys.outbox().forEach(k -> tagged.add(outboxKey(k)));
            keys.refusals().forEach(k -> tagged.add(refusalKey(k)));
            return tagged;
        }

        /** Those the plan's reports have not listed yet. */
        Items notListedBy(String planCode, Map<String, Set<String>> listed) {
            java.util.function.Predicate<String> fresh = key -> !listed.getOrDefault(key, Set.of()).contains(planCode);
            return new Items(unknown.stream().filter(u -> fresh.test(mailKey(u.messageKey()))).toList(),
                    undelivered.stream().filter(u -> fresh.test(outboxKey(u.id()))).toList(),
                    refused.stream().filter(u -> fresh.test(refusalKey(u.id()))).toList(),
                    unreadable.stream().filter(u -> fresh.test(mailKey(u.messageKey()))).toList(),
                    notTaken.stream().filter(u -> fresh.test(mailKey(u.messageKey()))).toList());
        }
    }

    private static String mailKey(String messageKey) {
        return "mail:" + messageKey;
    }

    private static String outboxKey(long id) {
        return "outbox:" + id;
    }

    private static String refusalKey(long id) {
        return "refusal:" + id;
    }

    /** @return the number of reports queued now */
    public int queueReports(LocalDate asOf) throws SQLException {
        int queued = 0;
        Items all;
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot for all five
            all = readItems(c);
            c.commit();
        }
        List<PlanMaster> reporting = new ArrayList<>();
        for (PlanMaster plan : master.plans()) {
            String adminEmail = plan.plan().adminEmail();
            if (adminEmail == null || adminEmail.isBlank()) {
                LOG.warn("Plan {} has no admin_email in plan.csv: no exception report", plan.plan().code());
                continue;
            }
            var problem = MailAddresses.problem(adminEmail);
            if (problem.isPresent()) {
                // as good as none: the other plans' divisions still get theirs, and the night does not fail on it
                LOG.warn("Plan {}: admin_email {} in plan.csv cannot be used for mail ({}): no exception report",
                        plan.plan().code(), LogText.escape(adminEmail), problem.get());
                continue;
            }
            reporting.add(plan);
            try (Connection c = database.connect()) {
                c.setAutoCommit(false);
                try {
                    String key = "exception-report/" + plan.plan().code() + "/" + asOf;
                    queries.lockReport(c, plan.plan().code());
                    if (outbox.alreadyQueued(c, key)) {
                        c.rollback();
                        continue;
                    }
                    Items items = unlisted(c, plan, forPlan(plan, all));
                    Built built = assemble(c, plan, asOf, items);
                    ExceptionReport report = built.report();
                    if (report.isAllClear() && !settings.allClearReport()) {
                        c.rollback();
                        continue;
                    }
                    Path workbook = report.isAllClear() ? null : Files.createTempFile("exception-report-", ".xlsx");
                    try {
                        outbox.queue(c, mail(key, plan.plan(), report, workbook));
                        // with the mail, in its transaction: what it lists is never listed again in this plan's
                        // reports, and what was committed after its snapshot is simply in the next report
                        queries.recordListed(c, plan.plan().code(), built.rejected(), built.changes());
                        queries.recordItemsListed(c, plan.plan().code(), items.keys());
                    } finally {
                        if (workbook != null) {
                            Files.deleteIfExists(workbook);
                        }
                    }
                    c.commit();
                    queued++;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } catch (IOException e) {
                    c.rollback();
                    throw new UncheckedIOException("The exception report of " + plan.plan().code()
                            + " could not be written: " + e.getMessage(), e);
                }
            }
        }
        markListedByEveryPlan(reporting, all);
        return queued;
    }

    /** The report a plan would get today, for the console: nothing is queued or marked as reported. */
    public ExceptionReport preview(PlanMaster plan, LocalDate asOf) throws SQLException {
        try (Connection c = database.connect()) {
            return assemble(c, plan, asOf, unlisted(c, plan, forPlan(plan, readItems(c)))).report();
        }
    }

    /** The items no plan it concerns has listed yet, of every plan. */
    private Items readItems(Connection c) throws SQLException {
        return new Items(mailMessages.unknownSendersToReport(c), outboxRows.undeliveredToReport(c),
                refusals.toReport(c), mailMessages.unreadableToReport(c), mailMessages.notTakenToReport(c));
    }

    /** Those of a plan's items that no report of the plan listed yet (a report queued before a rerun, say). */
    private Items unlisted(Connection c, PlanMaster plan, Items items) throws SQLException {
        return items.notListedBy(plan.plan().code(), queries.itemsListed(c, items.keys()));
    }

    /** The share of a plan's division. */
    private Items forPlan(PlanMaster plan, Items all) {
        return new Items(all.unknown().stream().filter(u -> concerns(plan, u)).toList(),
                all.undelivered().stream().filter(u -> concerns(plan, u)).toList(),
                all.refused().stream().filter(r -> isFor(plan, r.departmentFolder())).toList(),
                all.unreadable(), // nothing in it says whose it is
                all.notTaken().stream().filter(m -> isFor(plan, m.department())).toList());
    }

    /**
     * Marks as reported the items every reporting plan they concern has listed, so that the next night reads them no
     * more. One a plan has not listed yet (its report of the day was queued before the item came, by a run that
     * stopped and was run again) is read again the next night and listed in that plan's report then. Which plans an
     * item concerns is each plan's share ({@link #forPlan}), as the reports took it.
     */
    private void markListedByEveryPlan(List<PlanMaster> reporting, Items all) throws SQLException {
        if (all.keys().isEmpty() || reporting.isEmpty()) {
            return;
        }
        Map<String, Set<String>> concerned = new HashMap<>();
        for (PlanMaster plan : reporting) {
            for (String key : forPlan(plan, all).taggedKeys()) {
                concerned.computeIfAbsent(key, k -> new HashSet<>()).add(plan.plan().code());
            }
        }
        try (Connection c = database.connect()) {
            Map<String, Set<String>> listed = queries.itemsListed(c, all.keys());
            java.util.function.Predicate<String> done = key -> concerned.containsKey(key)
                    && listed.getOrDefault(key, Set.of()).containsAll(concerned.get(key));
            ChaseQueries.ReportItems keys = all.keys();
            mailMessages.markReported(c, keys.mail().stream().filter(k -> done.test(mailKey(k))).toList());
            outboxRows.markReported(c, keys.outbox().stream().filter(k -> done.test(outboxKey(k))).toList());
            refusals.markReported(c, keys.refusals().stream().filter(k -> done.test(refusalKey(k))).toList());
        }
    }

    /**
     * Mail from an address no 課 is registered with: its sender does not say whose it is, and the installation reads
     * one mailbox for every plan. It goes to the plans whose registered addresses (admin_email, their 課's addresses
     * and senders) share the sender's mail domain (a city's own domain), and to every plan's division when none or
     * every plan does (an outside address), since nothing else tells whose it is.
     */
    private boolean concerns(PlanMaster plan, MailMessageRepository.UnknownSender unknown) {
        // a sender without an address has no domain: every plan's
        List<PlanMaster> owners = plansOfDomains(java.util.Collections.singletonList(unknown.fromAddress()));
        return owners.isEmpty() || owners.contains(plan);
    }

    /** The plans whose registered addresses share a mail domain with one of {@code addresses}. */
    private List<PlanMaster> plansOfDomains(List<String> addresses) {
        List<String> domains = addresses.stream().map(ExceptionReporter::domain).filter(d -> d != null).toList();
        return planDomains.entrySet().stream().filter(e -> domains.stream().anyMatch(e.getValue()::contains))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Mail the outbox could not deliver (a receipt, a reminder, a report …) is the business of the plans it was
     * sent for: those whose registered addresses (admin_email, their 課's addresses and senders) include one of its
     * recipients; else those whose addresses share a recipient's mail domain; else every plan's. One city's
     * addresses are not shown to another city's division.
     */
    private boolean concerns(PlanMaster plan, OutboxRepository.Undelivered mail) {
        List<String> to = mail.addresses().stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
        List<PlanMaster> owners = planAddresses.entrySet().stream()
                .filter(e -> to.stream().anyMatch(e.getValue()::contains)).map(Map.Entry::getKey).toList();
        if (owners.isEmpty()) {
            owners = plansOfDomains(to);
        }
        return owners.isEmpty() || owners.contains(plan);
    }

    private static void addDomain(Set<String> domains, String address) {
        String domain = domain(address);
        if (domain != null) {
            domains.add(domain);
        }
    }

    /** The part after the last @, lower case; null when there is none. */
    private static String domain(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return domain.isEmpty() ? null : domain;
    }

    /**
     * Whether what came from this 課 (any of its names; null: none) is the plan's division's business: the plan
     * names it (for an indicator or an action), or no plan does (an unknown or mistyped folder, a 課 of no plan),
     * which every plan's division hears of. A 課 of another plan only is that plan's division's business. So go the
     * shared folder's refused items and the mail of a registered 課 whose attachments were not all taken.
     */
    private boolean isFor(PlanMaster plan, String departmentName) {
        String department = departmentName == null ? null
                : master.department(departmentName).map(Department::name).orElse(null);
        return department == null || plan.concerns(department) || !anyPlansDepartments.contains(department);
    }

    ExceptionReport build(Connection c, PlanMaster plan, LocalDate asOf,
                          List<MailMessageRepository.UnknownSender> unknown,
                          List<OutboxRepository.Undelivered> undelivered) throws SQLException {
        return build(c, plan, asOf, unknown, undelivered, List.of(), List.of(), List.of());
    }

    ExceptionReport build(Connection c, PlanMaster plan, LocalDate asOf,
                          List<MailMessageRepository.UnknownSender> unknown,
                          List<OutboxRepository.Undelivered> undelivered,
                          List<FolderRefusalRepository.Reported> refused,
                          List<MailMessageRepository.Unreadable> unreadable,
                          List<MailMessageRepository.NotTaken> notTaken) throws SQLException {
        return assemble(c, plan, asOf, new Items(unknown, undelivered, refused, unreadable, notTaken)).report();
    }

    /** A report, with the rejected files (submission ids) and closed-round changes (audit ids) it lists. */
    private record Built(ExceptionReport report, List<Long> rejected, List<Long> changes) {
    }

    private Built assemble(Connection c, PlanMaster plan, LocalDate asOf, Items items) throws SQLException {
        String code = plan.plan().code();
        Optional<CollectionRound> round = CollectionRound.current(rounds, code, asOf);
        List<ExceptionReport.MissingItem> missing = new ArrayList<>();
        List<ExceptionReport.Round> covered = new ArrayList<>();
        LocalDate closedOn = null;
        // the current round, and each earlier one still open (not closed) that is owed items: reminders chase
        // every open round, escalated copies to the division included, so the report lists what they chase
        List<CollectionRound> opened = rounds.stream().filter(r -> r.planCode().equals(code) && r.isOpen(asOf))
                .sorted(Comparator.comparingInt(CollectionRound::fiscalYear)).toList();
        for (CollectionRound r : opened) {
            boolean current = round.isPresent() && round.get().equals(r);
            // a closed round's gaps stay listed as a record, marked 締切: reminders no longer chase them
            LocalDate closed = closures.closure(c, code, r.fiscalYear())
                    .map(k -> k.closedAt().atZone(zone).toLocalDate()).orElse(null);
            if (!current && closed != null) {
                continue;
            }
            List<ChaseQueries.Outstanding> owed = queries.outstanding(c, code, r.fiscalYear());
            if (!current && owed.isEmpty()) {
                continue;
            }
            if (current) {
                closedOn = closed;
            }
            covered.add(new ExceptionReport.Round(r.fiscalYear(), r.effectiveDeadline(), r.deadline(), closed));
            LocalDate deadline = r.effectiveDeadline();
            boolean overdue = asOf.isAfter(deadline);
            int days = overdue ? (int) ChronoUnit.DAYS.between(deadline, asOf) : 0;
            for (ChaseQueries.Outstanding item : owed) {
                missing.add(new ExceptionReport.MissingItem(item.department(), item.indicatorCode(),
                        item.indicatorName(), r.fiscalYear(),
                        // the target as the other reports write it (90件, 175時間), words as written; none stays none
                        item.targetText() == null ? null : FigureText.target(item.targetText(), item.unit()),
                        item.what(), overdue, days));
            }
        }
        List<ExceptionReport.ValueIssue> values = new ArrayList<>();
        // the covered rounds' years (every year when no round is open); a plan has a round or two open at once
        List<Integer> years = covered.isEmpty() ? List.of(0)
                : covered.stream().map(ExceptionReport.Round::fiscalYear).toList();
        for (int year : years) {
            for (ChaseQueries.ValueIssue v : queries.valueIssues(c, code, year)) {
                values.add(new ExceptionReport.ValueIssue(v.departments(), v.indicatorCode(), v.indicatorName(),
                        v.fiscalYear(), v.actualText(), v.flagCode(),
                        // a flag the evaluation raised when another year changed has no row's message: worded here
                        v.message() == null ? Messages.wordFor("report.flag.", v.flagCode()) : v.message()));
            }
        }
        List<ExceptionReport.RejectedFile> rejected = new ArrayList<>();
        List<ChaseQueries.Rejected> rejectedRows = queries.rejectedToReport(c, code, plan.departments(),
                anyPlansDepartments);
        for (ChaseQueries.Rejected r : rejectedRows) {
            rejected.add(new ExceptionReport.RejectedFile(r.receiptNo(), r.receivedAt().atZone(zone), r.channel(),
                    r.department(), r.fileName(), r.reasons()));
        }
        List<ExceptionReport.UnknownSender> senders = items.unknown().stream()
                .map(u -> new ExceptionReport.UnknownSender(u.receivedAt().atZone(zone), u.fromAddress(), u.subject(),
                        u.attachmentNames()))
                .toList();
        List<ExceptionReport.FailedMail> failed = new ArrayList<>(items.undelivered().stream()
                .map(u -> new ExceptionReport.FailedMail(u.createdAt().atZone(zone), u.kind(), u.recipients(),
                        u.subject(), u.attempts(), u.lastError(), u.status()))
                .toList());
        failed.addAll(unusableAddresses(plan, asOf));
        // each change once, in the first report after the start that recorded it; the audit log keeps it for good
        List<ChaseQueries.ClosedTargetChange> targetRows = queries.closedTargetChangesToReport(c, code);
        List<ExceptionReport.ClosedTargetChange> closedTargets = targetRows.stream()
                .map(t -> new ExceptionReport.ClosedTargetChange(t.departments(), t.indicatorCode(), t.indicatorName(),
                        t.fiscalYear(), target(t.targetBefore(), t.valueBefore()), target(t.targetAfter(), t.valueAfter()),
                        t.gradeBefore(), t.gradeNow(), t.changedAt().atZone(zone)))
                .toList();
        // likewise the grades moved otherwise (thresholds, grade words, direction …, new rules), as recorded
        List<ChaseQueries.ClosedGradeChange> gradeRows = queries.closedGradeChangesToReport(c, code);
        List<ExceptionReport.ClosedGradeChange> closedGrades = gradeRows.stream()
                .map(g -> new ExceptionReport.ClosedGradeChange(g.departments(), g.indicatorCode(), g.indicatorName(),
                        g.fiscalYear(), g.gradeBefore(), g.gradeAfter(), g.rateBefore(), g.rateAfter(),
                        g.changedAt().atZone(zone)))
                .toList();
        List<ExceptionReport.RefusedItem> refusedItems = items.refused().stream().map(this::refusedItem).toList();
        List<ExceptionReport.UnreadableMail> unread = items.unreadable().stream()
                .map(u -> new ExceptionReport.UnreadableMail(u.receivedAt().atZone(zone), u.fromHeader(), u.subject(),
                        u.attachmentNames(), u.error()))
                .toList();
        List<ExceptionReport.NotTakenMail> notTakenMails = items.notTaken().stream()
                .map(m -> new ExceptionReport.NotTakenMail(m.receivedAt().atZone(zone), m.department(), m.fromAddress(),
                        m.subject(), m.attachmentNames(), m.problems()))
                .toList();
        ExceptionReport report = new ExceptionReport(code, plan.plan().name(), plan.plan().adminDepartment(), asOf,
                round.map(CollectionRound::fiscalYear).orElse(null),
                round.map(CollectionRound::effectiveDeadline).orElse(null), missing, values, rejected, senders, failed,
                refusedItems, unread, closedOn, round.map(CollectionRound::deadline).orElse(null),
                master.departments().stream().map(Department::name).toList(), closedTargets, closedGrades,
                notTakenMails, covered);
        List<Long> changes = new ArrayList<>();
        targetRows.forEach(t -> changes.add(t.auditId()));
        gradeRows.forEach(g -> changes.add(g.auditId()));
        return new Built(report, rejectedRows.stream().map(ChaseQueries.Rejected::submissionId).toList(), changes);
    }

    /**
     * Each address of departments.csv that no mail can go to: the 課 gets neither receipts nor reminders there
     * (they are left out, see {@link Outbox}), so the division is told every day until the file is corrected.
     */
    private List<ExceptionReport.FailedMail> unusableAddresses(PlanMaster plan, LocalDate asOf) {
        List<ExceptionReport.FailedMail> unusable = new ArrayList<>();
        for (Department department : master.departments()) {
            if (!isFor(plan, department.name())) {
                continue; // another city's 課: its division is told
            }
            for (String address : department.emails()) {
                MailAddresses.problem(address).ifPresent(problem -> unusable.add(new ExceptionReport.FailedMail(
                        asOf.atStartOfDay(zone), "department_address", department.name() + "：" + address,
                        "（departments.csv の登録アドレス。受付結果・督促のメールを送れません）", 0, problem,
                        "bad_address")));
            }
        }
        return unusable;
    }

    /** A target as written; its number beside it when only the number changed (the text alone would not say). */
    private static String target(String text, String value) {
        if (text == null) {
            return null;
        }
        return value == null ? text : text + "（数値 " + value + "）";
    }

    /** Names are shown whole, with invisible characters (a line break in a file name) made visible. */
    private ExceptionReport.RefusedItem refusedItem(FolderRefusalRepository.Reported r) {
        String action = (r.quarantined()
                ? Messages.text("refusal.action.quarantined", ArchiveNames.shown(r.quarantinedAs()))
                : Messages.text(r.receiptNo() != null ? "refusal.action.left_received" : "refusal.action.left"))
                + (r.departmentMailed() ? "　" + Messages.text("refusal.action.department_mailed") : "");
        return new ExceptionReport.RefusedItem(r.foundAt().atZone(zone), ArchiveNames.shown(r.departmentFolder()),
                ArchiveNames.shown(r.itemPath()), Messages.text("refusal.kind." + r.kind().dbValue()), action,
                r.receiptNo(), ArchiveNames.shown(r.detail()));
    }


    /** The mail, with the workbook streamed to {@code workbook} (a file of the caller's) unless all is clear. */
    private OutgoingMail mail(String key, Plan plan, ExceptionReport report, Path workbook) throws IOException {
        ExceptionReportHtml html = new ExceptionReportHtml();
        List<OutgoingMail.Attachment> attachments = report.isAllClear() ? List.of()
                : List.of(OutgoingMail.Attachment.of(ExceptionReportWorkbook.fileName(report),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        new ExceptionReportWorkbook().writeTo(report, workbook)));
        return new OutgoingMail("exception_report", key, List.of(plan.adminEmail()), List.of(), html.subject(report),
                html.plainText(report), html.body(report), attachments, null);
    }
}
