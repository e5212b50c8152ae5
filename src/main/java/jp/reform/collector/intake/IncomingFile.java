package jp.reform.collector.intake;

import java.nio.file.Path;
import java.time.Instant;
import jp.reform.collector.notify.MailThread;

/**
 * What every channel hands to the one ingest path: the file, how it came, and who sent it.
 *
 * @param departmentName the department as the channel names it: the folder name (current or former
 *                       department name) or the department resolved from the sender's address
 * @param sender         the sender's address of a mailed file (its receipt goes there); null for a folder drop
 * @param thread         the mail a mailed file came in, which its receipt answers; null otherwise
 * @param foundSize      the size of the file as found, when {@code file} holds only its beginning (a file far
 *                       over the size limit, copied no further than the limit); null when {@code file} is whole
 * @param sourceKey      where the file came from (see {@link SourceKeys}), stored with its submission so that a file
 *                       taken again after an interruption is known as received; null when it cannot come again
 * @param sourceIdentity a folder file's entry as read ({@link FolderJail#entryIdentity}), which tells the very file
 *                       left in the folder by an interruption from a copy dropped again; null otherwise
 */
public record IncomingFile(Path file, String originalName, String channel, String departmentName,
                           Instant receivedAt, String sender, MailThread thread, Long foundSize, String sourceKey,
                           String sourceIdentity) {

    public IncomingFile(Path file, String originalName, String channel, String departmentName, Instant receivedAt,
                        String sender, MailThread thread, Long foundSize, String sourceKey) {
        this(file, originalName, channel, departmentName, receivedAt, sender, thread, foundSize, sourceKey, null);
    }

    public IncomingFile(Path file, String originalName, String channel, String departmentName, Instant receivedAt,
                        String sender, MailThread thread, Long foundSize) {
        this(file, originalName, channel, departmentName, receivedAt, sender, thread, foundSize, null);
    }

    public IncomingFile(Path file, String originalName, String channel, String departmentName, Instant receivedAt,
                        String sender, MailThread thread) {
        this(file, originalName, channel, departmentName, receivedAt, sender, thread, null);
    }

    /** A file that did not come by mail, or whose mail is not to be answered in its thread. */
    public IncomingFile(Path file, String originalName, String channel, String departmentName, Instant receivedAt,
                        String sender) {
        this(file, originalName, channel, departmentName, receivedAt, sender, null);
    }

    /** The original name made safe for one log line (a name may hold a line break). */
    public String loggedName() {
        return jp.reform.collector.domain.LogText.escape(originalName);
    }
}
