package jp.reform.collector.read;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

import jp.reform.collector.domain.Finding;
import jp.reform.collector.normalise.JapaneseText;

/**
 * Turns the physical rows of each sheet into a results table: finds the header, checks the required
 * columns and streams the data rows to the caller's handler. Format-independent.
 */
final class TableAssembler implements RowSink {

    private static final int TABULAR_CELLS = 3;
    /** A number's part before an unquoted thousands separator: 1 of 1,234, ▲12 of ▲12,500, 約1 of 約1,200. */
    private static final Pattern NUMBER_HEAD = Pattern.compile("約?[▲△\\-−]?\\d{1,3}");
    /** The part after it: 234 of 1,234, 500件 of 12,500件, 234.5 of 1,234.5. */
    private static final Pattern NUMBER_TAIL = Pattern.compile("\\d{3}(?:\\.\\d+)?\\D{0,4}");
    /** The columns of text a number's tail lands in when an unquoted comma splits the 実績値. */
    private static final Set<Field> TEXT_FIELDS =
            Set.of(Field.STATUS_TEXT, Field.OUTCOME, Field.NEXT_STEPS, Field.SELF_ASSESSMENT);

    private final int headerSearchRows;
    private final int maxRows;
    private final SourceRowHandler handler;
    private final List<TableHeader> tables = new ArrayList<>();
    private static final int ROW_PROBLEMS_KEPT = 1_000;
    private final List<Finding> problems = new ArrayList<>();
    private int rowProblemsKept;
    private int rowProblemsNotKept;
    private final List<String> sheetsWithoutTable = new ArrayList<>();
    private final List<String> hiddenSheetsWithTable = new ArrayList<>();
    /** A row of the sheet holds three cells or more: a table, not a sheet of notes or instructions. */
    private boolean sheetLooksTabular;
    /** The next row's number when the source said it is hidden, else 0. */
    private int hiddenRow;
    /** Data rows of the current sheet read although hidden in Excel. */
    private final List<Integer> hiddenRowsRead = new ArrayList<>();
    /** The fields of the next row when the source counts them (a CSV record), else 0. */
    private int nextRowFields;
    /**
     * The fields of the current table's header record (a CSV file's, trailing blank ones included), or 0 when the
     * source does not count them (a worksheet, where notes to the right of a table are the department's own).
     */
    private int headerFields;
    /** What separates the fields of the current sheet's records, when {@link #headerFields} is known. */
    private char delimiter;
    /** The current sheet's merged ranges, or null when it has none. */
    private MergedCells merged;

    private String sheet;
    private HeaderLocator locator;
    private HeaderLocator.LocatedHeader table;
    private Map<String, String> templateMetadata = Map.of();
    private int dataRows;

    /** @param maxRows data rows allowed in the whole file; one more stops the reading */
    TableAssembler(int headerSearchRows, int maxRows, SourceRowHandler handler) {
        this.headerSearchRows = headerSearchRows;
        this.maxRows = maxRows;
        this.handler = handler;
    }

    @Override
    public void startSheet(String name) {
        sheet = name;
        locator = new HeaderLocator(name, headerSearchRows, templateMetadata);
        table = null;
        sheetLooksTabular = false;
        merged = null;
        nextRowFields = 0;
        headerFields = 0;
    }

    @Override
    public void mergedRegions(List<MergedRegion> regions) {
        merged = regions.isEmpty() ? null : new MergedCells(regions);
    }

    @Override
    public void hiddenRow(int rowNumber) {
        hiddenRow = rowNumber;
    }

    @Override
    public void fieldCount(int fields, char delimiter) {
        nextRowFields = fields;
        this.delimiter = delimiter;
    }

    @Override
    public boolean row(int rowNumber, SortedMap<Integer, String> cells) {
        sheetLooksTabular |= cells.size() >= TABULAR_CELLS;
        boolean hidden = hiddenRow == rowNumber;
        hiddenRow = 0;
        int fields = nextRowFields;
        nextRowFields = 0;
        if (merged != null) {
            merged.apply(rowNumber, cells, table == null ? Integer.MAX_VALUE : table.header().headerRow());
        }
        if (table != null) {
            // every non-blank row below a header counts, also notes in unrecognised columns: it is the
            // reading, not only the validating, that a huge file makes slow
            if (!cells.isEmpty() && ++dataRows > maxRows) {
                throw new RowLimitExceeded(sheet, rowNumber, dataRows);
            }
            if (headerFields > 0 && !cells.isEmpty() && cells.lastKey() >= headerFields) {
                // a record longer than the header: an unquoted comma (1,234, or one in a sentence) has shifted the
                // cells after it to the right. Its cells are not where the header says, so none of them is read.
                int rowFields = cells.lastKey() + 1;
                rowProblem(() -> ReadFindings.fieldsBeyondHeader(sheet, rowNumber, headerFields, rowFields, delimiter));
                return true;
            }
            Finding split = headerFields > 0 && delimiter == ',' ? splitNumber(rowNumber, cells) : null;
            if (split != null) {
                rowProblem(() -> split);
                return true;
            }
            if (emit(rowNumber, cells) && hidden) {
                hiddenRowsRead.add(rowNumber);
            }
            return true;
        }
        if (!locator.stillSearching(rowNumber)) {
            return false;
        }
        if (!cells.isEmpty()) {
            table = locator.offer(rowNumber, cells);
            if (table != null) {
                headerFields = fields;
                begin(table.header());
                if (!table.ambiguousActuals().isEmpty()) {
                    problems.add(ReadFindings.ambiguousActual(table.header(), table.ambiguousActuals()));
                }
            }
        }
        return true;
    }

