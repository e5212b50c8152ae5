package jp.reform.collector.app;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * A throw-away application home for trying the collector on the sample department files: the home's
 * config and routes, and samples/inbox as the inbox. Made fresh each time, and only ever deleted when it
 * carries the demo mark, so a mistyped --dir can never wipe a real folder.
 */
final class DemoHome {

    static final String MARK = ".collector-demo";

    private DemoHome() {
    }

    static Path prepare(Path home, Path dir) throws IOException {
        Path samples = home.resolve("samples").resolve("inbox");
        if (!Files.isDirectory(samples)) {
            throw new IllegalStateException("No sample files in " + samples + " (the demo needs the installation's samples/)");
        }
        if (Files.exists(dir)) {
            if (!Files.isRegularFile(dir.resolve(MARK))) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalStateException(dir + " exists and is not a demo home; choose another --dir");
                    }
                }
            }
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARK), "A demo home made by the demo command; deleted by the next demo.\n");
        copyTree(home.resolve("config"), dir.resolve("config"));
        copyTree(home.resolve("routes"), dir.resolve("routes"));
        copyTree(samples, dir.resolve("inbox"));
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().equals("users.csv")) { // never copy sign-in data
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
