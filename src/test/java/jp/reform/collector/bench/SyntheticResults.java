package jp.reform.collector.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.evaluate.Evaluation;
import jp.reform.collector.evaluate.EvaluationRefresh;
import jp.reform.collector.evaluate.Flag;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.Target;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.SubmissionRepository;

/**
 * Fills the tables the ingest path fills (submission, result, finding, outbox_mail, mail_message) for two
 * collection rounds of the synthetic plan, with COPY instead of reading a few thousand department files one
 * by one, and then lets the real {@link EvaluationRefresh} compute the evaluation table from those results.
 * What it writes follows what {@code SubmissionIngestor} writes for the same files: ids and receipt numbers
 * from one sequence in order of arrival, archive paths under .done/ or .error/ of the day, a new result
 * version only for a value that changed, error findings and error_count for a rejected file, the evaluation
 * flags of a file's rows as its warning findings and warning_count, a duplicate pointing at the accepted
 * file of the same content, a receipt in the outbox for every file (to the sender of a mailed one) and one
 * reminder per department and day. The receipts' MIME bodies are short placeholders, not composed mails.
 */
final class SyntheticResults {

    /** What was loaded, for the report. */
    record Loaded(int submitted, int departments, Map<String, Long> rows, Duration copy, Duration evaluation) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    static final String[] STATUS_TEXTS = {"計画どおり実施した。", "前年度に引き続き取組を進め、利用者が増加した。",
            "関係課と連携し、手続の見直しを行った。", "年度途中で実施方法を見直し、対象を拡大した。",
            "新型の感染症対策の影響で一部を縮小して実施した。", "市民アンケートの結果を踏まえ、内容を改善した。",
            "システム更新に合わせて運用を見直した。", "予定していた説明会を全地区で開催した。"};
    static final String[] OUTCOMES = {"参加者の満足度が高かった。", "周知不足が課題である。",
            "事務時間の短縮につながった。", null, null};
    static final String[] NEXT_STEPS = {"引き続き実施する。", "対象を拡大して実施する。",
            "効果を検証し、手法を見直す。", null};
    private static final String[] EXTENSIONS = {".xlsx", ".xlsx", ".xlsx", ".csv", ".csv", ".xls"};

    private final PlanMaster plan;
    private final MasterData master;
    private final CollectionRound round;
    private final ZoneId zone;
    private final Instant now;
    private final double submittedShare;
    private final Random random = new Random(1741);

    SyntheticResults(PlanMaster plan, MasterData master, CollectionRound round, ZoneId zone, Instant now,
                     double submittedShare) {
        this.plan = plan;
        this.master = master;
        this.round = round;
        this.zone = zone;
        this.now = now;
        this.submittedShare = submittedShare;
    }

    /** A value as a department writes it in one row of its file. */
    private record Row(String indicatorCode, int fiscalYear, BigDecimal actual, String actualText, boolean approximate,
                       String status, String outcome, String nextSteps, String assessment, String assessmentText,
                       int rowNo) {
    }

    /** One file received (or one that will be: ids are given once all are sorted by arrival). */
    private static final class File {
        final String department;
        final Instant received;
        final String status;
        final int fiscalYear;
        final String channel;
        final List<Row> written = new ArrayList<>(); // rows of the file that became a new version
        int rowCount;
        int errors;
        String sha256;
        File duplicateOf;
        long id;
        String receiptNo;
        String sourceName;

        File(String department, Instant received, String status, int fiscalYear, String channel) {
            this.department = department;
            this.received = received;
            this.status = status;
            this.fiscalYear = fiscalYear;
            this.channel = channel;
        }
    }

