package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.support.TestDatabase;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settle rule on the polls' clock, with a clock of the test's own (nothing sleeps): files one poll saw
 * first settle in one poll, however long that poll took from one file to the next, so that a department's
 * files saved together are taken together and loaded oldest first; and no file is taken before the settle
 * time has passed since it was last seen unchanged.
 */
class FolderJailSettleTest {

    private static final Duration SETTLE = Duration.ofMillis(800);
    private static final Duration POLL_DELAY = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Database db;
    private FolderJail jail;
    private Path shokuin;

    @BeforeEach
    void setUp() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        shokuin = Files.createDirectories(inbox.resolve("職員課"));
        db = TestDatabase.fresh();
        jail = new FolderJail(inbox, new FolderRefusalRepository(db, "test"),
                new Quarantine(Clock.systemUTC(), inbox), SETTLE, Duration.ofSeconds(30), nanos::get);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void twoFilesSavedTogetherAreTakenByOnePollEvenWhenThePollThatFirstSawThemWasSlowBetweenThem() throws Exception {
        Path older = save("実績_修正前.csv", Instant.parse("2026-06-30T09:00:00Z"));
        Path newer = save("実績_修正後.csv", Instant.parse("2026-06-30T09:05:00Z"));

        // the first poll lists the newer file, then is held up for 300 ms (a loaded machine) before the older
        List<List<Path>> taken = new ArrayList<>();
        jail.pollStarts();
        List<Path> first = new ArrayList<>();
        listed(newer, first);
        advance(300);
        listed(older, first);
        taken.add(first);
        // then a poll every 200 ms, each listing the older file first, quickly
        while (taken.stream().allMatch(List::isEmpty) && taken.size() < 20) {
            advance(POLL_DELAY.toMillis());
            jail.pollStarts();
            List<Path> poll = new ArrayList<>();
            listed(older, poll);
            advance(1);
            listed(newer, poll);
            advance(1);
            taken.add(poll);
        }

        // taken by one poll, so the route loads the older one first and the one saved later is the current value
        assertThat(taken.get(taken.size() - 1)).containsExactlyInAnyOrder(older, newer);
        // not before the settle time after the end of the listing that first saw both (the older at 300 ms)
        assertThat(taken).hasSize(5);
    }

