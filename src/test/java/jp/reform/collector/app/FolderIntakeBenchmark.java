package jp.reform.collector.app;

import static jp.reform.collector.support.DepartmentFiles.HEADER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for docs/benchmarks/intake.md, not a test: run-once on 200 small files dropped at once, and serve's
 * drop-to-receipt for a 40-row file. Run with
 * {@code mvn -B -q -o test -Dtest=FolderIntakeBenchmark -Dintake.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "intake.benchmark", matches = "true")
class FolderIntakeBenchmark {

    @TempDir
    Path dir;

    private CollectorApplication open(Path inbox, String dbUrl) throws Exception {
        return CollectorApplication.open(AppSettings.load(Path.of("config"), Map.of())
                .override("collector.inbox", inbox)
                .override("collector.data", dir.resolve("data"))
                .override("collector.outbox", dir.resolve("outbox"))
                .override("collector.reports", dir.resolve("reports"))
                .override("db.url", dbUrl)
                .override("http.enabled", false));
    }

    @Test
    void twoHundredFilesRunOnce() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path written = Files.createDirectories(dir.resolve("written"));
        for (int i = 1; i <= 200; i++) {
            boolean shokuin = i % 2 == 0;
            Path file = DepartmentFiles.csv(written.resolve("実績_%03d.csv".formatted(i)), StandardCharsets.UTF_8, true,
                    ",", HEADER, List.of(List.of(shokuin ? "I-1-ウ-1" : "II-2-ア-1", "2025", String.valueOf(i),
                            "取組 " + i, "", "", "")));
            Path folder = Files.createDirectories(inbox.resolve(shokuin ? "職員課" : "行政経営課"));
            Files.move(file, folder.resolve(file.getFileName()));
        }
        try (CollectorApplication app = open(inbox, TestDatabase.freshUrl())) {
            long started = System.nanoTime();
            RunControl run = app.runOnce(Duration.ofMinutes(20), LocalDate.of(2026, 7, 1)).sweep();
            System.out.printf("BENCH run-once 200 files: %.1f s (%s), intake.parallel=%d%n",
                    (System.nanoTime() - started) / 1e9, run.summary(), Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void serveDropToReceipt() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path folder = Files.createDirectories(inbox.resolve("職員課"));
        List<String> codes = Files.readAllLines(Path.of("config/plans/atsugi-7-2/indicators.csv")).stream().skip(1)
                .map(l -> l.split(",")).filter(f -> f.length > 9 && "職員課".equals(f[9])).map(f -> f[0]).toList();
        try (CollectorApplication app = open(inbox, TestDatabase.freshUrl())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    app.serve();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(3000);
            long[] millis = new long[9];
            for (int round = 0; round < millis.length; round++) {
                List<List<Object>> rows = new ArrayList<>();
                for (int r = 0; r < 40; r++) {
                    rows.add(List.of(codes.get(r % codes.size()), String.valueOf(2025 + r / codes.size()),
                            String.valueOf(round * 100 + r), "取組 " + r, "", "", ""));
                }
                Path file = DepartmentFiles.csv(dir.resolve("r" + round + ".csv"), StandardCharsets.UTF_8, true, ",",
                        HEADER, rows);
                int before = receipts(inbox);
                long dropped = System.nanoTime();
                Files.move(file, folder.resolve("実績_" + round + ".csv"));
                while (receipts(inbox) == before) {
                    Thread.sleep(10);
                }
                millis[round] = (System.nanoTime() - dropped) / 1_000_000;
            }
            app.stopServing();
            serving.get(60, TimeUnit.SECONDS);
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.printf("BENCH serve drop-to-receipt, 40-row file, %d drops: p50 %d ms, max %d ms %s%n",
                    millis.length, sorted[sorted.length / 2], sorted[sorted.length - 1], Arrays.toString(millis));
        }
    }

    private static int receipts(Path inbox) throws Exception {
        try (Stream<Path> files = Files.walk(inbox)) {
            return (int) files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().endsWith("_受付結果.txt")).count();
        }
    }
}
