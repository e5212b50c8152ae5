package jp.reform.collector.console;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.RoundsLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MailMessageRepository;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.ReportQueries.StatusRow;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.DepartmentFiles.Percent;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's read model on the sample inbox as the overnight run loads it (round of config/rounds.csv:
 * deadline 2026-06-30, reminders 7 and 1 days before), then as departments go on: 職員課 drops a corrected
 * file, 行政総務課 mails a file that is rejected and then a good one, and a stranger mails the mailbox.
 * Expectations come from ReportQueries and the stored rows, not from the console's SQL.
 */
class ConsoleQueriesTest {

    private static final String PLAN = "atsugi-7-2";
    private static final int FY = 2025;
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final LocalDate TODAY = LocalDate.parse("2026-07-01"); // a day past the deadline
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String CORRECTION = "職員課_実績_修正.xlsx";
    private static final String SOMU_SENDER = "gyoseisomu@atsugi.example.jp";
    private static final Set<String> VALUE_CHECKS = Set.of("out_of_range", "implausible_change",
            "cumulative_decrease", "fractional_count", "assessment_contradiction");

    @TempDir
    static Path dir;
    private static Database db;
    private static MasterData master;
    private static CollectionRound round;
    private static ConsoleQueries console;
    private static ReportQueries reports;
    /** I-1-ア-1 as the page showed it before 職員課's correction. */
    private static IndicatorPage beforeCorrection;
    /** The board before 職員課's correction and 行政総務課's mailed files. */
    private static StatusBoard boardBeforeLaterLoads;

