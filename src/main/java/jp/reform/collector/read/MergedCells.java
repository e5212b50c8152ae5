package jp.reform.collector.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;

/**
 * Fills the rows a vertical merge spans with its value, as a department sees them: 指標コード merged over the rows
 * of 2024 and 2025 names both rows' indicator. Only the range's left column is filled (a header or title merged
 * across columns is not repeated), and only below the first row. Rows come in order, so each range is looked at
 * once: active while rows pass through it, then dropped.
 */
final class MergedCells {

    private final List<MergedRegion> waiting;
    private final List<Active> active = new ArrayList<>();
    private int next;

    private static final class Active {
        final MergedRegion region;
        String value;

        Active(MergedRegion region) {
            this.region = region;
        }
    }

    MergedCells(List<MergedRegion> regions) {
        this.waiting = new ArrayList<>(regions);
        this.waiting.sort(Comparator.comparingInt(MergedRegion::firstRow));
    }

    /**
     * The row's cells with the values of the merges it lies in below their first row (in place).
     *
     * @param headerRow ranges that begin at or above it (a two-row header, a title) are not filled into the rows
     *                  below: only merges within the data are
     */
    void apply(int rowNumber, SortedMap<Integer, String> cells, int headerRow) {
        for (Iterator<Active> it = active.iterator(); it.hasNext(); ) {
            Active a = it.next();
            if (a.region.lastRow() < rowNumber) {
                it.remove();
            } else if (a.region.firstRow() < rowNumber && a.region.firstRow() > headerRow && a.value != null) {
                cells.putIfAbsent(a.region.column(), a.value);
            }
        }
        while (next < waiting.size() && waiting.get(next).firstRow() <= rowNumber) {
            MergedRegion region = waiting.get(next++);
            if (region.lastRow() >= rowNumber) {
                Active a = new Active(region);
                // the range's value is its first row's cell; a range whose first row the file left out is blank
                a.value = region.firstRow() == rowNumber ? cells.get(region.column()) : null;
                active.add(a);
            }
        }
    }
}
