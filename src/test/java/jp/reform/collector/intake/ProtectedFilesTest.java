package jp.reform.collector.intake;

import static jp.reform.collector.intake.ProtectedFiles.Protection.ENCRYPTED_ZIP;
import static jp.reform.collector.intake.ProtectedFiles.Protection.NONE;
import static jp.reform.collector.intake.ProtectedFiles.Protection.PASSWORD_PROTECTED_EXCEL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectedFilesTest {

    private static final byte[] CSV = "指標コード,実績値\r\nA-01,1234\r\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    // --- Excel ---

    @Test
    void agileEncryptedXlsxWhateverItsName() throws Exception {
        byte[] encrypted = encryptedXlsx(EncryptionMode.agile);
        assertThat(ProtectedFiles.check(write("secret.xlsx", encrypted))).isEqualTo(PASSWORD_PROTECTED_EXCEL);
        assertThat(ProtectedFiles.check(write("secret.xls", encrypted))).isEqualTo(PASSWORD_PROTECTED_EXCEL);
        assertThat(ProtectedFiles.check(write("secret", encrypted))).isEqualTo(PASSWORD_PROTECTED_EXCEL);
        assertThat(ProtectedFiles.isZip(write("secret.xlsx", encrypted))).isFalse();
    }

    @Test
    void standardEncryptedXlsx() throws Exception {
        assertThat(ProtectedFiles.check(write("secret.xlsm", encryptedXlsx(EncryptionMode.standard))))
                .isEqualTo(PASSWORD_PROTECTED_EXCEL);
    }

    @Test
    void xlsWithAnOpenPassword() throws Exception {
        byte[] encrypted = xls("pw");
        assertThat(ProtectedFiles.check(write("secret.xls", encrypted))).isEqualTo(PASSWORD_PROTECTED_EXCEL);
        assertThat(ProtectedFiles.check(write("secret.csv", encrypted))).isEqualTo(PASSWORD_PROTECTED_EXCEL);
    }

    @Test
    void xlsWithAnOpenPasswordEvenWhenTheThreadKnowsIt() throws Exception {
        Path file = write("secret.xls", xls("pw"));
        Biff8EncryptionKey.setCurrentUserPassword("pw");
        try {
            assertThat(ProtectedFiles.check(file)).isEqualTo(PASSWORD_PROTECTED_EXCEL);
            assertThat(Biff8EncryptionKey.getCurrentUserPassword()).isEqualTo("pw");
        } finally {
            Biff8EncryptionKey.setCurrentUserPassword(null);
        }
    }

    @Test
    void xlsEncryptedWithExcelsDefaultPasswordOpensWithoutOne() throws Exception {
        // Excel writes such files for workbooks that only protect their structure; HSSF reads them as is
        Path file = write("structure.xls", xls("VelvetSweatshop"));
        assertThat(ProtectedFiles.check(file)).isEqualTo(NONE);
        try (HSSFWorkbook workbook = new HSSFWorkbook(new POIFSFileSystem(file.toFile(), true))) {
            assertThat(workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue()).isEqualTo("A-01");
        }
    }

    @Test
    void ordinaryWorkbooksAndCsv() throws Exception {
        Path xlsx = write("ok.xlsx", xlsx());
        assertThat(ProtectedFiles.check(xlsx)).isEqualTo(NONE);
        assertThat(ProtectedFiles.isZip(xlsx)).isTrue();
        assertThat(ProtectedFiles.check(write("ok.xls", xls(null)))).isEqualTo(NONE);
        assertThat(ProtectedFiles.check(write("ok.csv", CSV))).isEqualTo(NONE);
        assertThat(ProtectedFiles.isZip(write("ok.csv", CSV))).isFalse();
    }

    @Test
    void ole2WithoutAWorkbookStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            fs.createDocument(new ByteArrayInputStream(CSV), "Something");
            fs.writeFilesystem(out);
        }
        assertThat(ProtectedFiles.check(write("odd.xls", out.toByteArray()))).isEqualTo(NONE);
    }

    // --- ZIP ---

    @Test
    void zipWithTheEncryptionFlagInBothHeaders() throws Exception {
        byte[] zip = zip(false, "実績.xlsx", "明細.csv");
        setEncrypted(zip, true, true, 0);
        assertThat(ProtectedFiles.check(write("実績.zip", zip))).isEqualTo(ENCRYPTED_ZIP);
        assertThat(ProtectedFiles.check(write("disguised.xlsx", zip))).isEqualTo(ENCRYPTED_ZIP);
        assertThat(ProtectedFiles.isZip(write("実績.zip", zip))).isTrue();
    }

    @Test
    void flagOnlyInTheCentralDirectoryOfALaterEntry() throws Exception {
        // deflated entries carry data descriptors: the local headers cannot be walked past the first
        byte[] zip = zip(false, "a.csv", "b.csv", "c.csv");
        setEncrypted(zip, false, true, 2);
        assertThat(ProtectedFiles.check(write("c.zip", zip))).isEqualTo(ENCRYPTED_ZIP);
    }

    @Test
    void flagOnlyInALaterLocalHeader() throws Exception {
        byte[] zip = zip(true, "a.csv", "b.csv", "c.csv");
        setEncrypted(zip, true, false, 2);
        assertThat(ProtectedFiles.check(write("l.zip", zip))).isEqualTo(ENCRYPTED_ZIP);
    }

    @Test
    void truncatedEncryptedZipWithoutItsCentralDirectory() throws Exception {
        byte[] zip = zip(false, "実績.xlsx");
        setEncrypted(zip, true, true, 0);
        assertThat(ProtectedFiles.check(write("cut.zip", Arrays.copyOf(zip, 40)))).isEqualTo(ENCRYPTED_ZIP);
    }

    @Test
    void encryptedZipWithAnArchiveComment() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setComment("x".repeat(60_000));
            for (String name : new String[] {"a.csv", "b.csv"}) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(CSV);
                zip.closeEntry();
            }
        }
        byte[] bytes = out.toByteArray();
        setEncrypted(bytes, false, true, 1);
        assertThat(ProtectedFiles.check(write("commented.zip", bytes))).isEqualTo(ENCRYPTED_ZIP);
    }

    @Test
    void encryptedZipBehindAStub() throws Exception {
        // a self-extracting archive: every offset in the end record is off by the stub's length
        byte[] zip = zip(false, "a.csv", "b.csv");
        setEncrypted(zip, false, true, 1);
        byte[] withStub = new byte[zip.length + 1000];
        System.arraycopy("PK\3\4".getBytes(StandardCharsets.ISO_8859_1), 0, withStub, 0, 4);
        System.arraycopy(zip, 0, withStub, 1000, zip.length);
        assertThat(ProtectedFiles.check(write("sfx.zip", withStub))).isEqualTo(ENCRYPTED_ZIP);
    }

    @Test
    void zip64WithManyEntriesAndTheLastOneEncrypted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(0);
            for (int i = 0; i < 70_000; i++) {
                zip.putNextEntry(new ZipEntry(Integer.toString(i)));
                zip.closeEntry();
            }
        }
        byte[] bytes = out.toByteArray();
        // as archivers writing ZIP64 do: the classic end record defers size and offset to the ZIP64 one
        int end = bytes.length - 22;
        assertThat(Arrays.copyOfRange(bytes, end, end + 4)).containsExactly('P', 'K', 5, 6);
        assertThat(Arrays.copyOfRange(bytes, end - 20, end - 16)).containsExactly('P', 'K', 6, 7);
        Arrays.fill(bytes, end + 12, end + 20, (byte) 0xFF);
        assertThat(ProtectedFiles.check(write("many.zip", bytes))).isEqualTo(NONE);
        setEncrypted(bytes, false, true, 69_999);
        long start = System.nanoTime();
        assertThat(ProtectedFiles.check(write("many.zip", bytes))).isEqualTo(ENCRYPTED_ZIP);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void ordinaryZips() throws Exception {
        assertThat(ProtectedFiles.check(write("ok.zip", zip(false, "a.csv", "b.xlsx")))).isEqualTo(NONE);
        assertThat(ProtectedFiles.check(write("stored.zip", zip(true, "a.csv")))).isEqualTo(NONE);
        Path empty = write("empty.zip", zip(false));
        assertThat(ProtectedFiles.isZip(empty)).isTrue();
        assertThat(ProtectedFiles.check(empty)).isEqualTo(NONE);
    }

    // --- garbage ---

    @Test
    void garbageIsNeverProtectedAndNeverThrows() throws Exception {
        Random random = new Random(7);
        byte[] noise = new byte[64 * 1024];
        random.nextBytes(noise);
        assertThat(ProtectedFiles.check(write("noise.xlsx", noise))).isEqualTo(NONE);

        byte[] fakeZip = noise.clone();
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, fakeZip, 0, 4);
        fakeZip[6] = 0;
        assertThat(ProtectedFiles.check(write("fake.zip", fakeZip))).isEqualTo(NONE);

        byte[] fakeOle2 = noise.clone();
        System.arraycopy(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1}, 0, fakeOle2, 0, 8);
        assertThat(ProtectedFiles.check(write("fake.xls", fakeOle2))).isEqualTo(NONE);

        assertThat(ProtectedFiles.check(Files.createFile(dir.resolve("empty.xlsx")))).isEqualTo(NONE);
        assertThat(ProtectedFiles.check(write("pk.zip", new byte[] {'P', 'K', 3, 4}))).isEqualTo(NONE);
        assertThat(ProtectedFiles.check(dir.resolve("missing.xlsx"))).isEqualTo(NONE);
        assertThat(ProtectedFiles.check(dir)).isEqualTo(NONE);
        assertThat(ProtectedFiles.isZip(dir.resolve("missing.zip"))).isFalse();
    }

    @Test
    void truncatedFilesAreNotProtected() throws Exception {
        byte[] xlsx = xlsx();
        byte[] xls = xls(null);
        byte[] encrypted = encryptedXlsx(EncryptionMode.agile);
        for (int length : new int[] {3, 8, 100, 512, 1000}) {
            assertThat(ProtectedFiles.check(write("t.xlsx", Arrays.copyOf(xlsx, length)))).as("xlsx %d", length).isEqualTo(NONE);
            assertThat(ProtectedFiles.check(write("t.xls", Arrays.copyOf(xls, length)))).as("xls %d", length).isEqualTo(NONE);
            assertThat(ProtectedFiles.check(write("e.xlsx", Arrays.copyOf(encrypted, length)))).as("enc %d", length).isEqualTo(NONE);
        }
    }

    @Test
    void zipHeadersWithHostileSizes() throws Exception {
        byte[] zip = zip(false, "a.csv", "b.csv");
        int central = indexOf(zip, new byte[] {'P', 'K', 1, 2}, 0);
        // huge name/extra/comment lengths in the first central entry, and an end record pointing nowhere
        zip[central + 28] = (byte) 0xFF;
        zip[central + 29] = (byte) 0xFF;
        assertThat(ProtectedFiles.check(write("h1.zip", zip))).isEqualTo(NONE);
        int end = indexOf(zip, new byte[] {'P', 'K', 5, 6}, 0);
        for (int i = 12; i < 20; i++) {
            zip[end + i] = (byte) 0xFF;
        }
        assertThat(ProtectedFiles.check(write("h2.zip", zip))).isEqualTo(NONE);
    }

    // --- building files ---

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] xlsx() throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            return bytes(fill(workbook));
        }
    }

    private static byte[] encryptedXlsx(EncryptionMode mode) throws IOException, GeneralSecurityException {
        byte[] plain = xlsx();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(mode).getEncryptor();
            encryptor.confirmPassword("pw");
            try (OutputStream out = encryptor.getDataStream(fs)) {
                out.write(plain);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    /** An .xls, encrypted with {@code password} unless it is null. */
    private static byte[] xls(String password) throws IOException {
        Biff8EncryptionKey.setCurrentUserPassword(password);
        try (HSSFWorkbook workbook = new HSSFWorkbook()) {
            return bytes(fill(workbook));
        } finally {
            Biff8EncryptionKey.setCurrentUserPassword(null);
        }
    }

    private static Workbook fill(Workbook workbook) {
        workbook.createSheet("実績").createRow(0).createCell(0).setCellValue("A-01");
        return workbook;
    }

    private static byte[] bytes(Workbook workbook) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        workbook.write(out);
        return out.toByteArray();
    }

    /** A zip of small CSV entries; stored entries have their sizes in the local headers. */
    private static byte[] zip(boolean stored, String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (String name : names) {
                ZipEntry entry = new ZipEntry(name);
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(CSV);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(CSV.length);
                    entry.setCompressedSize(CSV.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(CSV);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * Sets bit 0 of the general-purpose flags of entry {@code index} (0-based) in its local header
     * and/or its central directory entry, as an encrypting archiver would.
     */
    private static void setEncrypted(byte[] zip, boolean local, boolean central, int index) {
        if (local) {
            zip[nth(zip, new byte[] {'P', 'K', 3, 4}, index) + 6] |= 1;
        }
        if (central) {
            zip[nth(zip, new byte[] {'P', 'K', 1, 2}, index) + 8] |= 1;
        }
    }

    private static int nth(byte[] bytes, byte[] signature, int index) {
        int at = -1;
        for (int i = 0; i <= index; i++) {
            at = indexOf(bytes, signature, at + 1);
            assertThat(at).isNotNegative();
        }
        return at;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
