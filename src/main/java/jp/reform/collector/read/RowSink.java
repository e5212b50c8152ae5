package jp.reform.collector.read;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Where a sheet source delivers the physical rows it reads, sheet by sheet. */
interface RowSink {

    void startSheet(String name);

    /**
     * One row that exists in the file (rows a source can see are blank may be left out).
     *
     * @param rowNumber 1-based, as Excel shows it
     * @param cells     non-blank cell texts (already cleaned by {@link CellText}) by 0-based column index
     * @return false when the rest of the sheet is of no interest and the source may skip it
     */
    boolean row(int rowNumber, SortedMap<Integer, String> cells);

    void endSheet();

    /**
     * A sheet hidden in Excel, which is not read as results: the sink to show its rows to (to tell whether it
     * holds a results table), or null to skip it unseen.
     */
    default RowSink hiddenSheet(String name) {
        return null;
    }

    /** The merged ranges of the sheet begun, before its first row. */
    default void mergedRegions(List<MergedRegion> regions) {
    }

    /** The next {@link #row} of this number is hidden in Excel (a hidden or zero-height row). */
    default void hiddenRow(int rowNumber) {
    }

    /**
     * The next {@link #row} is a record of a CSV or text file with this many fields, blank ones included, separated
     * by {@code delimiter} (',' or a tab). Only the CSV source tells it: a worksheet's rows have no count of fields.
     */
    default void fieldCount(int fields, char delimiter) {
    }

    /** The key/value rows of a template's hidden metadata sheet, delivered before the first sheet. */
    default void templateMetadata(Map<String, String> values) {
    }
}
