package jp.reform.collector.read;

import java.util.List;
import java.util.stream.Collectors;

import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.Severity;

/** The read stage's findings, with their Japanese texts in one place. */
final class ReadFindings {

    static final String HEADER_NOT_FOUND = "header_not_found";
    static final String MISSING_COLUMN = "missing_column";
    static final String UNREADABLE_ENCODING = "unreadable_encoding";
    static final String UNREADABLE_FILE = "unreadable_file";
    static final String ENCRYPTED_FILE = "encrypted_file";
    static final String UNSUPPORTED_FORMAT = "unsupported_format";
    static final String SHEET_NOT_READ = "sheet_not_read";
    static final String HIDDEN_ROWS_READ = "hidden_rows_read";
    static final String HIDDEN_SHEET_NOT_READ = "hidden_sheet_not_read";
    static final String FIELDS_BEYOND_HEADER = "fields_beyond_header";
    static final String SPLIT_NUMBER = "split_number";
    private static final int HIDDEN_ROWS_NAMED = 10;

    private ReadFindings() {
    }

    static Finding headerNotFound(int searchRows) {
        List<Field> expected = List.of(Field.INDICATOR_CODE, Field.FISCAL_YEAR, Field.ACTUAL, Field.STATUS_TEXT);
        return finding(HEADER_NOT_FOUND, "header_not_found", searchRows, quoted(expected));
    }

    static Finding missingColumn(TableHeader header, Field field) {
        return finding(MISSING_COLUMN, "missing_column", field.label(), String.join("、", ColumnNames.examples(field)))
                .at(header.sheet(), header.headerRow(), null, null);
    }

    /** Several 実績 columns and nothing in their names saying which one is the year's. */
    static Finding ambiguousActual(TableHeader header, List<String> columns) {
        return finding(MISSING_COLUMN, "ambiguous_actual", String.join("、", columns))
                .at(header.sheet(), header.headerRow(), null, null);
    }

    /** A visible sheet holding a table but no results header, beside sheets that have one: not read, and said so. */
    static Finding sheetNotRead(String sheet, int searchRows) {
        return new Finding(Severity.WARNING, SHEET_NOT_READ, null, null, null, null,
                Messages.text("read.sheet_not_read", sheet, searchRows),
                Messages.text("read.sheet_not_read.hint", sheet, searchRows));
    }

    /** Rows hidden in Excel that were read as results: named, most {@value #HIDDEN_ROWS_NAMED} of them. */
    static Finding hiddenRowsRead(String sheet, List<Integer> rows) {
        String named = rows.stream().limit(HIDDEN_ROWS_NAMED).map(r -> r + "行目").collect(Collectors.joining("、"))
                + (rows.size() > HIDDEN_ROWS_NAMED
                        ? Messages.text("read.hidden_rows.more", rows.size() - HIDDEN_ROWS_NAMED) : "");
        return new Finding(Severity.WARNING, HIDDEN_ROWS_READ, sheet, null, null, null,
                Messages.text("read.hidden_rows", named), Messages.text("read.hidden_rows.hint"));
    }

    /** A hidden sheet holding a results table: not read, and said so. */
    static Finding hiddenSheetNotRead(String sheet) {
        return new Finding(Severity.WARNING, HIDDEN_SHEET_NOT_READ, null, null, null, null,
                Messages.text("read.hidden_sheet", sheet), Messages.text("read.hidden_sheet.hint", sheet));
    }

    /**
     * A CSV / text record with more fields than the header record (blank ones at its end do not count): a comma
     * typed in a number or a text without quotes has moved the cells after it one column to the right.
     */
    static Finding fieldsBeyondHeader(String sheet, int row, int headerFields, int rowFields, char delimiter) {
        String key = delimiter == '\t' ? "fields_beyond_header_tab" : "fields_beyond_header";
        return finding(FIELDS_BEYOND_HEADER, key, headerFields, rowFields).at(sheet, row, null, null);
    }

    /** A CSV record whose 実績値 and the text beside it look like one number cut at an unquoted comma (1 | 234). */
    static Finding splitNumber(String sheet, int row, String actualColumn, String head, Field next, String tail) {
        return finding(SPLIT_NUMBER, "split_number", head, next.label(), tail).at(sheet, row, actualColumn, null);
    }

    /** Rows refused as they were read past those listed one by one ({@link TableAssembler}). */
    static Finding moreRowsNotRead(int rows) {
        return finding(FIELDS_BEYOND_HEADER, "more_rows_not_read", rows);
    }

    static Finding unreadableEncoding() {
        return finding(UNREADABLE_ENCODING, "unreadable_encoding");
    }

    /** As {@link #unreadableEncoding()}, at the line where the encoding that read furthest met what it could not. */
    static Finding unreadableEncoding(String sheet, int line) {
        return finding(UNREADABLE_ENCODING, "unreadable_encoding_at").at(sheet, line, null, null);
    }

    static Finding emptyFile() {
        return finding(UNREADABLE_FILE, "empty_file");
    }

    static Finding corruptFile() {
        return finding(UNREADABLE_FILE, "corrupt_file");
    }

    static Finding oldExcelFormat() {
        return finding(UNREADABLE_FILE, "old_excel_format");
    }

    static Finding malformedCsv() {
        return finding(UNREADABLE_FILE, "malformed_csv");
    }

    static Finding encrypted() {
        return finding(ENCRYPTED_FILE, "encrypted_file");
    }

    static Finding unsupportedExtension(String extension) {
        return finding(UNSUPPORTED_FORMAT, "unsupported_extension",
                extension.isEmpty() ? Messages.text("read.no_extension") : "." + extension);
    }

    static Finding webPageSavedAsExcel() {
        return finding(UNSUPPORTED_FORMAT, "web_page_as_excel");
    }

    static Finding rowLimit(int maxRows, int rowsSeen) {
        return finding(Limits.ROWS_FINDING, "row_limit", "%,d".formatted(maxRows), "%,d".formatted(rowsSeen));
    }

    static Finding notAWorkbook() {
        return finding(UNSUPPORTED_FORMAT, "not_a_workbook");
    }

    /** Message and hint come from messages.properties as read.KEY and read.KEY.hint. */
    private static Finding finding(String code, String key, Object... args) {
        return Finding.error(code, Messages.text("read." + key, args), Messages.text("read." + key + ".hint", args));
    }

    private static String quoted(List<Field> fields) {
        return fields.stream().map(f -> "「" + f.label() + "」").collect(Collectors.joining());
    }
}
