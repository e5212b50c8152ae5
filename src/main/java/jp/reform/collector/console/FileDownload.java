package jp.reform.collector.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file sent as a download, read from disk as the response goes out and closed when its stream is closed: by
 * Camel once the response has ended, or by {@link #clientGone()} when the connection closed first. A temporary
 * file is deleted when it closes; an archived original stays. A read under way is not cut off (the reader would
 * log the closed channel as a failure of the route): the stream closes when it returns, and any later read finds
 * the end.
 */
final class FileDownload extends InputStream {

    private final Path file;
    private final InputStream in;
    private int reading;
    private boolean gone;
    private boolean closed;

    private FileDownload(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /** Opens a temporary file; it is deleted when this stream closes (or now, when it cannot be opened). */
    static FileDownload temporary(Path file) throws IOException {
        try {
            return new FileDownload(file, Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Opens a file that stays where it is (an archived original), never through a link standing at its name
     * (O_NOFOLLOW): a link planted after the file was looked up must not hand out what it points to.
     */
    static FileDownload kept(Path file) throws IOException {
        return new FileDownload(file, Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
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

    /** The client went away: the file is closed (a temporary one goes) now, or when the read under way returns. */
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
