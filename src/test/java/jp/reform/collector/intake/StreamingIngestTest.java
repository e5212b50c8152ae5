package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import jp.reform.collector.support.WidePlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long files through the one ingest path, streamed into PostgreSQL (COPY into a staging table, one merge):
 * every row loaded with its version, only changed rows versioned again, a bad file rejected whole with a
 * short receipt and its findings in the database, and only what a file touched re-evaluated.
 */
class StreamingIngestTest {

    private static final int INDICATORS = 7_000;
    private static final Limits LARGE = new Limits(25_000, 5_000, 10_000, 20);

    @TempDir
    Path dir;
    private MasterData master;
    private Database db;
    private SubmissionIngestor ingestor;
    private int files;

    @BeforeEach
    void setUp() throws Exception {
        master = WidePlan.write(Files.createDirectories(dir.resolve("config")), INDICATORS);
        db = TestDatabase.fresh();
        new MasterDataSync().sync(db, master);
        ingestor = new SubmissionIngestor(db, master, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of(), LARGE);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    /** A CSV as Excel's 「CSV UTF-8」 writes it: 指標コード, 年度, 実績値, 取組状況. */
    private Path csv(String name, int rows, IntFunction<String> line) throws Exception {
        Path file = dir.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("\uFEFF指標コード,年度,実績値,取組状況\r\n");
            for (int i = 0; i < rows; i++) {
                out.write(line.apply(i));
                out.write("\r\n");
            }
        }
        return file;
    }

    /** Row i: indicator i / 3 + 1 in FY 2024 + i % 3, so that 20,000 rows are 20,000 indicators and years. */
    private static String row(int i, String actual) {
        return WidePlan.code(i / 3 + 1) + "," + (2024 + i % 3) + "," + actual + ",手続をオンライン化した";
    }

