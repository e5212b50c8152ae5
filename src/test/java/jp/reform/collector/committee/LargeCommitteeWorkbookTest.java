package jp.reform.collector.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import jp.reform.collector.committee.CommitteeReport.FlagLine;
import jp.reform.collector.committee.CommitteeReport.IndicatorLine;
import jp.reform.collector.committee.CommitteeReport.SummaryLine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committee workbook of a survey-sized plan (20,000 indicators, each with its own texts) is written in the
 * small-heap JVM (-Xmx256m, an OutOfMemoryError ends it): the workbook is streamed to its file, never held
 * whole. Read back by streaming the sheets' XML, since a workbook this size does not open in 256 MB either.
 */
@Tag("small-heap")
class LargeCommitteeWorkbookTest {

    /** 20,000 by default; -Dcommittee.indicators=104460 tries the survey's 1,741 課 × 60. */
    static final int INDICATORS = Integer.getInteger("committee.indicators", 20_000);
    static final int GOALS = 4;

    @TempDir
    Path folder;

    @Test
    void twentyThousandIndicatorsAreWrittenInASmallHeap() throws IOException {
        CommitteeReport report = report();

        long started = System.nanoTime();
        Path file = new CommitteeWorkbook().writeTo(folder, report);
        // figures to read, not to assert: speed is shown, never tested against a clock
        System.out.printf("Committee workbook of %,d indicators: %.1f s, %,d KB, heap max %,d MB%n", INDICATORS,
                (System.nanoTime() - started) / 1e9, Files.size(file) / 1024,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));

        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).containsExactly(file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            // sheet 1: the table, the chart and every graded indicator in its goal's list (a quarter are 未提出);
            // sheet 2: every indicator
            assertThat(zip.getEntry("xl/charts/chart1.xml")).isNotNull();
            assertThat(countRows(zip, "xl/worksheets/sheet1.xml")).isGreaterThan(INDICATORS * 3 / 4);
            assertThat(countRows(zip, "xl/worksheets/sheet2.xml")).isEqualTo(1 + GOALS + INDICATORS);
            assertThat(contains(zip, "xl/worksheets/sheet2.xml", "成果指標" + INDICATORS + "号")).isTrue();
            assertThat(contains(zip, "xl/worksheets/sheet1.xml", "成果指標" + INDICATORS + "号")).isTrue();
        }
    }

    /** Four goals; three indicators to an initiative; every text its own string, as departments write them. */
    private static CommitteeReport report() {
        List<IndicatorLine> lines = new ArrayList<>(INDICATORS);
        String[] grades = {"達成", "概ね達成", "未達成", "未提出"};
        int[] counts = new int[grades.length];
        for (int i = 1; i <= INDICATORS; i++) {
            int goal = (i - 1) * GOALS / INDICATORS + 1;
            int initiative = (i - 1) / 3;
            String grade = grades[i % grades.length];
            counts[i % grades.length]++;
            lines.add(new IndicatorLine(Integer.toString(goal), "重点目標" + goal, "(" + goal + ") 分類" + goal,
                    "取組" + initiative, "①取組内容" + initiative + "の説明。".repeat(3), "担当課" + (i % 1741),
                    "C-" + i, "成果指標" + i + "号", "件", (100 + i) + "件", (90 + i) + "件", new BigDecimal(90),
                    grade, "取組状況" + i + "：計画どおり実施した。".repeat(4),
                    "成果" + i + "：利用者が増えた一方で、周知に課題が残った。".repeat(3),
                    "今後" + i + "：引き続き周知に努める。".repeat(3)));
        }
        List<SummaryLine> summary = new ArrayList<>();
        for (int goal = 1; goal <= GOALS; goal++) {
            int per = INDICATORS / GOALS;
            summary.add(new SummaryLine(Integer.toString(goal), "重点目標" + goal, per, per / 4, per / 4, per / 4,
                    per / 4, new BigDecimal("50.0")));
        }
        summary.add(new SummaryLine("total", null, INDICATORS, counts[0], counts[1], counts[2], counts[3],
                new BigDecimal("50.0")));
        return new CommitteeReport("survey", "行政改革の取組状況調査", "全国", "行政経営課", 2025,
                LocalDate.of(2026, 7, 31), summary, lines, List.<FlagLine>of());
    }

    private static long countRows(ZipFile zip, String sheet) throws IOException {
        return count(zip, sheet, "<row ");
    }

    private static boolean contains(ZipFile zip, String sheet, String text) throws IOException {
        return count(zip, sheet, text) > 0;
    }

    /** Occurrences of a string in one part, read line by line (SXSSF writes a row to a line). */
    private static long count(ZipFile zip, String part, String text) throws IOException {
        ZipEntry entry = zip.getEntry(part);
        long n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(entry),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                for (int at = line.indexOf(text); at >= 0; at = line.indexOf(text, at + text.length())) {
                    n++;
                }
            }
        }
        return n;
    }
}
