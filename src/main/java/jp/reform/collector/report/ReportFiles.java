package jp.reform.collector.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes a generated workbook next to its siblings without ever leaving a half-written file behind. */
public final class ReportFiles {

    /** Writes a file's content to a stream (a workbook streamed as it is built, never held whole). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static Path write(Path folder, String fileName, byte[] content) throws IOException {
        return write(folder, fileName, out -> out.write(content));
    }

    /**
     * Streams the content into a hidden temporary file of its own in the folder, then moves it into place in one step:
     * readers see the old file or the new one, and a failure halfway leaves no temporary file behind.
     */
    public static Path write(Path folder, String fileName, Content content) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        // a name of its own: two overnight runs at once (a caught-up night and the trigger) write the same workbook
        Path temporary = folder.resolve("." + fileName + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))) {
            content.writeTo(out);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileSystemException e) {
            Files.deleteIfExists(temporary);
            // on Windows a workbook open in Excel cannot be replaced
            throw new IOException(target + " could not be replaced (is it open in Excel?): " + e.getMessage(), e);
        }
        return target;
    }

    private ReportFiles() {
    }
}
