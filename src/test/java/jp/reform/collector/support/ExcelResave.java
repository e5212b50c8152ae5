package jp.reform.collector.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * What Excel's "save as" does to a filled template, done with POI for the tests: an .xls copy of every
 * sheet's values (hidden sheets stay hidden), or the active sheet as Windows-31J CSV with the values as
 * they are displayed.
 */
public final class ExcelResave {

    public static Path asXls(Path xlsx, Path xls) throws IOException {
        try (InputStream in = Files.newInputStream(xlsx); Workbook source = WorkbookFactory.create(in);
             HSSFWorkbook target = new HSSFWorkbook()) {
            for (int s = 0; s < source.getNumberOfSheets(); s++) {
                Sheet from = source.getSheetAt(s);
                Sheet to = target.createSheet(from.getSheetName());
                for (Row row : from) {
                    Row copy = to.createRow(row.getRowNum());
                    for (Cell cell : row) {
                        Cell c = copy.createCell(cell.getColumnIndex());
                        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType()
                                : cell.getCellType();
                        if (type == CellType.NUMERIC) {
                            c.setCellValue(cell.getNumericCellValue());
                        } else if (type == CellType.STRING) {
                            c.setCellValue(cell.getStringCellValue());
                        } else if (type == CellType.BOOLEAN) {
                            c.setCellValue(cell.getBooleanCellValue());
                        }
                    }
                }
                if (source.isSheetVeryHidden(s)) {
                    target.setSheetVisibility(s, org.apache.poi.ss.usermodel.SheetVisibility.VERY_HIDDEN);
                } else if (source.isSheetHidden(s)) {
                    target.setSheetHidden(s, true);
                }
            }
            try (OutputStream out = Files.newOutputStream(xls)) {
                target.write(out);
            }
        }
        return xls;
    }

    public static Path asWindows31jCsv(Path xlsx, Path csv) throws IOException {
        DataFormatter formatter = new DataFormatter();
        StringBuilder text = new StringBuilder();
        try (InputStream in = Files.newInputStream(xlsx); Workbook source = WorkbookFactory.create(in)) {
            Sheet sheet = source.getSheetAt(source.getActiveSheetIndex());
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                int last = row == null ? 0 : Math.max(0, row.getLastCellNum());
                for (int c = 0; c < last; c++) {
                    Cell cell = row.getCell(c);
                    String value = cell == null ? "" : formatter.formatCellValue(cell);
                    if (c > 0) {
                        text.append(',');
                    }
                    text.append(value.contains(",") || value.contains("\"") || value.contains("\n")
                            ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
                }
                text.append("\r\n");
            }
        }
        Files.write(csv, text.toString().getBytes(Charset.forName("windows-31j")));
        return csv;
    }

    private ExcelResave() {
    }
}
