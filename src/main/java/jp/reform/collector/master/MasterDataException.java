package jp.reform.collector.master;

import java.nio.file.Path;

/** Broken master data: names the file, the line and the problem so that the start can stop with it. */
public class MasterDataException extends RuntimeException {

    public MasterDataException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }

    public MasterDataException(Path file, String problem) {
        this(file, 0, problem);
    }
}
