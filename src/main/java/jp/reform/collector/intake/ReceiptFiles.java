package jp.reform.collector.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The archive of a department's submissions, whichever way they came: inbox/&lt;department&gt;/.done/&lt;date&gt;/
 * or .error/&lt;date&gt;/, each file renamed with its receipt number, its receipt text file beside it.
 */
final class ReceiptFiles {

    /** Writes the receipt and returns the path the submitted file is to be moved to. */
    static Path archive(Path departmentFolder, IngestOutcome outcome) throws IOException {
        Path folder = departmentFolder.resolve(outcome.archiveFolder());
        Files.createDirectories(folder);
        // UTF-8 with BOM so that Notepad on older Windows shows the Japanese correctly
        Files.write(folder.resolve(outcome.receiptName()),
                ("\uFEFF" + outcome.receiptText()).getBytes(StandardCharsets.UTF_8));
        return folder.resolve(outcome.archivedName());
    }

    private ReceiptFiles() {
    }
}
