package jp.reform.collector.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's writes to config/rounds.csv change the one plan-year's line and nothing else IT staff wrote
 * (comments, the order of lines and columns, CRLF, a BOM, Windows-31J from Excel), leave no file half-written or
 * beside it, and write nothing when the file changed since it was read or would not load as a start reads it.
 */
class RoundsFileTest {

    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    private static final RoundsFile.Entry NEXT = new RoundsFile.Entry("2027-05-06", "2027-06-30", List.of("7", "1"),
            "7", "14");
    private static MasterData master;

    @TempDir
    Path config;

    @BeforeAll
    static void loadMaster() {
        master = new MasterDataLoader().load(Path.of("config"));
    }

    private void prepare(byte[] rounds) throws Exception {
        Files.copy(Path.of("config/holidays.csv"), config.resolve("holidays.csv"));
        if (rounds != null) {
            Files.write(config.resolve("rounds.csv"), rounds);
        }
    }

    private String fingerprint() {
        return RoundsFile.read(config).fingerprint();
    }

    @Test
    void aNewYearIsAddedAtTheEndAndEveryOtherLineStaysAsWritten() throws Exception {
        String it = "# 令和7年度分は6月末締切（IT担当）\r\n"
                + "plan_code,fiscal_year,deadline,opens,remind_days_before,overdue_every_days,escalate_after_days\r\n"
                + "atsugi-7-2,2025,2026-06-30,2026-05-01,7|1,7,14\r\n\r\n";
        byte[] bytes = it.getBytes(WINDOWS_31J);
        prepare(bytes);
        assertThat(RoundsFile.read(config).entry("atsugi-7-2", 2025)).hasValue(new RoundsFile.Entry("2026-05-01",
                "2026-06-30", List.of("7", "1"), "7", "14"));
        assertThat(RoundsFile.read(config).entry("atsugi-7-2", 2026)).isEmpty();

        RoundsFile.write(config, fingerprint(), "atsugi-7-2", 2026, NEXT, master);
        // Excel's encoding, CRLF and the columns' order (deadline before opens) as IT staff saved them
        assertThat(new String(Files.readAllBytes(config.resolve("rounds.csv")), WINDOWS_31J)).isEqualTo(
                "# 令和7年度分は6月末締切（IT担当）\r\n"
                        + "plan_code,fiscal_year,deadline,opens,remind_days_before,overdue_every_days,escalate_after_days\r\n"
                        + "atsugi-7-2,2025,2026-06-30,2026-05-01,7|1,7,14\r\n"
                        + "atsugi-7-2,2026,2027-06-30,2027-05-06,7|1,7,14\r\n");
        assertThat(new RoundsLoader().load(config, master)).extracting(CollectionRound::fiscalYear)
                .containsExactly(2025, 2026);
        try (Stream<Path> left = Files.list(config)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".rounds.csv.lock")))
                    .containsExactlyInAnyOrder("holidays.csv", "rounds.csv");
        }
    }

    @Test
    void aYearsLineIsReplacedWhereItIsAndABomIsKept() throws Exception {
        String it = "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n"
                + "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14\n"
                + "# 来年度分\n"
                + "atsugi-7-2,2026,2027-05-01,2027-06-30,7,7,0\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = it.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, bytes, 0, 3);
        System.arraycopy(text, 0, bytes, 3, text.length);
        prepare(bytes);

        RoundsFile.Entry moved = new RoundsFile.Entry("2026-05-01", "2026-07-10", List.of("3"), "0", "0");
        assertThat(RoundsFile.read(config).entry("atsugi-7-2", 2025)).hasValue(
                new RoundsFile.Entry("2026-05-01", "2026-06-30", List.of("7", "1"), "7", "14"));
        RoundsFile.write(config, fingerprint(), "atsugi-7-2", 2025, moved, master);
        byte[] written = Files.readAllBytes(config.resolve("rounds.csv"));
        assertThat(written[0]).isEqualTo(bom[0]);
        assertThat(new String(written, 3, written.length - 3, StandardCharsets.UTF_8)).isEqualTo(
                "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n"
                        + "atsugi-7-2,2025,2026-05-01,2026-07-10,3,0,0\n"
                        + "# 来年度分\n"
                        + "atsugi-7-2,2026,2027-05-01,2027-06-30,7,7,0\n");
    }

    @Test
    void theFilesPermissionsStayAndALinkStaysALink() throws Exception {
        prepare(null);
        Path elsewhere = Files.createDirectory(config.resolve("shared")).resolve("rounds.csv");
        Files.writeString(elsewhere, RoundsFile.HEADER + "\n");
        Files.setPosixFilePermissions(elsewhere, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        Files.createSymbolicLink(config.resolve("rounds.csv"), elsewhere);

        RoundsFile.write(config, fingerprint(), "atsugi-7-2", 2026, NEXT, master);
        assertThat(Files.isSymbolicLink(config.resolve("rounds.csv"))).isTrue();
        assertThat(Files.readString(elsewhere)).endsWith("atsugi-7-2,2026,2027-05-06,2027-06-30,7|1,7,14\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
                .isEqualTo("rw-rw----");
    }

    @Test
    void linesTheChangeDoesNotTouchStayToTheByte() throws Exception {
        // Excel's Windows-31J has two codes for some characters (NEC's 0x8790 and IBM's 0x81E0 are both ≒): a line
        // read and written again as text would come back with the other; and a file may mix line endings
        byte[] comment = {'#', ' ', (byte) 0x87, (byte) 0x90, ' ', (byte) 0xED, 0x40, '\r', '\n'};
        byte[] rest = (RoundsFile.HEADER + "\natsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14\r\n")
                .getBytes(WINDOWS_31J);
        byte[] bytes = java.util.Arrays.copyOf(comment, comment.length + rest.length);
        System.arraycopy(rest, 0, bytes, comment.length, rest.length);
        prepare(bytes);

        RoundsFile.write(config, fingerprint(), "atsugi-7-2", 2026, NEXT, master);
        byte[] written = Files.readAllBytes(config.resolve("rounds.csv"));
        byte[] added = "atsugi-7-2,2026,2027-05-06,2027-06-30,7|1,7,14\r\n".getBytes(WINDOWS_31J);
        assertThat(java.util.Arrays.copyOf(written, bytes.length)).isEqualTo(bytes);
        assertThat(java.util.Arrays.copyOfRange(written, bytes.length, written.length)).isEqualTo(added);
    }

    @Test
    void aYearWrittenWithLeadingZerosIsTheYearTheLoaderReads() throws Exception {
        prepare((RoundsFile.HEADER + "\natsugi-7-2,02026,2027-05-01,2027-06-30,7,7,0\n").getBytes(StandardCharsets.UTF_8));
        assertThat(RoundsFile.read(config).entry("atsugi-7-2", 2026)).isPresent();
        RoundsFile.write(config, fingerprint(), "atsugi-7-2", 2026, NEXT, master);
        assertThat(Files.readString(config.resolve("rounds.csv"))).isEqualTo(RoundsFile.HEADER
                + "\natsugi-7-2,2026,2027-05-06,2027-06-30,7|1,7,14\n");
    }

    @Test
    void withoutAFileOneIsMadeWithTheHeader() throws Exception {
        prepare(null);
        assertThat(RoundsFile.read(config).fingerprint()).isEqualTo(RoundsFile.ABSENT);
        RoundsFile.write(config, RoundsFile.ABSENT, "minamialps-5", 2026, NEXT, master);
        assertThat(Files.readString(config.resolve("rounds.csv"))).isEqualTo(RoundsFile.HEADER + "\n"
                + "minamialps-5,2026,2027-05-06,2027-06-30,7|1,7,14\n");
    }

    @Test
    void aFileChangedSinceItWasReadOrThatWouldNotLoadIsLeftAsItIs() throws Exception {
        String it = RoundsFile.HEADER + "\natsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14\n";
        prepare(it.getBytes(StandardCharsets.UTF_8));
        String read = fingerprint();
        Files.writeString(config.resolve("rounds.csv"), it + "atsugi-7-2,2024,2025-05-01,2025-06-30,7,7,14\n");
        assertThatThrownBy(() -> RoundsFile.write(config, read, "atsugi-7-2", 2026, NEXT, master))
                .isInstanceOf(ConfigCsvFile.Changed.class);
        assertThat(Files.readString(config.resolve("rounds.csv"))).endsWith("2025-06-30,7,7,14\n");

        // IT staff's own line of a plan that no longer exists: the file as it would be does not load
        String broken = RoundsFile.HEADER + "\nold-plan,2025,2026-05-01,2026-06-30,7,7,14\n";
        Files.writeString(config.resolve("rounds.csv"), broken);
        assertThatThrownBy(() -> RoundsFile.write(config, fingerprint(), "atsugi-7-2", 2026, NEXT, master))
                .isInstanceOf(ConfigCsvFile.Refused.class)
                .hasMessageStartingWith("rounds.csv:2: plan_code old-plan is not a plan"); // not the server's paths
        assertThat(Files.readString(config.resolve("rounds.csv"))).isEqualTo(broken);
        try (Stream<Path> left = Files.list(config)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
