package jp.reform.collector.app;

import java.io.File;
import java.nio.file.Path;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;

/**
 * Where POI keeps the sheets of a workbook being written (the committee's and the exception report's, templates).
 * Its default is {@code <java.io.tmpdir>/poifiles}, one folder for every user of the machine, made by whoever wrote a
 * workbook first: after the first start's {@code demo} or {@code serve} as root, the service account could write no
 * workbook at all (every overnight run failed at its exception report). Each user gets a folder of its own beside it.
 */
final class WorkbookTempFolder {

    private WorkbookTempFolder() {
    }

    /** Makes POI use this user's folder (created when first needed); the same folder at every call. */
    static void useOwnFolder() {
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(folder(
                System.getProperty("java.io.tmpdir"), System.getProperty("user.name", "")).toFile()));
    }

    static Path folder(String tmpdir, String user) {
        String safe = user.replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(tmpdir, DefaultTempFileCreationStrategy.POIFILES + "-" + (safe.isEmpty() ? "user" : safe));
    }
}
