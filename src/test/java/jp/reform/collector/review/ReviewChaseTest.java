package jp.reform.collector.review;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.exceptionreport.ExceptionReport;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.RoundsLoader;
import jp.reform.collector.notify.ExceptionReporter;
import jp.reform.collector.notify.MailSettings;
import jp.reform.collector.notify.ReminderNotice;
import jp.reform.collector.notify.ReminderPlanner;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.ChaseQueries.Outstanding;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's states and what the chase asks again, on a real database with files loaded through the ingest
 * path: a 差し戻し puts the indicators back into what reminders and the exception report chase (the same
 * query feeds both), a new file of the 課 with results of the round makes it 提出済み again (one of another
 * year or plan does not), a 確認済み ends the chase.
 */
class ReviewChaseTest {

    private static final String PLAN = "atsugi-7-2";
    private static final int FY = 2025;

    @TempDir
    Path dir;
    private Database db;
    private SubmissionIngestor ingestor;
    private final ReviewRepository reviews = new ReviewRepository();
    private final ChaseQueries chase = new ChaseQueries();
    private int files;

    @BeforeEach
    void load() throws Exception {
        db = TestDatabase.at(TestDatabase.freshUrl());
        MasterData master = new MasterDataLoader().load(Path.of("config"));
        new MasterDataSync().sync(db, master);
        ingestor = new SubmissionIngestor(db, master, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSentBackIndicatorIsChasedUntilANewerResultArrivesAndTheNewFileMakesThe課SubmittedAgain() throws Exception {
        assertThat(state("財政課")).isEqualTo(ReviewState.NOT_SUBMITTED);
        load("財政課", List.of("III-3-イ-1", "2025", "", "見直しを実施した", "", "", "達成"));
        assertThat(state("財政課")).isEqualTo(ReviewState.SUBMITTED);
        assertThat(owed("財政課")).as("a complete result is not chased").isEmpty();

        ReviewAction sentBack = act("財政課", ReviewState.SENT_BACK, "取組状況に見直しの内容を具体的に書いてください。",
                List.of("III-3-イ-1"));
        assertThat(state("財政課")).isEqualTo(ReviewState.SENT_BACK);
        assertThat(owed("財政課")).singleElement().satisfies(o -> {
            assertThat(o.indicatorCode()).isEqualTo("III-3-イ-1");
            assertThat(o.sentBack()).isTrue();
            assertThat(o.what()).isEqualTo("差し戻し（修正をお願いしています）");
        });
        assertThat(pending("財政課")).containsExactly("III-3-イ-1");
        assertThat(history("財政課")).singleElement().satisfies(a -> {
            assertThat(a.reviewId()).isEqualTo(sentBack.reviewId());
            assertThat(a.comment()).isEqualTo("取組状況に見直しの内容を具体的に書いてください。");
            assertThat(a.indicatorCodes()).containsExactly("III-3-イ-1");
            assertThat(a.correctionDue()).isEqualTo(LocalDate.parse("2026-07-10"));
            assertThat(a.actor()).isEqualTo("admin");
        });

        load("財政課", List.of("III-3-イ-1", "2025", "", "補助金の交付基準と調書を改定し、予算編成に反映した", "", "", "達成"));
        assertThat(state("財政課")).as("a new accepted file").isEqualTo(ReviewState.SUBMITTED);
        assertThat(owed("財政課")).as("the newer result answers the 差し戻し").isEmpty();
        assertThat(pending("財政課")).isEmpty();

        act("財政課", ReviewState.CONFIRMED, null, List.of());
        assertThat(state("財政課")).isEqualTo(ReviewState.CONFIRMED);
        assertThat(history("財政課")).extracting(ReviewAction::state)
                .containsExactly(ReviewState.CONFIRMED, ReviewState.SENT_BACK);
    }

    @Test
    void aNamedIndicatorLeftUnchangedStaysChasedAndAWhole課SendBackEndsWithItsNextFile() throws Exception {
        load("職員課", List.of("I-1-ア-1", "2025", "98.5%", "研修を15回実施", "", "", "概ね達成"),
                List.of("I-1-ア-2", "2025", "5", "5グループが活動", "", "", "達成"));
        assertThat(owed("職員課")).extracting(Outstanding::indicatorCode).doesNotContain("I-1-ア-1", "I-1-ア-2");

        act("職員課", ReviewState.SENT_BACK, "I-1-ア-1 の実績値を確認してください。", List.of("I-1-ア-1"));
        // the 課 sends a file that changes only I-1-ア-2: 提出済み again, but I-1-ア-1 is still owed
        load("職員課", List.of("I-1-ア-1", "2025", "98.5%", "研修を15回実施", "", "", "概ね達成"),
                List.of("I-1-ア-2", "2025", "6", "6グループが活動", "", "", "達成"));
        assertThat(state("職員課")).isEqualTo(ReviewState.SUBMITTED);
        assertThat(owed("職員課")).filteredOn(Outstanding::sentBack).extracting(Outstanding::indicatorCode)
                .containsExactly("I-1-ア-1");
        assertThat(pending("職員課")).containsExactly("I-1-ア-1");
        // another 課 is not touched by 職員課's review
        assertThat(owed("財政課")).noneMatch(Outstanding::sentBack);

        // sent back as a whole: every owed indicator is chased, until the 課's next accepted file, even one that
        // changes no value
        act("職員課", ReviewState.SENT_BACK, "全体に取組状況が簡潔すぎます。", List.of());
        List<Outstanding> whole = owed("職員課");
        assertThat(whole).extracting(Outstanding::indicatorCode).contains("I-1-ア-1", "I-1-ア-2", "I-1-イ-1");
        assertThat(whole).allMatch(Outstanding::sentBack);
        assertThat(pending("職員課")).contains("I-1-ア-1", "I-1-ア-2", "I-1-イ-1");
        load("職員課", List.of("I-1-ア-1", "2025", "98.5%", "研修を15回実施", "", "", "概ね達成"),
                List.of("I-1-ア-2", "2025", "6", "6グループが活動", "", "", "達成"),
                List.of("I-1-ア-2", "2025", "6", "6グループが活動", "", "", "達成")); // other bytes, same values
        assertThat(state("職員課")).isEqualTo(ReviewState.SUBMITTED);
        assertThat(owed("職員課")).noneMatch(Outstanding::sentBack);
        assertThat(pending("職員課")).isEmpty();

        act("職員課", ReviewState.SENT_BACK, "I-1-ア-1 の実績値を確認してください。", List.of("I-1-ア-1"));
        act("職員課", ReviewState.CONFIRMED, null, List.of());
        assertThat(owed("職員課")).as("確認済み ends the chase of what was sent back").noneMatch(Outstanding::sentBack);
    }

    @Test
    void onlyResultsOfTheRoundMoveItsReviewNotAFileOfAnotherYearOrPlan() throws Exception {
        load("財政課", List.of("III-3-イ-1", "2025", "", "見直しを実施した", "", "", "達成"));
        act("財政課", ReviewState.CONFIRMED, null, List.of());

        load("財政課", List.of("III-3-イ-1", "2024", "", "基準と調書を見直した", "", "", "達成"));
        assertThat(state("財政課")).as("a file of FY2024 only").isEqualTo(ReviewState.CONFIRMED);
        assertThat(state(PLAN, 2024, "財政課")).as("FY2024's own review").isEqualTo(ReviewState.SUBMITTED);
        load("財政課", List.of("1-2-3-1", "2026", "2", "補助制度の情報を全庁で2回共有した", "", "", "A"));
        assertThat(state("財政課")).as("a file of the other plan").isEqualTo(ReviewState.CONFIRMED);

        // FY2025 rows again, even ones saying what is stored: the division has something to look at again
        load("財政課", List.of("III-3-イ-1", "2024", "", "基準と調書を見直した", "", "", "達成"),
                List.of("III-3-イ-1", "2025", "", "見直しを実施した", "", "", "達成"));
        assertThat(state("財政課")).isEqualTo(ReviewState.SUBMITTED);

        // sent back as a whole: a file of another year answers nothing and the chase goes on
        act("財政課", ReviewState.SENT_BACK, "取組状況を具体的に書いてください。", List.of());
        load("財政課", List.of("III-3-イ-1", "2024", "", "基準と調書を見直し、庁内に周知した", "", "", "達成"));
        assertThat(state("財政課")).isEqualTo(ReviewState.SENT_BACK);
        assertThat(pending("財政課")).containsExactly("III-3-イ-1");
        assertThat(owed("財政課")).filteredOn(Outstanding::sentBack).extracting(Outstanding::indicatorCode)
                .containsExactly("III-3-イ-1");
        load("財政課", List.of("III-3-イ-1", "2025", "", "補助金の交付基準と調書を改定し、予算編成に反映した", "", "", "達成"));
        assertThat(state("財政課")).isEqualTo(ReviewState.SUBMITTED);
        assertThat(pending("財政課")).isEmpty();
        assertThat(owed("財政課")).noneMatch(Outstanding::sentBack);
    }

    @Test
    void a課HasSubmittedOnlyWithResultsOfItsOwnAndTheBoardReadsEvery課AtOnce() throws Exception {
        // I-2-イ-2 is both 職員課's and 行政総務課's: 職員課's result of it is no report of 行政総務課
        load("職員課", List.of("I-2-イ-2", "2025", "100%", "専門職を必要な職場に配置した", "", "", "達成"));
        load("財政課", List.of("III-3-イ-1", "2025", "", "見直しを実施した", "", "", "達成"));
        act("財政課", ReviewState.CONFIRMED, null, List.of());
        load("財政課", List.of("III-3-イ-1", "2024", "", "基準と調書を見直した", "", "", "達成"));

        Map<String, ReviewStatus> board;
        try (Connection c = db.connect()) {
            board = reviews.states(c, PLAN, FY, null);
        }
        assertThat(board.get("職員課").state()).isEqualTo(ReviewState.SUBMITTED);
        assertThat(board.get("行政総務課").state()).isEqualTo(ReviewState.NOT_SUBMITTED);
        assertThat(board.get("財政課").state()).isEqualTo(ReviewState.CONFIRMED);
        assertThat(board.get("財政課").latest().actor()).isEqualTo("admin");
        // every 課 with an indicator of the plan, each as its own query says
        assertThat(board).hasSize((int) Sql.count(db, "select count(distinct department_name) from indicator_department "
                + "where plan_code = ?", PLAN));
        for (ReviewStatus status : board.values()) {
            assertThat(state(PLAN, FY, status.department())).as(status.department()).isEqualTo(status.state());
        }
    }

    @Test
    void aConfirmed課IsSubmittedAgainWhenAnother課ReplacesAFigureOfAnIndicatorTheyShare() throws Exception {
        // I-2-イ-2 is 職員課's and 行政総務課's
        load("行政総務課", List.of("I-2-イ-2", "2025", "98%", "専門職の配置を進めた", "", "", "概ね達成"));
        act("行政総務課", ReviewState.CONFIRMED, null, List.of());
        assertThat(state("行政総務課")).isEqualTo(ReviewState.CONFIRMED);

        // a file of 職員課 of an indicator of its own leaves 行政総務課's confirmation alone
        load("職員課", List.of("I-1-ア-1", "2025", "97%", "研修を実施", "", "", "概ね達成"));
        assertThat(state("行政総務課")).isEqualTo(ReviewState.CONFIRMED);

        // one replacing the shared figure 行政総務課 reported: what the division confirmed is no longer so
        load("職員課", List.of("I-2-イ-2", "2025", "100%", "専門職を必要な職場に配置した", "", "", "達成"));
        assertThat(state("行政総務課")).isEqualTo(ReviewState.SUBMITTED);
        Map<String, ReviewStatus> board;
        try (Connection c = db.connect()) {
            board = reviews.states(c, PLAN, FY, null);
        }
        assertThat(board.get("行政総務課").state()).as("the board, every 課 at once").isEqualTo(ReviewState.SUBMITTED);

        // confirmed again, it stands until the next change
        act("行政総務課", ReviewState.CONFIRMED, null, List.of());
        assertThat(state("行政総務課")).isEqualTo(ReviewState.CONFIRMED);
    }

    @Test
    void aFileSentBeforeThe課WasRenamedCountsForTheRenamed課() throws Exception {
        load("財政課", List.of("III-3-イ-1", "2025", "", "見直しを実施した", "", "", "達成"));
        // as if the file had come while the 課 was still 財務課 and departments.csv then renamed it
        try (Connection c = db.connect(); var s = c.createStatement()) {
            s.executeUpdate("update submission_round set department_name = '財務課' where department_name = '財政課'");
            s.executeUpdate("update department set former_names = array['財務課'] where department_name = '財政課'");
        }

        assertThat(state("財政課")).isEqualTo(ReviewState.SUBMITTED);
        Map<String, ReviewStatus> board;
        try (Connection c = db.connect()) {
            board = reviews.states(c, PLAN, FY, null);
        }
        assertThat(board.get("財政課").state()).isEqualTo(ReviewState.SUBMITTED);
        assertThat(board).doesNotContainKey("財務課");
    }

    @Test
    void aSentBackIndicatorIsInTheRemindersAndTheExceptionReport() throws Exception {
        MasterData master = new MasterDataLoader().load(Path.of("config"));
        List<CollectionRound> rounds = new RoundsLoader().load(Path.of("config"), master);
        LocalDate reminderDay = LocalDate.parse("2026-06-23"); // 7 days before the round's deadline
        load("財政課", List.of("III-3-イ-1", "2025", "", "見直しを実施した", "", "", "達成"));
        act("財政課", ReviewState.SENT_BACK, "取組状況を具体的に。", List.of("III-3-イ-1"));

        MailSettings mail = TestMail.offline(dir.resolve("outbox"));
        Outbox outbox = new Outbox(new MimeComposer(mail, Clock.systemUTC()));
        ExceptionReport report = new ExceptionReporter(db, master, rounds, outbox, mail, ZoneId.of("Asia/Tokyo"))
                .preview(master.plan(PLAN).orElseThrow(), reminderDay);
        assertThat(report.missing()).filteredOn(m -> m.department().equals("財政課")).singleElement()
                .satisfies(m -> {
                    assertThat(m.indicatorCode()).isEqualTo("III-3-イ-1");
                    assertThat(m.what()).isEqualTo("差し戻し（修正をお願いしています）");
                });

        assertThat(new ReminderPlanner(db, master, rounds, outbox, new ReminderNotice(mail)).queueReminders(reminderDay))
                .isPositive();
        byte[] mime = (byte[]) Sql.one(db, "select mime from outbox_mail where dedup_key = ?",
                ReminderNotice.dedupKey("財政課", reminderDay)).get("mime");
        String text = MailServer.text(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(mime))).replace("\r\n", "\n");
        assertThat(text).contains("次の項目が未提出・未記入または差し戻し中ですので", "■ 未提出・未記入・差し戻しの項目（1件）",
                "・III-3-イ-1 ", "差し戻し（修正をお願いしています）");
    }

    @SafeVarargs
    private void load(String department, List<Object>... rows) throws Exception {
        Path file = DepartmentFiles.csv(dir.resolve(department + "_" + (++files) + ".csv"), StandardCharsets.UTF_8,
                true, ",", HEADER, List.of(rows));
        assertThat(ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder", department,
                Instant.now(), null)).status()).as(file.getFileName().toString()).isEqualTo(SubmissionStatus.ACCEPTED);
    }

    private ReviewAction act(String department, ReviewState state, String comment, List<String> codes)
            throws Exception {
        try (Connection c = db.connect()) {
            return reviews.insert(c, PLAN, FY, department, state, comment, codes,
                    state == ReviewState.SENT_BACK ? LocalDate.parse("2026-07-10") : null, "admin");
        }
    }

    private ReviewState state(String department) throws Exception {
        return state(PLAN, FY, department);
    }

    private ReviewState state(String plan, int fiscalYear, String department) throws Exception {
        try (Connection c = db.connect()) {
            return reviews.states(c, plan, fiscalYear, department).get(department).state();
        }
    }

    private List<ReviewAction> history(String department) throws Exception {
        try (Connection c = db.connect()) {
            return reviews.history(c, PLAN, FY, department);
        }
    }

    private List<String> pending(String department) throws Exception {
        try (Connection c = db.connect()) {
            return reviews.pendingIndicators(c, PLAN, FY, department);
        }
    }

    private List<Outstanding> owed(String department) throws Exception {
        try (Connection c = db.connect()) {
            return chase.outstanding(c, PLAN, FY).stream().filter(o -> o.department().equals(department)).toList();
        }
    }
}