    @BeforeAll
    static void loadTheSampleInboxAndWhatFollows() throws Exception {
        String dbUrl = TestDatabase.freshUrl();
        db = TestDatabase.at(dbUrl);
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        TestFiles.copyTree(Path.of("samples", "inbox"), dir.resolve("inbox"));
        master = new MasterDataLoader().load(config);
        List<CollectionRound> rounds = new RoundsLoader().load(config, master);
        round = CollectionRound.current(rounds, PLAN, TODAY).orElseThrow();
        console = new ConsoleQueries(db, ZONE);
        reports = new ReportQueries(db);

        runOnce(config, dbUrl, "2026-06-23"); // the samples, and reminders 7 days before the deadline
        beforeCorrection = console.indicatorPage(PLAN, "I-1-ア-1", FY).orElseThrow();
        // read once before the loads below, so that every board checked afterwards has followed them
        // (ConsoleQueries keeps the board's plan-wide part until the plan's evaluation is rewritten)
        boardBeforeLaterLoads = console.statusBoard(PLAN, FY, TODAY, round, null);

        DepartmentFiles.xlsx(dir.resolve("inbox/職員課/" + CORRECTION), "令和7年度 実績報告（職員課）修正", HEADER, List.of(
                List.of("I-1-ア-1", "令和7年度", new Percent(0.985), "研修を15回実施", "理解度が向上", "継続", ""),
                List.of("I-1-ア-2", "令和7年度", "5グループ", SCRIPT, "", "", "")));
        runOnce(config, dbUrl, "2026-06-24"); // not a reminder day

        // 行政総務課 mails a file that is refused, then a good one, after the folder files
        SubmissionIngestor ingestor = new SubmissionIngestor(db, master, ZONE, new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), rounds);
        Instant now = Instant.now();
        Path staging = Files.createDirectories(dir.resolve("mail-staging"));
        Path bad = DepartmentFiles.xlsx(staging.resolve("somu_bad.xlsx"), "令和7年度 実績", HEADER,
                List.of(List.of("I-9-ア-9", 2025, "1", "実施", "", "", "")));
        assertThat(ingestor.ingest(new IncomingFile(bad, "somu_bad.xlsx", "mail", "行政総務課", now.plusSeconds(1),
                SOMU_SENDER)).status()).isEqualTo(SubmissionStatus.REJECTED);
        Path good = DepartmentFiles.xlsx(staging.resolve("somu.xlsx"), "令和7年度 実績", HEADER, List.of(
                List.of("I-2-ア-1", 2025, "100%", "調査を実施", "", "", ""),
                List.of("I-3-イ-3", 2025, "9.0fm", "", "", "", ""))); // loaded, but 取組状況 still to write
        assertThat(ingestor.ingest(new IncomingFile(good, "somu.xlsx", "mail", "行政総務課", now.plusSeconds(2),
                SOMU_SENDER)).status()).isEqualTo(SubmissionStatus.ACCEPTED);
        try (var c = db.connect()) {
            new MailMessageRepository().insert(c, new MailMessageRepository.MailRecord("<stranger-1@example.com>",
                    now.plusSeconds(3), "stranger@example.com", "実績", null, "unknown_sender", List.of("jisseki.xlsx"),
                    List.of()));
        }
    }

    private static void runOnce(Path config, String dbUrl, String today) throws Exception {
        try (CollectorApplication app = CollectorApplication.open(TestHome.under(AppSettings.load(config, Map.of()), dir, dbUrl))) {
            assertThat(app.runOnce(Duration.ofMinutes(2), LocalDate.parse(today)).overnight()).isNotNull();
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** What ReportQueries.status says per department: owed, accepted, missing, incomplete, flagged. */
    private static Map<String, int[]> expectedPerDepartment() throws Exception {
        Map<String, int[]> expected = new TreeMap<>();
        for (StatusRow row : reports.status(PLAN, FY)) {
            Set<String> flags = row.flags() == null || row.flags().isEmpty() ? Set.of()
                    : Set.of(row.flags().split(";"));
            for (String department : row.departments().split("\\|")) {
                int[] counts = expected.computeIfAbsent(department, d -> new int[5]);
                if (row.targetSet()) {
                    counts[0]++;
                    if (flags.contains("missing")) {
                        counts[2]++;
                    } else {
                        counts[1]++;
                        if (flags.contains("incomplete") || flags.contains("assessment_missing")) {
                            counts[3]++;
                        }
                    }
                }
                if (flags.stream().anyMatch(VALUE_CHECKS::contains)) {
                    counts[4]++;
                }
            }
        }
        return expected;
    }

    private static List<String> planDepartments() throws Exception {
        return Sql.rows(db, "select distinct department_name from indicator_department where plan_code = ? order by 1",
                PLAN).stream().map(r -> r.get("department_name").toString()).toList();
    }

    @Test
    void committeeTableIsTheSummaryAndEachDepartmentRowAgreesWithTheStatusRows() throws Exception {
        StatusBoard board = console.statusBoard(PLAN, FY, TODAY, round, null);

        assertThat(board.committee()).isEqualTo(reports.summary(PLAN, FY));
        Map<String, int[]> expected = expectedPerDepartment();
        assertThat(board.departments()).extracting(StatusBoard.DepartmentRow::department)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (StatusBoard.DepartmentRow row : board.departments()) {
            int[] e = expected.get(row.department());
            assertThat(new int[] {row.owed(), row.accepted(), row.missing(), row.incomplete(), row.withFindings()})
                    .as("owed, accepted, missing, incomplete, flagged of %s", row.department()).isEqualTo(e);
            assertThat(row.accepted() + row.missing()).isEqualTo(row.owed());
        }
        // the total counts each indicator once: 設定項目 and 未提出 of the committee's total
        ReportQueries.SummaryRow committeeTotal = board.committee().get(board.committee().size() - 1);
        assertThat(committeeTotal.goalCode()).isEqualTo("total");
        assertThat(board.total().owed()).isEqualTo(committeeTotal.set());
        assertThat(board.total().missing()).isEqualTo((int) reports.status(PLAN, FY).stream()
                .filter(r -> r.targetSet() && r.flags() != null && r.flags().contains("missing")).count());
        // shared I-2-イ-2 (行政総務課|職員課) counts for both departments
        assertThat(board.departments().stream().mapToInt(StatusBoard.DepartmentRow::owed).sum())
                .isGreaterThan(board.total().owed());
        // 行政総務課 sent I-3-イ-3 without 取組状況: accepted, and still chased as incomplete
        assertThat(row(board, "行政総務課")).extracting(StatusBoard.DepartmentRow::missing,
                StatusBoard.DepartmentRow::incomplete, StatusBoard.DepartmentRow::outstanding).containsExactly(0, 1, 1);
        assertThat(board.total().incomplete()).isEqualTo(1);
        // 行政経営課's II-1-ア-1 is more than ten times its baseline
        assertThat(row(board, "行政経営課").withFindings()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void boardFollowsEachLoadAndIsTheSameBetweenLoads() throws Exception {
        StatusBoard board = console.statusBoard(PLAN, FY, TODAY, round, null);
        // 行政総務課 had no file before its mailed one
        assertThat(row(board, "行政総務課").accepted()).isGreaterThan(row(boardBeforeLaterLoads, "行政総務課").accepted());
        assertThat(board.committee()).isEqualTo(reports.summary(PLAN, FY)).isNotEqualTo(boardBeforeLaterLoads.committee());
        assertThat(console.statusBoard(PLAN, FY, TODAY, round, null)).isEqualTo(board);
        assertThat(new ConsoleQueries(db, ZONE).statusBoard(PLAN, FY, TODAY, round, null)).isEqualTo(board);
    }

    @Test
    void deadlineRemindersRejectedFilesAndLastReceiptPerDepartment() throws Exception {
        StatusBoard board = console.statusBoard(PLAN, FY, TODAY, round, null);

        assertThat(board.deadline().effective()).isEqualTo(LocalDate.parse("2026-06-30"));
        assertThat(board.deadline().daysLeft()).isEqualTo(-1);
        assertThat(board.deadline().passed()).isTrue();
        for (StatusBoard.DepartmentRow row : board.departments()) {
            assertThat(row.daysToDeadline()).as("days to deadline of %s", row.department())
                    .isEqualTo(row.outstanding() > 0 ? Long.valueOf(-1) : null);
        }
        // 財政課's only file was rejected: one rejected file since its (never) last accepted one
        assertThat(row(board, "財政課").rejectedSinceAccepted()).isEqualTo(1);
        assertThat(row(board, "財政課").lastStatus()).isEqualTo("rejected");
        // 行政総務課's rejected mail was followed by an accepted one; 職員課 never had a file rejected
        assertThat(row(board, "行政総務課").rejectedSinceAccepted()).isZero();
        assertThat(row(board, "行政総務課").lastStatus()).isEqualTo("accepted");
        assertThat(row(board, "職員課").rejectedSinceAccepted()).isZero();
        assertThat(board.total().rejectedSinceAccepted()).isEqualTo(1);

        // reminders as the outbox holds them (key reminder/<department>/<date>), all sent as .eml files
        Map<String, Integer> reminded = new HashMap<>();
        for (Map<String, Object> r : Sql.rows(db, "select dedup_key, status from outbox_mail where kind = 'reminder'")) {
            assertThat(r.get("status")).isEqualTo("sent");
            reminded.merge(r.get("dedup_key").toString().split("/")[1], 1, Integer::sum);
        }
        assertThat(reminded).isNotEmpty().containsEntry("財政課", 1).doesNotContainKey("職員課");
        for (StatusBoard.DepartmentRow row : board.departments()) {
            int expected = reminded.getOrDefault(row.department(), 0);
            assertThat(row.remindersSent()).as("reminders to %s", row.department()).isEqualTo(expected);
            assertThat(row.lastReminderOn()).isEqualTo(expected == 0 ? null : LocalDate.parse("2026-06-23"));
        }

        // last receipt: 職員課's correction, as stored
        Map<String, Object> newest = Sql.one(db, "select receipt_no, received_at from submission "
                + "where department_name = '職員課' order by received_at desc limit 1");
        assertThat(row(board, "職員課").lastReceiptNo()).isEqualTo(newest.get("receipt_no"));
        assertThat(row(board, "職員課").lastReceivedAt())
                .isEqualTo(((java.sql.Timestamp) newest.get("received_at")).toInstant());
        assertThat(row(board, "危機管理課").lastReceiptNo()).isNull(); // sent nothing
        assertThat(board.total().lastReceiptNo()).isEqualTo(row(board, "行政総務課").lastReceiptNo());
    }

    @Test
    void departmentFilterReturnsOnlyThatDepartmentsRowWithItsOwnTotal() throws Exception {
        StatusBoard board = console.statusBoard(PLAN, FY, TODAY, round, "職員課");

        assertThat(board.departments()).extracting(StatusBoard.DepartmentRow::department).containsExactly("職員課");
        StatusBoard.DepartmentRow own = board.departments().get(0);
        assertThat(own).isEqualTo(row(console.statusBoard(PLAN, FY, TODAY, round, null), "職員課"));
        assertThat(board.total()).isEqualTo(new StatusBoard.DepartmentRow(null, own.indicators(), own.owed(),
                own.accepted(), own.missing(), own.incomplete(), own.withFindings(), own.rejectedSinceAccepted(),
                own.daysToDeadline(), own.remindersSent(), own.lastReminderOn(), own.lastReceiptNo(),
                own.lastReceivedAt(), own.lastStatus()));
        // the committee's table is the plan's, for every viewer
        assertThat(board.committee()).isEqualTo(reports.summary(PLAN, FY));
        // without a round: no deadline; the reminders that asked for the plan-year still count
        StatusBoard noRound = console.statusBoard(PLAN, FY, TODAY, null, "財政課");
        assertThat(noRound.deadline()).isNull();
        assertThat(noRound.departments().get(0).daysToDeadline()).isNull();
        assertThat(noRound.departments().get(0).remindersSent()).isEqualTo(1);
    }

    @Test
    void aBoardCountsTheRemindersAndFilesOfItsOwnPlanYearOnly() throws Exception {
        StatusBoard ofTheRound = console.statusBoard(PLAN, FY, TODAY, round, null);
        assertThat(row(ofTheRound, "財政課").remindersSent()).isEqualTo(1);
        assertThat(row(ofTheRound, "財政課").rejectedSinceAccepted()).isEqualTo(1);
        assertThat(row(ofTheRound, "財政課").lastReceiptNo()).isNotNull();

        // the year before: no round, no reminder asked for it, and no file of this round is its file
        StatusBoard yearBefore = console.statusBoard(PLAN, FY - 1, TODAY, null, null);
        assertThat(yearBefore.departments()).isNotEmpty();
        for (StatusBoard.DepartmentRow row : yearBefore.departments()) {
            assertThat(row.remindersSent()).as(row.department()).isZero();
            assertThat(row.lastReminderOn()).as(row.department()).isNull();
            assertThat(row.rejectedSinceAccepted()).as(row.department()).isZero();
            // only a file that brought results of FY2024 is that year's last receipt
            List<Map<String, Object>> ofTheYear = Sql.rows(db, "select s.receipt_no from submission s "
                    + "join submission_round t on t.submission_id = s.submission_id "
                    + "where t.plan_code = ? and t.fiscal_year = ? and s.department_name = ? "
                    + "order by s.received_at desc limit 1", PLAN, FY - 1, row.department());
            assertThat(row.lastReceiptNo()).as(row.department())
                    .isEqualTo(ofTheYear.isEmpty() ? null : ofTheYear.get(0).get("receipt_no"));
        }
        assertThat(yearBefore.total().remindersSent()).isZero();

        // a reminder that asked for another plan's round only is not this round's; one queued before the
        // rounds were recorded (no reminder_round row) is, when sent in the round's collection period
        Object otherPlans = Sql.one(db, "insert into outbox_mail (kind, dedup_key, recipients_to, subject, mime, status) "
                + "values ('reminder', 'reminder/財政課/2026-06-26', '{zaisei@example.jp}', '督促', '\\x00', 'sent') "
                + "returning mail_id").get("mail_id");
        Object before = Sql.one(db, "insert into outbox_mail (kind, dedup_key, recipients_to, subject, mime, status) "
                + "values ('reminder', 'reminder/財政課/2026-06-29', '{zaisei@example.jp}', '督促', '\\x00', 'sent') "
                + "returning mail_id").get("mail_id");
        try {
            Sql.rows(db, "insert into reminder_round (mail_id, plan_code, fiscal_year) values (?, 'minamialps-5', 2026) "
                    + "returning mail_id", otherPlans);
            StatusBoard after = console.statusBoard(PLAN, FY, TODAY, round, null);
            assertThat(row(after, "財政課").remindersSent()).isEqualTo(2);
            assertThat(row(after, "財政課").lastReminderOn()).isEqualTo(LocalDate.parse("2026-06-29"));
            assertThat(row(console.statusBoard(PLAN, FY - 1, TODAY, null, null), "財政課").remindersSent()).isZero();
        } finally {
            Sql.rows(db, "delete from reminder_round where mail_id = ? returning mail_id", otherPlans);
            Sql.rows(db, "delete from outbox_mail where mail_id in (?, ?) returning mail_id", otherPlans, before);
        }
    }

    @Test
    void departmentPageListsItsIndicatorsWithResultsTextsAndTheirFile() throws Exception {
        DepartmentPage page = console.departmentPage(PLAN, FY, "職員課");

        Set<String> expectedCodes = new LinkedHashSet<>();
        for (StatusRow row : reports.status(PLAN, FY)) {
            if (Arrays.asList(row.departments().split("\\|")).contains("職員課")) {
                expectedCodes.add(row.indicatorCode());
            }
        }
        assertThat(page.indicators()).extracting(DepartmentPage.IndicatorRow::indicatorCode)
                .containsExactlyElementsOf(expectedCodes); // plan order, as status lists them
        Map<String, StatusRow> status = reports.status(PLAN, FY).stream()
                .collect(Collectors.toMap(StatusRow::indicatorCode, r -> r));
        for (DepartmentPage.IndicatorRow row : page.indicators()) {
            StatusRow s = status.get(row.indicatorCode());
            assertThat(row.grade()).as(row.indicatorCode()).isEqualTo(s.grade());
            assertThat(row.actualText()).as(row.indicatorCode()).isEqualTo(s.actualText());
            assertThat(row.targetText()).isEqualTo(s.targetText());
            assertThat(String.join(";", row.flags())).isEqualTo(s.flags() == null ? "" : s.flags());
        }

        DepartmentPage.IndicatorRow corrected = indicator(page, "I-1-ア-1");
        assertThat(corrected.actualValue()).isEqualByComparingTo("98.5");
        assertThat(corrected.unit()).isEqualTo("%");
        assertThat(corrected.targetValue()).isEqualByComparingTo("100");
        assertThat(corrected.ratePercent()).isEqualByComparingTo("99");
        assertThat(corrected.grade()).isEqualTo("概ね達成");
        assertThat(corrected.statusText()).isEqualTo("研修を15回実施");
        assertThat(corrected.outcomeText()).isEqualTo("理解度が向上");
        assertThat(corrected.nextStepsText()).isEqualTo("継続");
        assertThat(corrected.version()).isEqualTo(2);
        assertThat(corrected.submission().fileName()).isEqualTo(CORRECTION);
        assertThat(corrected.submission().channel()).isEqualTo("folder");
        assertThat(corrected.submission().receiptNo()).matches("R\\d{4}-\\d{6}");

        DepartmentPage.IndicatorRow milestone = indicator(page, "I-1-イ-2");
        assertThat(milestone.selfAssessment()).isEqualTo("ACHIEVED");
        assertThat(milestone.selfAssessmentText()).isNotBlank();
        assertThat(milestone.submission().fileName()).isEqualTo("職員課_令和7年度_実績報告.xlsx");
        assertThat(indicator(page, "I-2-イ-2").departments()).containsExactlyInAnyOrder("行政総務課", "職員課");

        // a department that sent nothing sees its items unsubmitted
        DepartmentPage silent = console.departmentPage(PLAN, FY, "危機管理課");
        assertThat(silent.indicators()).isNotEmpty().allSatisfy(row -> {
            assertThat(row.submitted()).isFalse();
            assertThat(row.actualText()).isNull();
        });
    }

    @Test
    void textsComeBackVerbatimForThePageToEscape() throws Exception {
        assertThat(indicator(console.departmentPage(PLAN, FY, "職員課"), "I-1-ア-2").statusText()).isEqualTo(SCRIPT);
        IndicatorPage page = console.indicatorPage(PLAN, "I-1-ア-2", FY).orElseThrow();
        assertThat(page.versions().get(page.versions().size() - 1).statusText()).isEqualTo(SCRIPT);
    }

    @Test
    void indicatorPageListsBothVersionsOfACorrectedValueWithTheirLineage() throws Exception {
        assertThat(beforeCorrection.versions()).singleElement().satisfies(v -> {
            assertThat(v.current()).isTrue();
            assertThat(v.actualValue()).isEqualByComparingTo("96.2");
        });

        IndicatorPage page = console.indicatorPage(PLAN, "I-1-ア-1", FY).orElseThrow();

        assertThat(page.name()).isNotBlank();
        assertThat(page.unit()).isEqualTo("%");
        assertThat(page.direction()).isEqualTo("higher_is_better");
        assertThat(page.departments()).containsExactly("職員課");
        assertThat(page.ownedBy("職員課")).isTrue();
        assertThat(page.ownedBy("財政課")).isFalse();
        assertThat(page.versions()).hasSize(2);
        IndicatorPage.Version old = page.versions().get(0);
        IndicatorPage.Version corrected = page.versions().get(1);
        assertThat(old.version()).isEqualTo(1);
        assertThat(old.current()).isFalse();
        assertThat(old.actualValue()).isEqualByComparingTo("96.2");
        assertThat(old.submission().fileName()).isEqualTo("職員課_令和7年度_実績報告.xlsx");
        assertThat(corrected.version()).isEqualTo(2);
        assertThat(corrected.current()).isTrue();
        assertThat(corrected.actualValue()).isEqualByComparingTo("98.5");
        assertThat(corrected.actualText()).isNotBlank();
        assertThat(corrected.submission().fileName()).isEqualTo(CORRECTION);
        assertThat(corrected.column()).isEqualTo("C"); // 実績値 of the correction file
        assertThat(corrected.submission().receiptNo()).isNotEqualTo(old.submission().receiptNo());
        assertThat(corrected.submission().submissionId()).isNotEqualTo(old.submission().submissionId());
        for (IndicatorPage.Version v : page.versions()) {
            assertThat(v.fiscalYear()).isEqualTo(FY);
            assertThat(v.submission().channel()).isEqualTo("folder");
            assertThat(v.sender()).isEqualTo("職員課");
            assertThat(v.department()).isEqualTo("職員課");
            assertThat(v.sheet()).isNotBlank();
            assertThat(v.row()).isPositive();
            assertThat(v.column()).isNotBlank();
            assertThat(v.recordedAt()).isNotNull();
            assertThat(v.submission().receivedAt()).isNotNull();
            // each version's receipt can be opened
            assertThat(console.submissionFile(v.submission().submissionId()).orElseThrow().receiptText(dir.resolve("inbox")))
                    .hasValueSatisfying(text -> assertThat(text).contains(v.submission().receiptNo(), "受け付けました"));
        }
        // the chart: every year of the plan, FY2025's actual the corrected one
        assertThat(page.years()).extracting(IndicatorPage.Year::fiscalYear).containsExactly(2024, 2025, 2026);
        IndicatorPage.Year fy2025 = page.years().get(1);
        assertThat(fy2025.actualValue()).isEqualByComparingTo("98.5");
        assertThat(fy2025.targetValue()).isEqualByComparingTo("100");
        assertThat(fy2025.grade()).isEqualTo("概ね達成");

        // every year's versions when no year is given; a mailed version names its sender
        assertThat(console.indicatorPage(PLAN, "I-1-ア-1").orElseThrow().versions()).hasSize(2);
        IndicatorPage mailed = console.indicatorPage(PLAN, "I-2-ア-1").orElseThrow();
        assertThat(mailed.versions()).singleElement().satisfies(v -> {
            assertThat(v.submission().channel()).isEqualTo("mail");
            assertThat(v.sender()).isEqualTo(SOMU_SENDER);
            assertThat(v.submission().fileName()).isEqualTo("somu.xlsx");
        });
        assertThat(console.indicatorPage(PLAN, "I-9-ア-9")).isEmpty();
        assertThat(console.indicatorPage(PLAN, "I-2-イ-2").orElseThrow().departments())
                .containsExactlyInAnyOrder("行政総務課", "職員課");
    }

    @Test
    void submissionsNewestFirstFilteredByDepartmentStatusAndDayInPages() throws Exception {
        List<SubmissionRow> all = console.submissions(SubmissionFilter.all(100));

        long files = Sql.count(db, "select count(*) from submission");
        assertThat(files).isEqualTo(10); // 7 samples, the correction, two mailed files
        assertThat(all).hasSize(11);     // and the stranger's mail
        assertThat(all).extracting(SubmissionRow::receivedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all.get(0)).satisfies(stranger -> {
            assertThat(stranger.isFile()).isFalse();
            assertThat(stranger.status()).isEqualTo("unknown_sender");
            assertThat(stranger.sender()).isEqualTo("stranger@example.com");
            assertThat(stranger.department()).isNull();
            assertThat(stranger.fileName()).isEqualTo("jisseki.xlsx");
        });

        assertThat(console.submissions(SubmissionFilter.all(100).statuses("rejected")))
                .extracting(SubmissionRow::department, SubmissionRow::fileName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("行政総務課", "somu_bad.xlsx"),
                        org.assertj.core.groups.Tuple.tuple("財政課", "財政課_実績報告.xlsx"));
        SubmissionRow zaisei = console.submissions(SubmissionFilter.all(100).department("財政課")).get(0);
        assertThat(zaisei.errorCount()).isEqualTo(4);
        assertThat(zaisei.channel()).isEqualTo("folder");
        assertThat(zaisei.sender()).isEqualTo("財政課");

        List<SubmissionRow> somu = console.submissions(SubmissionFilter.all(100).department("行政総務課"));
        assertThat(somu).extracting(SubmissionRow::status).containsExactly("accepted", "rejected");
        assertThat(somu).allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo("mail");
            assertThat(r.sender()).isEqualTo(SOMU_SENDER);
            assertThat(r.receiptNo()).isNotNull();
        });
        assertThat(console.submissions(SubmissionFilter.all(100).department("職員課").statuses("accepted")))
                .extracting(SubmissionRow::fileName).containsExactly(CORRECTION, "職員課_令和7年度_実績報告.xlsx");
        assertThat(console.submissions(SubmissionFilter.all(100).statuses("unknown_sender", "no_usable_attachment")))
                .singleElement().extracting(SubmissionRow::messageKey).isEqualTo("<stranger-1@example.com>");

        LocalDate received = all.get(0).receivedAt().atZone(ZONE).toLocalDate();
        assertThat(console.submissions(SubmissionFilter.all(100).received(received.minusDays(1), received.plusDays(1))))
                .hasSize(11);
        assertThat(console.submissions(SubmissionFilter.all(100).received(null, received.minusDays(1)))).isEmpty();
        assertThat(console.submissions(SubmissionFilter.all(100).received(received.plusDays(1), null))).isEmpty();

        List<SubmissionRow> paged = new java.util.ArrayList<>();
        for (int offset = 0; offset < 12; offset += 4) {
            paged.addAll(console.submissions(SubmissionFilter.all(4).page(offset, 4)));
        }
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void departmentScopedQueriesNeverReturnAnotherDepartmentsRow() throws Exception {
        List<String> departments = planDepartments();
        assertThat(departments).hasSizeGreaterThan(5);
        for (String department : departments) {
            assertThat(console.statusBoard(PLAN, FY, TODAY, round, department).departments())
                    .extracting(StatusBoard.DepartmentRow::department).containsExactly(department);
            assertThat(console.departmentPage(PLAN, FY, department).indicators()).isNotEmpty()
                    .allSatisfy(row -> assertThat(row.departments()).contains(department));
            List<SubmissionRow> submissions = console.submissions(SubmissionFilter.all(100).department(department));
            assertThat(submissions).allSatisfy(row -> assertThat(row.department()).isEqualTo(department));
            for (SubmissionRow row : submissions) {
                assertThat(console.submissionFile(row.submissionId()).orElseThrow()
                        .belongsTo(master.department(department).orElseThrow())).isTrue();
            }
        }
        assertThat(console.statusBoard(PLAN, FY, TODAY, round, "存在しない課").departments()).isEmpty();
        assertThat(console.departmentPage(PLAN, FY, "存在しない課").indicators()).isEmpty();
    }

    @Test
    void submissionFileLocatesTheArchivedOriginalAndReceiptAlsoInAFormerNamesFolder() throws Exception {
        Path inbox = dir.resolve("inbox");
        SubmissionRow dx = console.submissions(SubmissionFilter.all(10).department("DX推進課")).get(0);

        SubmissionFile file = console.submissionFile(dx.submissionId()).orElseThrow();

        assertThat(file.department()).isEqualTo("DX推進課");
        assertThat(file.originalName()).isEqualTo("dx_results.csv");
        assertThat(file.folders()).containsExactly("DX推進課", "情報政策課");
        assertThat(file.archivedFile(inbox)).hasValueSatisfying(p -> {
            assertThat(p).startsWith(inbox.toAbsolutePath().resolve("情報政策課/.done"));
            assertThat(p.getFileName().toString()).isEqualTo(file.receiptNo() + "_dx_results.csv");
        });
        assertThat(file.receiptFile(inbox)).hasValueSatisfying(p ->
                assertThat(p.getFileName().toString()).isEqualTo(file.receiptNo() + "_dx_results.csv_受付結果.txt"));
        assertThat(file.belongsTo(master.department("DX推進課").orElseThrow())).isTrue();
        assertThat(file.belongsTo(master.department("財政課").orElseThrow())).isFalse();

        SubmissionFile rejected = console.submissionFile(
                console.submissions(SubmissionFilter.all(10).department("財政課")).get(0).submissionId()).orElseThrow();
        assertThat(rejected.status()).isEqualTo("rejected");
        assertThat(rejected.archivedPath()).startsWith(".error/");
        assertThat(rejected.archivedFile(inbox)).isPresent();
        assertThat(rejected.receiptText(inbox)).hasValueSatisfying(text ->
                assertThat(text).contains(rejected.receiptNo(), "受け付けできませんでした").doesNotStartWith("\uFEFF"));

        assertThat(console.submissionFile(999_999)).isEmpty();
        // a stored path never reaches outside the department's folder
        SubmissionFile escaping = new SubmissionFile(1, "R", "職員課", "folder", "x", "accepted", Instant.now(),
                "../財政課/" + rejected.archivedPath(), null, List.of("職員課"));
        assertThat(escaping.archivedFile(inbox)).isEmpty();
    }

    @Test
    void submissionFileNeverFollowsALinkPlantedInTheDepartmentsFolder() throws Exception {
        // an inbox of its own: a 課 that may write to its folder on the share plants links there
        Path inbox = Files.createDirectories(dir.resolve("linked-inbox"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.csv"), "another 課's data");
        Path done = Files.createDirectories(inbox.resolve("職員課/.done/2026-07-01"));
        Files.writeString(done.resolve("R2026-000001_real.csv"), "指標コード");
        Files.createSymbolicLink(done.resolve("R2026-000002_link.csv"), secret);
        Files.createDirectories(outside.resolve("2026-07-01"));
        Files.writeString(outside.resolve("2026-07-01/R2026-000003_x.csv"), "another 課's data");
        Files.createSymbolicLink(inbox.resolve("職員課/.linked"), outside);
        Files.createSymbolicLink(inbox.resolve("人事課"), inbox.resolve("職員課"));

        assertThat(file(".done/2026-07-01/R2026-000001_real.csv", "職員課").archivedFile(inbox)).isPresent();
        assertThat(file(".done/2026-07-01/R2026-000002_link.csv", "職員課").archivedFile(inbox))
                .as("a link at the file's name").isEmpty();
        assertThat(file(".linked/2026-07-01/R2026-000003_x.csv", "職員課").archivedFile(inbox))
                .as("a linked folder on the way").isEmpty();
        assertThat(file(".done/2026-07-01/R2026-000001_real.csv", "人事課").archivedFile(inbox))
                .as("a 課 folder that is a link").isEmpty();
        assertThat(file(".done/2026-07-01/R2026-000002_link.csv", "職員課").receiptText(inbox)).isEmpty();
    }

    /** A file of {@code folder} at {@code archived}, as the console finds it (without a stored receipt). */
    private static SubmissionFile file(String archived, String folder) {
        return new SubmissionFile(1, "R", folder, "folder", "x.csv", "accepted", Instant.now(), archived,
                archived + "_受付結果.txt", List.of(folder));
    }

    private static StatusBoard.DepartmentRow row(StatusBoard board, String department) {
        return board.departments().stream().filter(r -> department.equals(r.department())).findFirst()
                .orElseThrow(() -> new AssertionError(department + " not on the board"));
    }

    private static DepartmentPage.IndicatorRow indicator(DepartmentPage page, String code) {
        return page.indicators().stream().filter(r -> r.indicatorCode().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError(code + " not on the page of " + page.department()));
    }
}
