package jp.reform.collector.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IngestOutcome;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether this process serves forever or runs once, counts what became of the files, and tells a
 * run-once process when the inbox and the mailbox have both been swept (or the run failed).
 */
public final class RunControl {

    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);

    private final boolean once;
    private final CountDownLatch inboxSwept = new CountDownLatch(1);
    private final CountDownLatch mailboxSwept;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();

    public RunControl(boolean once, boolean mailboxPolled) {
        this.once = once;
        this.mailboxSwept = new CountDownLatch(mailboxPolled ? 1 : 0);
    }

    /** Called by the routes after each file, whichever channel it came by. */
    public void handled(IngestOutcome outcome) {
        (outcome.status() == SubmissionStatus.ACCEPTED ? accepted
                : outcome.status() == SubmissionStatus.REJECTED ? rejected : duplicates).incrementAndGet();
    }

    /** Called when a poll of the inbox found nothing more to do. */
    public void inboxSwept() {
        inboxSwept.countDown();
    }

    /** Called when a poll of the mailbox found no unread message. */
    public void mailboxSwept() {
        mailboxSwept.countDown();
    }

    /** Called when a file or mail could not be processed for a reason outside it (database down, disk full). */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object what = exchange.getIn().getHeader(Exchange.FILE_NAME);
        LOG.error("{} left to be processed again: {}", what != null ? "File " + LogText.escape(what.toString()) : "Mail",
                LogText.cause(cause));
        if (once) {
            failed.set(true);
            inboxSwept.countDown();
            mailboxSwept.countDown();
        }
    }

    /** Waits until both channels have been swept once. */
    public boolean awaitSwept(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return inboxSwept.await(timeout, unit)
                && mailboxSwept.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