    private IngestOutcome ingest(Path file) throws Exception {
        return ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder", WidePlan.DEPARTMENT,
                Instant.parse("2026-05-20T01:00:00Z").plusSeconds(++files), null));
    }

    private Map<String, Object> evaluation(String indicator, int year) {
        return Sql.one(db, "select grade, rate, effective_target, result_id, array_to_string(flags, ';') as flags, "
                + "evaluated_at from evaluation where indicator_code = ? and fiscal_year = ?", indicator, year);
    }

    @Test
    @Timeout(300) // a guard against a hang, not a measurement
    void twentyThousandRowsLoadWithTheirVersionsAndOnlyChangedRowsAreVersionedAgain() throws Exception {
        IngestOutcome first = ingest(csv("統計課_全件.csv", 20_000, i -> row(i, (100 + i % 7) + "件")));

        assertThat(first.status()).as(first.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(first.receiptText()).contains("20,000件の実績を登録しました（新規・変更 20,000件、変更なし 0件）")
                .doesNotContain("旧 → 新");
        assertThat(Sql.one(db, "select count(*) as n, min(version) as low, max(version) as high from result"))
                .containsEntry("n", 20_000L).containsEntry("low", 1).containsEntry("high", 1);
        assertThat(Sql.one(db, "select status, row_count from submission"))
                .containsEntry("status", "accepted").containsEntry("row_count", 20_000);
        // row 2 (W-00001, 2026): 前年度比5%増 on 2025's 101 → 106.05; 102 of it is 96% → 概ね達成
        assertThat((BigDecimal) evaluation("W-00001", 2026).get("effective_target")).isEqualByComparingTo("106.05");
        assertThat(evaluation("W-00001", 2026)).containsEntry("grade", "概ね達成");

        IngestOutcome second = ingest(csv("統計課_修正.csv", 20_000, i -> row(i,
                i == 4 || i == 10_000 || i == 19_999 ? "1" + (100 + i % 7) + "件" : (100 + i % 7) + "件")));

        assertThat(second.status()).as(second.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(second.receiptText()).contains("20,000件の実績を登録しました（新規・変更 3件、変更なし 19,997件）",
                "W-00002 オンライン手続の件数2（2025年度）：104件 → 1104件", "W-03334", "W-06667");
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(20_003);
        assertThat(Sql.rows(db, "select indicator_code, fiscal_year from result where version = 2 order by 1"))
                .extracting(r -> r.get("indicator_code") + "/" + r.get("fiscal_year"))
                .containsExactly("W-00002/2025", "W-03334/2025", "W-06667/2025");
        assertThat(Sql.one(db, "select row_count from submission where source_name = '統計課_修正.csv'"))
                .containsEntry("row_count", 20_000);
        // 1104 of 100 is over ten times last year's 103: flagged at its cell
        assertThat(second.receiptText()).contains("[6行目 C列]", "10倍");
        assertThat(evaluation("W-00002", 2025).get("result_id"))
                .isEqualTo(Sql.one(db, "select result_id from result where indicator_code = 'W-00002' "
                        + "and fiscal_year = 2025 and version = 2").get("result_id"));

        IngestOutcome third = ingest(csv("統計課_全件修正.csv", 20_000, i -> row(i, (200 + i % 7) + "件")));

        assertThat(third.receiptText()).contains("（新規・変更 20,000件、変更なし 0件）",
                "W-00001 オンライン手続の件数1（2024年度）：100件 → 200件",
                "ほか 19,900件の実績値・自己評価を変更しました（この受付結果には最初の100件までを表示しています）。");
        assertThat(third.receiptText().lines().filter(l -> l.startsWith("・W-"))).hasSize(100);
    }

    @Test
    @Timeout(300)
    void aLongFileWithErrorsInManyRowsIsRejectedWholeWithTheFirstHundredAtTheirCellsAndAllInTheDatabase()
            throws Exception {
        ingest(csv("統計課_前回.csv", 3, i -> row(i, "100件")));
        String evaluations = "select count(*) as n, md5(string_agg(e::text, '/' order by indicator_code, fiscal_year)) "
                + "as digest from evaluation e";
        Map<String, Object> evaluationsBefore = Sql.one(db, evaluations);

        // every tenth row is no number: 2,000 errors among 18,000 good rows
        IngestOutcome outcome = ingest(csv("統計課_全件.csv", 20_000, i -> row(i, i % 10 == 9 ? "百件" : "120件")));

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText()).contains("次の2,000件の誤りがあるため", "登録していません",
                "1. [11行目 C列] 実績値を数値として読めません", "入力値：「百件」",
                "100. [1001行目 C列]", "ほか 1,900件（この受付結果には最初の100件までを表示しています）。")
                .doesNotContain("101. ");
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(3);
        assertThat(Sql.one(db, evaluations)).isEqualTo(evaluationsBefore);
        assertThat(Sql.one(db, "select status, error_count from submission where source_name = '統計課_全件.csv'"))
                .containsEntry("status", "rejected").containsEntry("error_count", 2_000);
        assertThat(Sql.one(db, "select count(*) as n, min(row_no) as first, max(row_no) as last, "
                + "count(distinct column_ref) as columns from finding f join submission s using (submission_id) "
                + "where s.source_name = '統計課_全件.csv' and f.code = 'not_a_number'"))
                .containsEntry("n", 2_000L).containsEntry("first", 11).containsEntry("last", 20_001)
                .containsEntry("columns", 1L);
    }

    @Test
    void changingABaseYearsActualReEvaluatesTheNextYearsRelativeTargetAndNothingElse() throws Exception {
        ingest(csv("統計課_当初.csv", 6, i -> row(i, "100件")));
        // 2026: 前年度比5%増 on 2025's 100 → 105; 100 of it is 95% → 概ね達成
        assertThat(evaluation("W-00001", 2026)).containsEntry("grade", "概ね達成");
        assertThat((BigDecimal) evaluation("W-00001", 2026).get("effective_target")).isEqualByComparingTo("105");
        Map<String, Object> untouched = evaluation("W-00002", 2026);
        Map<String, Object> elsewhere = evaluation("W-00500", 2025);

        // only 2025 of W-00001, lowered: next year's target falls to 73.5, and 100 of it is achieved
        IngestOutcome outcome = ingest(csv("統計課_訂正.csv", 1, i -> "W-00001,2025,70件,手続をオンライン化した"));

        assertThat(outcome.receiptText()).contains("（新規・変更 1件、変更なし 0件）", "100件 → 70件");
        assertThat(evaluation("W-00001", 2025)).containsEntry("grade", "未達成");
        assertThat((BigDecimal) evaluation("W-00001", 2026).get("effective_target")).isEqualByComparingTo("73.5");
        assertThat(evaluation("W-00001", 2026)).containsEntry("grade", "達成");
        assertThat(evaluation("W-00002", 2026)).isEqualTo(untouched);
        assertThat(evaluation("W-00500", 2025)).isEqualTo(elsewhere);
        assertThat(Sql.one(db, "select * from indicator_status where indicator_code = 'W-00001' and fiscal_year = 2026"))
                .containsEntry("grade", "達成");
    }

    @Test
    void changingAnActualReChecksNextYearsValueAgainstItButLeavesANextYearWithNothingToCheckAlone()
            throws Exception {
        // W-00001 and W-00002: 2024 and 2025 reported as 100件; W-00003: 2024 only
        ingest(csv("統計課_当初.csv", 3, i -> List.of("W-00001,2024", "W-00001,2025", "W-00002,2024").get(i)
                + ",100件,手続をオンライン化した"));
        assertThat(evaluation("W-00001", 2025).get("flags").toString()).doesNotContain("implausible_change");
        Map<String, Object> nothingToCheck = evaluation("W-00002", 2025);

        // 2024 corrected to 5件: 2025's 100件 is now twenty times its previous year, flagged for a look
        ingest(csv("統計課_訂正.csv", 2, i -> List.of("W-00001,2024", "W-00002,2024").get(i)
                + ",5件,手続をオンライン化した"));

        assertThat(evaluation("W-00001", 2025).get("flags").toString()).contains("implausible_change");
        // W-00002 has no 2025 result and an absolute 2025 target: its evaluation is not rewritten
        assertThat(evaluation("W-00002", 2025)).isEqualTo(nothingToCheck);
    }

    @Test
    void aRepeatedRowIsStillReportedAtItsCellAndLoadedOnce() throws Exception {
        IngestOutcome repeated = ingest(csv("統計課_重複.csv", 3, i -> i == 2 ? row(0, "100件") : row(i, "100件")));

        assertThat(repeated.status()).as(repeated.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(repeated.receiptText()).contains("2件の実績を登録しました",
                "[4行目 A列] 同じ指標・年度の行が重複しています（統計課_重複.csv 2行目と同じ内容のため、1件として扱いました）。",
                "入力値：「W-00001」");
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(2);
        assertThat(Sql.one(db, "select code, row_no, column_ref from finding where code = 'duplicate_row'"))
                .containsEntry("row_no", 4).containsEntry("column_ref", "A");

        IngestOutcome conflicting = ingest(csv("統計課_矛盾.csv", 3, i -> i == 2 ? row(0, "90件") : row(i, "110件")));

        assertThat(conflicting.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(conflicting.receiptText()).contains("次の1件の誤りがあるため",
                "1. [4行目 A列] 同じ指標・年度の行が 統計課_矛盾.csv の 2行目にもあり、内容が異なります。");
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(2);
    }

    @Test
    void thePlansEvaluationVersionRisesWithEachLoadThatChangesAnEvaluationAndOnlyThen() throws Exception {
        ingest(csv("統計課_当初.csv", 3, i -> row(i, "100件")));
        long version = Sql.count(db, "select version from evaluation_version where plan_code = ?", WidePlan.PLAN);

        // the same rows in another order: another file, nothing changed
        IngestOutcome same = ingest(csv("統計課_並べ替え.csv", 3, i -> row(2 - i, "100件")));

        assertThat(same.receiptText()).contains("3件の実績を登録しました（新規・変更 0件、変更なし 3件）");
        assertThat(Sql.count(db, "select version from evaluation_version where plan_code = ?", WidePlan.PLAN))
                .isEqualTo(version);

        ingest(csv("統計課_訂正.csv", 1, i -> row(0, "90件")));

        assertThat(Sql.count(db, "select version from evaluation_version where plan_code = ?", WidePlan.PLAN))
                .isEqualTo(version + 1);
    }

    /**
     * The database connection is cut while the rows are being copied in: the ingest fails as a database
     * failure (the channel leaves the file in the inbox to be processed again), not as a bad file, and
     * nothing of the file is in the database.
     */
    @Test
    @Timeout(300)
    void aConnectionCutWhileRowsAreCopiedInLeavesNothingAndFailsAsTheDatabase() throws Exception {
        Path file = csv("統計課_全件.csv", 20_000, i -> row(i, (100 + i % 7) + "件"));
        java.util.concurrent.CompletableFuture<IngestOutcome> ingesting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return ingest(file);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        long cut = 0;
        while (cut == 0 && !ingesting.isDone()) {
            cut = Sql.count(db, "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity "
                    + "where query like 'copy staged_result%' and pid <> pg_backend_pid()) t");
        }
        assertThat(cut).as("the copy was cut before it ended").isEqualTo(1);

        assertThat(ingesting).failsWithin(java.time.Duration.ofSeconds(120)).withThrowableThat()
                .havingCause().isInstanceOf(java.sql.SQLException.class);
        assertThat(Sql.count(db, "select count(*) from submission")).isZero();
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
        assertThat(Sql.count(db, "select count(*) from outbox_mail")).isZero();
        assertThat(file).exists();
    }
}
