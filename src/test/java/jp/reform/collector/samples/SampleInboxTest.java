package jp.reform.collector.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.app.CollectorCommand;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on the committed sample inbox (samples/inbox, written by
 * {@link SampleInboxWriter}): the real command line, the real routes, a real PostgreSQL.
 *
 * <p>Grades expected for FY2025 (targets.csv; rate = actual / target, target / actual for I-3-ア-1;
 * 達成 ≥ 100%, 概ね達成 ≥ 80%; milestones by the self-assessment). 財政課's file is rejected, so its
 * III-3-イ-1 counts as not submitted, like the indicators of the departments that sent nothing.
 */
class SampleInboxTest {

    private static final Path SAMPLES = Path.of("samples", "inbox");

    /** Accepted department folder → the file it holds. */
    private static final Map<String, String> ACCEPTED = Map.of(
            "職員課", "職員課_令和7年度_実績報告.xlsx",
            "行政経営課", "行政経営課_R7実績.xlsx",
            "情報政策課", "dx_results.csv",
            "産業振興課", "産業振興課_実績.xls",
            "市民協働推進課", "kyodo_2025.csv",
            "契約検査課", "keiyaku.txt");
    private static final String REJECTED_FOLDER = "財政課";
    private static final String REJECTED_FILE = "財政課_実績報告.xlsx";

    private static final Map<String, String> EXPECTED_GRADES = expectedGrades();

    private static Map<String, String> expectedGrades() {
        Map<String, String> g = new LinkedHashMap<>();
        // 職員課 (title row gives 令和7年度)
        g.put("I-1-ア-1", "概ね達成");  // 96.2% / 100%  = 96.2%
        g.put("I-1-ア-2", "達成");      // 5 / 5 グループ
        g.put("I-1-イ-1", "達成");      // 100% / 100%
        g.put("I-1-イ-2", "達成");      // milestone, self-assessed 達成
        g.put("I-1-イ-3", "概ね達成");  // milestone, self-assessed 概ね達成
        g.put("I-1-ウ-1", "達成");      // 29 / 28件 = 103.6%
        g.put("I-1-ウ-2", "達成");      // 100% / 100%
        g.put("I-2-ア-1", "未提出");    // 行政総務課: no file
        g.put("I-2-ア-2", "達成");      // 28 / 27件 = 103.7%
        g.put("I-2-イ-1", "達成");      // 2 / 1人 = 200%
        g.put("I-2-イ-2", "達成");      // 100% / 100% (joint 行政総務課|職員課, reported by 職員課)
        g.put("I-2-イ-3", "達成");      // 約1,020 / 1,000人 = 102%
        g.put("I-2-ウ-1", "未提出");    // 危機管理課: no file
        g.put("I-3-ア-1", "達成");      // lower is better: 175 / 171 時間 = 102.3%
        g.put("I-3-ア-2", "達成");      // 65.8% / 64.5% = 102.0%
        g.put("I-3-ア-3", "未達成");    // 62.5% / 85% = 73.5%
        // DX推進課 (folder 情報政策課), 契約検査課, 行政総務課
        g.put("I-3-イ-1", "達成");      // 1,630万 / 1,560万文字 = 104.5%
        g.put("I-3-イ-2", "達成");      // 32.4% / 30% = 108%
        g.put("I-3-イ-3", "未提出");    // 行政総務課: no file
        g.put("I-3-ウ-1", "達成");      // 91 / 90 = 101.1%
        // 行政経営課 (年度 令和７年度, marks ○ △ ×)
        g.put("I-3-ウ-2", "達成");      // 3 / 3件
        g.put("II-1-ア-1", "達成");     // 23 / 2事業 (warning: more than 10 x the baseline 2)
        g.put("II-1-ア-2", "達成");     // milestone ○
        g.put("II-1-イ-1", "達成");     // 92.3% / 90% = 102.6%
        g.put("II-2-ア-1", "達成");     // 15,820 / 15,000千円 = 105.5%
        g.put("II-2-ア-2", "未達成");   // 3 / 4件 = 75%
        g.put("II-2-イ-1", "概ね達成"); // 産業振興課 .xls: 14 / 15件 = 93.3%
        g.put("II-2-イ-2", "達成");     // =152000+141500 → 293,500 / 290,000千円 = 101.2%
        g.put("II-2-ウ-1", "未提出");   // 各債権担当課: no file (財政課's row for it is refused)
        g.put("II-3-ア-1", "概ね達成"); // 38.7% / 43.5% = 89.0%
        g.put("II-3-ア-2", "達成");     // 66.7% / 66.7%
        g.put("II-3-ア-3", "未提出");   // 学校施設課: no file
        g.put("II-3-イ-1", "達成");     // 6 / 6回
        // 市民協働推進課 (R7), 行政経営課, 財政課
        g.put("III-1-ア-1", "達成");    // 6 / 6件
        g.put("III-2-ア-1", "達成");    // 39.8% / 39.3% = 101.3%
        g.put("III-2-イ-1", "達成");    // milestone ○
        g.put("III-2-イ-2", "達成");    // target 0件, actual 1件: achieved, no rate
        g.put("III-2-ウ-1", "達成");    // 3 / 3件
        g.put("III-2-ウ-2", "概ね達成"); // 5 / 6件 = 83.3%
        g.put("III-3-ア-1", "概ね達成"); // milestone △
        g.put("III-3-イ-1", "未提出");  // 財政課: file rejected
        return g;
    }

