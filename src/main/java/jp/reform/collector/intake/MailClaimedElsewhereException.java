package jp.reform.collector.intake;

/**
 * A mail another instance has claimed: the route fails its exchange with this, so that Camel rolls the message
 * back and leaves it in the folder untouched (the consumer peeks, so nothing marked it read). Completed
 * normally, it would be marked read and moved, and lost if that other instance then failed. Without a stack
 * trace: it is an expected turn of events, and Camel's rollback logs the exception it is given.
 */
public final class MailClaimedElsewhereException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MailClaimedElsewhereException(String key) {
        super("Mail " + key + " is being processed by another instance", null, false, false);
    }
}
