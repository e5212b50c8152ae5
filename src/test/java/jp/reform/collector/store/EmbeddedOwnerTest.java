package jp.reform.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One owner per data folder, and a stale server is only stopped when it is provably ours. */
class EmbeddedOwnerTest {

    @TempDir
    Path data;

    @Test
    void onlyOneOwnerAtATimeAndItsConnectionDetailsGoWithIt() {
        Optional<EmbeddedOwner> first = EmbeddedOwner.tryAcquire(data, "serve");
        assertThat(first).isPresent();
        assertThat(EmbeddedOwner.tryAcquire(data, "summary")).isEmpty();
        assertThat(EmbeddedOwner.readInfo(data)).get().extracting(EmbeddedOwner.Info::sharesItsDatabase).isEqualTo(false);

        first.get().share("jdbc:postgresql://localhost:5555/postgres?user=postgres");
        EmbeddedOwner.Info info = EmbeddedOwner.readInfo(data).orElseThrow();
        assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.command()).isEqualTo("serve");
        assertThat(info.sharesItsDatabase()).isTrue();

        first.get().close();
        assertThat(EmbeddedOwner.readInfo(data)).isEmpty();
        Optional<EmbeddedOwner> next = EmbeddedOwner.tryAcquire(data, "summary");
        assertThat(next).isPresent();
        next.get().close();
    }

    @Test
    void aPidFileNamingAnotherLiveProcessIsRemovedAndThatProcessLeftAlone() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "30").start();
        try {
            Path pgData = Files.createDirectories(data.resolve("postgres"));
            Files.writeString(pgData.resolve("postmaster.pid"), unrelated.pid() + "\n" + pgData + "\n");

            EmbeddedStaleServer.stopIfLeftRunning(pgData);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(pgData.resolve("postmaster.pid")).doesNotExist();
        } finally {
            unrelated.destroy();
        }
    }

    @Test
    void aPostgresOfAnotherFolderIsNotOurs() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(EmbeddedStaleServer.servesFolder(other.toHandle(), data)).isFalse();
        } finally {
            other.destroy();
        }
    }
}