    @TempDir
    Path tmp;

    @Test
    void theSampleInboxGivesARealisticRun() throws Exception {
        Path inbox = tmp.resolve("inbox");
        TestFiles.copyTree(SAMPLES, inbox);
        String dbUrl = TestDatabase.freshUrl();

        int exit = CollectorCommand.execute("run-once", "--config", "config", "--inbox", inbox.toString(),
                "--db-url", dbUrl, "--data", tmp.resolve("data").toString(), "--outbox", inbox.resolve(".outbox").toString(),
                "--reports", inbox.resolve(".reports").toString(), "--today", "2026-07-01");

        assertThat(exit).isZero();
        for (Map.Entry<String, String> accepted : ACCEPTED.entrySet()) {
            String receipt = receipt(inbox.resolve(accepted.getKey()), ".done", accepted.getValue());
            assertThat(receipt).as("receipt of %s", accepted.getKey()).contains("受け付けました");
        }
        assertThat(receipt(inbox.resolve("職員課"), ".done", ACCEPTED.get("職員課")))
                .contains("14件の実績を登録しました", "I-2-イ-3", "約1,020人", "概数");
        assertThat(receipt(inbox.resolve("行政経営課"), ".done", ACCEPTED.get("行政経営課")))
                .contains("14件の実績を登録しました", "II-1-ア-1", "23事業", "10倍を超える");

        String rejected = receipt(inbox.resolve(REJECTED_FOLDER), ".error", REJECTED_FILE);
        assertThat(rejected).contains(
                "受け付けできませんでした",
                "次の4件の誤りがあるため、このファイルは登録していません",
                "[シート「実績報告」 4行目 B列] 令和5年度（2023年度）はこの計画の期間（令和6年度～令和8年度）の外です。",
                "入力値：「令和5年度」",
                "[シート「実績報告」 5行目 H列] 自己評価として読めません。",
                "入力値：「まあまあ」",
                "[シート「実績報告」 7行目 A列] 指標コード「III-3-イ-9」は計画に登録されていません。",
                "[シート「実績報告」 8行目 A列] この指標の担当課は 各債権担当課 です（財政課 からは提出できません）。",
                "入力値：「II-2-ウ-1」");

        try (Stream<Path> folders = Files.list(inbox)) {
            for (Path folder : folders.toList()) {
                try (Stream<Path> left = Files.list(folder)) {
                    assertThat(left.filter(Files::isRegularFile)).as("files left in %s", folder).isEmpty();
                }
            }
        }

        List<String> summary = lines(captureOut("summary", "--plan", "atsugi-7-2", "--fy", "2025", "--format", "csv",
                "--db-url", dbUrl));
        assertThat(summary.get(0)).isEqualTo("goal,set,achieved,mostly,not_achieved,mostly_rate");
        assertThat(summary.get(summary.size() - 1)).startsWith("total,41,");
        assertThat(summary).containsExactly(
                "goal,set,achieved,mostly,not_achieved,mostly_rate",
                "I,21,15,2,1,81.0",
                "II,12,7,2,1,75.0",
                "III,8,5,2,0,87.5",
                "total,41,27,6,2,80.5");

        String status = captureOut("status", "--plan", "atsugi-7-2", "--fy", "2025", "--format", "csv",
                "--db-url", dbUrl);
        Map<String, String> grades = new LinkedHashMap<>();
        for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(status))) {
            grades.put(record.get("indicator_code"), record.get("grade"));
        }
        assertThat(grades).containsExactlyInAnyOrderEntriesOf(EXPECTED_GRADES);

        // for tools, target and actual stay plain numbers in the indicator's unit
        Map<String, List<String>> figures = new LinkedHashMap<>();
        for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(status))) {
            figures.put(record.get("indicator_code"), List.of(record.get("target"), record.get("actual")));
        }
        assertThat(figures).containsEntry("I-3-ウ-1", List.of("90", "91"))
                .containsEntry("I-3-イ-1", List.of("15600000", "16300000"))
                .containsEntry("I-2-イ-3", List.of("1000", "1020"))
                .containsEntry("I-3-ア-1", List.of("175", "171"));

        // for people, as the console and the committee workbook write them: separators, the unit without a space
        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (String line : lines(captureOut("status", "--plan", "atsugi-7-2", "--fy", "2025", "--db-url", dbUrl))) {
            String[] cells = line.split(" {2,}");
            if (cells.length >= 4) {
                shown.put(cells[0], List.of(cells[2], cells[3]));
            }
        }
        assertThat(shown).containsEntry("I-3-ウ-1", List.of("90件", "91件"))
                .containsEntry("I-1-ア-2", List.of("5グループ", "5グループ"))
                .containsEntry("I-3-ア-1", List.of("175時間", "171時間"))
                .containsEntry("I-2-イ-3", List.of("1,000人", "約1,020人"))
                .containsEntry("I-3-イ-1", List.of("1,560万文字", "16,300,000文字"))
                .containsEntry("I-1-ア-1", List.of("100%", "96.2%"));
    }

    /** The receipt written beside the archived file in &lt;department&gt;/&lt;archive&gt;/&lt;date&gt;/. */
    private static String receipt(Path department, String archive, String fileName) throws IOException {
        Path dateFolder;
        try (Stream<Path> dates = Files.list(department.resolve(archive))) {
            List<Path> all = dates.toList();
            assertThat(all).as("date folders in %s/%s", department.getFileName(), archive).hasSize(1);
            dateFolder = all.get(0);
        }
        assertThat(dateFolder.getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2}");
        List<String> names;
        try (Stream<Path> files = Files.list(dateFolder)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        String archived = names.stream().filter(n -> n.matches("R\\d{4}-\\d{6}_" + java.util.regex.Pattern.quote(fileName)))
                .findFirst().orElseThrow(() -> new AssertionError(fileName + " not archived in " + dateFolder + ": " + names));
        String receiptName = archived + "_受付結果.txt";
        assertThat(names).contains(receiptName);
        String text = Files.readString(dateFolder.resolve(receiptName), StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Runs the command line with System.out captured as UTF-8. */
    private static String captureOut(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            exit = CollectorCommand.execute(args);
        } finally {
            System.setOut(original);
        }
        assertThat(exit).as("exit code of %s", args[0]).isZero();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
