package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A department folder the service account may not list (its permissions set wrong on the share): Camel's listing of
 * it is silently empty, so its files would lie there unanswered while the 課 is chased for them. The collector
 * reports the folder and reads the others. Root may list any folder, so as root the collector runs without root's
 * right to read and search every folder (setpriv), as a service account would.
 */
@RunsCollectorProcesses
class UnlistableFolderTest {

    private static final Duration BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void aDepartmentFolderTheServiceMayNotListIsReportedAndTheOtherFoldersAreRead() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        String dbUrl = TestDatabase.freshUrl();
        home.dropBatch(1, "実績");
        Path locked = Files.createDirectories(home.inbox.resolve("財政課"));
        Path unseen = DepartmentFiles.csv(locked.resolve("財政課_実績.csv"), java.nio.charset.StandardCharsets.UTF_8, true,
                ",", DepartmentFiles.HEADER, List.of(List.of("II-2-ア-1", "2025", "3", "読めないフォルダの中", "", "", "")));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try (Database db = TestDatabase.at(dbUrl)) {
            List<String> wrapper = ServiceAccount.wrapper();
            assumeTrue(ServiceAccount.refuses(wrapper, "ls", locked.toString()),
                    "this machine cannot make a folder the collector may not list");
            int exit;
            String stderr;
            try (CollectorProcess run = home.startUnder(wrapper, "run-once",
                    "--db-url", dbUrl, "--today", "2026-06-23")) {
                exit = run.waitFor(BOUND);
                stderr = run.stderr();
            }

            assertThat(exit).as(stderr).isZero();
            assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(1);
            assertThat(Sql.rows(db, "select item_path, department_folder, kind, action from folder_refusal "
                    + "where reported_at is not null")).singleElement().satisfies(r -> assertThat(r)
                    .containsEntry("item_path", "財政課").containsEntry("department_folder", "財政課")
                    .containsEntry("kind", "unlistable").containsEntry("action", "left"));
            assertThat(home.logText()).contains("Inbox item 財政課 not read (unlistable): folder cannot be listed");
            // never touched: the 課 saves it again, or the folder's permissions are mended, and it is read
            assertThat(Sql.count(db, "select count(*) from submission where source_name = '財政課_実績.csv'")).isZero();
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(unseen).exists();
    }

    /**
     * The whole inbox unlistable (the share mounted for another user): the file consumer would find it empty, and the
     * run would end "accepted 0" with exit 0 while the 課 are chased for files lying in it. It stops with the folder named.
     */
    @Test
    void anInboxTheServiceMayNotListStopsTheRunWithItsName() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        String dbUrl = TestDatabase.freshUrl();
        home.dropBatch(1, "実績");
        Files.setPosixFilePermissions(home.inbox, PosixFilePermissions.fromString("---------"));
        try {
            List<String> wrapper = ServiceAccount.wrapper();
            assumeTrue(ServiceAccount.refuses(wrapper, "ls", home.inbox.toString()),
                    "this machine cannot make a folder the collector may not list");
            int exit;
            String stderr;
            try (CollectorProcess run = home.startUnder(wrapper, "run-once",
                    "--db-url", dbUrl, "--today", "2026-06-23")) {
                exit = run.waitFor(BOUND);
                stderr = run.stderr();
            }

            assertThat(exit).as(stderr).isEqualTo(2);
            assertThat(stderr).contains("Error: Inbox folder cannot be read: " + home.inbox)
                    .contains("AccessDeniedException");
        } finally {
            Files.setPosixFilePermissions(home.inbox, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(home.waiting()).hasSize(1);
    }
}
