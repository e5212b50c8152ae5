package jp.reform.collector.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import jp.reform.collector.domain.Limits;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** 100,000-row files must stream within the test JVM's default heap when the row limit allows them. */
class LargeFileTest {

    private static final int ROWS = 100_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void streamsAHundredThousandRowXlsx() throws IOException {
        Path file = dir.resolve("large.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("実績");
            SampleWorkbooks.row(sheet, 0, "指標コード", "年度", "実績値", "取組状況");
            for (int i = 1; i <= ROWS; i++) {
                SampleWorkbooks.row(sheet, i, "1-1-" + i, 2024, i * 1.5, "取組を実施しました");
            }
            wb.write(out);
        }
        assertStreams(file, "large.xlsx");
    }

    @Test
    @Timeout(60)
    void streamsAHundredThousandRowCsv() throws IOException {
        Path file = dir.resolve("large.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, CsvEncodingDetector.WINDOWS_31J)) {
            out.write("指標コード,年度,実績値,取組状況\r\n");
            for (int i = 1; i <= ROWS; i++) {
                out.write("1-1-" + i + ",2024," + i * 1.5 + ",\"取組を実施しました①\r\n継続\"\r\n");
            }
        }
        assertStreams(file, "large.csv");
    }

    private static void assertStreams(Path file, String name) throws IOException {
        AtomicInteger rows = new AtomicInteger();
        SubmissionReader reader = SubmissionReader.withLimits(new Limits(ROWS, 1_000, 10_000, 20));
        ReadReport report = reader.read(file, name, new SourceRowHandler() {
            @Override
            public void table(TableHeader header) {
            }

            @Override
            public void row(SourceRow row) {
                rows.incrementAndGet();
            }
        });

        assertFalse(report.hasErrors(), report.problems()::toString);
        assertEquals(ROWS, rows.get());
    }
}
