package jp.reform.collector.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a generated workbook next to its siblings without ever leaving a half-written file behind. */
public final class ReportFiles {

    public static Path write(Path folder, String fileName, byte[] content) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        Path temporary = folder.resolve("." + fileName + ".tmp");
        Files.write(temporary, content);
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
