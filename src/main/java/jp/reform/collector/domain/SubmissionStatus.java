package jp.reform.collector.domain;

/** What became of a received file. */
public enum SubmissionStatus {
    /** Loaded whole. */
    ACCEPTED,
    /** Nothing loaded; the receipt lists every error. */
    REJECTED,
    /** The same content was accepted before; nothing loaded again. */
    DUPLICATE;

    public String dbValue() {
        return name().toLowerCase();
    }
}
