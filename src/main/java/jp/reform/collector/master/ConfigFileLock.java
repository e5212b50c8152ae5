package jp.reform.collector.master;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time of a file of config/ changed on the console (rounds.csv, departments.csv, users.csv): in this
 * instance, and across instances sharing config/ through a lock file beside it ({@code .<name>.lock}, hidden from
 * serve's watcher by its leading dot). Held while the file is read, checked and replaced, so that two changes at
 * once cannot both pass the check that the file is as read and the second rename drop the first.
 */
public final class ConfigFileLock implements AutoCloseable {

    /** Threads of this instance: a FileLock is held per process, not per thread. */
    private static final ReentrantLock IN_THIS_INSTANCE = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock held;

    private ConfigFileLock(FileChannel channel, FileLock held) {
        this.channel = channel;
        this.held = held;
    }

    /** Waits for the file's lock; {@link #close()} gives it back. */
    public static ConfigFileLock of(Path file) throws IOException {
        IN_THIS_INSTANCE.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new ConfigFileLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            IN_THIS_INSTANCE.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            held.release();
            channel.close();
        } finally {
            IN_THIS_INSTANCE.unlock();
        }
    }
}
