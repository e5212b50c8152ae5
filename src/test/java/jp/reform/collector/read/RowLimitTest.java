package jp.reform.collector.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A file with more data rows than allowed is read no further than the first row past the limit. */
class RowLimitTest {

    @TempDir
    Path dir;

    private static SubmissionReader reader(int maxRows) {
        return SubmissionReader.withLimits(new Limits(maxRows, 1_000, 10_000, 20));
    }

    @Test
    @Timeout(60) // a guard against reading on, not a measurement
    void aMillionRowCsvStopsAtTheDefaultLimit() throws IOException {
        Path file = dir.resolve("ledger.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("指標コード,年度,実績値,取組状況\r\n");
            for (int i = 1; i <= 1_000_000; i++) {
                out.write("I-1-ア-1,2025," + i + ",実施\r\n");
            }
        }
        RecordingHandler handler = new RecordingHandler();

        ReadReport report = new SubmissionReader().read(file, "ledger.csv", handler);

        assertThat(handler.rows).hasSize(Limits.DEFAULTS.maxRowsPerFile());
        assertThat(report.rowLimitExceeded()).isTrue();
        assertThat(report.problems()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(Limits.ROWS_FINDING);
            assertThat(f.isError()).isTrue();
            // header on row 1, so the 10,001st data row is row 10,002
            assertThat(f.sheet()).isEqualTo("ledger.csv");
            assertThat(f.row()).isEqualTo(10_002);
            assertThat(f.message()).contains("上限（10,000行）", "少なくとも10,001行");
            assertThat(f.hint()).contains("10,000行以内", "分けて");
        });
    }

    @Test
    void xlsxStopsInTheSheetWhereTheLimitIsPassedAndReadsNoLaterSheet() throws IOException {
        Path file = dir.resolve("two-sheets.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            Sheet first = wb.createSheet("実績");
            SampleWorkbooks.row(first, 0, "指標コード", "年度", "実績値", "取組状況");
            for (int i = 1; i <= 500; i++) {
                SampleWorkbooks.row(first, i, "1-1-" + i, 2025, i, "実施");
            }
            Sheet second = wb.createSheet("追加");
            SampleWorkbooks.row(second, 0, "指標コード", "年度", "実績値", "取組状況");
            SampleWorkbooks.row(second, 1, "9-9-9", 2025, 1, "実施");
            wb.write(out);
        }
        RecordingHandler handler = new RecordingHandler();

        ReadReport report = reader(100).read(file, "two-sheets.xlsx", handler);

        assertThat(handler.rows).hasSize(100);
        assertThat(handler.tables).extracting(TableHeader::sheet).containsExactly("実績");
        assertThat(report.problems()).extracting(Finding::code, Finding::sheet, Finding::row)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Limits.ROWS_FINDING, "実績", 102));
    }

    @Test
    void rowsAreCountedAcrossSheets() throws IOException {
        Path file = dir.resolve("old.xls");
        try (Workbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            for (String name : new String[] {"上期", "下期"}) {
                Sheet sheet = wb.createSheet(name);
                SampleWorkbooks.row(sheet, 0, "指標コード", "年度", "実績値", "取組状況");
                // rows 2, 4 and 6
                for (int i = 0; i < 3; i++) {
                    SampleWorkbooks.row(sheet, 1 + 2 * i, "1-1-" + i, 2025, i, "実施");
                }
            }
            wb.write(out);
        }

        RecordingHandler exact = new RecordingHandler();
        assertThat(reader(6).read(file, "old.xls", exact).problems()).isEmpty();
        assertThat(exact.rows).hasSize(6);

        RecordingHandler over = new RecordingHandler();
        ReadReport report = reader(5).read(file, "old.xls", over);
        assertThat(report.rowLimitExceeded()).isTrue();
        assertThat(report.problems()).singleElement()
                .satisfies(f -> assertThat(f.sheet() + "!" + f.row()).isEqualTo("下期!6"));
        assertThat(over.rows).hasSize(5);
    }

    @Test
    void blankRowsDoNotCountButANoteInAnUnrecognisedColumnDoes() throws IOException {
        Path file = dir.resolve("notes.csv");
        Files.writeString(file, "指標コード,年度,実績値,取組状況,メモ\r\n"
                + "I-1-ア-1,2025,1,実施,\r\n"
                + "\r\n"
                + ",,,,\r\n"
                + ",,,,作業用のメモ\r\n"
                + ",,,,作業用のメモ\r\n", StandardCharsets.UTF_8);

        ReadReport report = reader(2).read(file, "notes.csv", new RecordingHandler());

        assertThat(report.rowLimitExceeded()).isTrue();
        assertThat(report.problems()).singleElement().satisfies(f -> assertThat(f.row()).isEqualTo(6));
    }
}
