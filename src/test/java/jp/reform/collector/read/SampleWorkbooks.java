package jp.reform.collector.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;

/** Builds the test workbooks with POI, so that no binary fixture is committed. */
final class SampleWorkbooks {

    private SampleWorkbooks() {
    }

    /**
     * A realistic results workbook: a sheet of notes without a header, the results sheet (two title
     * rows, a blank row, the header on row 4, data from row 5) and a hidden list sheet.
     */
    static void fillResults(Workbook wb) {
        DataFormat formats = wb.createDataFormat();
        CellStyle percent1 = style(wb, formats.getFormat("0.0%"));
        CellStyle percent0 = style(wb, formats.getFormat("0%"));
        CellStyle date = style(wb, formats.getFormat("yyyy/m/d"));

        Sheet notes = wb.createSheet("説明");
        notes.createRow(0).createCell(0).setCellValue("このブックに令和6年度の実績を記入してください。");
        notes.createRow(2).createCell(1).setCellValue("問合せ先: 行政経営課");

        Sheet sheet = wb.createSheet("実績報告");
        sheet.createRow(0).createCell(0).setCellValue("令和７年度 行政改革実施計画 実績報告書");
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 7));
        sheet.createRow(1).createCell(0).setCellValue("担当：行政経営課");
        // row 3 left blank
        row(sheet, 3, "指標\nｺｰﾄﾞ", "年　度", "成果指標", "実績値（％）", "取組状況", "成果と課題", "今後の取組",
                "自己評価", "目標値", "備考");

        Row r5 = row(sheet, 4, "1-1-1", 2025, "電子申請の件数", 0.721, "オンライン申請を拡充しました。\n窓口でも案内しました。",
                "  成果あり  ", "継続", "達成", 0.8);
        r5.getCell(3).setCellStyle(percent1);
        r5.getCell(8).setCellStyle(percent0);

        Row r6 = row(sheet, 5, "1-1-2", 2025, "手続数");
        r6.createCell(3).setCellFormula("10+16");
        r6.createCell(4).setCellValue(LocalDate.of(2025, 3, 31));
        r6.getCell(4).setCellStyle(date);
        r6.createCell(5).setCellValue(true);
        r6.createCell(6).setCellFormula("1/0");
        r6.createCell(7).setCellValue(0.1 + 0.2);
        r6.createCell(8).setCellValue(0.7215);
        r6.getCell(8).setCellStyle(percent0);

        Row r7 = row(sheet, 6, "0123", "2025", null, "1,234", "状況");
        r7.setZeroHeight(true);
        // row 8 blank, row 9 only an unmapped column, row 10 data again
        row(sheet, 8, null, null, null, null, null, null, null, null, null, "メモ");
        row(sheet, 9, "2-1-1", 2025, null, 12345678.9, "実施");

        Sheet lists = wb.createSheet("リスト");
        row(lists, 0, "指標コード", "実績値", "取組状況");
        row(lists, 1, "X-1", 1, "hidden");
        wb.setSheetHidden(wb.getSheetIndex(lists), true);

        wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
    }

    static Path write(Workbook wb, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); wb) {
            wb.write(out);
        }
        return file;
    }

    /** Writes cells left to right from column A; a null leaves the cell out. */
    static Row row(Sheet sheet, int index, Object... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(i);
            if (value instanceof Number n) {
                cell.setCellValue(n.doubleValue());
            } else {
                cell.setCellValue(value.toString());
            }
        }
        return row;
    }

    /** Rewrites one entry of a zip (an xlsx) through a text transformation. */
    static void rewriteEntry(Path zip, String entryName, UnaryOperator<String> change) throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip));
             ZipOutputStream out = new ZipOutputStream(copy)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals(entryName)) {
                    content = change.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        Files.write(zip, copy.toByteArray());
    }

    private static CellStyle style(Workbook wb, short format) {
        CellStyle style = wb.createCellStyle();
        style.setDataFormat(format);
        return style;
    }
}
