package jp.reform.collector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.support.TestFiles;

/**
 * A fresh application home for one case, as an installation has it: config/ (the project's
 * application.properties and holidays, the synthetic plan and departments, the case's settings appended),
 * routes/, and one inbox folder per department. The collector creates its database there at its first start.
 */
final class BenchHome {

    private BenchHome() {
    }

    static Path create(Path home, SyntheticPlan plan, Map<String, String> settings) throws IOException {
        delete(home);
        Path config = Files.createDirectories(home.resolve("config"));
        Files.copy(Path.of("config", "application.properties"), config.resolve("application.properties"));
        Files.copy(Path.of("config", "holidays.csv"), config.resolve("holidays.csv"));
        StringBuilder appended = new StringBuilder("\n# --- the scale benchmark's settings (later keys win) ---\n");
        settings.forEach((k, v) -> appended.append(k).append('=').append(v).append('\n'));
        Files.writeString(config.resolve("application.properties"), appended, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        plan.write(config);
        for (int d = 1; d <= plan.departments; d++) {
            Files.createDirectories(inbox(home, SyntheticPlan.department(d)));
        }
        Files.createDirectories(home.resolve("staging"));
        return home;
    }

    static Path inbox(Path home, String department) {
        return home.resolve("inbox").resolve(department);
    }

    /** Written beside the inbox, then moved in with one rename: a department's save as the collector sees it. */
    static Path drop(Path written, Path home, String department) throws IOException {
        return Files.move(written, inbox(home, department).resolve(written.getFileName()),
                StandardCopyOption.ATOMIC_MOVE);
    }

    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
