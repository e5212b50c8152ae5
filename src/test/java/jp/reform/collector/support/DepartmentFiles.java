package jp.reform.collector.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes department result files the way city staff make them: a title row, a blank row, the header,
 * then one row per indicator. A cell value that is a Number is written as a numeric cell; a String
 * starting with "=" as a formula (its result cached, as Excel saves it: =NA() holds the error #N/A); a
 * {@link Percent} as a percent-formatted numeric cell; an {@link ErrorValue} as an error saved as a value.
 */
public final class DepartmentFiles {

    public static final List<String> HEADER =
            List.of("指標コード", "年度", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価");

    /** A numeric cell shown as a percentage (0.721 shows 72.1%). */
    public record Percent(double fraction) {
    }

    /** An error saved as a value, not as a formula's result (typed, or pasted with 値の貼り付け): #N/A, #REF! … */
    public record ErrorValue(FormulaError error) {
    }

    private DepartmentFiles() {
    }

    public static Path xlsx(Path file, String title, List<String> header, List<List<Object>> rows) throws IOException {
        return excel(new XSSFWorkbook(), file, title, header, rows);
    }

    public static Path xls(Path file, String title, List<String> header, List<List<Object>> rows) throws IOException {
        return excel(new HSSFWorkbook(), file, title, header, rows);
    }

    private static Path excel(Workbook wb, Path file, String title, List<String> header, List<List<Object>> rows)
            throws IOException {
        try (wb) {
            Sheet sheet = wb.createSheet("実績報告");
            CellStyle percent = wb.createCellStyle();
            percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
            int r = 0;
            if (title != null) {
                sheet.createRow(r++).createCell(0).setCellValue(title);
                r++; // a blank row under the title, as in most city forms
            }
            Row headerRow = sheet.createRow(r++);
            for (int i = 0; i < header.size(); i++) {
                headerRow.createCell(i).setCellValue(header.get(i));
            }
            for (List<Object> values : rows) {
                Row row = sheet.createRow(r++);
                for (int i = 0; i < values.size(); i++) {
                    Object value = values.get(i);
                    if (value == null) {
                        continue;
                    }
                    Cell cell = row.createCell(i);
                    if (value instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (value instanceof ErrorValue e) {
                        cell.setCellErrorValue(e.error().getCode());
                    } else if (value instanceof Percent p) {
                        cell.setCellValue(p.fraction());
                        cell.setCellStyle(percent);
                    } else if (value.toString().startsWith("=")) {
                        cell.setCellFormula(value.toString().substring(1));
                    } else {
                        cell.setCellValue(value.toString());
                    }
                }
            }
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll(); // cached results, as Excel saves them
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
        return file;
    }

    /** A CSV file in the given encoding; {@code bom} prepends the encoding's byte-order mark. */
    public static Path csv(Path file, Charset charset, boolean bom, String delimiter, List<String> header,
                           List<List<Object>> rows) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(String.join(delimiter, header)).append("\r\n");
        for (List<Object> row : rows) {
            text.append(String.join(delimiter, row.stream().map(v -> v == null ? "" : quote(v.toString())).toList()))
                    .append("\r\n");
        }
        String content = (bom ? "\uFEFF" : "") + text;
        Files.write(file, content.getBytes(charset));
        return file;
    }

    private static String quote(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