    @Test
    void aFileThatChangesBetweenPollsIsTakenOnlyOnceItHasStayedTheSameForTheSettleTime() throws Exception {
        Path file = save("実績.csv", Instant.parse("2026-06-30T09:00:00Z"));
        List<Integer> takenAt = new ArrayList<>();
        for (int poll = 1; poll <= 12; poll++) {
            jail.pollStarts();
            if (poll == 3) {
                // still being written: it grows once
                Files.writeString(file, "I-1-ア-1,2025,97,研修を実施\n", StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
                Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-06-30T09:00:00Z")));
            }
            if (jail.accept(generic(file))) {
                takenAt.add(poll);
            }
            advance(POLL_DELAY.toMillis());
        }

        // seen changed by poll 3 (at 400 ms), so settled first at poll 7 (at 1,200 ms), and at every poll after
        assertThat(takenAt).first().isEqualTo(7);
    }

    @Test
    void aFileSavedInNoDepartmentsFolderIsReportedOnceAsItEndsUpNotAtEveryPollWhileItIsCopied() throws Exception {
        Path atTheTop = Files.writeString(shokuin.getParent().resolve("職員課の実績.csv"), "指標コード,年度,実績値\n",
                StandardCharsets.UTF_8);
        List<Long> rows = new ArrayList<>();
        for (int poll = 1; poll <= 12; poll++) {
            jail.pollStarts();
            if (poll <= 4) {
                // still being copied: it grows at every poll
                Files.writeString(atTheTop, "I-1-ア-1,2025,9" + poll + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
            }
            assertThat(jail.accept(generic(atTheTop, false))).isFalse();
            rows.add(refusals());
            advance(POLL_DELAY.toMillis());
        }

        // last changed at poll 4 (600 ms): recorded once the settle time has passed, at poll 8 (1,400 ms), once
        assertThat(rows).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void aFolderInsideADepartmentsFolderIsReportedForTheResultFilesItHoldsNotForALockFileOrForBeingEmpty()
            throws Exception {
        Path folder = Files.createDirectories(shokuin.resolve("令和7年度"));
        // a new, empty folder: nothing there to report
        assertThat(pollsUntil(folder, 8)).isZero();

        Files.writeString(folder.resolve("実績.xlsx"), "saved here by mistake");
        Files.setLastModifiedTime(folder, FileTime.from(Instant.parse("2026-06-30T10:00:00Z")));
        assertThat(pollsUntil(folder, 8)).isEqualTo(1);

        // the workbook opened in Excel: its lock file changes the folder, not what it holds
        Files.writeString(folder.resolve("~$実績.xlsx"), "owner");
        Files.setLastModifiedTime(folder, FileTime.from(Instant.parse("2026-06-30T10:05:00Z")));
        assertThat(pollsUntil(folder, 8)).isEqualTo(1);

        // another result file saved there: a new thing for the division to know
        Files.writeString(folder.resolve("再提出.csv"), "saved here too");
        Files.setLastModifiedTime(folder, FileTime.from(Instant.parse("2026-06-30T10:10:00Z")));
        assertThat(pollsUntil(folder, 8)).isEqualTo(2);
        assertThat(refusalDetails()).containsExactly("a folder inside the department's folder, holding 1 result "
                + "file(s): not read", "a folder inside the department's folder, holding 2 result file(s): not read");
    }

    @Test
    void aFileSavedInAFolderBelowAFolderInsideADepartmentsFolderIsReportedWithinAMinute() throws Exception {
        Path year = Files.createDirectories(shokuin.resolve("令和7年度").resolve("6月")).getParent();
        assertThat(pollsUntil(year, 8)).isZero();

        // saved a level further down: 令和7年度's own time does not change
        FileTime before = Files.getLastModifiedTime(year);
        Files.writeString(year.resolve("6月").resolve("実績.csv"), "saved two levels down");
        assertThat(Files.getLastModifiedTime(year)).isEqualTo(before);
        advance(Duration.ofMinutes(1).toMillis());

        assertThat(pollsUntil(year, 8)).isEqualTo(1);
        assertThat(refusalDetails()).containsExactly("a folder inside the department's folder, holding 1 result file(s): "
                + "not read");
    }

    @Test
    void runOnceWaitsForAnItemNotReadUntilItIsRecordedAndNotPastTheWaitLimit() throws Exception {
        Path settles = Files.writeString(shokuin.getParent().resolve("保存済み.csv"), "指標コード\n");
        Path growing = Files.writeString(shokuin.getParent().resolve("コピー中.csv"), "指標コード\n");
        List<Integer> waiting = new ArrayList<>();
        for (int poll = 1; poll <= 8; poll++) {
            jail.pollStarts();
            Files.writeString(growing, "I-1-ア-1,2025," + poll + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            jail.accept(generic(settles, false));
            jail.accept(generic(growing, false));
            waiting.add(jail.waiting());
            advance(POLL_DELAY.toMillis());
        }
        // both waited for until the first is recorded (poll 5: the settle time after it was first seen), then the
        // one still being copied
        assertThat(waiting).containsExactly(2, 2, 2, 2, 1, 1, 1, 1);
        assertThat(refusals()).isEqualTo(1);
        assertThat(jail.stillChanging()).containsExactly("コピー中.csv");

        // still changing after the wait limit (30 s here): no longer waited for, and named as left
        advance(Duration.ofSeconds(30).toMillis());
        jail.pollStarts();
        Files.writeString(growing, "more\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        jail.accept(generic(settles, false));
        jail.accept(generic(growing, false));
        assertThat(jail.waiting()).isZero();
        assertThat(jail.stillChanging()).containsExactly("コピー中.csv");
        assertThat(refusals()).isEqualTo(1);
    }

    /** Polls {@code polls} times, listing the folder each time; the rows recorded then. */
    private long pollsUntil(Path folder, int polls) {
        for (int poll = 1; poll <= polls; poll++) {
            jail.pollStarts();
            assertThat(jail.accept(generic(folder, true))).isFalse();
            advance(POLL_DELAY.toMillis());
        }
        return refusals();
    }

    private long refusals() {
        return jp.reform.collector.support.Sql.count(db, "select count(*) from folder_refusal");
    }

    private List<String> refusalDetails() {
        return jp.reform.collector.support.Sql.rows(db, "select detail from folder_refusal order by refusal_id")
                .stream().map(r -> (String) r.get("detail")).toList();
    }

    private Path save(String name, Instant modified) throws IOException {
        Path file = Files.writeString(shokuin.resolve(name), "指標コード,年度,実績値,取組状況\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** The consumer lists the file: it is taken by this poll when the jail accepts it. */
    private void listed(Path file, List<Path> taken) {
        if (jail.accept(generic(file))) {
            taken.add(file);
        }
    }

    private static GenericFile<File> generic(Path file) {
        return generic(file, false);
    }

    private static GenericFile<File> generic(Path file, boolean directory) {
        GenericFile<File> found = new GenericFile<>();
        found.setFile(file.toFile());
        found.setAbsoluteFilePath(file.toAbsolutePath().toString());
        found.setDirectory(directory);
        return found;
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
