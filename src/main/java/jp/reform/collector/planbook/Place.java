package jp.reform.collector.planbook;

import jp.reform.collector.domain.Messages;

/**
 * Where a problem is: a cell of the plan workbook (sheet, row, column letter and header) or a line of a
 * plan file (file, line, CSV column name). Rows and lines count from 1 as Excel and editors show them;
 * 0 means the whole sheet or file, a null column the whole row.
 *
 * @param sheet      the sheet name, or null for a file
 * @param file       the file name (plan.csv …, or a path outside the plan folder), or null for a sheet
 * @param row        the sheet row or file line, 0 for none
 * @param column     the column letter (workbook) or null
 * @param columnName the CSV column name, or null
 * @param header     the column's header on the sheet, or null
 */
public record Place(String sheet, String file, int row, String column, String columnName, String header) {

    public static Place cell(String sheet, int row, String column, String columnName, String header) {
        return new Place(sheet, null, row, column, columnName, header);
    }

    public static Place line(String file, int line, String columnName) {
        return new Place(null, file, line, null, columnName, null);
    }

    /** The workbook as a whole (it cannot be opened, say). */
    public static Place workbook() {
        return new Place(null, null, 0, null, null, null);
    }

    /** 「シート「指標」 5行目 F列（評価の方向）」 or 「indicators.csv 5行目 direction列」. */
    public String describe() {
        StringBuilder text = new StringBuilder(sheet != null ? Messages.text("planbook.place.sheet", sheet)
                : file != null ? Messages.text("planbook.place.file", file) : Messages.text("planbook.place.workbook"));
        if (row > 0) {
            text.append(' ').append(Messages.text("planbook.place.row", row));
        }
        if (column != null) {
            text.append(' ').append(header != null && !header.equals(column)
                    ? Messages.text("planbook.place.column_header", column, header)
                    : Messages.text("planbook.place.column", column));
        } else if (columnName != null) {
            text.append(' ').append(Messages.text("planbook.place.column", columnName));
        }
        return text.toString();
    }
}
