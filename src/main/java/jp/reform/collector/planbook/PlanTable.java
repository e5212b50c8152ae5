package jp.reform.collector.planbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One plan file as a table of texts, however it was kept: the CSV column names in order, the rows, and
 * for each row where it came from (a sheet row or a file line) so that a problem can name its cell.
 */
public final class PlanTable {

    /** A data row: the sheet row or file line it came from, and one text per column. */
    public record Row(int source, List<String> values) {
    }

    /** Makes the place of a cell from the source row and the CSV column name (null: the whole row). */
    interface Locator {
        Place at(int source, String column);
    }

    private final PlanFile file;
    private final List<String> columns;
    private final List<Row> rows;
    private final Locator locator;
    private final Set<String> offered;

    /**
     * @param offered optional columns the export added to the sheet (not in the plan file it came from): they
     *                are written back to CSV only when something was filled in
     */
    PlanTable(PlanFile file, List<String> columns, List<Row> rows, Locator locator, Set<String> offered) {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        this.locator = locator;
        this.offered = Set.copyOf(offered);
    }

    public PlanFile file() {
        return file;
    }

    public List<String> columns() {
        return columns;
    }

    public List<Row> rows() {
        return rows;
    }

    public boolean hasColumn(String column) {
        return columns.contains(column);
    }

    /** The text of a cell as written; "" when the column is absent. */
    public String raw(int row, String column) {
        int index = columns.indexOf(column);
        return index < 0 ? "" : rows.get(row).values().get(index);
    }

    /** The text of a cell without surrounding white space, as the loader reads it. */
    public String get(int row, String column) {
        return raw(row, column).strip();
    }

    /** The cell of a data row (by index in {@link #rows()}). */
    public Place place(int row, String column) {
        return locator.at(rows.get(row).source(), column);
    }

    /** The header of a column. */
    public Place headerPlace(String column) {
        return locator.at(1, column);
    }

    /** The whole sheet or file. */
    public Place place() {
        return locator.at(0, null);
    }

    Set<String> offered() {
        return offered;
    }

    /** The columns the CSV file gets: all but offered columns left empty. */
    public List<String> csvColumns() {
        List<String> kept = new ArrayList<>();
        for (String column : columns) {
            if (!offered.contains(column) || rows.stream().anyMatch(r -> !r.values().get(columns.indexOf(column)).isEmpty())) {
                kept.add(column);
            }
        }
        return kept;
    }

    /** The rows as the CSV file gets them, in {@link #csvColumns()} order. */
    public List<List<String>> csvRows() {
        List<String> kept = csvColumns();
        List<List<String>> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(kept.stream().map(c -> row.values().get(columns.indexOf(c))).toList());
        }
        return out;
    }
}
