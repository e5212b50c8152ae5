package jp.reform.collector.app;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.intake.FolderIntake;
import jp.reform.collector.intake.IngestOutcome;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestHome;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real YAML routes on a real inbox folder: files in, archived with receipts, rows in PostgreSQL. */
class FolderIntakeRouteTest {

    @TempDir
    Path inbox;
    private String dbUrl;

    @BeforeEach
    void setUp() {
        dbUrl = TestDatabase.freshUrl();
    }

    private CollectorApplication open() throws Exception {
        return open(Map.of());
    }

    private CollectorApplication open(Map<String, Object> extra) throws Exception {
        AppSettings settings = AppSettings.load(Path.of("config"), Map.of())
                .override("collector.inbox", inbox)
                .override("collector.data", inbox.resolve(".data"))
                .override("collector.outbox", inbox.resolve(".outbox"))
                .override("collector.reports", inbox.resolve(".reports"))
                .override("db.url", dbUrl)
                .override("intake.settle-ms", TestHome.SETTLE_MS);
        extra.forEach(settings::override);
        return CollectorApplication.open(settings);
    }

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);

    private Path department(String name) throws IOException {
        return Files.createDirectories(inbox.resolve(name));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void runOnceArchivesAcceptedAndRejectedFilesWithReceiptsAndLeavesLockFilesAlone() throws Exception {
        DepartmentFiles.xlsx(department("職員課").resolve("実績.xlsx"), "令和7年度 実績報告", HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));
        DepartmentFiles.csv(department("行政経営課").resolve("誤り.csv"), StandardCharsets.UTF_8, true, ",", HEADER,
                List.of(List.of("II-2-ア-1", "2025", "たくさん", "広告", "", "", "")));
        Path excelLock = Files.writeString(inbox.resolve("職員課").resolve("~$実績.xlsx"), "owner");
        Path notes = Files.writeString(inbox.resolve("職員課").resolve("メモ.docx"), "not a result file");

        RunControl run;
        try (CollectorApplication app = open()) {
            run = app.runOnce(Duration.ofMinutes(2), TODAY).sweep();
        }

        assertThat(run.hasFailed()).isFalse();
        // the Word file is answered too (a format that is not taken), the lock file is not
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 2, already received 0");
        List<Path> shokuin = filesUnder(inbox.resolve("職員課/.done"));
        assertThat(shokuin).extracting(p -> p.getFileName().toString())
                .anySatisfy(name -> assertThat(name).matches("R\\d{4}-\\d{6}_実績\\.xlsx"))
                .anySatisfy(name -> assertThat(name).endsWith("_実績.xlsx_受付結果.txt"));
        Path rejected = filesUnder(inbox.resolve("行政経営課/.error")).stream()
                .filter(p -> p.toString().endsWith("受付結果.txt")).findFirst().orElseThrow();
        assertThat(Files.readString(rejected, StandardCharsets.UTF_8))
                .contains("受け付けできませんでした", "[2行目 C列] 実績値を数値として読めません", "入力値：「たくさん」");
        assertThat(excelLock).exists();
        assertThat(notes).doesNotExist();
        assertThat(Files.readString(filesUnder(inbox.resolve("職員課/.error")).stream()
                .filter(p -> p.toString().endsWith("_メモ.docx_受付結果.txt")).findFirst().orElseThrow(), StandardCharsets.UTF_8))
                .contains("ファイル名：メモ.docx", "このファイル形式（.docx）には対応していません");
        assertThat(Files.list(inbox.resolve("行政経営課")).filter(Files::isRegularFile)).isEmpty();

        try (var db = TestDatabase.at(dbUrl)) {
            assertThat(Sql.one(db, "select archived_path from submission where status = 'accepted'").get("archived_path")
                    .toString()).startsWith(".done/").endsWith("_実績.xlsx");
            assertThat(Sql.count(db, "select count(*) from result where indicator_code = 'I-1-ウ-1'")).isEqualTo(1);
        }
    }

    @Test
    void anXlsWithANulCharacterInACellIsRejectedWithAReceiptNamingTheCellNotQuarantined() throws Exception {
        DepartmentFiles.xls(department("職員課").resolve("実績.xls"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を\u0000実施", "", "", "")));

        RunControl run;
        try (CollectorApplication app = open()) {
            run = app.runOnce(Duration.ofMinutes(2), TODAY).sweep();
        }

        assertThat(run.summary()).isEqualTo("accepted 0, rejected 1, already received 0");
        assertThat(inbox.resolve("職員課/.quarantine")).doesNotExist();
        Path receipt = filesUnder(inbox.resolve("職員課/.error")).stream()
                .filter(p -> p.toString().endsWith("_実績.xls_受付結果.txt")).findFirst().orElseThrow();
        assertThat(Files.readString(receipt, StandardCharsets.UTF_8))
                .contains("2行目 D列] 「取組状況」欄に、登録できない制御文字", "入力値：「派遣研修を�実施」");
        try (var db = TestDatabase.at(dbUrl)) {
            assertThat(Sql.count(db, "select count(*) from result")).isZero();
        }
    }

    @Test
    void databaseOutageLeavesTheFileInTheInboxUntilTheDatabaseIsBack() throws Exception {
        Path file = DepartmentFiles.xlsx(department("職員課").resolve("実績.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));

        try (CollectorApplication app = open()) {
            TestDatabase.setReachable(dbUrl, false);
            try {
                RunControl run = app.runOnce(Duration.ofMinutes(2), TODAY).sweep();
                assertThat(run.hasFailed()).isTrue();
            } finally {
                TestDatabase.setReachable(dbUrl, true);
            }
        }
        assertThat(file).exists();
        assertThat(inbox.resolve("職員課/.done")).doesNotExist();
        assertThat(inbox.resolve("職員課/.error")).doesNotExist();

        try (CollectorApplication app = open()) {
            assertThat(app.runOnce(Duration.ofMinutes(2), TODAY).sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        }
        assertThat(file).doesNotExist();
        try (var db = TestDatabase.at(dbUrl)) {
            assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(1);
        }
    }

    @Test
    void aSecondDropOfTheSameFileIsReceiptedAsAlreadyReceived() throws Exception {
        Path source = DepartmentFiles.xlsx(inbox.resolve("source.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));
        Files.copy(source, department("職員課").resolve("実績.xlsx"));
        try (CollectorApplication app = open()) {
            app.runOnce(Duration.ofMinutes(2), TODAY).sweep();
        }
        Files.copy(source, inbox.resolve("職員課/実績(再送).xlsx"));
        try (CollectorApplication app = open()) {
            assertThat(app.runOnce(Duration.ofMinutes(2), TODAY).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 1");
        }
        Path receipt = filesUnder(inbox.resolve("職員課/.done")).stream()
                .filter(p -> p.toString().endsWith("実績(再送).xlsx_受付結果.txt")).findFirst().orElseThrow();
        assertThat(Files.readString(receipt)).contains("受付済みのファイルです", "今回は登録していません");
    }

    @Test
    void aFileReceivedJustBeforeACrashIsArchivedWithItsReceiptNotReceivedAgainWhileALaterCopyStillIs() throws Exception {
        Path source = DepartmentFiles.xlsx(inbox.resolve("source.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));
        Path dropped = Files.copy(source, department("職員課").resolve("実績.xlsx"), StandardCopyOption.COPY_ATTRIBUTES);
        // the crash: the submission commits (rows, receipt mail queued), the file stays in the inbox. Made here by
        // a 課 folder where nothing can be archived or set aside, then forgetting that it was left in place
        Path done = Files.writeString(inbox.resolve("職員課/.done"), "not a folder");
        Path quarantine = Files.writeString(inbox.resolve("職員課/.quarantine"), "not a folder");
        try (CollectorApplication app = open()) {
            assertThat(app.runOnce(Duration.ofMinutes(2), TODAY).sweep().summary()).startsWith("accepted 1, ");
        }
        try (var db = TestDatabase.at(dbUrl)) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("delete from folder_refusal");
            }
            Files.delete(done);
            Files.delete(quarantine);
            assertThat(dropped).exists();
            Map<String, Object> received = Sql.one(db, "select receipt_no, archived_path from submission");
            String receiptNo = received.get("receipt_no").toString();
            Path archived = inbox.resolve("職員課").resolve(received.get("archived_path").toString());

            finishedByTheNextRunWithItsReceipt(db, dropped, archived, source);
            assertThat(archived).hasFileName(receiptNo + "_実績.xlsx");
            assertThat(Files.readString(archived.resolveSibling(receiptNo + "_実績.xlsx_受付結果.txt")))
                    .contains("受付番号　：" + receiptNo, "受け付けました").doesNotContain("受付済みのファイル");

            // the same file copied in again later (a copy keeps its name, size and modified time) is a new drop
            Files.copy(source, dropped, StandardCopyOption.COPY_ATTRIBUTES);
            try (CollectorApplication app = open()) {
                assertThat(app.runOnce(Duration.ofMinutes(2), TODAY).sweep().summary())
                        .isEqualTo("accepted 0, rejected 0, already received 1");
            }
            assertThat(Sql.count(db, "select count(*) from submission where status = 'duplicate'")).isEqualTo(1);
            assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(2);
        }
    }

    @Test
    void aCrashBetweenTheArchiveAndTheOriginalLeavingTheFolderIsFinishedByTheNextRunWithoutASecondReceipt()
            throws Exception {
        Path source = DepartmentFiles.xlsx(inbox.resolve("source.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));
        Path dropped = Files.copy(source, department("職員課").resolve("実績.xlsx"), StandardCopyOption.COPY_ATTRIBUTES);
        // the crash: the archive is written (here only its first bytes, as a crash in the middle of the copy
        // leaves it) and the run dies before the original leaves the 課's folder
        CrashBeforeTheOriginalLeaves.armed = true;
        try (CollectorApplication app = open(Map.of("camel.beans.crashBeforeTheOriginalLeaves",
                "#class:" + CrashBeforeTheOriginalLeaves.class.getName()))) {
            assertThat(app.runOnce(Duration.ofMinutes(2), TODAY).sweep().hasFailed()).isTrue();
        } finally {
            CrashBeforeTheOriginalLeaves.armed = false;
        }
        assertThat(dropped).exists();
        try (var db = TestDatabase.at(dbUrl)) {
            // the crashed process's claim on the file, which the next process takes over as its owner is dead: here
            // both runs are one JVM, whose pid lives on, so the claim (if its release came too late) goes by hand
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("delete from file_claim");
            }
            Map<String, Object> received = Sql.one(db, "select receipt_no, archived_path from submission");
            String receiptNo = received.get("receipt_no").toString();
            Path archived = inbox.resolve("職員課").resolve(received.get("archived_path").toString());
            assertThat(archived).exists().hasSize(10);

            finishedByTheNextRunWithItsReceipt(db, dropped, archived, source);
            assertThat(Files.readString(archived.resolveSibling(receiptNo + "_実績.xlsx_受付結果.txt")))
                    .contains("受付番号　：" + receiptNo, "受け付けました").doesNotContain("受付済みのファイル");
            assertThat(filesUnder(inbox.resolve("職員課/.done"))).hasSize(2);
        }
    }

    /**
     * The next run finds the file a crash left in the 課's folder after its submission committed: archived as it
     * was loaded, with the receipt it was answered with, and no second submission or receipt mail.
     */
    private void finishedByTheNextRunWithItsReceipt(Database db, Path dropped, Path archived, Path source)
            throws Exception {
        try (CollectorApplication app = open()) {
            assertThat(app.runOnce(Duration.ofMinutes(2), TODAY).sweep().summary())
                    .isEqualTo("accepted 0, rejected 0, already received 0, finished after an interruption 1");
        }
        assertThat(dropped).doesNotExist();
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'"))
                .as("one receipt mail to the 課, not a second 受付済み").isEqualTo(1);
        assertThat(archived).hasSameBinaryContentAs(source);
    }

    /**
     * A crash of the run right before the original leaves the 課's folder, after its archive was written, with
     * the archive cut short as a crash in the middle of writing it leaves it. Bound by name through camel.beans.*.
     */
    public static final class CrashBeforeTheOriginalLeaves implements InterceptStrategy, CamelContextAware {
        static volatile boolean armed;
        private CamelContext context;

        @Override
        public CamelContext getCamelContext() {
            return context;
        }

        @Override
        public void setCamelContext(CamelContext camelContext) {
            boolean first = context == null;
            context = camelContext;
            if (first) {
                // created from camel.beans.*: Camel main does not add it as an intercept strategy by itself
                camelContext.getCamelContextExtension().addInterceptStrategy(this);
            }
        }

        @Override
        public Processor wrapProcessorInInterceptors(CamelContext camelContext, NamedNode definition, Processor target,
                                                     Processor nextTarget) {
            if (!(definition instanceof BeanDefinition bean) || !"releaseOriginal".equals(bean.getMethod())) {
                return target;
            }
            return exchange -> {
                if (!armed) {
                    target.process(exchange);
                    return;
                }
                IngestOutcome outcome = exchange.getIn().getBody(IngestOutcome.class);
                Path item = exchange.getProperty(FolderIntake.ITEM, Path.class);
                Path archive = item.getParent().resolve(outcome.archivePath());
                try (var channel = java.nio.channels.FileChannel.open(archive, StandardOpenOption.WRITE)) {
                    channel.truncate(10);
                }
                // not the file's fault: the run fails and the file stays, as after a crash
                throw new SQLException("the service stopped here", "08006");
            };
        }
    }
}
