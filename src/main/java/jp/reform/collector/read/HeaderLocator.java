package jp.reform.collector.read;

import jp.reform.collector.normalise.FiscalYears;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
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
        List<Integer> actuals = new ArrayList<>();
        for (Map.Entry<Integer, String> cell : cells.entrySet()) {
            Field field = ColumnNames.match(cell.getValue());
            if (field == Field.ACTUAL) {
                actuals.add(cell.getKey());
            } else if (field != null) {
                columns.putIfAbsent(field, cell.getKey());
            }
        }
        List<Integer> candidates = actualColumns(actuals, cells);
        if (!candidates.isEmpty()) {
            columns.put(Field.ACTUAL, candidates.get(0));
        }
        if (columns.containsKey(Field.INDICATOR_CODE)
                && (columns.containsKey(Field.ACTUAL) || columns.containsKey(Field.STATUS_TEXT))) {
            List<String> ambiguous = candidates.size() < 2 ? List.of() : candidates.stream()
                    .map(i -> ColumnLetters.of(i) + "列「" + cells.get(i) + "」").toList();
            return header(rowNumber, columns, cells, ambiguous);
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
     * The 実績 column to read, first; more than one when the header does not say which (the file is then
     * refused, since reading one of them would be a guess). Forms often show last year's actual beside this
     * year's: 令和5年度実績 | 令和6年度実績 reads the latest year, 実績値（前年度） | 実績値（今年度） and
     * 実績値（前年度） | 実績値 the one that is not last year's.
     */
    private static List<Integer> actualColumns(List<Integer> actuals, SortedMap<Integer, String> cells) {
        if (actuals.size() < 2) {
            return actuals;
        }
        List<Integer> notLastYears = actuals.stream().filter(i -> !saysLastYear(cells.get(i))).toList();
        List<Integer> left = notLastYears.isEmpty() ? actuals : notLastYears;
        if (left.size() == 1) {
            return left;
        }
        List<Integer> years = left.stream().map(i -> FiscalYears.inActualHeader(cells.get(i)).orElse(null)).toList();
        if (!years.contains(null)) {
            int latest = years.stream().mapToInt(Integer::intValue).max().orElseThrow();
            List<Integer> ofLatest = left.stream().filter(i -> years.get(left.indexOf(i)) == latest).toList();
            if (ofLatest.size() == 1) {
                return ofLatest;
            }
        }
        List<Integer> thisYears = left.stream().filter(i -> saysThisYear(cells.get(i))).toList();
        return thisYears.size() == 1 ? thisYears : left;
    }

    private static boolean saysLastYear(String header) {
        String text = ColumnNames.normalise(header);
        return text.contains("前年度") || text.contains("昨年度") || text.contains("前年");
    }

    private static boolean saysThisYear(String header) {
        String text = ColumnNames.normalise(header);
        return text.contains("今年度") || text.contains("本年度") || text.contains("当該年度") || text.contains("当年度");
    }

    private LocatedHeader header(int rowNumber, Map<Field, Integer> columns, SortedMap<Integer, String> cells,
                                 List<String> ambiguousActuals) {
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
                Map.copyOf(columns), ambiguousActuals);
    }

    /** The hidden metadata of a template wins over its visible mark line; a CSV copy has only the line. */
    private TemplateMark mark(int headerRow) {
        if (templateMetadata.isEmpty()) {
            return templateMark;
        }
        return TemplateMark.fromMetadata(templateMetadata, templateMark, sheet, headerRow).orElse(templateMark);
    }

    /**
     * A header and the 0-based column index of each recognised field; {@code ambiguousActuals} names the 実績
     * columns (C列「実績値」) when the header has several and does not say which is the year's, else empty.
     */
    record LocatedHeader(TableHeader header, Map<Field, Integer> columns, List<String> ambiguousActuals) {
    }
}
