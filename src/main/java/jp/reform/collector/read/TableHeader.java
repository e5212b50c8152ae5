package jp.reform.collector.read;

import java.util.EnumMap;
import java.util.Map;

import static java.util.Collections.unmodifiableMap;

/**
 * The recognised header of one sheet's results table.
 *
 * @param sheet          sheet name (for CSV the file name)
 * @param headerRow      1-based row number of the header row
 * @param columns        recognised columns: field to column letter
 * @param fiscalYearHint fiscal year stated in the 実績 column header or in a title row above the
 *                       header (令和6年度実績 → 2024), or null when none or when they disagree
 * @param templateMark   the mark of a pre-filled template above the header, or null for any other form
 * @param actualUnit     the unit the 実績 column's header states (実績値（円）, 実績値 単位:千円), or null when none
 */
public record TableHeader(String sheet, int headerRow, Map<Field, String> columns, Integer fiscalYearHint,
                          TemplateMark templateMark, String actualUnit) {

    public TableHeader {
        columns = columns.isEmpty() ? Map.of() : unmodifiableMap(new EnumMap<>(columns));
    }

    public boolean has(Field field) {
        return columns.containsKey(field);
    }
}
