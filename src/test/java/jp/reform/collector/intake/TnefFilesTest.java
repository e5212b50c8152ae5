package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jp.reform.collector.intake.TnefFiles.InnerFile;
import jp.reform.collector.intake.TnefFiles.UnreadableTnefException;
import jp.reform.collector.support.Tnef;
import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.apache.poi.hmef.attribute.TNEFAttribute;
import org.junit.jupiter.api.Test;

/** What is found inside a winmail.dat, and that a damaged one is told as such, never half read. */
class TnefFilesTest {

    private static final byte[] XLSX = "PK\u0003\u0004 a workbook".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3, 4};

    @Test
    void theTestWriterWritesWhatPoiReads() throws Exception {
        byte[] tnef = Tnef.of(new Tnef.File("JISSEK~1.XLS", "令和7年度_実績報告（職員課）.xlsx", XLSX),
                new Tnef.File("IMAGE001.PNG", null, PNG));

        HMEFMessage message = new HMEFMessage(new ByteArrayInputStream(tnef));

        List<Attachment> attachments = message.getAttachments();
        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0).getLongFilename()).isEqualTo("令和7年度_実績報告（職員課）.xlsx");
        assertThat(attachments.get(0).getFilename()).isEqualTo("JISSEK~1.XLS");
        assertThat(attachments.get(0).getContents()).isEqualTo(XLSX);
        assertThat(attachments.get(1).getLongFilename()).isNull();
        assertThat(attachments.get(1).getContents()).isEqualTo(PNG);
    }

    @Test
    void filesAreNamedByTheirLongNameElseTheirShortName() throws Exception {
        List<InnerFile> files = TnefFiles.read(Tnef.of(
                new Tnef.File("JISSEK~1.XLS", "令和7年度_実績報告（職員課）.xlsx", XLSX),
                new Tnef.File("IMAGE001.PNG", null, PNG)));

        assertThat(files).extracting(InnerFile::name).containsExactly("令和7年度_実績報告（職員課）.xlsx", "IMAGE001.PNG");
        assertThat(files.get(0).content()).isEqualTo(XLSX);
        assertThat(files.get(1).content()).isEqualTo(PNG);
    }

    @Test
    void eightBitNamesAreReadInTheSendersCodePageNotAsLatin1() throws Exception {
        // an Outlook not in Unicode mode writes the long name as PT_STRING8 in code page 932
        List<InnerFile> files = TnefFiles.read(Tnef.of(932, List.of(
                new Tnef.File("実績~1.CSV", "実績報告①～㈱.csv", false, XLSX),
                new Tnef.File("実績表.xls", null, XLSX))));

        assertThat(files).extracting(InnerFile::name).containsExactly("実績報告①～㈱.csv", "実績表.xls");
    }

    @Test
    void aStreamCutAnywhereNeverGivesAPartFile() throws Exception {
        byte[] tnef = Tnef.of(new Tnef.File("JISSEK~1.XLS", "実績.xlsx", XLSX));

        int unreadable = 0;
        for (int cut = 0; cut < tnef.length; cut++) {
            try {
                // a cut between two attributes leaves a shorter stream that is whole: a file or none, never a part
                assertThat(TnefFiles.read(Arrays.copyOf(tnef, cut)))
                        .allSatisfy(f -> assertThat(f.content()).satisfiesAnyOf(
                                c -> assertThat(c).isNull(), c -> assertThat(c).isEqualTo(XLSX)));
            } catch (UnreadableTnefException e) {
                unreadable++;
            }
        }
        // whole after each of the first six attributes (three of the message, three of the attachment)
        assertThat(unreadable).isEqualTo(tnef.length - 6);
    }

    @Test
    void aFileWhoseBytesChangedOnTheWayIsToldByItsChecksum() throws Exception {
        byte[] tnef = Tnef.of(new Tnef.File("JISSEK~1.XLS", "実績.xlsx", XLSX));
        int at = indexOf(tnef, XLSX);
        tnef[at + 5] ^= 0x01;

        assertThatThrownBy(() -> TnefFiles.read(tnef)).isInstanceOf(UnreadableTnefException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void whatIsNotTnefIsUnreadableNotAnError() {
        byte[] signatureThenNoise = new byte[4096];
        new Random(7).nextBytes(signatureThenNoise);
        System.arraycopy(new byte[] {0x78, (byte) 0x9F, 0x3E, 0x22, 1, 0}, 0, signatureThenNoise, 0, 6);
        byte[] hugeLength = Tnef.of();
        hugeLength = Arrays.copyOf(hugeLength, hugeLength.length + 11);
        int at = hugeLength.length - 11;
        hugeLength[at] = 2; // an attachment attribute that claims 2 GB
        hugeLength[at + 5] = (byte) 0xFF;
        hugeLength[at + 6] = (byte) 0xFF;
        hugeLength[at + 7] = (byte) 0xFF;
        hugeLength[at + 8] = 0x7F;

        for (byte[] bad : List.of(new byte[0], "not TNEF at all".getBytes(StandardCharsets.US_ASCII), XLSX,
                Arrays.copyOf(signatureThenNoise, 6), signatureThenNoise, hugeLength)) {
            assertThatThrownBy(() -> TnefFiles.read(bad)).isInstanceOf(UnreadableTnefException.class);
        }
    }

    @Test
    void aTnefPartIsKnownByItsTypeOrByTheNamesOutlookGivesIt() {
        assertThat(TnefFiles.isTnef("application/ms-tnef", null)).isTrue();
        assertThat(TnefFiles.isTnef("application/vnd.ms-tnef", "foo.bin")).isTrue();
        assertThat(TnefFiles.isTnef("application/octet-stream", "WINMAIL.DAT")).isTrue();
        assertThat(TnefFiles.isTnef(null, "win.dat")).isTrue();
        assertThat(TnefFiles.isTnef("application/octet-stream", "winmail.dat.xlsx")).isFalse();
        assertThat(TnefFiles.isTnef("application/vnd.ms-excel", "実績.xls")).isFalse();
    }

    @Test
    void theMessagesOwnPropertiesNeverCostMoreMemoryThanTheStream() throws Exception {
        // attMsgProps that unpack into far more than their size: 225,000 two-byte values (one object each),
        // and compressed RTF bodies (LZFu) that each grow eightfold when decompressed
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        Tnef.writeInt(props, 25 + 1);
        for (int p = 0; p < 25; p++) {
            Tnef.writeShort(props, 0x100B); // PT_MV_BOOLEAN
            Tnef.writeShort(props, 0x6700 + p);
            Tnef.writeInt(props, 9_000);
            for (int i = 0; i < 9_000; i++) {
                Tnef.writeInt(props, 1);
            }
        }
        Tnef.writeShort(props, 0x1102); // PT_MV_BINARY
        Tnef.writeShort(props, 0x1009); // PR_RTF_COMPRESSED
        Tnef.writeInt(props, 3);
        for (int i = 0; i < 3; i++) {
            byte[] rtf = compressedRtf(52_000);
            Tnef.writeInt(props, rtf.length);
            props.writeBytes(rtf);
        }
        byte[] tnef = Tnef.plus(Tnef.of(new Tnef.File("JISSEKI.CSV", "実績.csv", XLSX)), 1, 0x00069003,
                props.toByteArray());

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        List<InnerFile> files = TnefFiles.read(tnef);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(files).extracting(InnerFile::name).containsExactly("実績.csv");
        assertThat(allocated).as("bytes allocated to read %d bytes", tnef.length).isLessThan(3L * tnef.length);
    }

    @Test
    void aRichTextBodyOverOneMegabyteDoesNotHideTheFilesBesideIt() throws Exception {
        // a body with a pasted screenshot: PR_RTF_COMPRESSED stored uncompressed ("MELA"), 1.5 MB
        byte[] body = new byte[1_500_000];
        Arrays.fill(body, (byte) 'x');
        ByteArrayOutputStream rtf = new ByteArrayOutputStream();
        Tnef.writeInt(rtf, body.length + 12);
        Tnef.writeInt(rtf, body.length);
        Tnef.writeInt(rtf, 0x414C454D); // "MELA": not compressed
        Tnef.writeInt(rtf, 0);
        rtf.writeBytes(body);
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        Tnef.writeInt(props, 1);
        Tnef.writeShort(props, 0x0102); // PT_BINARY
        Tnef.writeShort(props, 0x1009); // PR_RTF_COMPRESSED
        Tnef.writeInt(props, 1);
        Tnef.writeInt(props, rtf.size());
        props.writeBytes(rtf.toByteArray());
        byte[] tnef = Tnef.plus(Tnef.of(new Tnef.File("JISSEKI.CSV", "実績.csv", XLSX)), 1, 0x00069003,
                props.toByteArray());

        assertThat(TnefFiles.read(tnef)).extracting(InnerFile::name).containsExactly("実績.csv");
    }

    @Test
    void aLargeAttachedFileIsReadWithoutRaisingPoisProcessWideLimits() throws Exception {
        int poiLimit = TNEFAttribute.getMaxRecordLength();
        byte[] large = new byte[poiLimit + 1_000_000];
        Arrays.fill(large, (byte) ',');

        List<InnerFile> files = TnefFiles.read(Tnef.of(new Tnef.File("JISSEKI.CSV", "実績.csv", large)));

        assertThat(files).singleElement().satisfies(f -> assertThat(f.content()).hasSize(large.length));
        assertThat(TNEFAttribute.getMaxRecordLength()).isEqualTo(poiLimit);
    }

    @Test
    void namesEndAtTheirFirstNulAsOutlookShowsThem() throws Exception {
        List<InnerFile> files = TnefFiles.read(Tnef.of(932, List.of(
                new Tnef.File("JISSEKI.CSV", "実績.csv\0.exe", true, XLSX),
                new Tnef.File("JISSEKI.CSV", "報告.csv\0.exe", false, XLSX),
                new Tnef.File("KEKKA.CSV\0.EXE", null, XLSX))));

        assertThat(files).extracting(InnerFile::name).containsExactly("実績.csv", "報告.csv", "KEKKA.CSV");
    }

    @Test
    void anyDamageToAStreamGivesItsFilesOrUnreadableNeverAnotherFailure() {
        byte[] valid = Tnef.of(new Tnef.File("JISSEKI.CSV", "実績.csv", XLSX),
                new Tnef.File("IMAGE001.PNG", "image001.png", false, PNG));
        Random random = new Random(20260701);
        int readable = 0;
        int unreadable = 0;
        for (int round = 0; round < 5_000; round++) {
            byte[] mutated = mutate(valid, random);
            try {
                List<InnerFile> files = TnefFiles.read(mutated);
                assertThat(files.stream().mapToLong(f -> f.content() == null ? 0 : f.content().length).sum())
                        .isLessThanOrEqualTo(mutated.length);
                readable++;
            } catch (UnreadableTnefException e) {
                unreadable++;
            }
        }
        assertThat(readable).isPositive();
        assertThat(unreadable).isPositive();
        assertThat(readable + unreadable).isEqualTo(5_000);
    }

    /** One to four changes: a byte set at random, a length field set to an extreme, a cut or a byte dropped. */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        for (int changes = 1 + random.nextInt(4); changes > 0 && bytes.length > 0; changes--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> {
                    int value = random.nextBoolean() ? -1 : random.nextInt();
                    for (int i = 0; i < 4 && at + i < bytes.length; i++) {
                        bytes[at + i] = (byte) (value >>> (8 * i));
                    }
                }
                case 2 -> bytes = Arrays.copyOf(bytes, at);
                default -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
            }
        }
        return bytes;
    }

    /**
     * Compressed RTF (MS-OXRTFCP) of {@code runs} runs, each a control byte and eight references that copy
     * 17 bytes of the preset dictionary: 17 bytes that grow into 136.
     */
    private static byte[] compressedRtf(int runs) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < runs; i++) {
            data.write(0xFF);
            for (int r = 0; r < 8; r++) {
                data.write(0x00);
                data.write(0x0F);
            }
        }
        ByteArrayOutputStream rtf = new ByteArrayOutputStream();
        Tnef.writeInt(rtf, data.size() + 12);
        Tnef.writeInt(rtf, runs * 136);
        Tnef.writeInt(rtf, 0x75465A4C); // "LZFu"
        Tnef.writeInt(rtf, 0);
        rtf.writeBytes(data.toByteArray());
        return rtf.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
