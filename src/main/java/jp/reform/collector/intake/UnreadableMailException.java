package jp.reform.collector.intake;

import jp.reform.collector.domain.Messages;

/**
 * A mail that cannot be read for a reason inside it: a From header that cannot be parsed, a part that
 * cannot be decoded. It is recorded and reported, and moved to the folder of processed mail; trying it again
 * would fail the same way.
 */
public final class UnreadableMailException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reasonKey;

    /** @param reasonKey the messages.properties key of what could not be read (mail.unreadable.*) */
    UnreadableMailException(String reasonKey, Throwable cause) {
        super(reasonKey.substring(reasonKey.lastIndexOf('.') + 1) + " unreadable", cause);
        this.reasonKey = reasonKey;
    }

    /** What could not be read, in Japanese, for the administrative division. */
    public String reason() {
        return Messages.text(reasonKey);
    }
}
