package jp.reform.collector.read;

/**
 * Stops reading a file as soon as it has more data rows than allowed: the file is refused for its
 * size, so reading the rest would only cost time and memory. Passed through the parsers like
 * {@link HandlerFailure}.
 */
final class RowLimitExceeded extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sheet;
    private final int rowNumber;
    private final int rowsSeen;

    RowLimitExceeded(String sheet, int rowNumber, int rowsSeen) {
        super("more than " + (rowsSeen - 1) + " data rows", null, false, false);
        this.sheet = sheet;
        this.rowNumber = rowNumber;
        this.rowsSeen = rowsSeen;
    }

    String sheet() {
        return sheet;
    }

    /** The 1-based row where the limit was passed. */
    int rowNumber() {
        return rowNumber;
    }

    /** Data rows read when reading stopped: the file has at least this many. */
    int rowsSeen() {
        return rowsSeen;
    }
}
