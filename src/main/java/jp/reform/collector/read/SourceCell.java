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

    /** Whether this cell is a formula the file holds no result of: its value is unknown, not blank. */
    public boolean uncalculatedFormula() {
        return text.startsWith(UNCALCULATED);
    }

    /** The formula of an {@link #uncalculatedFormula()} as Excel shows it ("=SUM(B2:B3)"), or "" when not known. */
    public String formula() {
        String formula = uncalculatedFormula() ? text.substring(UNCALCULATED.length()) : "";
        return formula.isEmpty() ? "" : "=" + formula;
    }

    public SourceCell {
        Objects.requireNonNull(column, "column");
        text = text == null ? "" : text;
    }
}
