package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data/web-uploads while serve runs: an upload file whose request never ended (nobody writes to it any more) is
 * removed by the sweep; one a request is still writing, and anything not the HTTP server's, stay.
 */
class UploadLeftoversTest {

    private static final Instant NOW = Instant.parse("2026-12-03T01:00:00Z");

    @TempDir
    Path uploads;

    @Test
    void theSweepRemovesUploadFilesNobodyWroteToForAnHourAndNothingElse() throws Exception {
        Path abandoned = file("6f1c3a52-9a4e-4c1e-8d0b-2b7d8f1e4a10", UploadLeftovers.AGE.plusMinutes(1));
        Path writing = file("1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed", Duration.ofSeconds(5));
        Path memo = file("memo.txt", Duration.ofDays(30));
        UploadLeftovers leftovers = new UploadLeftovers(uploads, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(leftovers.sweep()).isEqualTo(1);

        assertThat(abandoned).doesNotExist();
        assertThat(writing).exists();
        assertThat(memo).exists();
        // before the server listens, no request of an earlier run can still write: all of its files go
        leftovers.onContextInitialized(null);
        assertThat(writing).doesNotExist();
        assertThat(memo).exists();
    }

    @Test
    void noFolderYetIsNothingToSweep() {
        assertThat(new UploadLeftovers(uploads.resolve("web-uploads"), Clock.systemUTC()).sweep()).isZero();
    }

    private Path file(String name, Duration age) throws Exception {
        Path file = Files.write(uploads.resolve(name), new byte[100]);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }
}
