package jp.reform.collector.domain;

/** What became of a received file. */
public enum SubmissionStatus {
    /** Loaded whole. */
    ACCEPTED,
    /** Nothing loaded; the receipt lists every error. */
    REJECTED,
    /** The same content was accepted before; nothing loaded again. */
    DUPLICATE,
    /**
     * Received after its round was closed (締切) and would change its figures: kept as a pending change
     * until the administrative division accepts it (then {@code accepted}) or declines it ({@code declined}).
     */
    HELD;

    public String dbValue() {
        return name().toLowerCase();
    }
}
