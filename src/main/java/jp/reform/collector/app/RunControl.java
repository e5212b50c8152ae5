package jp.reform.collector.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.FolderIntake;
import jp.reform.collector.intake.IngestOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether this process serves forever or runs once, counts what became of the files, and tells a
 * run-once process when the inbox and the mailbox have both been swept (or the run failed).
 */
public final class RunControl {

    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);
    private static final String FOLDER_ROUTE = "folder-intake";
    private static final String MAILBOX_ROUTE = "mailbox-intake";
    /** How many of the files left still being written the summary and the log name. */
    private static final int NAMED = 10;

    private final boolean once;
    private final CountDownLatch inboxSwept = new CountDownLatch(1);
    private final CountDownLatch mailboxSwept;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<String> firstFailure =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    /** Files held because their round was closed (締切): named only when there were some. */
    private final AtomicInteger held = new AtomicInteger();
    /** Files received before an interruption kept them from their archive, archived now: named only when there were some. */
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger setAside = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger filesInHand = new AtomicInteger();
    private volatile Runnable folderFailed = () -> { };
    private volatile IntSupplier filesSettling = () -> 0;
    private volatile Supplier<List<String>> filesChanging = List::of;
    /** The files still being written when the inbox's sweep ended, left for the next run; null until it ended. */
    private final java.util.concurrent.atomic.AtomicReference<List<String>> leftChanging =
            new java.util.concurrent.atomic.AtomicReference<>();

    public RunControl(boolean once, boolean mailboxPolled) {
        this.once = once;
        this.mailboxSwept = new CountDownLatch(mailboxPolled ? 1 : 0);
    }

    /** Called by the routes after each file, whichever channel it came by. */
    public void handled(IngestOutcome outcome) {
        if (outcome.resumed()) {
            finished.incrementAndGet(); // counted by the run that received it
            return;
        }
        (outcome.status() == SubmissionStatus.ACCEPTED ? accepted
                : outcome.status() == SubmissionStatus.REJECTED ? rejected
                : outcome.status() == SubmissionStatus.HELD ? held : duplicates).incrementAndGet();
    }

    /**
     * Called by the folder route for a file that could not be taken the ordinary way: that is not a failure
     * of the run, unless the file could not even be recorded.
     */
    public void setAside(FolderIntake.SetAside outcome, Exchange exchange) {
        switch (outcome) {
            case QUARANTINED, LEFT -> setAside.incrementAndGet();
            case SKIPPED -> skipped.incrementAndGet();
            case NOT_RECORDED -> failed(exchange);
        }
    }

    /**
     * Tells how many files of the inbox were seen but have not settled yet (see FolderJail#waiting), and which
     * ones had not settled at the latest poll (see FolderJail#stillChanging).
     */
    public void watchInbox(IntSupplier settling, Supplier<List<String>> changing) {
        this.filesSettling = settling;
        this.filesChanging = changing;
    }

    /** What serve does after a file of the inbox failed for a reason outside it (the folder consumer backs off). */
    public void afterFolderFailure(Runnable backOff) {
        this.folderFailed = backOff;
    }

    /**
     * Called by the folder route for each file it takes, before it is handed to a parallel consumer: the
     * file counts as in hand until its exchange is done, whatever became of it.
     */
    public void fileTaken(Exchange exchange) {
        filesInHand.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                filesInHand.decrementAndGet();
            }
        });
    }

    /**
     * Called when a poll of the inbox took no file. The sweep is over only when no file is still being
     * processed by a parallel consumer and none is waiting to settle: a poll is empty also while they are.
     */
    public void inboxSwept() {
        if (filesInHand.get() == 0 && filesSettling.getAsInt() == 0) {
            // a file that kept changing past the wait limit no longer holds the sweep: say which were left, as
            // nothing else would (no receipt, no refusal: the next run takes them once they have settled)
            List<String> changing = filesChanging.get();
            if (leftChanging.compareAndSet(null, changing) && !changing.isEmpty()) {
                LOG.warn("{} file(s) still being written when the sweep stopped waiting for them, left for the next "
                        + "run: {}", changing.size(), named(changing));
            }
            inboxSwept.countDown();
        }
    }

    /**
     * Called for a mail another instance has claimed, which stays in the mailbox's folder for it: counted as
     * skipped, as such a file of the inbox is, and not a failure. Such a mail is in every poll until that
     * instance has moved it, so a poll is never empty: in run-once the mailbox's sweep is over once a poll
     * brought nothing but such mail.
     */
    public void mailLeftToAnotherInstance(Exchange exchange) {
        skipped.incrementAndGet();
        if (once && exchange.getProperty(jp.reform.collector.intake.MailIntake.POLL_ALL_LEFT, false, Boolean.class)) {
            mailboxSwept.countDown();
        }
    }

    /** Called when a poll of the mailbox found no message left to process. */
    public void mailboxSwept() {
        mailboxSwept.countDown();
    }

    /**
     * Called when a file or mail could not be processed for a reason outside it (database down, disk full),
     * or a channel could not be polled at all (mailbox down). In run-once the run has then failed, but only
     * that channel's sweep ends: the other one is swept to its end, so that a mailbox that is down does not
     * leave the departments' files in the shared folder unanswered (and the other way round).
     */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String route = exchange.getFromRouteId();
        Object file = exchange.getIn().getHeader(Exchange.FILE_NAME);
        boolean mail = MAILBOX_ROUTE.equals(route);
        String what = mail ? (exchange.getProperty("mailBatch") != null ? "Mail" : "The mailbox")
                + " left to be processed again"
                : file != null ? "File " + LogText.escape(file.toString()) + " left to be processed again"
                : "The inbox could not be read; its files are left to be processed again";
        LOG.error("{}: {}", what, LogText.cause(cause));
        if (!once && FOLDER_ROUTE.equals(route) && file != null) {
            folderFailed.run();
        }
        if (once) {
            firstFailure.compareAndSet(null, what + ": " + LogText.cause(cause));
            failed.set(true);
            if (!mail) {
                inboxSwept.countDown();
            }
            if (!FOLDER_ROUTE.equals(route)) {
                mailboxSwept.countDown();
            }
        }
    }

    /**
     * Called when a file of the inbox could not be claimed because the database failed (Camel skips the file
     * without an error): in run-once the folder's sweep ends, failed, at the first such file; serve tries again
     * at the next poll. The claims say so in the log themselves, once per outage.
     */
    public void claimFailed(RuntimeException cause) {
        if (once) {
            String what = "The inbox could not be read; its files are left to be processed again";
            if (firstFailure.compareAndSet(null, what + ": " + LogText.cause(cause))) {
                LOG.error("{}: {}", what, LogText.cause(cause));
            }
            failed.set(true);
            inboxSwept.countDown();
        }
    }

    /** The sweep did not end within the run's timeout: the run has failed, with this as its cause if first. */
    public void sweepTimedOut(Duration timeout) {
        String what = "The inbox and mailbox were not swept within " + timeout.toMinutes() + " minutes";
        if (firstFailure.compareAndSet(null, what)) {
            LOG.error("{}", what);
        }
        failed.set(true);
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

    /** The first failure of a run-once sweep in one line, or null. */
    public String firstFailure() {
        return firstFailure.get();
    }

    /**
     * The counts; files set aside (quarantined or left), skipped and still being written (with their names) are
     * named only when there were some.
     */
    public String summary() {
        return "accepted %d, rejected %d, already received %d".formatted(accepted.get(), rejected.get(),
                duplicates.get())
                + (held.get() > 0 ? ", held after closing %d".formatted(held.get()) : "")
                + (finished.get() > 0 ? ", finished after an interruption %d".formatted(finished.get()) : "")
                + (setAside.get() > 0 ? ", set aside %d".formatted(setAside.get()) : "")
                + (skipped.get() > 0 ? ", skipped %d".formatted(skipped.get()) : "")
                + (stillChanging().isEmpty() ? "" : ", still being written %d (left for the next run: %s)".formatted(
                        stillChanging().size(), named(stillChanging())));
    }

    /** The files still being written when the inbox's sweep ended, left for the next run. */
    public List<String> stillChanging() {
        List<String> left = leftChanging.get();
        return left == null ? List.of() : left;
    }

    /** The first few names, escaped for one line, and how many more there are. */
    private static String named(List<String> files) {
        String first = String.join(", ", files.stream().limit(NAMED).map(LogText::escape).toList());
        return files.size() > NAMED ? first + " and " + (files.size() - NAMED) + " more" : first;
    }
}
