package jp.reform.collector.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.OldExcelFormatException;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a legacy .xls (BIFF8) workbook through HSSF's user model: at most 65,536 rows a sheet, so
 * holding one workbook in memory is bounded.
 */
final class XlsSheetSource {

    private static final Logger LOG = LoggerFactory.getLogger(XlsSheetSource.class);
    /** Characters of a formula kept for the receipt, as for xlsx. */
    private static final int MAX_FORMULA_CHARS = 100;

    private final Path file;

    XlsSheetSource(Path file) {
        this.file = file;
    }

    void read(RowSink sink) throws IOException, UnreadableContent {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            if (!root.hasEntryCaseInsensitive("Workbook") && !root.hasEntryCaseInsensitive("Book")) {
                throw new UnreadableContent(ReadFindings.notAWorkbook());
            }
            try (HSSFWorkbook workbook = new HSSFWorkbook(fs, false)) {
                readSheets(workbook, sink);
            }
        } catch (HandlerFailure | RowLimitExceeded e) {
            throw e;
        } catch (EncryptedDocumentException e) {
            throw new UnreadableContent(ReadFindings.encrypted(), e);
        } catch (OldExcelFormatException e) {
            throw new UnreadableContent(ReadFindings.oldExcelFormat(), e);
        } catch (RuntimeException e) {
            throw new UnreadableContent(ReadFindings.corruptFile(), e);
        } catch (IOException e) {
            throw Sources.contentOrFileSystem(file, e);
        }
    }

    private static void readSheets(HSSFWorkbook workbook, RowSink sink) {
        boolean date1904 = workbook.getInternalWorkbook().isUsing1904DateWindowing();
        Sheet metadata = workbook.getSheet(TemplateMark.META_SHEET);
        if (metadata != null) {
            MetadataRows meta = new MetadataRows();
            for (Row row : metadata) {
                if (!meta.row(row.getRowNum() + 1, cells(row, date1904))) {
                    break;
                }
            }
            sink.templateMetadata(meta.values());
        }
        for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
            Sheet sheet = workbook.getSheetAt(i);
            RowSink into = sink;
            if (workbook.isSheetHidden(i) || workbook.isSheetVeryHidden(i)) {
                into = TemplateMark.META_SHEET.equals(sheet.getSheetName()) ? null : sink.hiddenSheet(sheet.getSheetName());
                if (into == null) {
                    LOG.debug("Skipping hidden sheet {}", sheet.getSheetName());
                    continue;
                }
            }
            into.startSheet(sheet.getSheetName());
            into.mergedRegions(sheet.getMergedRegions().stream()
                    .filter(r -> r.getLastRow() > r.getFirstRow())
                    .map(r -> new MergedRegion(r.getFirstRow() + 1, r.getLastRow() + 1, r.getFirstColumn())).toList());
            for (Row row : sheet) {
                if (row.getZeroHeight()) {
                    into.hiddenRow(row.getRowNum() + 1);
                }
                if (!into.row(row.getRowNum() + 1, cells(row, date1904))) {
                    break;
                }
            }
            into.endSheet();
        }
    }

    private static SortedMap<Integer, String> cells(Row row, boolean date1904) {
        SortedMap<Integer, String> cells = new TreeMap<>();
        for (Cell cell : row) {
            String text = errorValue(cell);
            text = text != null ? text : CellText.clean(text(cell, cell.getCellType(), date1904));
            if (!text.isEmpty()) {
                cells.put(cell.getColumnIndex(), text);
            }
        }
        return cells;
    }

    /**
     * An error value (#N/A, #DIV/0! …), a formula's cached result or saved as a value, marked as for xlsx
     * ({@link SourceCell#ERROR_VALUE}), so that it is refused at its cell, not read as a text the department wrote;
     * null when the cell holds none.
     */
    private static String errorValue(Cell cell) {
        if (cell.getCellType() == CellType.ERROR) {
            return SourceCell.errorValue(errorText(cell.getErrorCellValue()), null);
        }
        if (cell.getCellType() == CellType.FORMULA && cell.getCachedFormulaResultType() == CellType.ERROR) {
            return SourceCell.errorValue(errorText(cell.getErrorCellValue()), formula(cell));
        }
        return null;
    }

    /** The formula as the file gives it, its beginning only; "" when HSSF cannot render it. */
    private static String formula(Cell cell) {
        try {
            String formula = cell.getCellFormula();
            return formula.length() <= MAX_FORMULA_CHARS ? formula : formula.substring(0, MAX_FORMULA_CHARS);
        } catch (RuntimeException e) {
            // a formula token HSSF does not know: the error is refused all the same, without the formula
            return "";
        }
    }

    /** The same rules as for xlsx: formulas give their cached result, never their text. */
    private static String text(Cell cell, CellType type, boolean date1904) {
        switch (type) {
            case STRING:
                return cell.getStringCellValue();
            case NUMERIC:
                return CellTextFormatter.numeric(cell.getNumericCellValue(),
                        cell.getCellStyle().getDataFormat(), cell.getCellStyle().getDataFormatString(), date1904);
            case BOOLEAN:
                return cell.getBooleanCellValue() ? "TRUE" : "FALSE";
            case ERROR:
                return errorText(cell.getErrorCellValue()); // cells() marks it before (errorValue)
            case FORMULA:
                return text(cell, cell.getCachedFormulaResultType(), date1904);
            default:
                return "";
        }
    }

    private static String errorText(byte code) {
        try {
            return FormulaError.forInt(code).getString();
        } catch (IllegalArgumentException e) {
            return "#ERROR!";
        }
    }
}
