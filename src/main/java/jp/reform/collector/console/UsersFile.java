package jp.reform.collector.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.master.MasterData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * config/users.csv as the running console sees it: read again when the {@code users} command (or an editor)
 * has changed it, so that a new user or password works without a restart. A broken file keeps the users
 * read last and says why in the log.
 */
final class UsersFile {

    private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);

    private final Path file;
    private final MasterData master;
    private final java.util.function.Consumer<String> signOut;
    private final java.util.function.Consumer<UserDirectory> read;
    private UserDirectory current;
    private FileTime readAt;

    /**
     * @param signOut ends the sessions of a login whose password, role or department changed, or that was removed
     * @param read    told the users each time the file has been read (at start and after each change)
     */
    UsersFile(Path file, MasterData master, java.util.function.Consumer<String> signOut,
              java.util.function.Consumer<UserDirectory> read) {
        this.file = file;
        this.master = master;
        this.signOut = signOut;
        this.read = read;
        this.current = UserDirectory.load(file, master);
        this.readAt = modified();
        read.accept(current);
    }

    Path file() {
        return file;
    }

    synchronized UserDirectory current() {
        FileTime now = modified();
        if (now != null && !now.equals(readAt)) {
            try {
                UserDirectory previous = current;
                current = UserDirectory.load(file, master);
                LOG.info("Users re-read from {}: {} user(s)", file, current.all().size());
                for (var user : previous.all()) {
                    if (!current.find(user.login()).equals(java.util.Optional.of(user))) {
                        signOut.accept(user.login());
                    }
                }
                read.accept(current);
            } catch (RuntimeException e) {
                LOG.warn("Users file {} not re-read, keeping the last one: {}", file, e.getMessage());
            }
            readAt = now;
        }
        return current;
    }

    /**
     * The file read again now, whatever its modified time says: after the console's own save, whose time may
     * equal the last one read on a file system that keeps whole seconds.
     */
    synchronized UserDirectory reload() {
        readAt = null;
        return current();
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
