package jp.reform.collector.planbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Plan workbooks for the tests: exported from a plan folder, then edited as someone would in Excel. */
final class PlanWorkbooks {

    private PlanWorkbooks() {
    }

    static byte[] exported(Path planFolder) {
        PlanTables.Read read = PlanCsv.readFolder(planFolder);
        if (!read.problems().isEmpty()) {
            throw new IllegalStateException(read.problems().toString());
        }
        return new PlanWorkbookWriter().write(read.tables());
    }

    static XSSFWorkbook open(byte[] bytes) {
        try {
            return new XSSFWorkbook(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] edited(byte[] bytes, Consumer<XSSFWorkbook> edit) {
        try (XSSFWorkbook wb = open(bytes); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            edit.accept(wb);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cell at a row (1-based, as Excel shows it) and column letter, created when missing. */
    static Cell cell(XSSFWorkbook wb, String sheet, int row, String column) {
        XSSFSheet s = wb.getSheet(sheet);
        Row r = s.getRow(row - 1) != null ? s.getRow(row - 1) : s.createRow(row - 1);
        int c = CellReference.convertColStringToIndex(column);
        return r.getCell(c) != null ? r.getCell(c) : r.createCell(c);
    }

    /** Types a text into a cell, keeping its style. */
    static void type(XSSFWorkbook wb, String sheet, int row, String column, String text) {
        cell(wb, sheet, row, column).setCellValue(text);
    }

    /** The column letter of a CSV column on a sheet (from the row of CSV names). */
    static String letter(XSSFWorkbook wb, String sheet, String csvColumn) {
        for (Cell cell : wb.getSheet(sheet).getRow(1)) {
            if (cell.getStringCellValue().equals(csvColumn)) {
                return CellReference.convertNumToColString(cell.getColumnIndex());
            }
        }
        throw new IllegalArgumentException(csvColumn + " not on " + sheet);
    }
}
