package jp.reform.collector.read;

import static jp.reform.collector.read.ExcelReadingTest.codes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import jp.reform.collector.domain.Finding;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreadableFileTest {

    @TempDir
    Path dir;

    private final SubmissionReader reader = new SubmissionReader();

    @Test
    void zeroByteFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.xlsx"));
        ReadReport report = read(file, "empty.xlsx");
        assertEquals(List.of(ReadFindings.UNREADABLE_FILE), codes(report));
        assertEquals("xlsx", report.format());
        assertTrue(report.problems().get(0).message().contains("空"));
    }

    @Test
    void zeroByteCsv() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.csv"));
        assertEquals(List.of(ReadFindings.UNREADABLE_FILE), codes(read(file, "empty.csv")));
    }

    @Test
    void garbageUnderAnXlsxName() throws IOException {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 'x';
        Path file = Files.write(dir.resolve("garbage.xlsx"), noise);
        ReadReport report = read(file, "garbage.xlsx");
        assertEquals(List.of(ReadFindings.UNREADABLE_FILE), codes(report));
        assertTrue(report.problems().get(0).hint().contains("保存し直して"));
    }

    @Test
    void truncatedXlsx() throws IOException {
        Path whole = dir.resolve("whole.xlsx");
        XSSFWorkbook wb = new XSSFWorkbook();
        SampleWorkbooks.fillResults(wb);
        SampleWorkbooks.write(wb, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path file = Files.write(dir.resolve("cut.xlsx"), Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(List.of(ReadFindings.UNREADABLE_FILE), codes(read(file, "cut.xlsx")));
    }

    @Test
    void corruptOle2UnderAnXlsName() throws IOException {
        byte[] bytes = new byte[1024];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        Path file = Files.write(dir.resolve("broken.xls"), bytes);
        assertEquals(List.of(ReadFindings.UNREADABLE_FILE), codes(read(file, "broken.xls")));
    }

    @Test
    void passwordProtectedXlsx() throws IOException, GeneralSecurityException {
        Path file = dir.resolve("secret.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem(); XSSFWorkbook wb = new XSSFWorkbook()) {
            SampleWorkbooks.fillResults(wb);
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("himitsu");
            try (OutputStream out = encryptor.getDataStream(fs)) {
                wb.write(out);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        ReadReport report = read(file, "secret.xlsx");
        assertEquals(List.of(ReadFindings.ENCRYPTED_FILE), codes(report));
        Finding finding = report.problems().get(0);
        assertTrue(finding.hint().contains("パスワードを解除して保存し直してください"), finding.hint());
        assertEquals("xlsx", report.format());
    }

    @Test
    void passwordProtectedXls() throws IOException {
        Path file = dir.resolve("secret.xls");
        Biff8EncryptionKey.setCurrentUserPassword("himitsu");
        try (HSSFWorkbook wb = new HSSFWorkbook()) {
            SampleWorkbooks.fillResults(wb);
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        } finally {
            Biff8EncryptionKey.setCurrentUserPassword(null);
        }
        assertEquals(List.of(ReadFindings.ENCRYPTED_FILE), codes(read(file, "secret.xls")));
    }

    @Test
    void unsupportedExtension() throws IOException {
        Path file = Files.writeString(dir.resolve("results.pdf"), "%PDF-1.7");
        ReadReport report = read(file, "results.pdf");
        assertEquals(List.of(ReadFindings.UNSUPPORTED_FORMAT), codes(report));
        assertEquals(null, report.format());
        assertTrue(report.problems().get(0).message().contains(".pdf"));
    }

    @Test
    void anUnsupportedExtensionIsNamedWithoutTheDotsAndSpacesAfterIt() throws IOException {
        Path file = Files.writeString(dir.resolve("results.pdf. "), "%PDF-1.7");
        ReadReport report = read(file, "results.pdf. ");
        assertEquals(List.of(ReadFindings.UNSUPPORTED_FORMAT), codes(report));
        assertEquals("このファイル形式（.pdf）には対応していません。", report.problems().get(0).message());
    }

    @Test
    void webPageSavedAsXls() throws IOException {
        Path file = Files.writeString(dir.resolve("page.xls"),
                "\n<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table><tr><td>指標コード</td></tr></table></html>",
                StandardCharsets.UTF_8);
        assertEquals(List.of(ReadFindings.UNSUPPORTED_FORMAT), codes(read(file, "page.xls")));
    }

    @Test
    void ole2ThatIsNoWorkbook() throws IOException {
        Path file = dir.resolve("letter.xls");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            fs.createDocument(new ByteArrayInputStream(new byte[600]), "WordDocument");
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        assertEquals(List.of(ReadFindings.UNSUPPORTED_FORMAT), codes(read(file, "letter.xls")));
    }

    private ReadReport read(Path file, String name) throws IOException {
        RecordingHandler handler = new RecordingHandler();
        ReadReport report = reader.read(file, name, handler);
        assertTrue(report.hasErrors());
        assertTrue(handler.rows.isEmpty());
        return report;
    }
}
