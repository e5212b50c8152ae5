package jp.reform.collector.read;

import java.util.EnumMap;
import java.util.Map;

import static java.util.Collections.unmodifiableMap;

/**
 * One data row of a results table: a cell for every recognised column of its table (blank cells have
 * text ""); columns the table does not have are absent.
 */
public record SourceRow(String sheet, int row, Map<Field, SourceCell> cells) {

    public SourceRow {
        cells = cells.isEmpty() ? Map.of() : unmodifiableMap(new EnumMap<>(cells));
    }

    /** The cell of this column, or null when the table has no such column. */
    public SourceCell cell(Field field) {
        return cells.get(field);
    }

    /** The text of this column; "" when blank or when the table has no such column. */
    public String text(Field field) {
        SourceCell cell = cells.get(field);
        return cell == null ? "" : cell.text();
    }
}
