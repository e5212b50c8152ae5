package jp.reform.collector.domain;

/**
 * What one submitted file may hold before it is refused with a receipt saying which limit it passed.
 * Defaults suit department files (tens of rows) and whole-ledger exports (thousands); the settings
 * {@code limits.*} raise them for bigger loads.
 *
 * @param maxRowsPerFile  data rows (non-blank rows below a header, all sheets together); reading stops
 *                        at the first row past it
 * @param maxFindingsKept findings stored per file (errors first); more are counted, not kept
 * @param maxCellChars    characters in one cell of a recognised column; a longer cell is an error at it
 * @param maxFileMb       file size in MB (1 MB = 1,048,576 bytes), checked before the file is read
 */
public record Limits(int maxRowsPerFile, int maxFindingsKept, int maxCellChars, int maxFileMb) {

    public static final Limits DEFAULTS = new Limits(10_000, 1_000, 10_000, 20);

    /** Finding codes of the limits; the first two refuse a file without checking its content. */
    public static final String ROWS_FINDING = "limit_rows";
    public static final String FILE_SIZE_FINDING = "limit_file_size";
    public static final String CELL_CHARS_FINDING = "limit_cell_chars";

    public Limits {
        positive("limits.max-rows-per-file", maxRowsPerFile);
        positive("limits.max-findings-kept", maxFindingsKept);
        positive("limits.max-cell-chars", maxCellChars);
        positive("limits.max-file-mb", maxFileMb);
    }

    /** True for the findings of a limit that refuses the whole file unread. */
    public static boolean refusesUnread(Finding finding) {
        return ROWS_FINDING.equals(finding.code()) || FILE_SIZE_FINDING.equals(finding.code());
    }

    /** Size in MB for a message, rounded up so that a file just over a limit never shows as at it. */
    public static String megabytes(long bytes) {
        return java.math.BigDecimal.valueOf(bytes)
                .divide(java.math.BigDecimal.valueOf(1024L * 1024L), 1, java.math.RoundingMode.UP).toPlainString();
    }

    public long maxFileBytes() {
        return maxFileMb * 1024L * 1024L;
    }

    private static void positive(String setting, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Setting " + setting + " must be at least 1, found " + value);
        }
    }
}
