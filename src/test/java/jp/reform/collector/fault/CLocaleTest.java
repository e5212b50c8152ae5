package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Started under the C locale (a service or scheduler with no LANG), Java cannot use Japanese file names: the
 * collector says so and how to start it, before it opens anything, instead of failing on a name of '?'.
 */
@RunsCollectorProcesses
class CLocaleTest {

    @TempDir
    Path dir;

    @Test
    void underTheCLocaleEveryCommandSaysHowToStartItAndTouchesNothing() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        Files.createDirectories(home.inbox.resolve("職員課"));
        Map<String, String> cLocale = Map.of("LANG", "C", "LC_ALL", "C");

        for (String command : new String[] {"run-once", "serve"}) {
            try (CollectorProcess run = home.setAll(cLocale).start(command)) {
                int exit = run.waitFor(Duration.ofMinutes(1));
                assertThat(exit).as(run.stderr()).isEqualTo(2);
                assertThat(run.stderr()).contains("Error: this Java cannot use Japanese file and folder names: it "
                                + "encodes file names in ANSI_X3.4-1968")
                        .contains("Start the collector with a UTF-8 locale, e.g. LANG=C.UTF-8")
                        .doesNotContain("Malformed input", "Exception");
            }
        }
        // no database made, no log, nothing moved
        try (Stream<Path> made = Files.list(home.home)) {
            assertThat(made.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config", "routes", "inbox", "processes");
        }
        // help is still there to read
        try (CollectorProcess help = home.start("run-once", "--help")) {
            assertThat(help.waitFor(Duration.ofMinutes(1))).isZero();
            assertThat(help.stdout()).contains("Usage: reform-results-collector run-once");
        }
    }
}
