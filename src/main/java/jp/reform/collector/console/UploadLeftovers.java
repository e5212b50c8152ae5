package jp.reform.collector.console;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jp.reform.collector.domain.LogText;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.OnCamelContextInitialized;
import org.apache.camel.spi.OnCamelContextStarted;
import org.apache.camel.spi.OnCamelContextStopping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what the HTTP server left in data/web-uploads. Vert.x deletes an upload's file when its request ends,
 * but not one whose request never ends: a multipart body that stops without its closing boundary and then ends
 * (chunked) hangs until the connection closes, and its file stays. Emptied before the server of a Camel context
 * listens (no request of an earlier one lasts into it), and swept while it runs of files nobody has written to
 * for {@link #AGE}: a request still sending writes to its file, and a silent one is closed after the idle
 * timeout. Only files named as Vert.x names them (a UUID) are touched: the folder is the service's own, but
 * whatever else someone put there is theirs.
 */
public final class UploadLeftovers implements OnCamelContextInitialized, OnCamelContextStarted,
        OnCamelContextStopping {

    private static final Logger LOG = LoggerFactory.getLogger(UploadLeftovers.class);

    /** Far above the idle timeout and the longest an upload's route reads its finished file. */
    static final Duration AGE = Duration.ofHours(1);
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Pattern VERTX_NAME =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path folder;
    private final Clock clock;
    private ScheduledExecutorService sweeper;

    UploadLeftovers(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    @Override
    public void onContextInitialized(CamelContext context) {
        int removed = remove(Instant.MAX);
        if (removed > 0) {
            LOG.info("Removed {} upload file(s) left in {} by requests that never ended", removed, folder);
        }
    }

    @Override
    public synchronized void onContextStarted(CamelContext context) {
        sweeper = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "web-uploads-sweep");
        sweeper.scheduleWithFixedDelay(this::sweep, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void onContextStopping(CamelContext context) {
        if (sweeper != null) {
            context.getExecutorServiceManager().shutdownNow(sweeper);
            sweeper = null;
        }
    }

    /** Removes the files not written to for {@link #AGE}; the number removed. */
    int sweep() {
        int removed = remove(clock.instant().minus(AGE));
        if (removed > 0) {
            LOG.warn("Removed {} upload file(s) in {} not written to for {} minutes: requests that never ended",
                    removed, folder, AGE.toMinutes());
        }
        return removed;
    }

    /** Removes Vert.x's upload files last written before {@code before}. */
    private int remove(Instant before) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                try {
                    if (VERTX_NAME.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)
                            && Files.getLastModifiedTime(file).toInstant().isBefore(before)
                            && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // its request ended and Vert.x removed it meanwhile
                } catch (IOException e) {
                    LOG.warn("Upload file {} left in place: {}", file, LogText.cause(e));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Upload files in {} not swept: {}", folder, LogText.cause(e));
        }
        return removed;
    }
}
