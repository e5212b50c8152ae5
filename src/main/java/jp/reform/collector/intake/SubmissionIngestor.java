package jp.reform.collector.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.reform.collector.domain.BoundedFindings;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.evaluate.ActualFigure;
import jp.reform.collector.evaluate.IncrementalEvaluation;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.notify.OutgoingMail;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.notify.SharedReportNotice;
import jp.reform.collector.read.ReadReport;
import jp.reform.collector.read.SubmissionReader;
import jp.reform.collector.receipt.LoadedRows;
import jp.reform.collector.receipt.Receipt;
import jp.reform.collector.receipt.ReceiptWriter;
import jp.reform.collector.receipt.ResultChange;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.PendingChanges;
import jp.reform.collector.store.ResultStaging;
import jp.reform.collector.store.StagingFailure;
import jp.reform.collector.store.SubmissionRepository;
import jp.reform.collector.store.SubmissionRepository.StoredFinding;
import jp.reform.collector.validate.SubmissionValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one ingest path every channel feeds: read → normalise/validate → store → evaluate → receipt.
 * A file is loaded whole in one transaction or rejected whole. Database failures are thrown, so that
 * the channel leaves the file where it is to be processed again; problems with the department's data
 * never are: they end in a rejection receipt.
 */
public final class SubmissionIngestor {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionIngestor.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 H時mm分");
    static final String ENCRYPTED_ZIP_FINDING = "encrypted_zip";

    private final Database database;
    private final MasterData master;
    private final ZoneId zone;
    private final SubmissionReader reader;
    private final Limits limits;
    private final SubmissionRepository submissions = new SubmissionRepository();
    private final PendingChanges pending = new PendingChanges();
    private final IncrementalEvaluation evaluations = new IncrementalEvaluation();
    private final ReceiptWriter receiptWriter = new ReceiptWriter();
    private final ReceiptMailer receiptMailer;
    private final SharedReportNotice sharedReports = new SharedReportNotice();
    private final List<CollectionRound> rounds;

    public SubmissionIngestor(Database database, MasterData master, ZoneId zone, ReceiptMailer receiptMailer,
                              List<CollectionRound> rounds) {
        this(database, master, zone, receiptMailer, rounds, Limits.DEFAULTS);
    }

    /** @param limits what one file may hold; past a limit the file is refused with a receipt naming it */
    public SubmissionIngestor(Database database, MasterData master, ZoneId zone, ReceiptMailer receiptMailer,
                              List<CollectionRound> rounds, Limits limits) {
        this.database = database;
        this.master = master;
        this.zone = zone;
        this.receiptMailer = receiptMailer;
        this.rounds = List.copyOf(rounds);
        this.limits = limits;
        this.reader = SubmissionReader.withLimits(limits);
    }

