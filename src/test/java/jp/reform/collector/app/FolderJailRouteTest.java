package jp.reform.collector.app;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.intake.FolderIntake;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.AllLogLines;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestHome;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox as a jail and every file isolated, with the real YAML routes on a real inbox and PostgreSQL:
 * whatever is wrong with one item (a link, an empty file, an odd name, a file that cannot be archived or
 * disappears while read), it ends in a known state with its reason, a good file beside it is still loaded
 * and receipted, the run succeeds, and the next run does not answer the item again.
 */
class FolderJailRouteTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);

    @TempDir
    Path dir;
    @TempDir
    Path outside;
    private TestHome home;
    private Path inbox;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws IOException {
        home = TestHome.in(dir);
        inbox = home.inbox();
        dbUrl = home.dbUrl();
        db = home.db();
    }

    @AfterEach
    void tearDown() {
        home.close();
        SabotageWhileReading.plan = null;
        FailTaking.name = null;
        FailTaking.failure = null;
    }

    private CollectorApplication open(Map<String, Object> extra) throws Exception {
        AppSettings settings = home.settings(dir, Map.of()).override("intake.settle-ms", TestHome.SETTLE_MS);
        extra.forEach(settings::override);
        return CollectorApplication.open(settings);
    }

    private CollectorApplication.RunOnceResult runOnce(LocalDate asOf) throws Exception {
        return runOnce(asOf, Map.of());
    }

    private CollectorApplication.RunOnceResult runOnce(LocalDate asOf, Map<String, Object> extra) throws Exception {
        try (CollectorApplication app = open(extra)) {
            return app.runOnce(Duration.ofMinutes(2), asOf);
        }
    }

    private Path department(String name) throws IOException {
        return Files.createDirectories(inbox.resolve(name));
    }

    /** A good file of 職員課; {@code actual} makes its content differ from the others. */
    private Path goodFile(String name, int actual) throws IOException {
        return DepartmentFiles.xlsx(department("職員課").resolve(name), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, actual, "派遣研修を実施", "", "", "")));
    }

    private Path csv(Path file, String statusText) throws IOException {
        return DepartmentFiles.csv(file, StandardCharsets.UTF_8, true, ",", HEADER,
                List.of(List.of("I-1-ウ-1", "2025", "31", statusText, "", "", "")));
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static Path receiptOf(Path folder, String endsWith) throws IOException {
        return filesUnder(folder).stream().filter(p -> p.getFileName().toString().endsWith(endsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + endsWith + " under " + folder));
    }

    /** The good file was loaded and receipted: archived in .done with its receipt, one submission accepted. */
    private void assertGoodFileLoaded(String name) throws IOException {
        assertThat(department("職員課").resolve(name)).doesNotExist();
        assertThat(read(receiptOf(inbox.resolve("職員課/.done"), "_" + name + "_受付結果.txt"))).contains("受け付けました");
        assertThat(Sql.count(db, "select count(*) from submission where source_name = ? and status = 'accepted'", name))
                .isEqualTo(1);
    }

    /** A run whose sweep goes through and loads the good file (実績.xlsx), and no other. */
    private void sweepLoadsTheGoodFileAlone() throws Exception {
        var run = runOnce(TODAY).sweep();
        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertGoodFileLoaded("実績.xlsx");
    }

    private long submissions() {
        return Sql.count(db, "select count(*) from submission");
    }

    /** Every mail written to the outbox folder, raw (headers as sent) and decoded (subject, text, workbook cells). */
    private List<String> mails() throws Exception {
        List<String> mails = new ArrayList<>();
        for (Path eml : filesUnder(dir.resolve("outbox"))) {
            byte[] raw = Files.readAllBytes(eml);
            var message = new jakarta.mail.internet.MimeMessage((jakarta.mail.Session) null,
                    new java.io.ByteArrayInputStream(raw));
            mails.add(new String(raw, StandardCharsets.ISO_8859_1) + "\n" + message.getSubject() + "\n" + textOf(message));
        }
        return mails;
    }

    /** Every row of every table of the schema, as text. */
    private String everyRow() {
        StringBuilder all = new StringBuilder();
        for (Map<String, Object> table : Sql.rows(db,
                "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
            for (Map<String, Object> row : Sql.rows(db, "select t::text as r from \"" + table.get("table_name") + "\" t")) {
                all.append(row.get("r")).append('\n');
            }
        }
        return all.toString();
    }

    private List<Map<String, Object>> refusals() {
        return Sql.rows(db, "select item_path, kind, action, quarantined_as, detail from folder_refusal order by refusal_id");
    }

    @Test
    void aLongJapaneseNameIsLoadedWithABoundedArchiveNameAndShownWholeInTheReceipt() throws Exception {
        String longName = "令和7年度".repeat(18) + "実績報告.csv"; // 250 bytes in UTF-8, legal on SMB/NTFS and ext4
        assertThat(longName.getBytes(StandardCharsets.UTF_8)).hasSize(250);
        csv(department("職員課").resolve(longName), "長い名前");
        goodFile("実績.xlsx", 29);

        var run = runOnce(TODAY).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 2, rejected 0, already received 0");
        assertThat(inbox.resolve("職員課").resolve(longName)).doesNotExist();
        List<Path> archived = filesUnder(inbox.resolve("職員課/.done"));
        assertThat(archived).hasSize(4).allSatisfy(p ->
                assertThat(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200));
        Path receipt = archived.stream().filter(p -> p.toString().endsWith("…_受付結果.txt") || p.toString().endsWith("….csv_受付結果.txt"))
                .findFirst().orElseThrow();
        assertThat(read(receipt)).contains("ファイル名：" + longName);
        assertThat(archived).anySatisfy(p -> assertThat(p.getFileName().toString()).matches("R\\d{4}-\\d{6}_令和7年度.*….csv"));
        // the original name is what the database keeps
        assertThat(Sql.count(db, "select count(*) from submission where source_name = ?", longName)).isEqualTo(1);
        assertGoodFileLoaded("実績.xlsx");

        long before = submissions();
        assertThat(runOnce(TODAY).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(submissions()).isEqualTo(before);
    }

    @Test
    void aFileFarOverTheSizeLimitIsRefusedForItsSizeWithoutBeingCopiedWhole() throws Exception {
        // a video left in the folder: 48 MB against a 1 MB limit (sparse: the test writes nothing)
        Path video = department("職員課").resolve("説明会.mp4");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(video.toFile(), "rw")) {
            file.setLength(48L * 1024 * 1024);
        }
        goodFile("実績.xlsx", 29);

        var run = runOnce(TODAY, Map.of("limits.max-file-mb", 1)).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 1, already received 0");
        assertThat(read(receiptOf(inbox.resolve("職員課/.error"), "_説明会.mp4_受付結果.txt")))
                .contains("受け付けできませんでした", "ファイルのサイズ（48.0MB）が、受け付けられる上限（1MB）を超えています");
        // what was hashed is the working copy, which stopped just past the limit
        byte[] firstPastTheLimit = new byte[1024 * 1024 + 1];
        assertThat(Sql.one(db, "select sha256, size_bytes from submission where source_name = '説明会.mp4'"))
                .containsEntry("size_bytes", 48L * 1024 * 1024)
                .containsEntry("sha256", java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(firstPastTheLimit)));
        assertGoodFileLoaded("実績.xlsx");
    }

    @Test
    void anEmptyFileIsAnsweredAtOnceAsEmpty() throws Exception {
        Path empty = Files.createFile(department("職員課").resolve("空.csv"));
        goodFile("実績.xlsx", 29);

        long started = System.nanoTime();
        var run = runOnce(TODAY).sweep();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 1, already received 0");
        assertThat(empty).doesNotExist();
        assertThat(read(receiptOf(inbox.resolve("職員課/.error"), "_空.csv_受付結果.txt")))
                .contains("受け付けできませんでした", "ファイルが空です");
        assertGoodFileLoaded("実績.xlsx");

        assertThat(runOnce(TODAY).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(submissions()).isEqualTo(2);
    }

    @Test
    void aLinkToAFileOutsideTheInboxIsNeverReadAndIsReportedOnce() throws Exception {
        String secret = "SECRET-7c1e-外部の内容";
        Path target = csv(outside.resolve("secret.csv"), secret);
        byte[] targetBefore = Files.readAllBytes(target);
        Path link = Files.createSymbolicLink(department("職員課").resolve("リンク.csv"), target);
        goodFile("実績.xlsx", 29);

        var result = runOnce(TODAY);

        assertThat(result.sweep().hasFailed()).isFalse();
        assertThat(result.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertGoodFileLoaded("実績.xlsx");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(targetBefore);
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("item_path", "職員課/リンク.csv").containsEntry("kind", "symlink").containsEntry("action", "left"));
        // never in a receipt, a mail (receipts and the exception report) or a row
        assertThat(filesUnder(inbox)).filteredOn(p -> p.toString().endsWith(".txt")).isNotEmpty()
                .allSatisfy(receipt -> assertThat(read(receipt)).doesNotContain("SECRET-7c1e"));
        List<String> mails = mails();
        assertThat(mails).isNotEmpty().noneSatisfy(m -> assertThat(m).contains("SECRET-7c1e"));
        assertThat(everyRow()).doesNotContain("SECRET-7c1e");
        String report = exceptionReport(TODAY);
        assertThat(report).contains("受け付けできない場所・種類のファイル", "職員課/リンク.csv", "リンク");

        var second = runOnce(TODAY.plusDays(1));
        assertThat(second.sweep().hasFailed()).isFalse();
        assertThat(refusals()).hasSize(1);
        assertThat(exceptionReport(TODAY.plusDays(1))).doesNotContain("職員課/リンク.csv");
        assertThat(Files.readAllBytes(target)).isEqualTo(targetBefore);
    }

    @Test
    void aDepartmentFolderLinkedOutsideLeavesTheOutsideFolderUntouched() throws Exception {
        Path elsewhere = Files.createDirectories(outside.resolve("someone-elses-folder"));
        DepartmentFiles.xlsx(elsewhere.resolve("実績.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 77, "外の内容", "", "", "")));
        Files.writeString(elsewhere.resolve("メモ.txt"), "private notes");
        List<Path> before = filesUnder(elsewhere);
        Files.createSymbolicLink(inbox.resolve("職員課"), elsewhere);
        DepartmentFiles.csv(department("行政経営課").resolve("実績.csv"), StandardCharsets.UTF_8, true, ",", HEADER,
                List.of(List.of("II-2-ア-1", "2025", "5", "広告", "", "", "")));

        var run = runOnce(TODAY).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(filesUnder(elsewhere)).isEqualTo(before);
        assertThat(elsewhere.resolve(".done")).doesNotExist();
        assertThat(elsewhere.resolve(".error")).doesNotExist();
        assertThat(elsewhere.resolve(".quarantine")).doesNotExist();
        assertThat(everyRow()).doesNotContain("外の内容");
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("item_path", "職員課").containsEntry("kind", "linked_folder").containsEntry("action", "left"));
        assertThat(filesUnder(inbox.resolve("行政経営課/.done"))).hasSize(2);

        runOnce(TODAY).sweep();
        assertThat(filesUnder(elsewhere)).isEqualTo(before);
        assertThat(refusals()).hasSize(1);
    }

    @Test
    void fifosHardLinksAndUnresolvableNamesAreNeverReadAndAreReportedOnce() throws Exception {
        Path dept = department("職員課");
        Path fifo = dept.resolve("パイプ.csv");
        Path undecodable = null;
        if (sh("mkfifo '" + fifo + "'") != 0) {
            fifo = null; // no mkfifo here: the rest still counts
        }
        String secret = "SECRET-2b9d-ハードリンク";
        Path target = csv(outside.resolve("secret.csv"), secret);
        Path hardLink = Files.createLink(dept.resolve("ハードリンク.csv"), target);
        if (sh("cd '" + dept + "' && : > \"$(printf 'bad\\377name.csv')\"") == 0) {
            undecodable = dept; // the name is not valid UTF-8: the JVM sees U+FFFD and cannot open it
        }
        goodFile("実績.xlsx", 29);

        sweepLoadsTheGoodFileAlone();
        assertThat(hardLink).exists();
        assertThat(everyRow()).doesNotContain("SECRET-2b9d");
        List<String> kinds = refusals().stream().map(r -> r.get("kind") + " " + r.get("action")).toList();
        assertThat(kinds).contains("hard_link left");
        if (fifo != null) {
            assertThat(fifo).exists();
            assertThat(kinds).contains("special_file left");
        }
        if (undecodable != null) {
            assertThat(kinds).contains("unresolvable left");
        }

        runOnce(TODAY).sweep();
        assertThat(refusals()).hasSize(kinds.size());
    }

    @Test
    void filesInNoDepartmentsFolderOrInAFolderInsideOneAreReportedNeverSkippedWithoutAWord() throws Exception {
        // saved one level too high, one too deep, and into a folder named like a result file
        Path atTheTop = csv(inbox.resolve("職員課の実績.csv"), "受付フォルダの直下");
        Path subfolder = department("職員課").resolve("令和7年度");
        Path inSubfolder = csv(Files.createDirectories(subfolder).resolve("実績.csv"), "課のフォルダの中のフォルダ");
        csv(Files.createDirectories(department("職員課").resolve("報告.xlsx")).resolve("報告.csv"), "フォルダの中");
        // a new folder not yet named, a folder of drafts, and a link to a folder outside
        Files.createDirectories(department("職員課").resolve("新しいフォルダー"));
        Files.writeString(Files.createDirectories(department("職員課").resolve("下書き")).resolve("メモ.docx"), "draft");
        Files.createSymbolicLink(department("職員課").resolve("共有"), Files.createDirectories(outside.resolve("共有")));
        // files programs keep at the top, and the division's notice of another format, are no 課's results: not reported
        Files.writeString(inbox.resolve("Thumbs.db"), "");
        Files.writeString(inbox.resolve(".gitkeep"), "");
        Files.writeString(inbox.resolve("提出方法のお知らせ.pdf"), "%PDF-1.7");
        // a folder whose name is not UTF-8: the JVM lists it as a file that does not exist
        boolean undecodable = sh("cd '" + inbox + "' && mkdir \"$(printf 'bad\\377課')\" && : > \"$(printf 'bad\\377課')/a.csv\"") == 0;
        goodFile("実績.xlsx", 29);

        sweepLoadsTheGoodFileAlone();
        // never read, never moved
        assertThat(atTheTop).exists();
        assertThat(inSubfolder).exists();
        assertThat(filesUnder(subfolder)).containsExactly(inSubfolder);
        assertThat(everyRow()).doesNotContain("受付フォルダの直下", "課のフォルダの中のフォルダ");
        List<String> refused = Sql.rows(db, "select item_path, coalesce(department_folder, '-') as folder, kind, action "
                        + "from folder_refusal order by item_path").stream()
                .map(r -> r.get("item_path") + " " + r.get("folder") + " " + r.get("kind") + " " + r.get("action")).toList();
        List<String> expected = new ArrayList<>(List.of("職員課/令和7年度 職員課 subfolder left",
                "職員課/報告.xlsx 職員課 subfolder left", "職員課/共有 職員課 symlink left",
                "職員課の実績.csv - not_in_folder left"));
        if (undecodable) {
            expected.add(0, "bad\uFFFD課 - unresolvable left");
        }
        assertThat(refused).containsExactlyInAnyOrderElementsOf(expected);
        // listed by every poll of the sweep (the good file needs two to settle), recorded by one statement each
        assertThat(Sql.count(db, "select last_value from folder_refusal_refusal_id_seq")).isEqualTo(expected.size());
        assertThat(exceptionReport("atsugi-7-2", TODAY)).contains("職員課/令和7年度", "職員課/報告.xlsx", "職員課の実績.csv",
                "課のフォルダの中に作られたフォルダのため、中の実績ファイルを読み取っていません",
                "受付フォルダの直下（どの課のフォルダにも入っていない場所）にあるため、読み取っていません");
        // the drafts and the empty folder are nothing to report; the link is reported as a link, never followed

        // reported once: the next day's run finds them again and says nothing more
        runOnce(TODAY.plusDays(1));
        assertThat(exceptionReport(TODAY.plusDays(1))).doesNotContain("職員課/令和7年度", "職員課の実績.csv");
        // a lock file of Excel's there changes nothing; a result file saved into the folder later is a new thing to know
        Files.writeString(subfolder.resolve("~$実績.xlsx"), "owner");
        runOnce(TODAY.plusDays(2));
        assertThat(exceptionReport(TODAY.plusDays(2))).doesNotContain("職員課/令和7年度");
        csv(subfolder.resolve("再提出.csv"), "また課のフォルダの中のフォルダ");
        runOnce(TODAY.plusDays(3));
        assertThat(exceptionReport(TODAY.plusDays(3))).contains("職員課/令和7年度").doesNotContain("職員課の実績.csv");
        assertThat(everyRow()).doesNotContain("また課のフォルダの中のフォルダ");
    }

    @Test
    void a課IsToldByMailOfWhatLiesUnreadInItsFolderEachItemOnce() throws Exception {
        Path subfolder = Files.createDirectories(department("職員課").resolve("令和7年度"));
        csv(subfolder.resolve("実績.csv"), "課のフォルダの中のフォルダ");
        Files.createSymbolicLink(department("職員課").resolve("リンク.csv"), csv(outside.resolve("a.csv"), "リンク先"));
        DepartmentFiles.xlsx(department("職員課").resolve("上の\\階.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 41, "バックスラッシュ", "", "", "")));
        // no 課 to tell: a file in no 課's folder, a link in the folder of a 課 that is not registered
        csv(inbox.resolve("職員課の実績.csv"), "受付フォルダの直下");
        Files.createSymbolicLink(department("未登録課").resolve("リンク.csv"), outside.resolve("a.csv"));
        goodFile("実績.xlsx", 29);

        sweepLoadsTheGoodFileAlone();

        List<String> told = unreadNotices();
        assertThat(told).singleElement().satisfies(mail -> assertThat(mail)
                .startsWith("[shokuin@atsugi.example.jp] 【行革実績】課のフォルダに読み取っていないものがあります（職員課）")
                .contains("職員課ご担当者様", "共有フォルダ内の「職員課」フォルダに、次のとおり読み取っていないものがありました",
                        "提出されたことにはなっていません",
                        "・令和7年度\r\n　課のフォルダの中に作られたフォルダです。この中のファイルは読み取りません。",
                        "・リンク.csv\r\n　ショートカットまたはリンク（別の場所を指すもの）のため、読み取っていません。",
                        "・上の\\階.xlsx\r\n　ファイル名に扱えない文字（\\ など）が含まれているため、読み取らずに",
                        "行政経営課（行政改革実施計画 実績報告の受付）", "お問い合わせ：gyoseikeiei@atsugi.example.jp")
                .doesNotContain("職員課の実績.csv", "未登録課", "実績.xlsx\r\n"));
        Map<String, Boolean> mailed = new java.util.TreeMap<>();
        Sql.rows(db, "select item_path, department_mailed from folder_refusal").forEach(r ->
                mailed.put((String) r.get("item_path"), (Boolean) r.get("department_mailed")));
        assertThat(mailed).containsExactlyInAnyOrderEntriesOf(Map.of("職員課/令和7年度", true, "職員課/リンク.csv", true,
                "職員課/上の\\階.xlsx", true, "職員課の実績.csv", false, "未登録課/リンク.csv", false));
        // the division's report says beside each item of 職員課 that the 課 was told, and beside no other
        String report = exceptionReport("atsugi-7-2", TODAY);
        int listings = report.split("未登録課/リンク.csv", -1).length - 1; // the mail's text, its HTML, its workbook
        assertThat(listings).isPositive();
        assertThat(report.split("担当課の登録アドレスにもメールでお知らせしました", -1)).hasSize(1 + 3 * listings);

        // told once: the next run finds the same items and tells no one again
        runOnce(TODAY.plusDays(1));
        assertThat(unreadNotices()).hasSize(1);
        // a result file saved into the folder later is new: told again, alone
        csv(subfolder.resolve("再提出.csv"), "また課のフォルダの中のフォルダ");
        runOnce(TODAY.plusDays(2));
        assertThat(unreadNotices()).hasSize(2).last().satisfies(mail -> assertThat(mail)
                .contains("・令和7年度").doesNotContain("リンク.csv", "上の"));
    }

    @Test
    void a課WhoseNoticeCannotBeQueuedDoesNotKeepTheOthersFromBeingToldAndIsReportedAsNotTold() throws Exception {
        csv(Files.createDirectories(department("職員課").resolve("令和7年度")).resolve("実績.csv"), "職員課の");
        csv(Files.createDirectories(department("行政総務課").resolve("提出用")).resolve("実績.csv"), "行政総務課の");
        goodFile("実績.xlsx", 29);
        // the database refuses 職員課's notice for what it holds, as it would a value it cannot take
        Sql.execute(db, """
                create function refuse_shokuin() returns trigger language plpgsql as $$
                begin
                  if new.kind = 'unread_items' and new.subject like '%（職員課）' then
                    raise exception 'refused for the test' using errcode = '22000';
                  end if;
                  return new;
                end $$;
                create trigger refuse_shokuin before insert on outbox_mail for each row execute function refuse_shokuin();
                """);

        var run = runOnce(TODAY);

        assertThat(run.sweep().hasFailed()).isFalse();
        assertThat(unreadNotices()).singleElement().satisfies(mail -> assertThat(mail)
                .startsWith("[gyoseisomu@atsugi.example.jp] ").contains("・提出用").doesNotContain("令和7年度"));
        assertThat(Sql.rows(db, "select item_path, department_noticed_at is not null as dealt_with, department_mailed "
                + "from folder_refusal order by item_path")).extracting(r -> r.get("item_path") + " "
                + r.get("dealt_with") + " " + r.get("department_mailed"))
                .containsExactlyInAnyOrder("行政総務課/提出用 true true", "職員課/令和7年度 true false");
        // the division is told of 職員課's folder without the note that the 課 was
        String report = exceptionReport("atsugi-7-2", TODAY);
        assertThat(report).contains("職員課/令和7年度", "行政総務課/提出用");
        int listings = report.split("職員課/令和7年度", -1).length - 1;
        assertThat(report.split("担当課の登録アドレスにもメールでお知らせしました", -1)).hasSize(1 + listings);
    }

    /** The mails queued to tell a 課 what lies unread in its folder, oldest first: "[to] subject\nbody". */
    private List<String> unreadNotices() throws Exception {
        List<String> mails = new ArrayList<>();
        for (Map<String, Object> row : Sql.rows(db, "select mime from outbox_mail where kind = 'unread_items' "
                + "order by mail_id")) {
            var message = new jakarta.mail.internet.MimeMessage((jakarta.mail.Session) null,
                    new java.io.ByteArrayInputStream((byte[]) row.get("mime")));
            mails.add(java.util.Arrays.toString(message.getAllRecipients()) + " " + message.getSubject() + "\n"
                    + textOf(message));
        }
        return mails;
    }

    private static int sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void oddNamesGetAReceiptOrAreQuarantinedAndNoLineBreakReachesTheLog() throws Exception {
        Path dept = department("職員課");
        csv(dept.resolve("..csv"), "ドット");
        DepartmentFiles.xlsx(dept.resolve("..\\..\\上の階.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 41, "バックスラッシュ", "", "", "")));
        String forged = "実績\r\nBcc: evil@example.com\r\n.xlsx";
        DepartmentFiles.xlsx(dept.resolve(forged), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 42, "改行", "", "", "")));
        goodFile("実績.xlsx", 29);

        CollectorApplication.RunOnceResult result;
        List<String> logLines;
        try (AllLogLines logs = new AllLogLines()) {
            result = runOnce(TODAY);
            logLines = logs.lines();
        }

        assertThat(result.sweep().hasFailed()).isFalse();
        assertThat(result.sweep().summary()).isEqualTo("accepted 3, rejected 0, already received 0");
        assertGoodFileLoaded("実績.xlsx");
        // "..csv": an ordinary file with a receipt
        assertThat(dept.resolve("..csv")).doesNotExist();
        assertThat(read(receiptOf(dept.resolve(".done"), "_file.csv_受付結果.txt"))).contains("ファイル名：..csv", "受け付けました");
        // a backslash, which Camel would take for a separator: quarantined with its reason, not read
        assertThat(dept.resolve("..\\..\\上の階.xlsx")).doesNotExist();
        Path reason = receiptOf(dept.resolve(".quarantine"), "_隔離理由.txt");
        assertThat(read(reason)).contains("元のファイル名：..\\..\\上の階.xlsx", "保存し直してください",
                // the characters themselves, backslash first, as the department is to leave them out
                "ファイル名に扱えない文字（\\ など）", "記号（\\ / : * ? \" < > |）や改行を含まない名前");
        assertThat(filesUnder(dept.resolve(".quarantine"))).extracting(p -> p.getFileName().toString())
                .anySatisfy(n -> assertThat(n).matches("Q\\d{8}-\\d{6}_.*上の階\\.xlsx"));
        assertThat(everyRow()).doesNotContain("バックスラッシュ");
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("item_path", "職員課/..\\..\\上の階.xlsx").containsEntry("kind", "unsafe_name")
                .containsEntry("action", "quarantined"));
        // CR/LF: loaded, archived under a name without them, the name shown with them made visible
        assertThat(Sql.count(db, "select count(*) from submission where source_name = ?", forged)).isEqualTo(1);
        assertThat(filesUnder(dept.resolve(".done"))).extracting(p -> p.getFileName().toString())
                .allSatisfy(n -> assertThat(n).doesNotContain("\r", "\n"))
                .anySatisfy(n -> assertThat(n).matches("R\\d{4}-\\d{6}_実績__Bcc_ evil@example.com__.xlsx"));
        assertThat(read(receiptOf(dept.resolve(".done"), "Bcc_ evil@example.com__.xlsx_受付結果.txt")))
                .contains("ファイル名：実績\uFFFD\uFFFDBcc: evil@example.com\uFFFD\uFFFD.xlsx");
        assertThat(mails()).allSatisfy(m -> assertThat(m).doesNotContainPattern("(?m)^Bcc:"));
        assertThat(logLines).isNotEmpty().noneSatisfy(line -> assertThat(line).containsAnyOf("\nBcc", "\rBcc"));
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("実績\\u000d\\u000aBcc: evil@example.com"));
        assertThat(exceptionReport(TODAY)).contains("受け付けできない場所・種類のファイル");

        assertThat(runOnce(TODAY).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(submissions()).isEqualTo(3);
        assertThat(refusals()).hasSize(1);
    }

    @Test
    void namesEndingInSpacesDotsOrInvisibleCharactersAreReadByTheirRealExtension() throws Exception {
        Path dept = department("職員課");
        // Windows drops trailing dots and spaces, so the department sees 実績.csv; a pasted name brings a zero-width space
        Map<String, Integer> csvFiles = Map.of("trail.csv ", 31, "trail2.csv.", 32, "trail3.csv. . ", 33,
                "zw\u200b.csv\u200b", 34);
        csvFiles.forEach((name, actual) -> {
            try {
                DepartmentFiles.csv(dept.resolve(name), StandardCharsets.UTF_8, true, ",", HEADER,
                        List.of(List.of("I-1-ウ-1", "2025", String.valueOf(actual), "末尾 " + actual, "", "", "")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        DepartmentFiles.xlsx(dept.resolve("表.xlsx. "), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 35, "末尾 35", "", "", "")));
        DepartmentFiles.xls(dept.resolve("古い表.xls\u3000"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 36, "末尾 36", "", "", "")));
        Files.writeString(dept.resolve("説明.pdf. "), "%PDF-1.7 実績の説明");

        var run = runOnce(TODAY).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 6, rejected 1, already received 0");
        List<String> names = new ArrayList<>(csvFiles.keySet());
        names.add("表.xlsx. ");
        names.add("古い表.xls\u3000");
        for (String name : names) {
            assertThat(dept.resolve(name)).as(name).doesNotExist();
            assertThat(Sql.one(db, "select status from submission where source_name = ?", name)).as(name)
                    .containsEntry("status", "accepted");
        }
        // each receipt names the file as it was saved (invisible characters shown as �), the archive keeps its real extension
        List<String> receipts = new ArrayList<>();
        for (Path receipt : filesUnder(dept.resolve(".done"))) {
            if (receipt.getFileName().toString().endsWith("_受付結果.txt")) {
                receipts.add(read(receipt));
            }
        }
        assertThat(receipts).hasSize(6).allSatisfy(r -> assertThat(r).contains("受け付けました")
                .doesNotContain("このファイル形式"));
        assertThat(receipts).anySatisfy(r -> assertThat(r).contains("ファイル名：trail.csv \r\n"))
                .anySatisfy(r -> assertThat(r).contains("ファイル名：trail2.csv.\r\n"))
                .anySatisfy(r -> assertThat(r).contains("ファイル名：trail3.csv. . \r\n"))
                .anySatisfy(r -> assertThat(r).contains("ファイル名：zw\uFFFD.csv\uFFFD\r\n"))
                .anySatisfy(r -> assertThat(r).contains("ファイル名：表.xlsx. \r\n"))
                .anySatisfy(r -> assertThat(r).contains("ファイル名：古い表.xls\u3000\r\n"));
        assertThat(filesUnder(dept.resolve(".done"))).extracting(p -> p.getFileName().toString())
                .filteredOn(n -> !n.endsWith("_受付結果.txt"))
                .allSatisfy(n -> assertThat(n).matches("R\\d{4}-\\d{6}_.*\\.(csv|xlsx|xls)"));
        // another format is named by its real extension, without what trails it
        assertThat(read(receiptOf(dept.resolve(".error"), "_説明.pdf_受付結果.txt")))
                .contains("ファイル名：説明.pdf. \r\n", "このファイル形式（.pdf）には対応していません");
    }

    @Test
    void aFileOfAnotherFormatGetsARejectionReceiptAndFilesProgramsKeepThereAreLeftAlone() throws Exception {
        Path dept = department("職員課");
        Path docx = Files.writeString(dept.resolve("notes.docx"), "PK not really a Word document");
        Path pdf = Files.writeString(dept.resolve("報告.pdf"), "%PDF-1.7 実績の説明");
        // a CSV saved without an extension: refused by its name, never read as results
        Path bare = csv(dept.resolve("実績報告"), "MARK-9f3a-読まれない内容");
        // what Office, Windows, macOS and the project's own folder keep there
        Map<Path, byte[]> programFiles = new java.util.LinkedHashMap<>();
        for (String name : List.of("~$報告.xlsx", "Thumbs.db", ".DS_Store", "desktop.ini", "~WRL0001.tmp",
                "報告.docx.tmp", "._notes.docx", ".gitkeep")) {
            programFiles.put(Files.writeString(dept.resolve(name), "kept by a program: " + name),
                    Files.readAllBytes(dept.resolve(name)));
        }
        // a folder a department made, and the division's notice to every 課 at the top of the inbox
        Path workFolder = Files.createDirectories(dept.resolve("作業用"));
        Path inWorkFolder = Files.writeString(workFolder.resolve("下書き.docx"), "draft");
        Path atTheRoot = Files.writeString(inbox.resolve("全課あて.pdf"), "not a department's");
        goodFile("実績.xlsx", 29);

        var run = runOnce(TODAY).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 3, already received 0");
        assertGoodFileLoaded("実績.xlsx");
        Path error = dept.resolve(".error");
        for (var rejected : List.of(List.of("notes.docx", ".docx"), List.of("報告.pdf", ".pdf"),
                List.of("実績報告", "拡張子なし"))) {
            String name = rejected.get(0);
            assertThat(dept.resolve(name)).doesNotExist();
            // moved beside its receipt as a rejected result file is, under the receipt number
            assertThat(filesUnder(error)).extracting(p -> p.getFileName().toString())
                    .anySatisfy(n -> assertThat(n).matches("R\\d{4}-\\d{6}_" + java.util.regex.Pattern.quote(name)));
            assertThat(read(receiptOf(error, "_" + name + "_受付結果.txt"))).contains("ファイル名：" + name,
                    "受け付けできませんでした", "このファイル形式（" + rejected.get(1) + "）には対応していません",
                    ".xlsx / .xlsm / .xls", "CSV ファイル（.csv）", "「Unicode テキスト」（.txt）", "実績報告様式");
            assertThat(Sql.count(db, "select count(*) from submission s join finding f using (submission_id) "
                    + "where s.source_name = ? and s.status = 'rejected' and s.department_name = '職員課' "
                    + "and s.archived_path like '.error/%' and f.code = 'unsupported_format'", name)).isEqualTo(1);
        }
        assertThat(everyRow()).doesNotContain("MARK-9f3a");
        // told by mail as for any rejected file, and listed in the exception report
        assertThat(mails()).anySatisfy(m -> assertThat(m).contains("報告.pdf", "このファイル形式（.pdf）には対応していません"));
        assertThat(exceptionReport(TODAY)).contains("notes.docx", "報告.pdf",
                "このファイル形式（.docx）", "このファイル形式（.pdf）", "このファイル形式（拡張子なし）");
        // never touched, read, recorded or answered
        programFiles.forEach((file, bytes) -> {
            assertThat(file).exists();
            assertThat(file).hasBinaryContent(bytes);
            assertThat(Sql.count(db, "select count(*) from submission where source_name = ?",
                    file.getFileName().toString())).isZero();
        });
        assertThat(filesUnder(dept.resolve(".done"))).extracting(p -> p.getFileName().toString())
                .noneSatisfy(n -> assertThat(n).containsAnyOf("Thumbs", "DS_Store", "desktop", "~", "tmp", "gitkeep"));
        assertThat(filesUnder(error)).hasSize(6);
        assertThat(inWorkFolder).hasContent("draft");
        assertThat(atTheRoot).exists();
        // a folder of drafts holds no result file, and a file of another format at the top of the inbox is no 課's
        // submission (the division's notice): nothing to report
        assertThat(refusals()).isEmpty();
        assertThat(submissions()).isEqualTo(4);

        assertThat(runOnce(TODAY).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(submissions()).isEqualTo(4);
        assertThat(filesUnder(error)).hasSize(6);
        programFiles.keySet().forEach(file -> assertThat(file).exists());
    }

    @Test
    void aFileThatCannotBeArchivedIsQuarantinedWithItsReceiptAndAnsweredOnce() throws Exception {
        Files.writeString(department("職員課").resolve(".done"), "not a folder"); // the archive cannot be made
        Path file = goodFile("実績.xlsx", 29);
        DepartmentFiles.csv(department("行政経営課").resolve("実績.csv"), StandardCharsets.UTF_8, true, ",", HEADER,
                List.of(List.of("II-2-ア-1", "2025", "5", "広告", "", "", "")));

        var run = runOnce(TODAY).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 2, rejected 0, already received 0");
        assertThat(file).doesNotExist();
        Path quarantined = filesUnder(inbox.resolve("職員課/.quarantine")).stream()
                .filter(p -> p.getFileName().toString().endsWith("_実績.xlsx")).findFirst().orElseThrow();
        String receiptNo = quarantined.getFileName().toString().substring(0, 12);
        assertThat(receiptNo).matches("R\\d{4}-\\d{6}");
        assertThat(read(Path.of(quarantined + "_隔離理由.txt")))
                .contains("受付番号 " + receiptNo + " で受け付け済みです", "保存先（.done / .error）に移せませんでした", "受け付けました");
        assertThat(Sql.one(db, "select status, archived_path from submission where receipt_no = ?", receiptNo))
                .containsEntry("status", "accepted")
                .containsEntry("archived_path", ".quarantine/" + TODAY_FOLDER() + "/" + quarantined.getFileName());
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("kind", "unarchivable").containsEntry("action", "quarantined"));
        assertThat(filesUnder(inbox.resolve("行政経営課/.done"))).hasSize(2);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where dedup_key = ?", "receipt/" + receiptNo)).isEqualTo(1);

        var second = runOnce(TODAY).sweep();
        assertThat(second.hasFailed()).isFalse();
        assertThat(second.summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(submissions()).isEqualTo(2);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(2);
    }

    @Test
    void anArchiveFolderLinkedOutsideIsNeverWrittenTo() throws Exception {
        Path elsewhere = Files.createDirectories(outside.resolve("archive-elsewhere"));
        Files.createSymbolicLink(department("職員課").resolve(".done"), elsewhere);
        Path file = goodFile("実績.xlsx", 29);

        var run = runOnce(TODAY).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(filesUnder(elsewhere)).isEmpty();
        try (Stream<Path> made = Files.list(elsewhere)) {
            assertThat(made).as("not even the day's folder is made through the link").isEmpty();
        }
        assertThat(file).doesNotExist();
        assertThat(filesUnder(inbox.resolve("職員課/.quarantine"))).extracting(p -> p.getFileName().toString())
                .anySatisfy(n -> assertThat(n).matches("R\\d{4}-\\d{6}_実績.xlsx"));
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("kind", "unarchivable").containsEntry("action", "quarantined"));
    }

    @Test
    void aReceivedFileThatCanBeNeitherArchivedNorQuarantinedIsLeftAndNeverAnsweredAgain() throws Exception {
        Files.writeString(department("職員課").resolve(".done"), "not a folder");
        Files.writeString(department("職員課").resolve(".quarantine"), "not a folder either");
        Path file = goodFile("実績.xlsx", 29);

        var run = runOnce(TODAY).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(file).exists();
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("item_path", "職員課/実績.xlsx").containsEntry("kind", "unarchivable")
                .containsEntry("action", "left"));

        // serve polls every 100 ms (the shortest application.properties advises): the file must not be received again
        // and again, while others are
        Path later = DepartmentFiles.csv(department("行政経営課").resolve("実績.csv"), StandardCharsets.UTF_8, true, ",",
                HEADER, List.of(List.of("II-2-ア-1", "2025", "5", "広告", "", "", "")));
        try (CollectorApplication app = open(Map.of("intake.poll-delay-ms", 100, "http.enabled", false))) {
            var serving = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    app.serve();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (Files.exists(later) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(later).doesNotExist();
            Thread.sleep(1500); // another 15 polls or so
            app.stopServing();
            serving.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        List<String> logLines;
        try (AllLogLines logs = new AllLogLines()) {
            assertThat(runOnce(TODAY).sweep().hasFailed()).isFalse();
            logLines = logs.lines();
        }
        assertThat(file).exists();
        assertThat(submissions()).isEqualTo(2);
        assertThat(Sql.count(db, "select count(*) from submission where source_name = '実績.xlsx'")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(2);
        // while the cause lasts, nothing about it is logged or recorded again
        assertThat(logLines).noneSatisfy(line -> assertThat(line).contains("実績.xlsx"));
        assertThat(refusals()).hasSize(1);

        // the division removes the files in the way: archived now with the receipt it was answered with
        Files.delete(inbox.resolve("職員課/.done"));
        Files.delete(inbox.resolve("職員課/.quarantine"));
        assertArchivedWithItsFirstReceipt(file, 2);
    }

    /**
     * A file received once and left in place because it could not be moved, with the cause now gone: the next run
     * archives it in its .done with its first receipt beside it, the submission's archived_path is where it is, and
     * it is neither received again nor answered by a second receipt mail.
     */
    private void assertArchivedWithItsFirstReceipt(Path file, int submissionsBefore) throws Exception {
        Map<String, Object> received = Sql.one(db,
                "select receipt_no, archived_path from submission where source_name = ?", file.getFileName().toString());
        String receiptNo = (String) received.get("receipt_no");
        long receiptMails = Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'");

        var fixed = runOnce(TODAY).sweep();

        assertThat(fixed.hasFailed()).isFalse();
        assertThat(fixed.summary()).isEqualTo("accepted 0, rejected 0, already received 0, finished after an interruption 1");
        assertThat(file).doesNotExist();
        String archivedPath = (String) Sql.one(db, "select archived_path from submission where receipt_no = ?", receiptNo)
                .get("archived_path");
        assertThat(archivedPath).isEqualTo(received.get("archived_path")).startsWith(".done/")
                .endsWith(receiptNo + "_" + file.getFileName());
        Path archived = file.getParent().resolve(archivedPath);
        assertThat(archived).exists();
        assertThat(read(Path.of(archived + "_受付結果.txt"))).contains(receiptNo, "受け付けました");
        assertThat(submissions()).isEqualTo(submissionsBefore);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(receiptMails);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where dedup_key = ?", "receipt/" + receiptNo))
                .isEqualTo(1);
    }

    @Test
    void aReceivedFileLeftInAnImmutableFolderIsArchivedOnceTheFolderCanBeWrittenAgain() throws Exception {
        Path file = goodFile("実績.xlsx", 29);
        assertLeftWhileImmutableThenArchived(file, file.getParent());
    }

    @Test
    void aReceivedFileThatWasImmutableIsArchivedOnceItIsNoLonger() throws Exception {
        Path file = goodFile("実績.xlsx", 29);
        assertLeftWhileImmutableThenArchived(file, file);
    }

    /**
     * {@code immutable} (the file, or its 課 folder) made immutable (chattr +i, which stops even root): the file is
     * received but can be neither archived nor quarantined, and is left where it is; a run while that lasts neither
     * reads nor records nor logs it again; once it is mutable again the next run archives it with its receipt.
     */
    private void assertLeftWhileImmutableThenArchived(Path file, Path immutable) throws Exception {
        assumeTrue(sh("chattr +i '" + immutable + "'") == 0, "chattr +i is not available here");
        try {
            var first = runOnce(TODAY).sweep();
            assertThat(first.hasFailed()).isFalse();
            assertThat(first.summary()).startsWith("accepted 1, rejected 0, already received 0");
            assertThat(file).exists();
            assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                    .containsEntry("item_path", "職員課/実績.xlsx").containsEntry("kind", "unarchivable")
                    .containsEntry("action", "left"));

            List<String> logLines;
            CollectorApplication.RunOnceResult second;
            try (AllLogLines logs = new AllLogLines()) {
                second = runOnce(TODAY);
                logLines = logs.lines();
            }
            assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
            assertThat(logLines).noneSatisfy(line -> assertThat(line).contains("実績.xlsx"));
            assertThat(refusals()).hasSize(1);
            assertThat(file).exists();
        } finally {
            sh("chattr -i '" + immutable + "'");
        }
        assertArchivedWithItsFirstReceipt(file, 1);
    }

    @Test
    void aFileRefusedForAReasonThatPassedIsLoadedOnceTheReasonIsGone() throws Exception {
        // one file under two names in two 課 folders: both refused as hard links
        Path shokuin = csv(department("職員課").resolve("hl.csv"), "ハードリンクだった");
        Path secondName = Files.createLink(department("行政経営課").resolve("hl_copy.csv"), shokuin);
        var first = runOnce(TODAY).sweep();
        assertThat(first.hasFailed()).isFalse();
        assertThat(first.summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(shokuin).exists();
        assertThat(refusals()).extracting(r -> r.get("item_path") + " " + r.get("kind") + " " + r.get("action"))
                .containsExactlyInAnyOrder("職員課/hl.csv hard_link left", "行政経営課/hl_copy.csv hard_link left");
        // a file refused because its 課 folder was a link for a moment, as recorded when that met a poll
        Path swapped = DepartmentFiles.csv(department("行政経営課").resolve("実績.csv"), StandardCharsets.UTF_8, true, ",",
                HEADER, List.of(List.of("II-2-ア-1", "2025", "5", "フォルダがリンクだった", "", "", "")));
        try (var c = db.connect(); var ps = c.prepareStatement("insert into folder_refusal (item_path, "
                + "department_folder, kind, action, fingerprint, detail) values (?, '行政経営課', 'linked_folder', 'left', ?, "
                + "'folder is a symbolic link to /elsewhere')")) {
            ps.setString(1, "行政経営課/実績.csv");
            ps.setString(2, Files.size(swapped) + ":" + Files.getLastModifiedTime(swapped).toMillis());
            ps.executeUpdate();
        }

        Files.delete(secondName);
        CollectorApplication.RunOnceResult second;
        List<String> logLines;
        try (AllLogLines logs = new AllLogLines()) {
            second = runOnce(TODAY);
            logLines = logs.lines();
        }

        assertThat(second.sweep().hasFailed()).isFalse();
        assertThat(second.sweep().summary()).isEqualTo("accepted 2, rejected 0, already received 0");
        assertThat(shokuin).doesNotExist();
        assertThat(swapped).doesNotExist();
        assertThat(read(receiptOf(inbox.resolve("職員課/.done"), "_hl.csv_受付結果.txt"))).contains("受け付けました");
        assertThat(read(receiptOf(inbox.resolve("行政経営課/.done"), "_実績.csv_受付結果.txt"))).contains("受け付けました");
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("ACCEPTED: hl.csv (職員課)"))
                .anySatisfy(line -> assertThat(line).contains("ACCEPTED: 実績.csv (行政経営課)"));
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(2);
        assertThat(refusals()).hasSize(3);
    }

    @Test
    void aFileDeletedWhileBeingReadIsSkippedAndTheRunGoesOn() throws Exception {
        goodFile("実績.xlsx", 29);
        Path vanishing = DepartmentFiles.xlsx(department("職員課").resolve("消える.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 55, "消えるファイル", "", "", "")));
        SabotageWhileReading.plan = incoming -> {
            if (incoming.originalName().equals("消える.xlsx")) {
                // the department deletes it, and the read in progress fails
                Files.delete(vanishing);
                Files.delete(incoming.file());
            }
        };

        var run = runOnce(TODAY, Map.of("camel.beans.sabotage", "#class:" + SabotageWhileReading.class.getName())).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 0, already received 0, skipped 1");
        assertGoodFileLoaded("実績.xlsx");
        assertThat(everyRow()).doesNotContain("消えるファイル");
        assertThat(refusals()).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsQuarantinedAndTheRunGoesOn() throws Exception {
        goodFile("実績.xlsx", 29);
        Path unreadable = DepartmentFiles.xlsx(department("職員課").resolve("読めない.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 56, "読めないファイル", "", "", "")));
        SabotageWhileReading.plan = incoming -> {
            if (incoming.originalName().equals("読めない.xlsx")) {
                // an I/O error half way: here, what is read is no longer a file
                Files.delete(incoming.file());
                Files.createDirectory(incoming.file());
            }
        };

        var run = runOnce(TODAY, Map.of("camel.beans.sabotage", "#class:" + SabotageWhileReading.class.getName())).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 0, already received 0, set aside 1");
        assertGoodFileLoaded("実績.xlsx");
        assertThat(unreadable).doesNotExist();
        assertThat(read(receiptOf(inbox.resolve("職員課/.quarantine"), "読めない.xlsx_隔離理由.txt")))
                .contains("ファイルを読み取れませんでした", "このファイルは登録していません");
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("item_path", "職員課/読めない.xlsx").containsEntry("kind", "unreadable")
                .containsEntry("action", "quarantined"));

        SabotageWhileReading.plan = null;
        assertThat(runOnce(TODAY).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
    }

    @Test
    void aFileTheServiceIsNotAllowedToOpenIsQuarantinedWithAdviceOnItsPermissionsNotOnItsName() throws Exception {
        goodFile("実績.xlsx", 29);
        DepartmentFiles.xlsx(department("職員課").resolve("開けない.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 57, "開けないファイル", "", "", "")));
        FailTaking.name = "開けない.xlsx";
        FailTaking.failure = file -> new java.nio.file.AccessDeniedException(file.toString());

        var run = runOnce(TODAY, Map.of("camel.beans.failTaking", "#class:" + FailTaking.class.getName())).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 0, already received 0, set aside 1");
        assertGoodFileLoaded("実績.xlsx");
        assertThat(department("職員課").resolve("開けない.xlsx")).doesNotExist();
        assertThat(everyRow()).doesNotContain("開けないファイル");
        String note = read(receiptOf(inbox.resolve("職員課/.quarantine"), "開けない.xlsx_隔離理由.txt"));
        assertThat(note).contains("元のファイル名：開けない.xlsx", "ファイルを読み取れませんでした", "このファイルは登録していません",
                        "アクセス権", "Excel で開いたままの場合は閉じてから、もう一度自課のフォルダにファイルをコピーしてください",
                        "行政経営課または情報システム担当にご相談ください")
                // not the advice for a name it cannot carry
                .doesNotContain("名前を付けて")
                // the file as the department knows it, never where the server keeps the inbox
                .contains("（技術的な詳細：java.nio.file.AccessDeniedException: 職員課/開けない.xlsx）")
                .doesNotContain(inbox.toString(), dir.toString());
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("item_path", "職員課/開けない.xlsx").containsEntry("kind", "unreadable")
                .containsEntry("action", "quarantined"));
    }

    @Test
    void aFileTheServiceFailsOnUnexpectedlyIsQuarantinedAskingTheDepartmentToWaitNotToRenameIt() throws Exception {
        goodFile("実績.xlsx", 29);
        DepartmentFiles.xlsx(department("職員課").resolve("想定外.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 58, "想定外のファイル", "", "", "")));
        FailTaking.name = "想定外.xlsx";
        FailTaking.failure = file -> new IllegalStateException("a fault of the service's own");

        var run = runOnce(TODAY, Map.of("camel.beans.failTaking", "#class:" + FailTaking.class.getName())).sweep();

        assertThat(run.hasFailed()).isFalse();
        assertThat(run.summary()).isEqualTo("accepted 1, rejected 0, already received 0, set aside 1");
        assertGoodFileLoaded("実績.xlsx");
        String note = read(receiptOf(inbox.resolve("職員課/.quarantine"), "想定外.xlsx_隔離理由.txt"));
        assertThat(note).contains("元のファイル名：想定外.xlsx", "予期しないエラー", "このファイルは登録していません",
                        "ファイルの内容や名前に誤りがあるとは限りません", "行政経営課で原因を確認してご連絡します",
                        "同じファイルを保存し直さずにお待ちください")
                .doesNotContain("名前を付けて");
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("item_path", "職員課/想定外.xlsx").containsEntry("kind", "poison")
                .containsEntry("action", "quarantined"));
    }

    @Test
    void aRefusedItemOfA課IsInItsPlansExceptionReportOnlyAndOneOfNo課IsInEveryPlans() throws Exception {
        // 職員課 reports to 厚木市's plan only; the link at the top of the inbox is no 課's folder
        Files.createSymbolicLink(department("職員課").resolve("リンク.csv"), csv(outside.resolve("a.csv"), "x"));
        Files.createSymbolicLink(inbox.resolve("共有リンク"), Files.createDirectories(outside.resolve("elsewhere")));
        goodFile("実績.xlsx", 29);

        assertThat(runOnce(TODAY).sweep().hasFailed()).isFalse();

        String atsugi = exceptionReport("atsugi-7-2", TODAY);
        String minamiAlps = exceptionReport("minamialps-5", TODAY);
        assertThat(atsugi).contains("職員課/リンク.csv", "共有リンク");
        assertThat(minamiAlps).contains("共有リンク").doesNotContain("職員課/リンク.csv");
        // reported once, where it belongs: not again the next day
        runOnce(TODAY.plusDays(1));
        assertThat(exceptionReport(TODAY.plusDays(1))).doesNotContain("職員課/リンク.csv", "共有リンク");
    }

    private static String TODAY_FOLDER() {
        return LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).toString();
    }

    /** The exception report's mail of a day, decoded, or "" when there is none. */
    private String exceptionReport(LocalDate asOf) throws Exception {
        return exceptionReport("%", asOf);
    }

    /** A plan's exception report of a day, decoded, or "" when there is none. */
    private String exceptionReport(String plan, LocalDate asOf) throws Exception {
        List<Map<String, Object>> rows = Sql.rows(db, "select mime from outbox_mail where kind = 'exception_report' "
                + "and dedup_key like ?", "exception-report/" + plan + "/" + asOf);
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> row : rows) {
            var message = new jakarta.mail.internet.MimeMessage((jakarta.mail.Session) null,
                    new java.io.ByteArrayInputStream((byte[]) row.get("mime")));
            text.append(message.getSubject()).append('\n').append(textOf(message));
        }
        return text.toString();
    }

    private static String textOf(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")) {
            StringBuilder cells = new StringBuilder();
            try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(part.getInputStream())) {
                wb.forEach(sheet -> sheet.forEach(row -> row.forEach(cell -> cells.append(cell).append('\t'))));
            }
            return cells.toString();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                out.append(textOf(multipart.getBodyPart(i)));
            }
            return out.toString();
        }
        return "";
    }

    /**
     * Taking one file of the inbox fails, right after it was picked up and copied, with what the test says: as
     * opening it fails for a file the service may not read or another program locks (which a test run as root
     * cannot make), or as an error of the service's own. Bound by name through camel.beans.*.
     */
    public static final class FailTaking implements InterceptStrategy, org.apache.camel.CamelContextAware {
        static volatile String name;
        /** The failure, given the file's absolute path. */
        static volatile java.util.function.Function<Path, Exception> failure;
        private org.apache.camel.CamelContext context;

        @Override
        public org.apache.camel.CamelContext getCamelContext() {
            return context;
        }

        @Override
        public void setCamelContext(org.apache.camel.CamelContext camelContext) {
            boolean first = context == null;
            context = camelContext;
            if (first) {
                // created from camel.beans.*: Camel main does not add it as an intercept strategy by itself
                camelContext.getCamelContextExtension().addInterceptStrategy(this);
            }
        }

        @Override
        public Processor wrapProcessorInInterceptors(org.apache.camel.CamelContext camelContext, NamedNode definition,
                                                     Processor target, Processor nextTarget) {
            if (!(definition instanceof BeanDefinition bean) || !"toIncomingFile".equals(bean.getMethod())) {
                return target;
            }
            return exchange -> {
                target.process(exchange);
                Path item = exchange.getProperty(FolderIntake.ITEM, Path.class);
                if (item != null && item.getFileName().toString().equals(name)) {
                    throw failure.apply(item);
                }
            };
        }
    }

    /** What a test does to a file right when it is handed to the ingest (after it was picked up and copied). */
    interface Sabotage {
        void apply(IncomingFile incoming) throws IOException;
    }

    /** Bound by name through camel.beans.*: Camel main adds event notifiers it finds in the registry. */
    public static final class SabotageWhileReading extends EventNotifierSupport {
        static volatile Sabotage plan;

        @Override
        public void setCamelContext(org.apache.camel.CamelContext camelContext) {
            boolean first = getCamelContext() == null;
            super.setCamelContext(camelContext);
            if (first) {
                // created from camel.beans.*: Camel main does not add it as a notifier by itself
                camelContext.getManagementStrategy().addEventNotifier(this);
            }
        }

        @Override
        public void notify(CamelEvent event) throws Exception {
            if (event instanceof CamelEvent.ExchangeSendingEvent sending
                    && sending.getEndpoint().getEndpointUri().startsWith("direct://ingest") && plan != null) {
                IncomingFile incoming = sending.getExchange().getProperty("incomingFile", IncomingFile.class);
                if (incoming != null && sending.getExchange().getProperty(FolderIntake.ITEM) != null) {
                    plan.apply(incoming);
                }
            }
        }
    }
}
