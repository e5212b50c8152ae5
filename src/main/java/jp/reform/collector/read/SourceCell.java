package jp.reform.collector.read;

import java.util.Objects;

/**
 * One cell as the department wrote it.
 *
 * @param sheet  sheet name (for CSV the file name)
 * @param row    1-based row number as Excel shows it
 * @param column column letter as Excel shows it (A … Z, AA …)
 * @param text   the cell text: trimmed, line breaks as {@code \n}, not Unicode-normalised; "" when blank
 */
public record SourceCell(String sheet, int row, String column, String text) {

    /**
     * How the readers mark a formula saved without its result (programs that write workbooks without
     * calculating them do so): this prefix, then the formula as written, if the file gives it. U+FFFF is no
     * character of any text, so no cell carries it otherwise (the readers replace it in what they read).
     */
    static final String UNCALCULATED = "\uFFFF";

    /**
     * How the readers mark an Excel error value (#N/A, #DIV/0!, #VALUE!, #REF! …), which is no text the department
     * wrote: this prefix, the error as Excel shows it, then, when a formula gave it, "=" and the formula as the file
     * gives it (maybe nothing). U+FFFE is no character of any text either (the readers replace it too), and no
     * error's name holds "=".
     */
    static final String ERROR_VALUE = "\uFFFE";
    /** What an error value the file does not name is shown as (as for an error code Excel does not know). */
    static final String UNKNOWN_ERROR = "#ERROR!";
    private static final int MAX_ERROR_CHARS = 20;

    /**
     * The text of an error cell, marked.
     *
     * @param error   as Excel shows it ("#N/A")
     * @param formula the formula that gave it, without "=" ("" when the file does not give it), or null for an
     *                error saved as a value (typed, or pasted as a value)
     */
    static String errorValue(String error, String formula) {
        String name = CellText.clean(error).replace("=", "");
        // Excel's longest is #GETTING_DATA; a file written by another program may hold anything, or nothing
        name = name.isEmpty() ? UNKNOWN_ERROR : name.substring(0, Math.min(name.length(), MAX_ERROR_CHARS));
        return ERROR_VALUE + name + (formula == null ? "" : "=" + CellText.clean(formula));
    }

    /** Whether this cell is a formula the file holds no result of: its value is unknown, not blank. */
    public boolean uncalculatedFormula() {
        return text.startsWith(UNCALCULATED);
    }

    /** The Excel error value this cell holds ("#N/A", "#DIV/0!" …), or "" when it holds none. */
    public String excelError() {
        if (!text.startsWith(ERROR_VALUE)) {
            return "";
        }
        int formula = text.indexOf('=');
        return text.substring(ERROR_VALUE.length(), formula < 0 ? text.length() : formula);
    }

    /** Whether this cell's {@link #excelError()} is the result of a formula (not an error saved as a value). */
    public boolean errorFromFormula() {
        return text.startsWith(ERROR_VALUE) && text.indexOf('=') >= 0;
    }

    /**
     * The formula of an {@link #uncalculatedFormula()} or of an {@link #errorFromFormula()} as Excel shows it
     * ("=SUM(B2:B3)"), or "" when not known.
     */
    public String formula() {
        String formula = uncalculatedFormula() ? text.substring(UNCALCULATED.length())
                : errorFromFormula() ? text.substring(text.indexOf('=') + 1) : "";
        return formula.isEmpty() ? "" : "=" + formula;
    }

    public SourceCell {
        Objects.requireNonNull(column, "column");
        text = text == null ? "" : text;
    }
}
