package jp.reform.collector.read;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/** Collects a template's hidden metadata sheet: column A the key, column B the value. */
final class MetadataRows implements RowSink {

    private final Map<String, String> values = new LinkedHashMap<>();

    @Override
    public void startSheet(String name) {
    }

    @Override
    public boolean row(int rowNumber, SortedMap<Integer, String> cells) {
        String key = cells.get(0);
        String value = cells.get(1);
        if (key != null && value != null) {
            values.put(key.strip(), value.strip());
        }
        return rowNumber < 50; // a handful of rows; never read a large sheet by mistake
    }

    @Override
    public void endSheet() {
    }

    Map<String, String> values() {
        return values;
    }
}
