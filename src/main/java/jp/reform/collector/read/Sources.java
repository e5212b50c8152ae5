package jp.reform.collector.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers shared by the sheet sources. */
final class Sources {

    private Sources() {
    }

    /**
     * Parsers report a broken file and a failing disk alike as IOException. If the file is still
     * there and readable, the content is to blame (a finding); otherwise the file system is (rethrown).
     */
    static UnreadableContent contentOrFileSystem(Path file, IOException e) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw e;
        }
        return new UnreadableContent(ReadFindings.corruptFile(), e);
    }
}
