package jp.reform.collector.intake;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What every channel hands to the one ingest path: the file, how it came, and who sent it.
 *
 * @param departmentName the department as the channel names it: the folder name (current or former
 *                       department name) or the department resolved from the sender's address
 * @param sender         the sender's address of a mailed file (its receipt goes there); null for a folder drop
 */
public record IncomingFile(Path file, String originalName, String channel, String departmentName,
                           Instant receivedAt, String sender) {

    /** The original name made safe for one log line (a name may hold a line break). */
    public String loggedName() {
        return jp.reform.collector.domain.LogText.escape(originalName);
    }
}
