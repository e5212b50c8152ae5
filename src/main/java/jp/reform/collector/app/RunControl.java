package jp.reform.collector.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IngestOutcome;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether this process serves forever or sweeps the inbox once, counts what became of the files,
 * and tells a run-once process when the inbox has been swept (or the run failed).
 */
public final class RunControl {

    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);

    private final boolean once;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();

    public RunControl(boolean once) {
        this.once = once;
    }

    /** Called by the route after each file. */
    public void handled(IngestOutcome outcome) {
        (outcome.status() == SubmissionStatus.ACCEPTED ? accepted
                : outcome.status() == SubmissionStatus.REJECTED ? rejected : duplicates).incrementAndGet();
    }

    /** Called when a poll of the inbox found nothing more to do. */
    public void inboxSwept() {
        if (once) {
            finished.countDown();
        }
    }

    /** Called when a file could not be processed for a reason outside the file (database down, disk full). */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("File {} left in the inbox to be processed again: {}",
                exchange.getIn().getHeader(Exchange.FILE_NAME), cause == null ? "unknown error" : cause.toString());
        if (once) {
            failed.set(true);
            finished.countDown();
        }
    }

    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    public boolean isOnce() {
        return once;
    }

    public boolean hasFailed() {
        return failed.get();
    }

    public String summary() {
        return "accepted %d, rejected %d, already received %d".formatted(accepted.get(), rejected.get(),
                duplicates.get());
    }
}