    @Override
    public void endSheet() {
        if (table == null && sheetLooksTabular) {
            sheetsWithoutTable.add(sheet);
        }
        if (!hiddenRowsRead.isEmpty()) {
            // read like any row (the department's data), but a row hidden from sight may be a forgotten draft
            problems.add(ReadFindings.hiddenRowsRead(sheet, hiddenRowsRead));
            hiddenRowsRead.clear();
        }
        sheet = null;
        locator = null;
        table = null;
    }

    @Override
    public void templateMetadata(Map<String, String> values) {
        templateMetadata = Map.copyOf(values);
    }

    List<TableHeader> tables() {
        return tables;
    }

    /**
     * Looks at a hidden sheet's first rows for a results header, without reading any row as a result: a table
     * there is not read, and the receipt says so (a hidden sheet of results would otherwise be lost unseen).
     */
    @Override
    public RowSink hiddenSheet(String name) {
        HeaderLocator probe = new HeaderLocator(name, headerSearchRows, templateMetadata);
        return new RowSink() {
            @Override
            public void startSheet(String ignored) {
            }

            @Override
            public boolean row(int rowNumber, SortedMap<Integer, String> cells) {
                if (!probe.stillSearching(rowNumber)) {
                    return false;
                }
                if (!cells.isEmpty() && probe.offer(rowNumber, cells) != null) {
                    hiddenSheetsWithTable.add(name);
                    return false;
                }
                return true;
            }

            @Override
            public void endSheet() {
            }
        };
    }

    /** Hidden sheets whose first rows hold a results header: not read. */
    List<String> hiddenSheetsWithTable() {
        return hiddenSheetsWithTable;
    }

    /**
     * Visible sheets with a table in them (a row of three cells or more) but no results table found (within the
     * rows searched for its header, or a header below them): not read. A sheet of notes (説明, 記入例: a line to
     * a row) is not one of them.
     */
    List<String> sheetsWithoutTable() {
        return sheetsWithoutTable;
    }

    /**
     * A row refused as it was read. Past {@value #ROW_PROBLEMS_KEPT} only counted: a file of many thousand such rows
     * must not fill the memory with findings the receipt would not list (it lists the first 100).
     */
    private void rowProblem(java.util.function.Supplier<Finding> problem) {
        if (rowProblemsKept < ROW_PROBLEMS_KEPT) {
            rowProblemsKept++;
            problems.add(problem.get());
        } else {
            rowProblemsNotKept++;
        }
    }

    /** Problems with the headers and rows found so far; rows past the kept ones summed up in one more. */
    List<Finding> problems() {
        if (rowProblemsNotKept == 0) {
            return problems;
        }
        List<Finding> all = new ArrayList<>(problems);
        all.add(ReadFindings.moreRowsNotRead(rowProblemsNotKept));
        return all;
    }

    private void begin(TableHeader header) {
        tables.add(header);
        for (Field required : List.of(Field.INDICATOR_CODE, Field.FISCAL_YEAR, Field.ACTUAL, Field.STATUS_TEXT)) {
            boolean yearImplied = required == Field.FISCAL_YEAR && header.fiscalYearHint() != null;
            if (!header.has(required) && !yearImplied) {
                problems.add(ReadFindings.missingColumn(header, required));
            }
        }
        // rows are streamed even when columns are missing, so the receipt can list every problem at once
        try {
            handler.table(header);
        } catch (RuntimeException e) {
            throw new HandlerFailure(e);
        }
    }

    /**
     * A CSV record as long as its header whose 実績値 looks like the head of a number cut at an unquoted thousands
     * separator and whose next column, a text, like its tail: I-3-ウ-1,2025,1,234 under 指標コード,年度,実績値,取組状況
     * would be read as 実績値 1 and 取組状況 「234」. Null when the row does not look so.
     */
    private Finding splitNumber(int rowNumber, SortedMap<Integer, String> cells) {
        Integer actual = table.columns().get(Field.ACTUAL);
        if (actual == null) {
            return null;
        }
        Field next = table.columns().entrySet().stream().filter(c -> c.getValue() == actual + 1)
                .map(Map.Entry::getKey).findFirst().orElse(null);
        String head = JapaneseText.clean(cells.getOrDefault(actual, ""));
        String tail = JapaneseText.clean(cells.getOrDefault(actual + 1, ""));
        if (next == null || !TEXT_FIELDS.contains(next) || !NUMBER_HEAD.matcher(head).matches()
                || !NUMBER_TAIL.matcher(tail).matches()) {
            return null;
        }
        return ReadFindings.splitNumber(sheet, rowNumber, table.header().columns().get(Field.ACTUAL),
                cells.get(actual), next, cells.get(actual + 1));
    }

    /** Hands a data row to the handler; false when it has nothing in the recognised columns (not a row then). */
    private boolean emit(int rowNumber, SortedMap<Integer, String> cells) {
        if (cells.isEmpty()) {
            return false;
        }
        Map<Field, SourceCell> mapped = new EnumMap<>(Field.class);
        boolean blank = true;
        for (Map.Entry<Field, Integer> column : table.columns().entrySet()) {
            String text = cells.getOrDefault(column.getValue(), "");
            blank &= text.isEmpty();
            String letter = table.header().columns().get(column.getKey());
            mapped.put(column.getKey(), new SourceCell(sheet, rowNumber, letter, text));
        }
        if (blank) {
            return false;
        }
        try {
            handler.row(new SourceRow(sheet, rowNumber, mapped));
        } catch (RuntimeException e) {
            throw new HandlerFailure(e);
        }
        return true;
    }
}
