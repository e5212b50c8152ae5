package jp.reform.collector.read;

import java.util.ArrayList;
import java.util.List;

/** Keeps what the reader streamed, for assertions. */
final class RecordingHandler implements SourceRowHandler {

    final List<TableHeader> tables = new ArrayList<>();
    final List<SourceRow> rows = new ArrayList<>();

    @Override
    public void table(TableHeader header) {
        tables.add(header);
    }

    @Override
    public void row(SourceRow row) {
        rows.add(row);
    }

    SourceRow row(int rowNumber) {
        return rows.stream().filter(r -> r.row() == rowNumber).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + rowNumber + " in " + rows));
    }

    List<Integer> rowNumbers() {
        return rows.stream().map(SourceRow::row).toList();
    }
}
