package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POI writes the sheets of a workbook through temporary files in {@code <tmp>/poifiles}, by default one folder for
 * every user of the machine. The README's first start runs {@code demo} and {@code serve} as root, which leaves that
 * folder root's: the service account then wrote no committee or exception workbook, and every overnight run failed.
 */
@RunsCollectorProcesses
class SharedWorkbookTempFolderTest {

    private static final Duration BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void workbooksAreWrittenWhenAnotherUserMadeThePoiFolderOfTheMachine() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path othersFolder = Files.createDirectories(tmp.resolve("poifiles"));
        Files.setPosixFilePermissions(othersFolder, PosixFilePermissions.fromString("r-xr-xr-x"));
        List<String> wrapper = ServiceAccount.wrapper();
        assumeTrue(ServiceAccount.refuses(wrapper, "touch", othersFolder.resolve("probe").toString()),
                "this machine cannot make a folder the collector may not write in");
        home.set("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        int exit;
        String stderr;
        try (CollectorProcess run = home.startUnder(wrapper, "run-once",
                "--db-url", TestDatabase.freshUrl(), "--today", "2026-06-23")) {
            exit = run.waitFor(BOUND);
            stderr = run.stderr();
        }

        assertThat(exit).as(stderr).isZero();
        assertThat(stderr).doesNotContain("poifiles");
        assertThat(home.home.resolve("reports").resolve("atsugi-7-2").resolve("行革実績_atsugi-7-2_2025年度.xlsx"))
                .isNotEmptyFile();
        assertThat(home.home.resolve("outbox")).isDirectoryRecursivelyContaining("glob:**exception_report.eml");
    }
}
