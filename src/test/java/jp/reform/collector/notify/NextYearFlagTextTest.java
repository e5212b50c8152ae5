package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.exceptionreport.ExceptionReport;
import jp.reform.collector.exceptionreport.ExceptionReportHtml;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flag raised not by a file's own rows but by the evaluation of the next year when the year before it
 * changed (a 前年度比 target moves with last year's actual): the division's exception report says in Japanese
 * what is wrong, as it does for a flag the department's receipt already named, never the flag's code.
 */
class NextYearFlagTextTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path dir;
    private Database db;
    private SubmissionIngestor ingestor;
    private Outbox outbox;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.fresh();
        new MasterDataSync().sync(db, MASTER);
        outbox = new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC()));
        ingestor = new SubmissionIngestor(db, MASTER, TOKYO,
                new ReceiptMailer(outbox, new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void load(String name, String csv) throws Exception {
        Path file = Files.writeString(dir.resolve(name), csv, StandardCharsets.UTF_8);
        var outcome = ingestor.ingest(new IncomingFile(file, name, "folder", "管財課",
                Instant.parse("2027-06-01T01:00:00Z"), null));
        assertThat(outcome.status()).isEqualTo(SubmissionStatus.ACCEPTED);
    }

    @Test
    void aContradictionLeftByLastYearsCorrectionIsWordedInTheReport() throws Exception {
        // 2-1-1-1 is 「実施事業3%増加」 every year: 2027's target is 2026's actual × 1.03
        load("r8r9.csv", "指標コード,年度,実績値,取組状況,自己評価\n"
                + "2-1-1-1,2026,100,電子申請を拡充,A\n"
                + "2-1-1-1,2027,104,電子申請を拡充,A\n");
        // 2026 corrected: 2027's target becomes 113.3, so its A (rate 92%) now contradicts the number
        load("r8fix.csv", "指標コード,年度,実績値,取組状況,自己評価\n2-1-1-1,2026,110,電子申請を拡充,A\n");

        ExceptionReporter reporter = new ExceptionReporter(db, MASTER, List.of(), outbox,
                TestMail.offline(dir.resolve("outbox")), TOKYO);
        ExceptionReport report = reporter.preview(MASTER.plan("minamialps-5").orElseThrow(), LocalDate.of(2027, 7, 15));

        assertThat(report.valueIssues()).filteredOn(v -> v.fiscalYear() == 2027)
                .singleElement().satisfies(v -> assertThat(v.message())
                        .isEqualTo("自己評価と数値による判定が一致しません。確認をお願いします。"));
        assertThat(new ExceptionReportHtml().plainText(report))
                .contains("2-1-1-1　オンライン申請・電子決済サービスの拡充　自己評価と数値による判定が一致しません。")
                .doesNotContain("assessment_contradiction");
    }
}
