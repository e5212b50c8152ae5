package jp.reform.collector.evaluate;

import jp.reform.collector.domain.Severity;

/**
 * Something about a result the administrative division should look at (code as in the status flags).
 *
 * @param about the entry of the department's row the flag is about: where a receipt shows it
 */
public record Flag(String code, Severity severity, String message, Entry about) {

    /** The entries of a result row a flag can point at. */
    public enum Entry { ACTUAL, STATUS_TEXT, SELF_ASSESSMENT }

    /** A flag about the actual value (range, change against last year, 約 …): most of them. */
    public Flag(String code, Severity severity, String message) {
        this(code, severity, message, Entry.ACTUAL);
    }
}
