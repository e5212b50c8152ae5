package jp.reform.collector.domain;

/**
 * A problem found in a department's data, carried as data to the receipt and the database.
 *
 * @param severity   error (file rejected), warning (loaded, reported) or info
 * @param code       stable machine code, e.g. {@code unknown_indicator}; also used as a status flag
 * @param sheet      sheet name (for CSV the file name), or null when the finding concerns the file
 * @param row        1-based row number as Excel shows it, or null
 * @param column     column letter as Excel shows it (A, B, … AA), or null
 * @param valueFound the text as written in the cell, or null
 * @param message    what is wrong, in Japanese, for the department
 * @param hint       how to fix it, in Japanese; may be null
 */
public record Finding(Severity severity, String code, String sheet, Integer row, String column,
                      String valueFound, String message, String hint) {

    public static Finding error(String code, String message, String hint) {
        return new Finding(Severity.ERROR, code, null, null, null, null, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same finding placed at a cell. */
    public Finding at(String sheet, Integer row, String column, String valueFound) {
        return new Finding(severity, code, sheet, row, column, valueFound, message, hint);
    }
}
