package jp.reform.collector.read;

import jp.reform.collector.normalise.FiscalYears;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Looks for the header row among the first rows of one sheet. Rows above it (titles, notes) are
 * remembered only for the fiscal year they state and for a template's mark.
 */
final class HeaderLocator {

    private final String sheet;
    private final int searchRows;
    private final Set<Integer> titleYears = new HashSet<>();
    private TemplateMark templateMark;

    private final Map<String, String> templateMetadata;

    HeaderLocator(String sheet, int searchRows, Map<String, String> templateMetadata) {
        this.sheet = sheet;
        this.searchRows = searchRows;
        this.templateMetadata = templateMetadata;
    }

    /** False once the search window is passed: the sheet has no header. */
    boolean stillSearching(int rowNumber) {
        return rowNumber <= searchRows;
    }

    /**
     * The header if this row is one, else null.
     *
     * @param cells non-blank cell texts by 0-based column index, left to right
     */
    LocatedHeader offer(int rowNumber, SortedMap<Integer, String> cells) {
        Map<Field, Integer> columns = new EnumMap<>(Field.class);
        for (Map.Entry<Integer, String> cell : cells.entrySet()) {
            Field field = ColumnNames.match(cell.getValue());
            if (field == Field.ACTUAL && columns.containsKey(Field.ACTUAL)
                    && isLaterYear(cell.getValue(), cells.get(columns.get(Field.ACTUAL)))) {
                columns.put(field, cell.getKey());
            } else if (field != null) {
                columns.putIfAbsent(field, cell.getKey());
            }
        }
        if (columns.containsKey(Field.INDICATOR_CODE)
                && (columns.containsKey(Field.ACTUAL) || columns.containsKey(Field.STATUS_TEXT))) {
            return header(rowNumber, columns, cells);
        }
        for (String text : cells.values()) {
            if (templateMark == null) {
                templateMark = TemplateMark.parse(text, sheet, rowNumber).orElse(null);
            }
            Integer year = FiscalYears.inTitle(text).orElse(null);
            if (year != null) {
                titleYears.add(year);
            }
        }
        return null;
    }

    /**
     * Forms often show last year's actual beside this year's (令和5年度実績 | 令和6年度実績): the report is
     * about the latest year, so that column is the one read.
     */
    private static boolean isLaterYear(String candidate, String current) {
        Integer candidateYear = FiscalYears.inActualHeader(candidate).orElse(null);
        Integer currentYear = FiscalYears.inActualHeader(current).orElse(null);
        return candidateYear != null && currentYear != null && candidateYear > currentYear;
    }

    private LocatedHeader header(int rowNumber, Map<Field, Integer> columns, SortedMap<Integer, String> cells) {
        Integer hint = null;
        Integer actual = columns.get(Field.ACTUAL);
        if (actual != null) {
            hint = FiscalYears.inActualHeader(cells.get(actual)).orElse(null);
        }
        // title cells that disagree (a plan period next to the report year) give no hint
        if (hint == null && titleYears.size() == 1) {
            hint = titleYears.iterator().next();
        }
        Map<Field, String> letters = new EnumMap<>(Field.class);
        columns.forEach((field, index) -> letters.put(field, ColumnLetters.of(index)));
        String unit = actual == null ? null : ColumnNames.statedUnit(cells.get(actual)).orElse(null);
        return new LocatedHeader(new TableHeader(sheet, rowNumber, letters, hint, mark(rowNumber), unit),
                Map.copyOf(columns));
    }

    /** The hidden metadata of a template wins over its visible mark line; a CSV copy has only the line. */
    private TemplateMark mark(int headerRow) {
        if (templateMetadata.isEmpty()) {
            return templateMark;
        }
        return TemplateMark.fromMetadata(templateMetadata, templateMark, sheet, headerRow).orElse(templateMark);
    }

    /** A header and the 0-based column index of each recognised field. */
    record LocatedHeader(TableHeader header, Map<Field, Integer> columns) {
    }
}
