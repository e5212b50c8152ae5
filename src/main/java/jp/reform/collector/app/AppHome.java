package jp.reform.collector.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The application home: the one folder every relative path (config, routes, inbox, data, outbox, reports,
 * logs) resolves from, so that a command gives the same answers from any working directory.
 */
public final class AppHome {

    private AppHome() {
    }

    /**
     * {@code --home} when given; else the folder holding the jar's {@code config/} (the jar's own folder in
     * an installation, its parent when run from {@code target/}); else the working directory.
     */
    public static Path resolve(Path homeOption) {
        if (homeOption != null) {
            Path home = homeOption.toAbsolutePath().normalize();
            if (!Files.isDirectory(home)) {
                throw new IllegalArgumentException("--home " + home + " is not a folder");
            }
            return home;
        }
        return besideJar().orElse(Path.of("").toAbsolutePath());
    }

    private static Optional<Path> besideJar() {
        try {
            var source = AppHome.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return Optional.empty(); // classes folder (tests, IDE): the working directory is the home
            }
            Path folder = location.toAbsolutePath().getParent();
            for (Path candidate = folder; candidate != null && candidate.startsWith(folder.getParent() == null
                    ? folder : folder.getParent()); candidate = candidate.getParent()) {
                if (Files.isDirectory(candidate.resolve("config"))) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
