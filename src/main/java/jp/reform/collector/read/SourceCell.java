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

    public SourceCell {
        Objects.requireNonNull(column, "column");
        text = text == null ? "" : text;
    }
}
