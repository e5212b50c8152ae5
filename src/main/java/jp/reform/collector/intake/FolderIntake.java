package jp.reform.collector.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * The shared-folder channel: turns a file found in inbox/&lt;department&gt;/ into an {@link IncomingFile},
 * and after ingest writes the receipt into the archive folder and tells the file consumer where to move
 * the file (inbox/&lt;department&gt;/.done/&lt;date&gt;/ or .error/&lt;date&gt;/).
 */
public final class FolderIntake {

    /** Header read by the file consumer's {@code move} option. */
    public static final String ARCHIVE_PATH = "CollectorArchivePath";

    private final Path inbox;
    private final Clock clock;

    public FolderIntake(Path inbox, Clock clock) {
        this.inbox = inbox.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** The department is the first folder below the inbox, as the folder is named (current or former name). */
    @Handler
    public IncomingFile toIncomingFile(Exchange exchange) {
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        String department = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : "";
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        return new IncomingFile(file, file.getFileName().toString(), "folder", department, clock.instant(), null);
    }

    /** Writes the receipt beside where the file is archived and sets the archive path for the move. */
    public void archive(Exchange exchange) throws IOException {
        IngestOutcome outcome = exchange.getIn().getBody(IngestOutcome.class);
        IncomingFile incoming = exchange.getProperty("incomingFile", IncomingFile.class);
        Path target = ReceiptFiles.archive(incoming.file().toAbsolutePath().getParent(), outcome);
        exchange.getIn().setHeader(ARCHIVE_PATH, target.toString());
    }

    public Path inbox() {
        return inbox;
    }
}
