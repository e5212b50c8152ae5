package jp.reform.collector.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file sent as a download and deleted when its stream is closed: by Camel once the response has
 * ended, or by {@link #clientGone()} when the connection closed first. A read under way is not cut off (the
 * reader would log the closed channel as a failure of the route): the stream closes when it returns, and any
 * later read finds the end.
 */
final class TemporaryDownload extends InputStream {

    private final Path file;
    private final InputStream in;
    private int reading;
    private boolean gone;
    private boolean closed;

    private TemporaryDownload(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /** Opens the file; it is deleted when this stream closes (or now, when it cannot be opened). */
    static TemporaryDownload open(Path file) throws IOException {
        try {
            return new TemporaryDownload(file, Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        synchronized (this) {
            if (gone || closed) {
                return -1;
            }
            reading++;
        }
        boolean closeNow;
        try {
            return in.read(b, off, len);
        } finally {
            synchronized (this) {
                reading--;
                closeNow = gone && reading == 0;
            }
            if (closeNow) {
                close();
            }
        }
    }

    /** The client went away: the file goes now, or when the read under way returns. */
    void clientGone() throws IOException {
        boolean closeNow;
        synchronized (this) {
            gone = true;
            closeNow = reading == 0;
        }
        if (closeNow) {
            close();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        in.close();
    }
}