    Loaded load(Database database) throws SQLException {
        long started = System.nanoTime();
        Map<String, List<Indicator>> byDepartment = new LinkedHashMap<>();
        for (Indicator indicator : plan.indicators()) {
            // a shared indicator is reported by its first department, as one row in one file
            byDepartment.computeIfAbsent(indicator.departments().get(0), d -> new ArrayList<>()).add(indicator);
        }
        int collected = round.fiscalYear();
        int previous = collected - 1;
        Instant opens = round.opens().atTime(8, 30).atZone(zone).toInstant();
        Instant lastYearOpens = round.opens().minusYears(1).atTime(8, 30).atZone(zone).toInstant();
        Instant lastYearDeadline = round.effectiveDeadline().minusYears(1).atTime(17, 15).atZone(zone).toInstant();
        List<File> files = new ArrayList<>();
        Map<String, BigDecimal> lastYear = new HashMap<>();
        Map<String, Instant> acceptedLastYear = new HashMap<>();
        Map<String, Instant> acceptedThisYear = new HashMap<>();
        int submitted = 0;
        for (Map.Entry<String, List<Indicator>> entry : byDepartment.entrySet()) {
            String department = entry.getKey();
            List<Indicator> indicators = entry.getValue();
            // last year's round: every department reported, some after a rejected first try
            Instant first = between(lastYearOpens, lastYearDeadline.plus(Duration.ofDays(10)));
            if (random.nextDouble() < 0.1) {
                files.add(rejected(department, between(lastYearOpens, first), previous));
            }
            File lastYearFile = accepted(department, first, previous);
            for (int k = 0; k < indicators.size(); k++) {
                Row row = row(indicators.get(k), previous, null, k);
                lastYearFile.written.add(row);
                lastYear.put(row.indicatorCode(), row.actual());
            }
            lastYearFile.rowCount = indicators.size();
            files.add(lastYearFile);
            acceptedLastYear.put(department, first);
            // this year's round, open now
            boolean reported = random.nextDouble() < submittedShare;
            Instant accepted = reported ? between(opens, now.minus(Duration.ofHours(1))) : null;
            Instant lastAccepted = accepted;
            if (reported) {
                submitted++;
                File file = accepted(department, accepted, collected);
                for (int k = 0; k < indicators.size(); k++) {
                    file.written.add(row(indicators.get(k), collected, lastYear.get(indicators.get(k).code()), k));
                }
                file.rowCount = indicators.size();
                files.add(file);
                acceptedThisYear.put(department, accepted);
                if (random.nextDouble() < 0.15) {
                    // a corrected file: the same rows, about ten of them with new values
                    lastAccepted = between(accepted, now.minus(Duration.ofMinutes(30)));
                    File correction = accepted(department, lastAccepted, collected);
                    for (int k = 0; k < indicators.size(); k++) {
                        if (random.nextDouble() < 10.0 / indicators.size()) {
                            correction.written.add(row(indicators.get(k), collected,
                                    lastYear.get(indicators.get(k).code()), k));
                        }
                    }
                    correction.rowCount = indicators.size();
                    files.add(correction);
                }
                if (random.nextDouble() < 0.03) {
                    File duplicate = new File(department, between(lastAccepted, now), "duplicate", collected,
                            file.channel);
                    duplicate.duplicateOf = file;
                    files.add(duplicate);
                }
            }
            if (random.nextDouble() < 0.1) {
                // rejected before the accepted file, or after the last one (still to be corrected)
                Instant when = !reported ? between(opens, now)
                        : random.nextBoolean() ? between(opens, accepted) : between(lastAccepted, now);
                files.add(rejected(department, when, collected));
            }
        }
        files.sort(Comparator.comparing((File f) -> f.received));
        for (int i = 0; i < files.size(); i++) {
            File f = files.get(i);
            f.id = i + 1;
            f.receiptNo = "R%d-%06d".formatted(f.received.atZone(zone).getYear(), f.id);
            f.sourceName = FiscalYears.japaneseLabel(f.fiscalYear) + "実績報告_" + f.department
                    + EXTENSIONS[(int) (f.id % EXTENSIONS.length)];
        }
        for (File f : files) {
            f.sha256 = f.duplicateOf != null ? f.duplicateOf.sha256 : hex(32);
        }

        Map<String, Long> rows = new LinkedHashMap<>();
        Duration copy;
        Duration evaluation;
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                copySubmissions(c, files, rows);
                copyResults(c, files, rows);
                copySubmissionRounds(c, files, rows);
                copyErrorFindings(c, files, rows);
                copyOutbox(c, files, byDepartment.keySet(), acceptedThisYear, acceptedLastYear, rows);
                copyUnknownSenders(c, opens, rows);
                try (Statement s = c.createStatement()) {
                    // later files through the real ingest continue the sequence, as after real loads
                    s.execute("select setval('submission_submission_id_seq', " + files.size() + ")");
                }
                c.commit();
                copy = Duration.ofNanos(System.nanoTime() - started);
                long evaluating = System.nanoTime();
                new SubmissionRepository().lockPlan(c, plan.plan().code());
                List<Evaluation> evaluations = new EvaluationRefresh().refresh(c, plan);
                evaluation = Duration.ofNanos(System.nanoTime() - evaluating);
                copyWarningFindings(c, evaluations, rows);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // what autovacuum does after loads of this size; the planner needs the statistics
                s.execute("vacuum analyze");
            }
        }
        return new Loaded(submitted, byDepartment.size(), rows, copy, evaluation);
    }

    private File accepted(String department, Instant received, int fiscalYear) {
        return new File(department, received, "accepted", fiscalYear, random.nextDouble() < 0.3 ? "mail" : "folder");
    }

    private File rejected(String department, Instant received, int fiscalYear) {
        File file = new File(department, received, "rejected", fiscalYear, random.nextDouble() < 0.3 ? "mail" : "folder");
        file.errors = 1 + random.nextInt(3);
        return file;
    }

    private Instant between(Instant from, Instant to) {
        long span = Math.max(1, Duration.between(from, to).getSeconds());
        return from.plusSeconds((long) (random.nextDouble() * span));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A row as departments fill it in: mostly complete, graded across the range, a few with problems. */
    private Row row(Indicator indicator, int year, BigDecimal lastYear, int index) {
        Target target = plan.target(indicator.code(), year);
        String status = random.nextDouble() < 0.02 ? null : STATUS_TEXTS[random.nextInt(STATUS_TEXTS.length)];
        String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
        String next = NEXT_STEPS[random.nextInt(NEXT_STEPS.length)];
        int rowNo = 4 + index;
        if (indicator.isQualitative() || "milestone".equals(target.kind())) {
            double u = random.nextDouble();
            String assessment = u < 0.70 ? "ACHIEVED" : u < 0.88 ? "MOSTLY_ACHIEVED" : u < 0.97 ? "NOT_ACHIEVED" : null;
            return new Row(indicator.code(), year, null, null, false, status, outcome, next, assessment,
                    assessmentText(assessment), rowNo);
        }
        BigDecimal reference = "relative_increase".equals(target.kind())
                ? (lastYear != null ? lastYear : indicator.baselineValue()).multiply(BigDecimal.valueOf(1.05))
                : target.value();
        double u = random.nextDouble();
        double factor = u < 0.55 ? 1.0 + random.nextDouble() * 0.3 : u < 0.75 ? 0.8 + random.nextDouble() * 0.2
                : u < 0.94 ? 0.3 + random.nextDouble() * 0.5 : u < 0.97 ? -1 : 20;
        boolean percent = "%".equals(indicator.unit());
        BigDecimal actual;
        if (factor < 0) {
            actual = null; // left blank: incomplete
        } else if (factor == 20) {
            // a slip of the unit or an extra digit: out of range or an implausible change
            actual = percent ? BigDecimal.valueOf(100 + random.nextInt(60)) : reference.multiply(BigDecimal.valueOf(20));
        } else {
            double value = indicator.lowerIsBetter() ? reference.doubleValue() / factor : reference.doubleValue() * factor;
            actual = percent ? BigDecimal.valueOf(Math.min(100, value)).setScale(1, RoundingMode.HALF_UP)
                    : BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP);
        }
        actual = actual == null ? null : actual.stripTrailingZeros().setScale(Math.max(0, actual.stripTrailingZeros().scale()));
        boolean approximate = actual != null && random.nextDouble() < 0.02;
        String text = actual == null ? null : (approximate ? "約" : "") + actual.toPlainString() + (percent ? "%" : "");
        String assessment = null;
        if (actual != null && random.nextDouble() < 0.92) {
            double rate = indicator.lowerIsBetter() ? reference.doubleValue() / Math.max(1e-9, actual.doubleValue())
                    : actual.doubleValue() / reference.doubleValue();
            assessment = rate >= 1 ? "ACHIEVED" : rate >= 0.8 ? "MOSTLY_ACHIEVED" : "NOT_ACHIEVED";
            if (random.nextDouble() < 0.05) {
                assessment = "ACHIEVED".equals(assessment) ? "NOT_ACHIEVED" : "ACHIEVED"; // contradicts the numbers
            }
        }
        return new Row(indicator.code(), year, actual, text, approximate, status, outcome, next, assessment,
                assessmentText(assessment), rowNo);
    }

    private String assessmentText(String assessment) {
        if (assessment == null) {
            return null;
        }
        boolean symbol = random.nextDouble() < 0.3;
        return switch (assessment) {
            case "ACHIEVED" -> symbol ? "○" : "達成";
            case "MOSTLY_ACHIEVED" -> symbol ? "△" : "概ね達成";
            default -> symbol ? "×" : "未達成";
        };
    }

    private String archivedPath(File f) {
        String folder = "rejected".equals(f.status) ? ".error/" : ".done/";
        return folder + DAY.format(f.received.atZone(zone)) + "/" + f.receiptNo + "_" + f.sourceName;
    }

    private void copySubmissions(Connection c, List<File> files, Map<String, Long> rows) throws SQLException {
        try (Copy copy = new Copy(c, "submission", "submission_id, receipt_no, channel, source_name, department_name, "
                + "sha256, size_bytes, received_at, processed_at, status, error_count, warning_count, row_count, "
                + "archived_path, duplicate_of")) {
            for (File f : files) {
                copy.row(f.id, f.receiptNo, f.channel, f.sourceName, f.department, f.sha256, 8_000 + random.nextInt(40_000),
                        f.received, f.received.plusSeconds(3), f.status, f.errors, 0, f.rowCount, archivedPath(f),
                        f.duplicateOf == null ? null : f.duplicateOf.id);
            }
            rows.put("submission", copy.rows());
        }
    }

    private void copyResults(Connection c, List<File> files, Map<String, Long> rows) throws SQLException {
        Map<String, Integer> versions = new HashMap<>();
        try (Copy copy = new Copy(c, "result", "plan_code, indicator_code, fiscal_year, version, actual_value, "
                + "actual_text, approximate, status_text, outcome_text, next_steps_text, self_assessment, "
                + "self_assessment_text, department_name, submission_id, sheet_name, row_no, column_ref, recorded_at")) {
            for (File f : files) {
                for (Row r : f.written) {
                    int version = versions.merge(r.indicatorCode() + "@" + r.fiscalYear(), 1, Integer::sum);
                    copy.row(plan.plan().code(), r.indicatorCode(), r.fiscalYear(), version, r.actual(), r.actualText(),
                            r.approximate(), r.status(), r.outcome(), r.nextSteps(), r.assessment(), r.assessmentText(),
                            f.department, f.id, "実績報告", r.rowNo(), "C", f.received.plusSeconds(3));
                }
            }
            rows.put("result", copy.rows());
        }
    }

    /** The round each accepted file held results of (V19), as the merge records it: what the review reads. */
    private void copySubmissionRounds(Connection c, List<File> files, Map<String, Long> rows) throws SQLException {
        try (Copy copy = new Copy(c, "submission_round", "submission_id, plan_code, fiscal_year, department_name, "
                + "taken_at")) {
            for (File f : files) {
                if ("accepted".equals(f.status) && f.rowCount > 0) {
                    copy.row(f.id, plan.plan().code(), f.fiscalYear, f.department, f.received.plusSeconds(3));
                }
            }
            rows.put("submission_round", copy.rows());
        }
    }

    private void copyErrorFindings(Connection c, List<File> files, Map<String, Long> rows) throws SQLException {
        try (Copy copy = new Copy(c, "finding", "submission_id, severity, code, sheet_name, row_no, column_ref, "
                + "value_found, message, hint, created_at")) {
            for (File f : files) {
                for (int e = 0; e < f.errors; e++) {
                    boolean code = e % 2 == 0;
                    String found = code ? "I-9-ア-" + (100 + random.nextInt(900)) : "未定";
                    copy.row(f.id, "ERROR", code ? "unknown_indicator" : "not_a_number", "実績報告", 5 + e * 3,
                            code ? "A" : "C", found,
                            code ? Messages.text("finding.unknown_indicator", found) : Messages.text("finding.not_a_number", "件"),
                            null, f.received.plusSeconds(3));
                }
            }
            rows.put("finding (errors)", copy.rows());
        }
    }

    private void copyOutbox(Connection c, List<File> files, java.util.Set<String> reporting,
                            Map<String, Instant> acceptedThisYear,
                            Map<String, Instant> acceptedLastYear, Map<String, Long> rows) throws SQLException {
        try (Copy copy = new Copy(c, "outbox_mail", "kind, dedup_key, recipients_to, subject, mime, status, attempts, "
                + "next_attempt_at, sent_at, delivered_as, submission_id, created_at")) {
            for (File f : files) {
                List<String> to = List.of(email(f.department));
                String subject = "【受付結果】" + f.receiptNo + " " + f.sourceName;
                copy.row("receipt", "receipt/" + f.receiptNo, to, subject, mime(subject), "sent", 1,
                        f.received.plusSeconds(3), f.received.plusSeconds(40), "smtp mail.bench.example.jp:25", f.id,
                        f.received.plusSeconds(3));
            }
            // one reminder per department and reminder day to those who had not reported by then
            for (int year = 0; year <= 1; year++) {
                Map<String, Instant> accepted = year == 0 ? acceptedThisYear : acceptedLastYear;
                for (int before : round.remindDaysBefore()) {
                    LocalDate day = round.effectiveDeadline().minusYears(year).minusDays(before);
                    Instant at = day.atTime(6, 0).atZone(zone).toInstant();
                    if (at.isAfter(now)) {
                        continue;
                    }
                    for (Department d : master.departments()) {
                        if (!reporting.contains(d.name())) {
                            continue;
                        }
                        Instant reported = accepted.get(d.name());
                        if (reported == null || reported.isAfter(at)) {
                            String subject = "【お知らせ】行政改革実施計画の実績報告について";
                            copy.row("reminder", "reminder/" + d.name() + "/" + day, d.emails(), subject, mime(subject),
                                    "sent", 1, at, at.plusSeconds(30), "smtp mail.bench.example.jp:25", null, at);
                        }
                    }
                }
            }
            rows.put("outbox_mail", copy.rows());
        }
    }

    private void copyUnknownSenders(Connection c, Instant opens, Map<String, Long> rows) throws SQLException {
        try (Copy copy = new Copy(c, "mail_message", "message_key, received_at, from_address, subject, outcome, "
                + "attachment_names, problems, processed_at")) {
            for (int i = 0; i < 12; i++) {
                Instant at = between(opens, now);
                copy.row("<bench-" + i + "@mail.example.com>", at, "someone" + i + "@mail.example.com", "実績報告",
                        "unknown_sender", List.of("実績報告.xlsx"), List.of(), at.plusSeconds(5));
            }
            rows.put("mail_message", copy.rows());
        }
    }

    /** The flags of each current value, as the ingest puts them on the file that brought the value. */
    private void copyWarningFindings(Connection c, List<Evaluation> evaluations, Map<String, Long> rows)
            throws SQLException {
        record Origin(long submissionId, String sheet, int row, String column, String text) {
        }
        Map<Long, Origin> origins = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select result_id, submission_id, sheet_name, row_no, column_ref, actual_text from result where plan_code = ?")) {
            ps.setString(1, plan.plan().code());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    origins.put(rs.getLong(1), new Origin(rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        try (Copy copy = new Copy(c, "finding", "submission_id, severity, code, sheet_name, row_no, column_ref, "
                + "value_found, message, plan_code, indicator_code, fiscal_year")) {
            for (Evaluation e : evaluations) {
                Origin origin = e.resultId() == null ? null : origins.get(e.resultId());
                if (origin == null) {
                    continue;
                }
                for (Flag flag : e.flags()) {
                    copy.row(origin.submissionId(), flag.severity().name(), flag.code(), origin.sheet(), origin.row(),
                            origin.column(), origin.text(),
                            Messages.text("finding.flag_prefix", e.indicatorCode(), e.fiscalYear()) + flag.message(),
                            e.planCode(), e.indicatorCode(), e.fiscalYear());
                }
            }
            rows.put("finding (warnings)", copy.rows());
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("update submission s set warning_count = f.n from (select submission_id, count(*) as n "
                    + "from finding where severity <> 'ERROR' group by submission_id) f "
                    + "where f.submission_id = s.submission_id and s.status = 'accepted'");
        }
    }

    private String email(String department) {
        return master.department(department).map(d -> d.emails().get(0)).orElseThrow();
    }

    private static byte[] mime(String subject) {
        return ("Subject: " + subject + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n(synthetic)\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
