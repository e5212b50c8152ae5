package jp.reform.collector.read;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of merged cells: Excel shows the top-left cell's value over the whole range, a file holds it in that
 * cell only.
 *
 * @param firstRow 1-based, as Excel shows rows
 * @param lastRow  1-based
 * @param column   0-based column of the range's left edge (the column a value below the first row is read in)
 */
record MergedRegion(int firstRow, int lastRow, int column) {

    private static final Pattern RANGE = Pattern.compile("([A-Z]{1,3})(\\d{1,7}):([A-Z]{1,3})(\\d{1,7})");

    /** A range as a worksheet's {@code <mergeCell ref="A2:A3"/>} writes it; empty when it is not one. */
    static Optional<MergedRegion> parse(String ref) {
        Matcher m = RANGE.matcher(ref);
        if (!m.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(m.group(2));
        int last = Integer.parseInt(m.group(4));
        return last > first ? Optional.of(new MergedRegion(first, last, ColumnLetters.indexOf(m.group(1))))
                : Optional.empty(); // one row only: nothing below its first row to fill
    }
}
