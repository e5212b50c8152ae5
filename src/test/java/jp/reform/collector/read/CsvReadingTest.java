package jp.reform.collector.read;

import static jp.reform.collector.read.ExcelReadingTest.codes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jp.reform.collector.domain.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReadingTest {

    private static final String CONTENT = "令和6年度 実績報告,,,\r\n"
            + ",,,\r\n"
            + "指標コード,年度,実績値,取組状況\r\n"
            + "1-1-1,2024,72.1%,\"申請を拡充しました。\r\n窓口でも案内しました。\"\r\n"
            + "1-1-2,2024,\"1,234\",\"実施, 継続\"\r\n"
            + ",,,\r\n"
            + "1-2-1,令和6年度,５件,①㈱～－\r\n";

    @TempDir
    Path dir;

    private final SubmissionReader reader = new SubmissionReader();

    @Test
    void utf8WithBom() throws IOException {
        Path file = write("bom.csv", bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, CONTENT, StandardCharsets.UTF_8));
        assertContent(file, "UTF-8");
    }

    @Test
    void utf8WithoutBom() throws IOException {
        Path file = write("plain.csv", CONTENT.getBytes(StandardCharsets.UTF_8));
        assertContent(file, "UTF-8");
    }

    @Test
    void aNameEndingInDotsSpacesOrInvisibleCharactersIsReadAsItsRealExtension() throws IOException {
        // Windows drops the trailing dots and spaces; a name pasted from a document may end in a zero-width space
        for (String name : List.of("trail.csv ", "trail2.csv.", "trail3.csv. . ", "zw\u200b.csv\u200b", "全角.CSV\u3000")) {
            assertContent(write(name, CONTENT.getBytes(StandardCharsets.UTF_8)), "UTF-8");
        }
    }

    @Test
    void windows31jAsJapaneseExcelWritesIt() throws IOException {
        byte[] bytes = CONTENT.getBytes(Charset.forName("windows-31j"));
        // ～ is 0x8160 and － is 0x817C in what Excel writes; Java's Shift_JIS would decode them as 〜 and −
        assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains("\u0081\u0060\u0081\u007C"));
        Path file = write("sjis.csv", bytes);
        assertContent(file, "windows-31j");
    }

    @Test
    void utf16LeWithBomAndTabs() throws IOException {
        String tabbed = CONTENT.replace(",,,", "\t\t\t")
                .replace("指標コード,年度,実績値,取組状況", "指標コード\t年度\t実績値\t取組状況")
                .replace("1-1-1,2024,72.1%,", "1-1-1\t2024\t72.1%\t")
                .replace("1-1-2,2024,\"1,234\",", "1-1-2\t2024\t\"1,234\"\t")
                .replace("1-2-1,令和6年度,５件,", "1-2-1\t令和6年度\t５件\t");
        Path file = write("unicode.txt", bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, tabbed, StandardCharsets.UTF_16LE));
        assertContent(file, "UTF-16LE");
    }

    private void assertContent(Path file, String encoding) throws IOException {
        RecordingHandler handler = new RecordingHandler();
        String name = file.getFileName().toString();
        ReadReport report = reader.read(file, name, handler);

        assertEquals("csv", report.format());
        assertEquals(encoding, report.encoding());
        assertEquals(List.of(), report.problems());
        TableHeader header = report.tables().get(0);
        assertEquals(name, header.sheet());
        assertEquals(3, header.headerRow());
        assertEquals(2024, header.fiscalYearHint());

        // the quoted line break makes record 4 two lines long; records, not lines, are counted
        assertEquals(List.of(4, 5, 7), handler.rowNumbers());
        assertEquals(new SourceCell(name, 4, "D", "申請を拡充しました。\n窓口でも案内しました。"),
                handler.row(4).cell(Field.STATUS_TEXT));
        assertEquals("72.1%", handler.row(4).text(Field.ACTUAL));
        assertEquals("1,234", handler.row(5).text(Field.ACTUAL));
        assertEquals("実施, 継続", handler.row(5).text(Field.STATUS_TEXT));
        assertEquals("５件", handler.row(7).text(Field.ACTUAL), "not normalised by the reader");
        assertEquals("①㈱～－", handler.row(7).text(Field.STATUS_TEXT));
    }

    @Test
    void undecodableBytesAreReportedNotGuessed() throws IOException {
        byte[] bytes = bytes("指標コード,年度,実績値,取組状況\n1,2024,".getBytes(StandardCharsets.UTF_8),
                "", StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes);
        // 0x81 0x20: a stray UTF-8 continuation byte, and a Windows-31J lead byte without a valid trail byte
        out.writeBytes(new byte[] {(byte) 0x81, 0x20, (byte) 0xFF, (byte) 0xC3, 0x28, '\n'});
        Path file = write("broken.csv", out.toByteArray());

        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "broken.csv", handler);

        assertEquals(List.of(ReadFindings.UNREADABLE_ENCODING), codes(report));
        Finding finding = report.problems().get(0);
        assertEquals("この行に、UTF-8 でも Shift_JIS でも読めない文字（またはデータ）があるため、文字コードを判別できませんでした。",
                finding.message());
        assertEquals(2, finding.row(), "the line of the stray bytes");
        assertTrue(finding.hint().contains("CSV UTF-8"));
        assertNull(report.encoding());
        assertTrue(handler.rows.isEmpty(), "nothing is streamed from a file that does not decode");
    }

    @Test
    void aShiftJisFileWithOneStrayByteFarDownIsRefusedAtItsLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Charset sjis = Charset.forName("windows-31j");
        out.writeBytes("指標コード,年度,実績値,取組状況\r\n".getBytes(sjis));
        for (int i = 0; i < 3000; i++) {
            out.writeBytes(("I-1-ア-1,2025,95%,研修を実施した（第" + i + "回）\r\n").getBytes(sjis));
        }
        out.writeBytes("I-1-ア-2,2025,5,".getBytes(sjis));
        out.writeBytes(new byte[] {(byte) 0xFF, '\r', '\n'}); // no byte of Windows-31J nor of UTF-8
        out.writeBytes("I-1-ア-3,2025,5,実施\r\n".getBytes(sjis));
        Path file = write("sjis.csv", out.toByteArray());

        ReadReport report = reader.read(file, "sjis.csv", new RecordingHandler());

        assertEquals(List.of(ReadFindings.UNREADABLE_ENCODING), codes(report));
        Finding finding = report.problems().get(0);
        // the header, 3,000 good lines, then the stray byte: the department is sent to that very line
        assertEquals(3002, finding.row());
        assertTrue(finding.message().startsWith("この行に、UTF-8 でも Shift_JIS でも読めない文字"));
    }

    @Test
    void utf16WithoutBomIsNotMistakenForUtf8() throws IOException {
        Path file = write("nobom.csv", "指標コード,年度,実績値,取組状況\n".getBytes(StandardCharsets.UTF_16LE));
        ReadReport report = reader.read(file, "nobom.csv", new RecordingHandler());
        assertEquals(List.of(ReadFindings.UNREADABLE_ENCODING), codes(report));
    }

    @Test
    void unbalancedQuoteIsUnreadable() throws IOException {
        Path file = write("quote.csv", ("指標コード,年度,実績値,取組状況\n1-1-1,2024,5,実施\n1-1-2,2024,6,\"実施\n"
                + "1-1-3,2024,7,実施\n").getBytes(StandardCharsets.UTF_8));
        ReadReport report = reader.read(file, "quote.csv", new RecordingHandler());
        assertEquals(List.of(ReadFindings.UNREADABLE_FILE), codes(report));
        // named at the row where the quote opens, so that the department need not read the whole file
        assertEquals(3, report.problems().get(0).row());
        assertEquals("quote.csv", report.problems().get(0).sheet());
    }

    @Test
    void headerWithoutRowsIsAnEmptyTable() throws IOException {
        Path file = write("empty-table.csv", "指標コード,年度,実績値,取組状況\n".getBytes(StandardCharsets.UTF_8));
        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, "empty-table.csv", handler);
        assertFalse(report.hasErrors());
        assertEquals(1, handler.tables.size());
        assertTrue(handler.rows.isEmpty());
    }

    @Test
    void manyShiftedRecordsAreListedUpToAThousandAndTheRestCounted() throws IOException {
        StringBuilder csv = new StringBuilder("指標コード,年度,実績値,取組状況\r\n");
        for (int i = 0; i < 1_500; i++) {
            csv.append("I-3-ウ-1,2025,1,234,実施\r\n");
        }
        Path file = write("many.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        RecordingHandler handler = new RecordingHandler();

        ReadReport report = reader.read(file, "many.csv", handler);

        assertEquals(1_001, report.problems().size());
        assertEquals(1_001, report.problems().get(999).row(), "the thousandth row listed is the file's 1,001st");
        assertEquals("ほかに 500 行、同じように項目がずれているため読み取っていない行があります。",
                report.problems().get(1_000).message());
        assertTrue(handler.rows.isEmpty());
    }

    @Test
    void aRecordWithMoreFieldsThanTheHeaderIsRefusedAtItsRowNotReadShifted() throws IOException {
        // hand-edited: 1,234 without quotes makes 1 the 実績値 and 234 the 取組状況, and moves 実施 off the table
        Path file = write("shifted.csv", ("指標コード,年度,実績値,取組状況\r\n"
                + "I-3-ウ-1,2025,88,手続を拡充\r\n"
                + "I-3-ウ-1,2024,1,234,実施\r\n").getBytes(StandardCharsets.UTF_8));
        RecordingHandler handler = new RecordingHandler();

        ReadReport report = reader.read(file, "shifted.csv", handler);

        assertEquals(List.of(ReadFindings.FIELDS_BEYOND_HEADER), codes(report));
        Finding finding = report.problems().get(0);
        assertTrue(finding.isError());
        assertEquals("shifted.csv", finding.sheet());
        assertEquals(3, finding.row());
        assertNull(finding.column());
        assertEquals("見出しより項目（列）が多い行です（見出しは4項目、この行は5項目）。"
                + "値がどの列のものか確かめられないため、この行は読み取っていません。", finding.message());
        assertTrue(finding.hint().startsWith("数値の桁区切りのカンマ（1,234）は \"1,234\" のように \" で囲むか、"
                + "カンマを外してください"), finding.hint());
        assertEquals(List.of(2), handler.rowNumbers(), "the shifted row is not handed on");
    }

    @Test
    void aNumberCutInTwoByAnUnquotedCommaInARecordAsLongAsTheHeaderIsRefusedAtItsActualCell() throws IOException {
        // as long as the header: 1 would be the 実績値 and 「234」 the 取組状況
        Path file = write("split.csv", ("指標コード,年度,実績値,取組状況,目標値\r\n"
                + "I-3-ウ-1,2025,1,234,\r\n"
                + "I-3-ウ-1,2024,88,手続を拡充,90\r\n"
                + "I-3-イ-1,2025,１２,１００,\r\n"
                + "I-1-ア-1,2025,▲12,500件,\r\n").getBytes(StandardCharsets.UTF_8));
        Path target = write("target.csv", ("指標コード,年度,実績値,目標値,取組状況\r\n"
                + "I-3-ウ-1,2025,12,100,実施\r\n").getBytes(StandardCharsets.UTF_8));
        RecordingHandler handler = new RecordingHandler();

        ReadReport report = reader.read(file, "split.csv", handler);

        assertEquals(List.of(ReadFindings.SPLIT_NUMBER, ReadFindings.SPLIT_NUMBER, ReadFindings.SPLIT_NUMBER),
                codes(report));
        Finding finding = report.problems().get(0);
        assertEquals(2, finding.row());
        assertEquals("C", finding.column());
        assertEquals("実績値「1」と右隣の「取組状況」欄の「234」は、桁区切りのカンマで2つの項目に分かれた1つの数値（1,234）"
                + "のようです。実績値を 1 と読むことになるため、この行は読み取っていません。", finding.message());
        assertTrue(finding.hint().startsWith("数値の桁区切りのカンマ（1,234）は \"1,234\" のように \" で囲むか、"), finding.hint());
        assertEquals(List.of(3), handler.rowNumbers());
        // a number in the column beside the 実績値 that is no text (目標値) is no sign of a cut number
        ReadReport targetReport = reader.read(target, "target.csv", new RecordingHandler());
        assertEquals(List.of(), targetReport.problems());
    }

    @Test
    void aCsvAsExcelWritesItWithEveryRecordAsLongAndBlankFieldsAtTheEndIsReadAsBefore() throws IOException {
        // Excel writes every record as wide as the sheet's used range: a note beside the table widens them all
        Path excel = write("excel.csv", ("令和7年度 実績報告,,,,\r\n"
                + ",,,,\r\n"
                + "指標コード,年度,実績値,取組状況,\r\n"
                + "1-1-1,2025,\"1,234\",実施,\"メモ: 前年度は1,000\"\r\n"
                + "1-1-2,2025,5,実施,\r\n").getBytes(Charset.forName("windows-31j")));
        RecordingHandler fromExcel = new RecordingHandler();
        ReadReport excelReport = reader.read(excel, "excel.csv", fromExcel);
        assertEquals(List.of(), excelReport.problems());
        assertEquals(List.of(4, 5), fromExcel.rowNumbers());
        assertEquals("1,234", fromExcel.row(4).text(Field.ACTUAL));

        // typed by hand: blank fields after the last one are nothing
        Path trailing = write("trailing.csv", ("指標コード,年度,実績値,取組状況\r\n"
                + "1-1-1,2025,\"1,234\",実施,,,\r\n"
                + "1-1-2,2025,5,実施, ,\r\n").getBytes(StandardCharsets.UTF_8));
        RecordingHandler byHand = new RecordingHandler();
        ReadReport handReport = reader.read(trailing, "trailing.csv", byHand);
        assertEquals(List.of(), handReport.problems());
        assertEquals(List.of(2, 3), byHand.rowNumbers());
        assertEquals("実施", byHand.row(3).text(Field.STATUS_TEXT));
    }

    @Test
    void aTabSeparatedRecordWithMoreFieldsThanTheHeaderIsToldOfItsTabs() throws IOException {
        Path file = write("unicode.txt", bytes(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "指標コード\t年度\t実績値\t取組状況\r\n1-1-1\t2025\t5\t実施\t\t追記\r\n", StandardCharsets.UTF_16LE));

        ReadReport report = reader.read(file, "unicode.txt", new RecordingHandler());

        assertEquals(List.of(ReadFindings.FIELDS_BEYOND_HEADER), codes(report));
        assertTrue(report.problems().get(0).message().contains("（見出しは4項目、この行は6項目）"));
        assertTrue(report.problems().get(0).hint().startsWith("値の中のタブを削除してください"));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] bytes(byte[] prefix, String text, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(text.getBytes(charset));
        return out.toByteArray();
    }
}
