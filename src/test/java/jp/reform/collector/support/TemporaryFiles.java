package jp.reform.collector.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary files of this JVM whose names start with a prefix: those in the temporary folder, and those
 * still held open after being deleted (Linux removes a file opened with DELETE_ON_CLOSE from its folder at
 * once; its space is freed only when it is closed). Elsewhere than on Linux only the folder is looked at.
 */
public final class TemporaryFiles {

    private TemporaryFiles() {
    }

    public static List<String> of(String prefix) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).forEach(f -> found.add(f.toString()));
        }
        Path fds = Path.of("/proc/self/fd");
        if (Files.isDirectory(fds)) {
            try (Stream<Path> open = Files.list(fds)) {
                for (Path fd : open.toList()) {
                    try {
                        Path target = Files.readSymbolicLink(fd);
                        if (target.getFileName() != null && target.getFileName().toString().startsWith(prefix)) {
                            found.add(target + " (open)");
                        }
                    } catch (IOException e) {
                        // closed while listed
                    }
                }
            }
        }
        return found;
    }

    /** Waits up to 10 s until no such file is left but those of {@code before}; returns those left. */
    public static List<String> awaitNoneBut(String prefix, List<String> before) throws Exception {
        List<String> left = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            left = new ArrayList<>(of(prefix));
            left.removeAll(before);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }
}
