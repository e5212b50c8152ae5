package jp.reform.collector.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.reform.collector.domain.BoundedFindings;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.evaluate.EvaluationRefresh;
import jp.reform.collector.evaluate.Flag;
import jp.reform.collector.evaluate.ResultKey;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.read.ReadReport;
import jp.reform.collector.read.SubmissionReader;
import jp.reform.collector.receipt.Receipt;
import jp.reform.collector.receipt.ReceiptWriter;
import jp.reform.collector.receipt.ResultChange;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.ResultRepository;
import jp.reform.collector.store.SubmissionRepository.StoredFinding;
import jp.reform.collector.store.SubmissionRepository;
import jp.reform.collector.validate.ResultRow;
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
    static final String ENCRYPTED_ZIP_FINDING = "encrypted_zip";

    private final Database database;
    private final MasterData master;
    private final ZoneId zone;
    private final SubmissionReader reader;
    private final Limits limits;
    private final SubmissionRepository submissions = new SubmissionRepository();
    private final ResultRepository results = new ResultRepository();
    private final EvaluationRefresh evaluations = new EvaluationRefresh();
    private final ReceiptWriter receiptWriter = new ReceiptWriter();
    private final ReceiptMailer receiptMailer;
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
        long size = Files.size(incoming.file());
        String sha256 = sha256(incoming);
        Optional<Department> department = master.department(incoming.departmentName());
        BoundedFindings findings = new BoundedFindings(limits.maxFindingsKept());
        List<ResultRow> rows = List.of();
        if (department.isEmpty()) {
            findings.add(Finding.error("unknown_department",
                    Messages.text("finding.unknown_department", incoming.departmentName()),
                    Messages.text("hint.unknown_department")));
        } else if (size > limits.maxFileBytes()) {
            // refused before a byte is parsed: both channels come through here
            LOG.info("Not reading {} from {}: {} bytes, more than {} MB", LogText.escape(incoming.originalName()),
                    LogText.escape(incoming.departmentName()), size, limits.maxFileMb());
            findings.add(Finding.error(Limits.FILE_SIZE_FINDING,
                    Messages.text("finding." + Limits.FILE_SIZE_FINDING, megabytes(size), limits.maxFileMb()),
                    Messages.text("hint." + Limits.FILE_SIZE_FINDING, megabytes(size), limits.maxFileMb())));
        } else if (ProtectedFiles.isZip(incoming.file()) && ZipHeaders.hasEncryptedEntry(incoming.file())) {
            // a password ZIP under an Excel name reads as a broken workbook: say what it is instead
            findings.add(Finding.error(ENCRYPTED_ZIP_FINDING, Messages.text("finding." + ENCRYPTED_ZIP_FINDING),
                    Messages.text("hint." + ENCRYPTED_ZIP_FINDING)));
        } else {
            SubmissionValidator validator = new SubmissionValidator(master, department.get(),
                    CollectionRound.collectedYears(rounds, incoming.receivedAt().atZone(zone).toLocalDate()), limits);
            ReadReport report = read(incoming, validator);
            findings.addAll(report.problems());
            if (report.rowLimitExceeded()) {
                // the rows streamed before reading stopped are not the file: nothing of them is kept
                LOG.info("Refused {} from {}: more than {} data rows", LogText.escape(incoming.originalName()),
                        LogText.escape(incoming.departmentName()), limits.maxRowsPerFile());
            } else {
                findings.addAll(validator.allFindings());
                rows = validator.rows();
                if (!findings.hasErrors() && rows.isEmpty()) {
                    findings.add(Finding.error("no_rows", Messages.text("finding.no_rows"),
                            Messages.text("hint.no_rows")));
                }
            }
        }
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                IngestOutcome outcome = record(c, incoming, department.orElse(null), sha256, size, rows, findings);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
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

    private ReadReport read(IncomingFile incoming, SubmissionValidator validator) throws IOException {
        try {
            return reader.read(incoming.file(), incoming.originalName(), validator);
        } catch (RuntimeException e) {
            // rejected (and so kept in .error/ and reported) rather than retried forever
            LOG.error("Could not read {} from {}", LogText.escape(incoming.originalName()),
                    LogText.escape(incoming.departmentName()), e);
            return new ReadReport(null, null, List.of(), List.of(Finding.error("unreadable_file",
                    Messages.text("read.corrupt_file"), Messages.text("read.corrupt_file.hint"))));
        }
    }

    /** Size in MB for the receipt, rounded up so that a file just over the limit never shows as at it. */
    private static String megabytes(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024L * 1024L), 1, RoundingMode.UP)
                .toPlainString();
    }

    private IngestOutcome record(Connection c, IncomingFile incoming, Department department, String sha256,
                                 long size, List<ResultRow> rows, BoundedFindings findings) throws SQLException {
        submissions.lockContent(c, sha256);
        long id = submissions.nextId(c);
        ZonedDateTime received = incoming.receivedAt().atZone(zone);
        String receiptNo = "R%d-%06d".formatted(received.getYear(), id);
        String departmentName = department == null ? null : department.name();
        // the original name is stored as received; names on disk are made safe and bounded
        String archivedName = ArchiveNames.archived(receiptNo, incoming.originalName(), ArchiveNames.receiptSuffix());
        String shownName = ArchiveNames.shown(incoming.originalName());
        // a file in an unknown folder is refused as such, even if its content was received elsewhere
        Optional<SubmissionRepository.Accepted> earlier = department == null ? Optional.empty()
                : submissions.findAccepted(c, sha256);
        SubmissionStatus status = earlier.isPresent() ? SubmissionStatus.DUPLICATE
                : findings.hasErrors() ? SubmissionStatus.REJECTED : SubmissionStatus.ACCEPTED;
        String archiveFolder = (status == SubmissionStatus.REJECTED ? ".error/" : ".done/") + DAY.format(received);
        int errors = findings.errorCount();
        submissions.insert(c, new SubmissionRepository.NewSubmission(id, receiptNo, incoming.channel(),
                incoming.originalName(), departmentName, sha256, size, incoming.receivedAt(), status.dbValue(),
                status == SubmissionStatus.REJECTED ? errors : 0, 0, 0, archiveFolder + "/" + archivedName,
                earlier.map(SubmissionRepository.Accepted::id).orElse(null)));
        List<ResultChange> changes = List.of();
        if (status == SubmissionStatus.ACCEPTED) {
            List<StoredFinding> flags = new ArrayList<>();
            changes = load(c, id, departmentName, rows, flags);
            // flags are bounded by the plan's indicators and years (one result row per indicator and year)
            List<StoredFinding> stored = new ArrayList<>();
            findings.kept().forEach(f -> stored.add(new StoredFinding(f, null, null, null)));
            flags.stream().limit(Math.max(0, limits.maxFindingsKept() - stored.size())).forEach(stored::add);
            flags.forEach(f -> findings.add(f.finding()));
            submissions.insertFindings(c, id, stored);
            submissions.updateCounts(c, id, findings.total(), rows.size());
        } else if (status == SubmissionStatus.REJECTED) {
            submissions.insertFindings(c, id,
                    findings.kept().stream().map(f -> new StoredFinding(f, null, null, null)).toList());
        }
        Plan contactPlan = contactPlan(rows, department);
        Receipt receipt = new Receipt(receiptNo, status, departmentName, shownName, received, changes,
                findings.kept(), earlier.map(SubmissionRepository.Accepted::receiptNo).orElse(null),
                earlier.map(e -> e.receivedAt().atZone(zone)).orElse(null),
                contactPlan == null ? Messages.text("receipt.contact_default") : contactPlan.adminDepartment(),
                incoming.channel(), findings.errorCount(), findings.otherCount());
        String receiptText = receiptWriter.write(receipt);
        List<String> recipients = incoming.sender() != null ? List.of(incoming.sender())
                : department == null ? List.of() : department.emails();
        receiptMailer.queue(c, new ReceiptNotice.Submission(id, receiptNo, status, incoming.channel(),
                shownName, departmentName, receiptText, recipients, contactPlan, incoming.thread()));
        return new IngestOutcome(receiptNo, status, departmentName, archiveFolder, archivedName,
                ArchiveNames.receipt(archivedName), receiptText);
    }

    /** Stores new versions of what changed, re-evaluates the plans touched, returns the changes. */
    private List<ResultChange> load(Connection c, long submissionId, String department, List<ResultRow> rows,
                                    List<StoredFinding> warnings) throws SQLException {
        Set<String> plans = new LinkedHashSet<>();
        rows.forEach(r -> plans.add(r.planCode()));
        List<ResultChange> changes = new ArrayList<>();
        // files are loaded in parallel: every load takes its plans' locks in one order, so two never deadlock
        for (String planCode : new TreeSet<>(plans)) {
            submissions.lockPlan(c, planCode);
        }
        for (String planCode : plans) {
            PlanMaster plan = master.plan(planCode).orElseThrow();
            Map<ResultKey, StoredResult> before = results.current(c, planCode);
            for (ResultRow row : rows) {
                if (!row.planCode().equals(planCode)) {
                    continue;
                }
                StoredResult previous = before.get(new ResultKey(row.indicatorCode(), row.fiscalYear()));
                boolean changed = previous == null || !sameContent(previous, row);
                if (changed) {
                    results.insertVersion(c, row, previous == null ? 1 : previous.version() + 1, department,
                            submissionId);
                }
                changes.add(new ResultChange(row.indicatorCode(), plan.indicator(row.indicatorCode()).orElseThrow().name(),
                        row.fiscalYear(), previous == null ? null : shown(previous.actualText()),
                        row.actualText(), changed));
            }
            List<Evaluation> evaluated = evaluations.refresh(c, plan);
            warnings.addAll(flagsOfRows(evaluated, rows, planCode));
        }
        return changes;
    }

    /** The evaluation flags of the rows in this file, placed at their cells for the receipt. */
    private static List<StoredFinding> flagsOfRows(List<Evaluation> evaluations, List<ResultRow> rows,
                                                   String planCode) {
        // looked up by key, not scanned per row: a plan has an evaluation for every indicator and year
        Map<ResultKey, List<Evaluation>> byKey = new HashMap<>();
        for (Evaluation e : evaluations) {
            byKey.computeIfAbsent(new ResultKey(e.indicatorCode(), e.fiscalYear()), k -> new ArrayList<>()).add(e);
        }
        List<StoredFinding> found = new ArrayList<>();
        for (ResultRow row : rows) {
            if (!row.planCode().equals(planCode)) {
                continue;
            }
            byKey.getOrDefault(new ResultKey(row.indicatorCode(), row.fiscalYear()), List.of()).stream()
                    .flatMap(e -> e.flags().stream())
                    .forEach(flag -> found.add(new StoredFinding(finding(flag, row), planCode, row.indicatorCode(),
                            row.fiscalYear())));
        }
        return found;
    }

    private static Finding finding(Flag flag, ResultRow row) {
        return new Finding(flag.severity(), flag.code(), row.sheet(), row.row(), row.column(), row.actualText(),
                Messages.text("finding.flag_prefix", row.indicatorCode(), row.fiscalYear()) + flag.message(), null);
    }

    private static boolean sameContent(StoredResult stored, ResultRow row) {
        ResultRow storedRow = new ResultRow(stored.planCode(), stored.indicatorCode(), stored.fiscalYear(),
                stored.actualValue(), stored.actualText(), stored.approximate(), stored.statusText(),
                stored.outcomeText(), stored.nextStepsText(), stored.selfAssessment(), stored.selfAssessmentText(),
                stored.sheet(), 0, stored.column());
        return storedRow.sameContentAs(row);
    }

    private static String shown(String actualText) {
        return actualText == null ? "－" : actualText;
    }

    /** The plan whose administrative division answers questions: the file's plan, else the department's. */
    private Plan contactPlan(List<ResultRow> rows, Department department) {
        return rows.stream().map(ResultRow::planCode).findFirst().flatMap(master::plan)
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
