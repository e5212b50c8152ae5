package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run-once whose sweep does not end within --timeout-minutes has failed (exit 1, as the README's exit codes
 * say), not failed to start (2): a scheduler's mail tells the two apart.
 */
class RunOnceTimeoutTest {

    @TempDir
    Path tmp;

    @Test
    void aSweepPastItsTimeoutFailsTheRunAndLeavesTheFileForTheNext() throws Exception {
        Path inbox = tmp.resolve("inbox");
        TestFiles.copyTree(Path.of("samples", "inbox", "職員課"), inbox.resolve("職員課"));
        Path file;
        try (var files = Files.list(inbox.resolve("職員課"))) {
            file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }

        // 0 minutes: the file cannot have settled (intake.settle-ms) when the wait ends
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = CollectorCommand.execute("run-once", "--config", "config", "--inbox", inbox.toString(),
                    "--db-url", TestDatabase.freshUrl(), "--data", tmp.resolve("data").toString(),
                    "--outbox", tmp.resolve("outbox").toString(), "--reports", tmp.resolve("reports").toString(),
                    "--today", "2026-07-01", "--timeout-minutes", "0");
        } finally {
            System.setErr(stderr);
        }

        assertThat(exit).isEqualTo(1);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("Error: ", "not swept within", "the overnight steps were not run");
        assertThat(file).exists();
        assertThat(inbox.resolve("職員課").resolve(".done")).doesNotExist();
    }
}