    public IngestOutcome ingest(IncomingFile incoming) throws SQLException, IOException {
        // a file far over the limit was copied only up to it: its size as found is what the receipt states
        long size = incoming.foundSize() != null ? incoming.foundSize() : Files.size(incoming.file());
        String sha256 = sha256(incoming);
        Optional<Department> department = master.department(incoming.departmentName());
        // one transaction from the first row read to the receipt: rows stream into it as they are checked
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            ResultStaging staging = null;
            String filePlanCode = null;
            try {
                BoundedFindings findings = new BoundedFindings(limits.maxFindingsKept());
                if (department.isEmpty()) {
                    findings.add(Finding.error("unknown_department",
                            Messages.text("finding.unknown_department", incoming.departmentName()),
                            Messages.text("hint.unknown_department")));
                } else if (size > limits.maxFileBytes()) {
                    // refused before a byte is parsed: both channels come through here
                    LOG.info("Not reading {} from {}: {} bytes, more than {} MB", LogText.escape(incoming.originalName()),
                            LogText.escape(incoming.departmentName()), size, limits.maxFileMb());
                    String mb = Limits.megabytes(size);
                    findings.add(Finding.error(Limits.FILE_SIZE_FINDING,
                            Messages.text("finding." + Limits.FILE_SIZE_FINDING, mb, limits.maxFileMb()),
                            Messages.text("hint." + Limits.FILE_SIZE_FINDING, mb, limits.maxFileMb())));
                } else if (ProtectedFiles.isZip(incoming.file()) && ZipHeaders.hasEncryptedEntry(incoming.file())) {
                    // a password ZIP under an Excel name reads as a broken workbook: say what it is instead
                    findings.add(Finding.error(ENCRYPTED_ZIP_FINDING, Messages.text("finding." + ENCRYPTED_ZIP_FINDING),
                            Messages.text("hint." + ENCRYPTED_ZIP_FINDING)));
                } else {
                    // before the staging copy starts: it holds the connection until the file is read
                    Set<PendingChanges.Round> closed = pending.closedRounds(c);
                    staging = ResultStaging.open(c);
                    if (readInto(closed, staging, incoming, department.get(), findings)) {
                        filePlanCode = staging.firstPlanCode();
                    }
                }
                IngestOutcome outcome = record(c, incoming, department.orElse(null), sha256, size, staging,
                        filePlanCode, findings);
                c.commit();
                return outcome;
            } catch (SQLException | IOException | RuntimeException | Error e) {
                // an Error too (OutOfMemoryError, StackOverflowError): a copy left open would block the
                // rollback, and the pooled connection's return, for ever
                if (staging != null) {
                    staging.cancel();
                }
                try {
                    c.rollback();
                } catch (SQLException notRolledBack) {
                    // a connection the socket timeout closed: the cause to report is the timeout, not this
                    e.addSuppressed(notRolledBack);
                }
                throw e;
            }
        }
    }

    /**
     * Reads, checks and stages the file's rows, then finds its repeated rows; every problem goes to
     * {@code findings}. A file past the row limit keeps only that finding: the rows staged before reading
     * stopped are not the file, and nothing of them is loaded.
     *
     * @param closed the closed rounds (締切): a template of one that is not the current round is refused
     * @return false when the file was read only up to the row limit
     */
    private boolean readInto(Set<PendingChanges.Round> closed, ResultStaging staging, IncomingFile incoming,
                             Department department, BoundedFindings findings) throws SQLException, IOException {
        SubmissionValidator validator = new SubmissionValidator(master, department,
                CollectionRound.collectedYears(rounds, incoming.receivedAt().atZone(zone).toLocalDate(),
                        (plan, year) -> closed.contains(new PendingChanges.Round(plan, year))), limits,
                staging);
        long started = System.nanoTime();
        ReadReport report = read(incoming, validator);
        staging.finish();
        LOG.info("{} from {}: read, checked and staged in {} ms", LogText.escape(incoming.originalName()),
                LogText.escape(incoming.departmentName()), (System.nanoTime() - started) / 1_000_000);
        findings.addAll(report.problems());
        if (report.rowLimitExceeded()) {
            LOG.info("Refused {} from {}: more than {} data rows", LogText.escape(incoming.originalName()),
                    LogText.escape(incoming.departmentName()), limits.maxRowsPerFile());
            return false;
        }
        findings.addAll(validator.allFindings());
        staging.reportRepeats(findings::add);
        if (!findings.hasErrors() && staging.rows() == 0) {
            findings.add(Finding.error("no_rows", Messages.text("finding.no_rows"), Messages.text("hint.no_rows")));
        }
        return true;
    }

    private ReadReport read(IncomingFile incoming, SubmissionValidator validator) throws IOException, SQLException {
        try {
            return reader.read(incoming.file(), incoming.originalName(), validator);
        } catch (StagingFailure e) {
            throw e.sqlException(); // the database, not the file: left in the inbox to be processed again
        } catch (RuntimeException e) {
            // rejected (and so kept in .error/ and reported) rather than retried forever
            LOG.error("Could not read {} from {}", LogText.escape(incoming.originalName()),
                    LogText.escape(incoming.departmentName()), e);
            return new ReadReport(null, null, List.of(), List.of(Finding.error("unreadable_file",
                    Messages.text("read.corrupt_file"), Messages.text("read.corrupt_file.hint"))));
        }
    }

    private IngestOutcome record(Connection c, IncomingFile incoming, Department department, String sha256,
                                 long size, ResultStaging staging, String filePlanCode, BoundedFindings findings)
            throws SQLException {
        submissions.lockContent(c, sha256);
        long id = submissions.nextId(c);
        ZonedDateTime received = incoming.receivedAt().atZone(zone);
        String receiptNo = "R%d-%06d".formatted(received.getYear(), id);
        String departmentName = department == null ? null : department.name();
        // the original name is stored as received; names on disk are made safe and bounded
        String archivedName = ArchiveNames.archived(receiptNo, incoming.originalName(), ArchiveNames.receiptSuffix());
        String shownName = ArchiveNames.shown(incoming.originalName());
        // a file in an unknown folder is refused as such, even if its content was received elsewhere; and a
        // file another 課 sent is checked as this 課's: one dropped in the wrong folder is refused for the
        // indicators it may not report, not answered 受付済み. Only when it holds nothing this 課 may not report
        // (a co-owner's file) is it the other's content, in the results already.
        Optional<SubmissionRepository.Accepted> earlier = department == null ? Optional.empty()
                : submissions.findAccepted(c, sha256)
                        .filter(e -> !findings.hasErrors() || sameDepartment(e.department(), department));
        SubmissionStatus status = earlier.isPresent() ? SubmissionStatus.DUPLICATE
                : findings.hasErrors() ? SubmissionStatus.REJECTED : SubmissionStatus.ACCEPTED;
        List<ResultStaging.ClosedRound> closed = List.of();
        if (status == SubmissionStatus.ACCEPTED) {
            // under the plans' load locks, which closing a round takes too: a round closes before or after this file
            for (String planCode : staging.planCodes()) {
                submissions.lockPlan(c, planCode);
            }
            // a table without 成果と課題, 今後の取組 or 自己評価 corrects the rest, and keeps those as the 課 reported them
            staging.keepOmittedEntries(department.name());
            // of a shared indicator, a row erasing part of the other 課's report, which its template hid
            staging.reportPartialRowsOverAnotherReport(department.name(), limits.maxFindingsKept(), findings::add);
            if (findings.hasErrors()) {
                status = SubmissionStatus.REJECTED;
            }
        }
        if (status == SubmissionStatus.ACCEPTED) {
            closed = staging.closedRoundsChanged();
            if (!closed.isEmpty()) {
                // a file is taken or refused whole: one that would change a closed round waits whole for the decision
                status = SubmissionStatus.HELD;
                // the same content held already (under the content lock): one decision for it, not two
                earlier = pending.findHeld(c, sha256);
                if (earlier.isPresent()) {
                    status = SubmissionStatus.DUPLICATE;
                    closed = List.of();
                }
            }
        }
        String archiveFolder = (status == SubmissionStatus.REJECTED ? ".error/" : ".done/") + DAY.format(received);
        int errors = findings.errorCount();
        submissions.insert(c, new SubmissionRepository.NewSubmission(id, receiptNo, incoming.channel(),
                incoming.originalName(), departmentName, sha256, size, incoming.receivedAt(), status.dbValue(),
                status == SubmissionStatus.REJECTED ? errors : 0, 0, 0, archiveFolder + "/" + archivedName,
                earlier.map(SubmissionRepository.Accepted::id).orElse(null), incoming.sourceKey(),
                incoming.sourceIdentity()));
        LoadedRows loaded = LoadedRows.NONE;
        if (status == SubmissionStatus.ACCEPTED) {
            List<StoredFinding> stored = new ArrayList<>();
            findings.kept().forEach(f -> stored.add(new StoredFinding(f, null, null, null)));
            loaded = load(c, id, departmentName, staging, findings, stored);
            submissions.insertFindings(c, id, stored);
            submissions.updateCounts(c, id, findings.total(), loaded.rows());
        } else if (status == SubmissionStatus.HELD) {
            staging.keepAsPending(id);
            submissions.insertFindings(c, id,
                    findings.kept().stream().map(f -> new StoredFinding(f, null, null, null)).toList());
            submissions.updateCounts(c, id, findings.total(), (int) staging.rows());
            loaded = held(c, id, staging);
        } else if (status == SubmissionStatus.REJECTED) {
            submissions.insertFindings(c, id,
                    findings.kept().stream().map(f -> new StoredFinding(f, null, null, null)).toList());
        }
        Plan contactPlan = contactPlan(filePlanCode, department);
        Receipt receipt = new Receipt(receiptNo, status, departmentName, shownName, received, loaded,
                findings.kept(), earlier.map(SubmissionRepository.Accepted::receiptNo).orElse(null),
                earlier.map(e -> e.receivedAt().atZone(zone)).orElse(null),
                contactPlan == null ? Messages.text("receipt.contact_default") : contactPlan.adminDepartment(),
                incoming.channel(), findings.errorCount(), findings.otherCount(), closed.stream()
                .map(r -> roundName(r.planCode(), r.fiscalYear())).toList());
        String receiptText = receiptWriter.write(receipt);
        // kept: a file whose archive an interruption kept from it is archived later with this very receipt
        submissions.setReceiptText(c, id, receiptText);
        List<String> recipients = incoming.sender() != null ? List.of(incoming.sender())
                : department == null ? List.of() : department.emails();
        receiptMailer.queue(c, new ReceiptNotice.Submission(id, receiptNo, status, incoming.channel(),
                shownName, departmentName, receiptText, recipients, contactPlan, incoming.thread()));
        if (loaded.replacedReports() > 0) {
            // of a shared indicator, the 課 whose report this file replaced is told which values, and by whom
            for (OutgoingMail mail : sharedReports.mails(master, departmentName, id, receiptNo, WHEN.format(received),
                    staging.replacedReports(id, SharedReportNotice.LISTED))) {
                receiptMailer.queue(c, mail);
            }
        }
        return new IngestOutcome(receiptNo, status, departmentName, archiveFolder, archivedName,
                ArchiveNames.receipt(archivedName), receiptText);
    }

    /**
     * Merges the staged rows into the versioned results (a new version only where the content changed),
     * re-evaluates what they touched, and counts the flags of the file's rows into {@code findings}; the
     * first of them, up to the kept maximum, also into {@code stored}, tied to their indicator and year.
     */
    private LoadedRows load(Connection c, long submissionId, String department, ResultStaging staging,
                            BoundedFindings findings, List<StoredFinding> stored) throws SQLException {
        long started = System.nanoTime();
        List<String> plans = staging.planCodes();
        // files are loaded in parallel: every load takes its plans' locks in one order, so two never deadlock
        for (String planCode : plans) {
            submissions.lockPlan(c, planCode);
        }
        ResultStaging.Merged merged = staging.merge(department, submissionId, ReceiptWriter.SHOWN);
        long mergedAt = System.nanoTime();
        FlagFindings flags = new FlagFindings(findings, limits.maxFindingsKept() - stored.size());
        evaluations.evaluate(c, master, plans, flags);
        stored.addAll(flags.stored());
        LOG.info("Submission {}: {} rows merged ({} versions added) in {} ms, evaluated in {} ms", submissionId,
                staging.rows(), merged.added(), (mergedAt - started) / 1_000_000,
                (System.nanoTime() - mergedAt) / 1_000_000);
        List<ResultChange> changed = merged.changedValues().stream()
                .map(v -> new ResultChange(v.indicatorCode(), indicatorName(v.planCode(), v.indicatorCode()),
                        v.fiscalYear(), v.valueChanged() ? ReceiptWriter.shownValue(v.oldText()) : null,
                        v.valueChanged() ? ReceiptWriter.shownValue(v.newText()) + asRead(v) : null, v.oldAssessment(),
                        v.newAssessment(), v.reportedBy()))
                .toList();
        return new LoadedRows((int) staging.rows(), merged.added(), changed, merged.changedCount(),
                merged.replaced(), merged.replacedOf());
    }

    /** What a held file would change (current → new), for its receipt; counted as {@code added}. */
    private LoadedRows held(Connection c, long submissionId, ResultStaging staging) throws SQLException {
        // rows of open years in the same file are held with it, and listed and counted too
        List<PendingChanges.Difference> differences =
                pending.differences(c, List.of(submissionId), ReceiptWriter.SHOWN);
        List<ResultChange> changes = differences.stream()
                .map(d -> new ResultChange(d.indicatorCode(), d.indicatorName(), d.fiscalYear(),
                        d.newResult() ? "－" : ReceiptWriter.shownValue(d.currentText()), newValue(d), null, null,
                        d.currentReportedBy()))
                .toList();
        int total = differences.isEmpty() ? 0 : differences.get(0).total();
        return new LoadedRows((int) staging.rows(), total, changes, total);
    }

    /** The new value as the receipt shows it; a row changing only its texts says so, not 「20件 → 20件」. */
    public static String newValue(PendingChanges.Difference d) {
        String value = ReceiptWriter.shownValue(d.newText());
        // the texts compared whole: two long values may begin alike
        return !d.newResult() && java.util.Objects.equals(d.newText(), d.currentText())
                ? value + Messages.text("receipt.held.same_value") : value;
    }

    /** 「第7次厚木市行政改革実施計画 令和7年度（2025年度）」: a round as the department reads it. */
    /** Whether a 課 recorded by a submission (maybe under a former name) is this one. */
    private boolean sameDepartment(String recorded, Department department) {
        return recorded != null && master.department(recorded).map(d -> d.name().equals(department.name()))
                .orElse(recorded.equals(department.name()));
    }

    public static String roundName(MasterData master, String planCode, int fiscalYear) {
        return master.plan(planCode).map(p -> p.plan().name() + " ").orElse("")
                + FiscalYears.japaneseLabel(fiscalYear);
    }

    private String roundName(String planCode, int fiscalYear) {
        return roundName(master, planCode, fiscalYear);
    }

    private String indicatorName(String planCode, String indicatorCode) {
        return master.plan(planCode).flatMap(p -> p.indicator(indicatorCode)).map(Indicator::name).orElse("");
    }

    /**
     * 「（15,820.5千円として登録）」 after a value written in another unit or scale than the indicator's (15820500
     * beside 円, 1.6億円): the department sees what was stored, not only what it wrote. Nothing when the number
     * written is the value stored.
     */
    private String asRead(ResultStaging.ChangedValue v) {
        String unit = master.plan(v.planCode()).flatMap(p -> p.indicator(v.indicatorCode())).map(Indicator::unit)
                .orElse(null);
        return ActualFigure.converted(v.newText(), v.newValue(), unit)
                .map(figure -> Messages.text("receipt.accepted.as_read", figure)).orElse("");
    }

    /** The plan whose administrative division answers questions: the file's plan, else the department's. */
    private Plan contactPlan(String filePlanCode, Department department) {
        return Optional.ofNullable(filePlanCode).flatMap(master::plan)
                .or(() -> master.planOf(department == null ? null : department.name()))
                .map(PlanMaster::plan).orElse(null);
    }

    private static String sha256(IncomingFile incoming) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(incoming.file()),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
