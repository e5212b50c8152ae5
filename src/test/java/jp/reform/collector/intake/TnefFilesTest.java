package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jp.reform.collector.intake.TnefFiles.InnerFile;
import jp.reform.collector.intake.TnefFiles.UnreadableTnefException;
import jp.reform.collector.support.Tnef;
import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
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

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
