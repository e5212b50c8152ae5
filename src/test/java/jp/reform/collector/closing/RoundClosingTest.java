package jp.reform.collector.closing;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.reform.collector.audit.AuditLog;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.IngestOutcome;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.review.ReviewRepository;
import jp.reform.collector.review.ReviewState;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.store.PendingChanges;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.ReportQueries.SummaryRow;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the FY2025 round after the committee: 職員課's sample report is in, the round is closed, and a changed
 * file is received, receipted and held; the committee's figures ({@code summary}) change only when the division
 * accepts it, never when it declines it, and the department hears of each. On a real PostgreSQL.
 */
class RoundClosingTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));
    private static final String PLAN = "atsugi-7-2";
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final RoundClosing.Actor ADMIN = new RoundClosing.Actor("gyosei", "admin", "10.0.0.5");
    private static final RoundClosing.Actor ADMIN2 = new RoundClosing.Actor("gyosei2", "admin", "10.0.0.6");
    /** The round whose page the held files are decided on. */
    private static final PendingChanges.Round FY2025 = new PendingChanges.Round(PLAN, 2025);

    @TempDir
    Path dir;
    private String url;
    private Database db;
    private SubmissionIngestor ingestor;
    private RoundClosing closing;

    @BeforeEach
    void setUp() throws Exception {
        url = TestDatabase.freshUrl();
        db = TestDatabase.at(url);
        new MasterDataSync().sync(db, MASTER);
        ingestor = ingestor(db);
        closing = closing(db);
        Path sample = Path.of("samples", "inbox", "職員課", "職員課_令和7年度_実績報告.xlsx");
        IngestOutcome demo = ingest(Files.copy(sample, dir.resolve(sample.getFileName())));
        assertThat(demo.status()).isEqualTo(SubmissionStatus.ACCEPTED);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private SubmissionIngestor ingestor(Database database) {
        return new SubmissionIngestor(database, MASTER, TOKYO, new ReceiptMailer(outbox(),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
    }

    private RoundClosing closing(Database database) {
        return new RoundClosing(database, MASTER, new AuditLog(database), outbox(), TOKYO);
    }

    private Outbox outbox() {
        return new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC()));
    }

    private IngestOutcome ingest(Path file) throws Exception {
        return ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder", "職員課",
                Instant.parse("2026-07-20T01:00:00Z"), null));
    }

    /** 職員課's file after the committee: 男性育休取得率 corrected from 62.5% (未達成) to 90% (達成). */
    private Path changedFile(String name, String value) throws Exception {
        return DepartmentFiles.xlsx(dir.resolve(name), "令和7年度 実績報告（職員課）", HEADER, List.of(
                List.of("I-3-ア-3", 2025, value, "取得を促す面談を実施", "", "", "")));
    }

    private List<SummaryRow> summary() throws Exception {
        return new ReportQueries(db).summary(PLAN, 2025);
    }

    private static SummaryRow total(List<SummaryRow> rows) {
        return rows.stream().filter(r -> r.goalCode().equals("total")).findFirst().orElseThrow();
    }

    private BigDecimal currentActual() {
        return (BigDecimal) Sql.one(db, "select actual_value from result_current where indicator_code = 'I-3-ア-3' "
                + "and fiscal_year = 2025").get("actual_value");
    }

    private long submissionId(String receiptNo) {
        return ((Number) Sql.one(db, "select submission_id from submission where receipt_no = ?", receiptNo)
                .get("submission_id")).longValue();
    }

    /** The text of the mails queued with a dedup key, as the department reads them. */
    private String mail(String dedupKey) throws Exception {
        byte[] mime = (byte[]) Sql.one(db, "select mime from outbox_mail where dedup_key = ?", dedupKey).get("mime");
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
        return message.getSubject() + "\n" + text(message);
    }

    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        StringBuilder out = new StringBuilder();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                out.append(text(multipart.getBodyPart(i)));
            }
        }
        return out.toString();
    }

    @Test
    void aChangedFileAfterClosingIsHeldUntilAcceptedAndTheDepartmentHearsOfEachStep() throws Exception {
        List<SummaryRow> before = summary();
        assertThat(currentActual()).isEqualByComparingTo("62.5");

        assertThat(closing.close(ADMIN, PLAN, 2025)).isEqualTo(RoundClosing.Outcome.DONE);
        assertThat(closing.close(ADMIN, PLAN, 2025)).isEqualTo(RoundClosing.Outcome.ALREADY);
        IngestOutcome held = ingest(changedFile("職員課_修正.xlsx", "90%"));

        assertThat(held.status()).isEqualTo(SubmissionStatus.HELD);
        assertThat(held.archiveFolder()).startsWith(".done/");
        assertThat(held.receiptText()).contains("【受付結果】締切後のため保留しました",
                "令和7年度（2025年度）の実績は委員会の開催に伴い締め切られているため", "現在の実績値は変更していません",
                "行政経営課で判断し", "・I-3-ア-3 男性育休取得率（2025年度）：62.5% → 90%");
        assertThat(summary()).isEqualTo(before);
        assertThat(currentActual()).isEqualByComparingTo("62.5");
        assertThat(Sql.one(db, "select status, row_count from submission where receipt_no = ?", held.receiptNo()))
                .containsEntry("status", "held").containsEntry("row_count", 1);
        assertThat(mail("receipt/" + held.receiptNo())).contains("締切後のため保留しました", "62.5% → 90%");
        assertThat(Sql.rows(db, "select state from pending_change")).containsExactly(Map.of("state", "pending"));
        // the same file again while held: a duplicate of the held one, not a second change to decide
        IngestOutcome resent = ingest(Files.copy(dir.resolve("職員課_修正.xlsx"), dir.resolve("職員課_修正 (2).xlsx")));
        assertThat(resent.status()).isEqualTo(SubmissionStatus.DUPLICATE);
        assertThat(resent.receiptText()).contains(held.receiptNo());
        assertThat(Sql.count(db, "select count(*) from pending_change")).isEqualTo(1);

        long id = submissionId(held.receiptNo());
        // decided on another round's page (a form naming another year): nothing taken, nothing declined
        PendingChanges.Round fy2024 = new PendingChanges.Round(PLAN, 2024);
        assertThat(closing.accept(ADMIN, id, fy2024).outcome()).isEqualTo(RoundClosing.Outcome.OTHER_ROUND);
        assertThat(closing.decline(ADMIN, id, fy2024, "別年度").outcome()).isEqualTo(RoundClosing.Outcome.OTHER_ROUND);
        assertThat(summary()).isEqualTo(before);
        assertThat(Sql.rows(db, "select state from pending_change")).containsExactly(Map.of("state", "pending"));
        assertThat(closing.accept(ADMIN, id, FY2025).outcome()).isEqualTo(RoundClosing.Outcome.DONE);

        List<SummaryRow> after = summary();
        assertThat(after).isNotEqualTo(before);
        assertThat(total(after).achieved()).isEqualTo(total(before).achieved() + 1);
        assertThat(total(after).notAchieved()).isEqualTo(total(before).notAchieved() - 1);
        assertThat(currentActual()).isEqualByComparingTo("90");
        assertThat(Sql.one(db, "select status from submission where receipt_no = ?", held.receiptNo()))
                .containsEntry("status", "accepted");
        assertThat(Sql.count(db, "select count(*) from result where submission_id = ?", id)).isEqualTo(1);
        assertThat(mail("decision/" + held.receiptNo())).contains("反映しました", held.receiptNo(),
                "職員課ご担当者様", "・I-3-ア-3 男性育休取得率（2025年度）：62.5% → 90%")
                .as("90% raises no flag: nothing to check").doesNotContain("確認をお願いする点");
        Map<String, Object> audit = Sql.one(db, "select actor, plan_code, fiscal_year, department_name, "
                + "before_state::text as b, after_state::text as a from audit_log where action = 'pending_accepted'");
        assertThat(audit).containsEntry("actor", "gyosei").containsEntry("plan_code", PLAN)
                .containsEntry("fiscal_year", 2025).containsEntry("department_name", "職員課");
        assertThat((String) audit.get("b")).contains("\"state\": \"pending\"", "62.5%");
        assertThat((String) audit.get("a")).contains("\"state\": \"accepted\"", "\"versions_added\": 1");

        // a second click on the decided change changes nothing and says who decided it
        RoundClosing.Decided again = closing.decline(ADMIN2, id, FY2025, "重複");
        assertThat(again.outcome()).isEqualTo(RoundClosing.Outcome.ALREADY);
        assertThat(again.state().state()).isEqualTo("accepted");
        assertThat(again.state().decidedBy()).isEqualTo("gyosei");
        assertThat(summary()).isEqualTo(after);
    }

    @Test
    void aHeldFileWithoutTheOptionalColumnsKeepsThe課sTextsAsTheyAreWhenItIsAccepted() throws Exception {
        List<String> numberOnly = List.of("指標コード", "年度", "実績値", "取組状況");
        closing.close(ADMIN, PLAN, 2025);
        IngestOutcome held = ingest(DepartmentFiles.xlsx(dir.resolve("職員課_数値のみ.xlsx"), null, numberOnly,
                List.of(List.of("I-3-ア-3", 2025, "90%", "取得を促す面談を実施"))));
        assertThat(held.status()).isEqualTo(SubmissionStatus.HELD);
        // meanwhile the round is reopened and the 課 reports its texts anew
        closing.reopen(ADMIN, PLAN, 2025);
        assertThat(ingest(DepartmentFiles.xlsx(dir.resolve("職員課_文章.xlsx"), null, HEADER, List.of(
                List.of("I-3-ア-3", 2025, "62.5%", "取得を促す面談を実施", "面談で取得の意向が増えた", "面談を全課に広げる",
                        "未達成")))).status()).isEqualTo(SubmissionStatus.ACCEPTED);
        closing.close(ADMIN, PLAN, 2025);

        assertThat(closing.accept(ADMIN, submissionId(held.receiptNo()), FY2025).outcome())
                .isEqualTo(RoundClosing.Outcome.DONE);

        assertThat(currentActual()).isEqualByComparingTo("90");
        assertThat(Sql.one(db, "select outcome_text, next_steps_text, self_assessment_text from result_current "
                + "where indicator_code = 'I-3-ア-3' and fiscal_year = 2025"))
                .containsEntry("outcome_text", "面談で取得の意向が増えた").containsEntry("next_steps_text", "面談を全課に広げる")
                .containsEntry("self_assessment_text", "未達成");
    }

    @Test
    void anAcceptedHeldFileStoresAndMailsTheFlagsOfItsRowsAsItsLoadWouldHave() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        // 150% of a percentage: loaded, but out of range (0–100%)
        IngestOutcome held = ingest(changedFile("職員課_150.xlsx", "150%"));
        assertThat(held.status()).isEqualTo(SubmissionStatus.HELD);
        long id = submissionId(held.receiptNo());
        assertThat(Sql.count(db, "select count(*) from finding where submission_id = ?", id))
                .as("nothing is evaluated while held").isZero();

        assertThat(closing.accept(ADMIN, id, FY2025).outcome()).isEqualTo(RoundClosing.Outcome.DONE);

        String findings = "select severity, code, sheet_name, row_no, column_ref, value_found, message, hint, plan_code, "
                + "indicator_code, fiscal_year from finding where submission_id = ? order by finding_id";
        List<Map<String, Object>> stored = Sql.rows(db, findings, id);
        assertThat(stored).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("severity", "WARNING").containsEntry("code", "out_of_range")
                .containsEntry("sheet_name", "実績報告").containsEntry("row_no", 4).containsEntry("column_ref", "C")
                .containsEntry("value_found", "150%").containsEntry("plan_code", PLAN)
                .containsEntry("indicator_code", "I-3-ア-3").containsEntry("fiscal_year", 2025)
                .containsEntry("message", "I-3-ア-3（2025年度）：値が想定範囲（0～100%）の外です。"));
        assertThat(Sql.one(db, "select status, warning_count from submission where submission_id = ?", id))
                .containsEntry("status", "accepted").containsEntry("warning_count", 1);
        assertThat(mail("decision/" + held.receiptNo())).contains("反映しました", "62.5% → 150%",
                "■ 確認をお願いする点（1件）",
                "1. [シート「実績報告」 4行目 C列] I-3-ア-3（2025年度）：値が想定範囲（0～100%）の外です。",
                "入力値：「150%」");
        assertThat(Sql.one(db, "select after_state->>'warnings' as w from audit_log where action = 'pending_accepted'"))
                .containsEntry("w", "1");

        // the same rows loaded as usual once the round is open again: the same findings, counted the same
        closing.reopen(ADMIN, PLAN, 2025);
        IngestOutcome normal = ingestor.ingest(new IncomingFile(DepartmentFiles.xlsx(dir.resolve("職員課_150_再.xlsx"),
                "令和7年度 実績報告（職員課）再提出", HEADER, List.of(List.of("I-3-ア-3", 2025, "150%",
                        "取得を促す面談を実施", "", "", ""))), "職員課_150_再.xlsx", "folder", "職員課",
                Instant.parse("2026-07-22T01:00:00Z"), null));
        assertThat(normal.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        long normalId = submissionId(normal.receiptNo());
        assertThat(Sql.rows(db, findings, normalId)).isEqualTo(stored);
        assertThat(Sql.one(db, "select warning_count from submission where submission_id = ?", normalId))
                .containsEntry("warning_count", 1);
        assertThat(normal.receiptText()).contains("■ 確認をお願いする点（1件）",
                "1. [シート「実績報告」 4行目 C列] I-3-ア-3（2025年度）：値が想定範囲（0～100%）の外です。");
    }

    @Test
    void aHeldFileAcceptedAfterTheReviewReopensItAndADeclinedOneDoesNot() throws Exception {
        ReviewRepository reviews = new ReviewRepository();
        try (Connection c = db.connect()) {
            reviews.insert(c, PLAN, 2025, "職員課", ReviewState.CONFIRMED, null, List.of(), null, "gyosei");
        }
        closing.close(ADMIN, PLAN, 2025);
        IngestOutcome declined = ingest(changedFile("職員課_却下.xlsx", "91%"));
        IngestOutcome accepted = ingest(changedFile("職員課_反映.xlsx", "90%"));
        assertThat(reviewState(reviews)).as("held files are not results yet").isEqualTo(ReviewState.CONFIRMED);

        closing.decline(ADMIN, submissionId(declined.receiptNo()), FY2025, "確定値のため");
        assertThat(reviewState(reviews)).isEqualTo(ReviewState.CONFIRMED);
        closing.accept(ADMIN, submissionId(accepted.receiptNo()), FY2025);
        assertThat(reviewState(reviews)).as("FY2025 results taken in after the 確認済み")
                .isEqualTo(ReviewState.SUBMITTED);
    }

    private ReviewState reviewState(ReviewRepository reviews) throws Exception {
        try (Connection c = db.connect()) {
            return reviews.states(c, PLAN, 2025, "職員課").get("職員課").state();
        }
    }

    @Test
    void aDeclinedChangeLeavesTheFiguresAsTheyWereAndTellsTheDepartmentWhy() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        List<SummaryRow> before = summary();
        IngestOutcome held = ingest(changedFile("職員課_再修正.xlsx", "91%"));
        assertThat(held.status()).isEqualTo(SubmissionStatus.HELD);
        long results = Sql.count(db, "select count(*) from result");

        RoundClosing.Decided declined = closing.decline(ADMIN, submissionId(held.receiptNo()), FY2025,
                "委員会で確定した値のため、次回の報告で反映してください。");

        assertThat(declined.outcome()).isEqualTo(RoundClosing.Outcome.DONE);
        assertThat(summary()).isEqualTo(before);
        assertThat(currentActual()).isEqualByComparingTo("62.5");
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(results);
        assertThat(Sql.one(db, "select status from submission where receipt_no = ?", held.receiptNo()))
                .containsEntry("status", "declined");
        assertThat(mail("receipt/" + held.receiptNo())).contains("締切後のため保留しました");
        assertThat(mail("decision/" + held.receiptNo())).contains("反映しませんでした", "実績値は締切時点のまま",
                "委員会で確定した値のため、次回の報告で反映してください。");
        assertThat(Sql.one(db, "select after_state->>'reason' as reason from audit_log where action = 'pending_declined'"))
                .containsEntry("reason", "委員会で確定した値のため、次回の報告で反映してください。");
        assertThat(closing.accept(ADMIN, submissionId(held.receiptNo()), FY2025).outcome())
                .isEqualTo(RoundClosing.Outcome.ALREADY);
        assertThat(summary()).isEqualTo(before);
    }

    @Test
    void aFileSayingWhatIsStoredIsNotHeldAndRejectedFilesStayRejected() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        // the same value as stored: nothing would change, so nothing waits for a decision
        Map<String, Object> stored = Sql.one(db, "select actual_text, status_text, outcome_text, next_steps_text, "
                + "self_assessment_text from result_current where indicator_code = 'I-1-ア-2' and fiscal_year = 2025");
        IngestOutcome same = ingest(DepartmentFiles.xlsx(dir.resolve("same.xlsx"), "令和7年度 実績報告（職員課）",
                HEADER, List.of(List.of("I-1-ア-2", 2025, text(stored, "actual_text"), text(stored, "status_text"),
                        text(stored, "outcome_text"), text(stored, "next_steps_text"),
                        text(stored, "self_assessment_text")))));
        IngestOutcome bad = ingest(changedFile("bad.xlsx", "九十"));

        assertThat(bad.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(bad.receiptText()).contains("実績値を数値として読めません").doesNotContain("保留");
        assertThat(Sql.count(db, "select count(*) from pending_change")).isZero();
        assertThat(same.status()).as(same.receiptText()).isIn(SubmissionStatus.ACCEPTED);
        assertThat(same.receiptText()).doesNotContain("保留");
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? "" : value.toString();
    }

    @Test
    void reopeningIsRecordedAndFilesAreLoadedAgainWhileHeldOnesWait() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        IngestOutcome held = ingest(changedFile("held.xlsx", "90%"));

        assertThat(closing.reopen(ADMIN2, PLAN, 2025)).isEqualTo(RoundClosing.Outcome.DONE);
        assertThat(closing.reopen(ADMIN2, PLAN, 2025)).isEqualTo(RoundClosing.Outcome.ALREADY);
        assertThat(closing.closure(PLAN, 2025)).isEmpty();
        IngestOutcome open = ingest(changedFile("after-reopen.xlsx", "70%"));

        assertThat(open.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(currentActual()).isEqualByComparingTo("70");
        assertThat(Sql.one(db, "select status from submission where receipt_no = ?", held.receiptNo()))
                .containsEntry("status", "held");
        List<Map<String, Object>> log = Sql.rows(db, "select actor, action, before_state->>'closed' as b, "
                + "after_state->>'closed' as a, before_state->>'closed_by' as closed_by, "
                + "after_state->>'pending_changes' as pending from audit_log order by audit_id");
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).containsEntry("actor", "gyosei").containsEntry("action", "round_closed")
                .containsEntry("b", "false").containsEntry("a", "true");
        assertThat(log.get(1)).containsEntry("actor", "gyosei2").containsEntry("action", "round_reopened")
                .containsEntry("b", "true").containsEntry("a", "false").containsEntry("closed_by", "gyosei")
                .containsEntry("pending", "1");
    }

    /** What the 締切・保留 page shows of the results a held file would change (its accept form carries it). */
    private long resultsShown(long submissionId) throws Exception {
        try (Connection c = db.connect()) {
            return new PendingChanges().resultVersions(c, List.of(submissionId)).get(submissionId);
        }
    }

    @Test
    void aHeldFileIsNotAcceptedOverResultsChangedSinceThePageWasShown() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        IngestOutcome held = ingest(changedFile("held.xlsx", "90%"));
        long id = submissionId(held.receiptNo());
        long shown = resultsShown(id);
        closing.reopen(ADMIN2, PLAN, 2025);
        IngestOutcome newer = ingest(changedFile("after-reopen.xlsx", "70%"));
        assertThat(newer.status()).isEqualTo(SubmissionStatus.ACCEPTED);

        RoundClosing.Decided stale = closing.accept(ADMIN, id, FY2025, Optional.of(shown));
        assertThat(stale.outcome()).isEqualTo(RoundClosing.Outcome.CHANGED);
        assertThat(stale.state().receiptNo()).isEqualTo(held.receiptNo());
        assertThat(stale.newest().receiptNo()).isEqualTo(newer.receiptNo());
        assertThat(stale.newest().department()).isEqualTo("職員課");
        assertThat(stale.newest().acceptedBy()).as("loaded, not a held file accepted").isNull();
        assertThat(currentActual()).isEqualByComparingTo("70");
        assertThat(Sql.one(db, "select state from pending_change where submission_id = ?", id))
                .containsEntry("state", "pending");
        assertThat(Sql.count(db, "select count(*) from audit_log where action = 'pending_accepted'")).isZero();
        assertThat(Sql.count(db, "select count(*) from outbox_mail where dedup_key like 'decision/%'")).isZero();

        // received before the value now stored (the same moment here: taken earlier), as the page says
        try (Connection c = db.connect()) {
            assertThat(new PendingChanges().laterResults(c, List.of(id)))
                    .containsEntry(id, new PendingChanges.Later(1, 1, List.of(newer.receiptNo())));
        }
        assertThat(resultsShown(id)).isGreaterThan(shown);
        assertThat(closing.accept(ADMIN, id, FY2025, Optional.of(resultsShown(id))).outcome())
                .isEqualTo(RoundClosing.Outcome.DONE);
        assertThat(currentActual()).isEqualByComparingTo("90");
    }

    @Test
    void aHeldFileAcceptedByAnotherAdminIsSaidToBeDecidedNotChanged() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        long id = submissionId(ingest(changedFile("held.xlsx", "90%")).receiptNo());
        long shown = resultsShown(id);
        assertThat(closing.accept(ADMIN2, id, FY2025, Optional.of(shown)).outcome())
                .isEqualTo(RoundClosing.Outcome.DONE);

        RoundClosing.Decided again = closing.accept(ADMIN, id, FY2025, Optional.of(shown));
        assertThat(again.outcome()).isEqualTo(RoundClosing.Outcome.ALREADY);
        assertThat(again.state().decidedBy()).isEqualTo("gyosei2");
        assertThat(Sql.count(db, "select count(*) from result where submission_id = ?", id)).isEqualTo(1);
    }

    @Test
    void twoAdminsOnTwoInstancesAcceptingAtOnceAcceptOnce() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        IngestOutcome held = ingest(changedFile("職員課_修正.xlsx", "90%"));
        long id = submissionId(held.receiptNo());
        long resultsBefore = Sql.count(db, "select count(*) from result");
        List<RoundClosing.Decided> answers = new ArrayList<>();
        // two collectors on one PostgreSQL server: each with its own database connections
        try (Database first = Database.server(url, "postgres", null);
             Database second = Database.server(url, "postgres", null)) {
            RoundClosing one = closing(first);
            RoundClosing two = closing(second);
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<RoundClosing.Decided>> clicks = List.of(
                        () -> {
                            together.await();
                            return one.accept(ADMIN, id, FY2025);
                        },
                        () -> {
                            together.await();
                            return two.accept(ADMIN2, id, FY2025);
                        });
                for (Future<RoundClosing.Decided> answer : pool.invokeAll(clicks)) {
                    answers.add(answer.get());
                }
            } finally {
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }

        assertThat(answers).extracting(RoundClosing.Decided::outcome)
                .containsExactlyInAnyOrder(RoundClosing.Outcome.DONE, RoundClosing.Outcome.ALREADY);
        assertThat(answers).filteredOn(a -> a.outcome() == RoundClosing.Outcome.ALREADY)
                .allSatisfy(a -> assertThat(a.state().state()).isEqualTo("accepted"));
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(resultsBefore + 1);
        assertThat(Sql.count(db, "select count(*) from result where indicator_code = 'I-3-ア-3' "
                + "and fiscal_year = 2025")).isEqualTo(2);
        assertThat(Sql.count(db, "select count(*) from audit_log where action = 'pending_accepted'")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where dedup_key like 'decision/%'")).isEqualTo(1);
        assertThat(currentActual()).isEqualByComparingTo("90");
    }

    @Test
    void anAcceptAndADeclineAtOnceGiveOneDecision() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        long id = submissionId(ingest(changedFile("職員課_修正.xlsx", "90%")).receiptNo());
        RoundClosing other = closing(db);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<RoundClosing.Decided> answers = new ArrayList<>();
        try {
            for (Future<RoundClosing.Decided> answer : pool.invokeAll(List.<Callable<RoundClosing.Decided>>of(
                    () -> {
                        together.await();
                        return closing.accept(ADMIN, id, FY2025);
                    },
                    () -> {
                        together.await();
                        return other.decline(ADMIN2, id, FY2025, "不要");
                    }))) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(answers).extracting(RoundClosing.Decided::outcome)
                .containsExactlyInAnyOrder(RoundClosing.Outcome.DONE, RoundClosing.Outcome.ALREADY);
        String state = (String) Sql.one(db, "select state from pending_change where submission_id = ?", id).get("state");
        String status = (String) Sql.one(db, "select status from submission where submission_id = ?", id).get("status");
        assertThat(status).isEqualTo(state);
        assertThat(Sql.count(db, "select count(*) from result where submission_id = ?", id))
                .isEqualTo("accepted".equals(state) ? 1 : 0);
        assertThat(Sql.count(db, "select count(*) from audit_log where action in ('pending_accepted', "
                + "'pending_declined')")).isEqualTo(1);
    }

    @Test
    void aHeldFileChangingOnlyATextSaysSoRatherThanTheSameValueTwice() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        IngestOutcome held = ingest(changedFile("text-only.xlsx", "62.5%"));

        assertThat(held.status()).isEqualTo(SubmissionStatus.HELD);
        assertThat(held.receiptText()).contains(
                "・I-3-ア-3 男性育休取得率（2025年度）：62.5% → 62.5%（実績値は同じで、取組状況などの記述が異なります）");
    }

    @Test
    void aMailedFileHeldAfterClosingIsAnsweredToItsSenderBothTimes() throws Exception {
        closing.close(ADMIN, PLAN, 2025);
        Path file = changedFile("職員課_メール.xlsx", "90%");
        IngestOutcome held = ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "mail", "職員課",
                Instant.parse("2026-07-21T01:00:00Z"), "tanaka@atsugi.example.jp"));
        assertThat(held.status()).isEqualTo(SubmissionStatus.HELD);

        closing.decline(ADMIN, submissionId(held.receiptNo()), FY2025, "<b>委員会確定値</b>");

        List<Map<String, Object>> mails = Sql.rows(db, "select dedup_key, array_to_string(recipients_to, ',') as to "
                + "from outbox_mail where submission_id = ? order by mail_id", submissionId(held.receiptNo()));
        assertThat(mails).extracting(m -> m.get("to")).containsOnly("tanaka@atsugi.example.jp");
        assertThat(mails).extracting(m -> m.get("dedup_key"))
                .containsExactly("receipt/" + held.receiptNo(), "decision/" + held.receiptNo());
        // the reason is mailed as plain text, as written
        assertThat(mail("decision/" + held.receiptNo())).contains("<b>委員会確定値</b>");
    }
}
