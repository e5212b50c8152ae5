package jp.reform.collector.planbook;

import static jp.reform.collector.planbook.PlanWorkbook.FIRST_DATA_ROW;
import static jp.reform.collector.planbook.PlanWorkbook.HEADER_ROW;
import static jp.reform.collector.planbook.PlanWorkbook.NAME_ROW;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.reform.collector.domain.LogText;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plan workbook back into tables: each cell as the text it holds, exactly as typed (only surrounding
 * white space is removed). A cell Excel made a number anyway (typed into a new cell of a column that was
 * not text) is read as Excel shows it (「100%」, 「2026」). Formulas, dates, error values and line breaks
 * inside a cell are problems: the plan files hold plain one-line text.
 *
 * <p>A column's CSV name comes from row 2; when that cell is empty, from its Japanese header. Columns are
 * kept in sheet order, unknown ones too, so the CSV files get every column the sheets have.
 */
public final class PlanWorkbookReader {

    private static final Logger LOG = LoggerFactory.getLogger(PlanWorkbookReader.class);

    private static final Pattern PLAN_YEAR = Pattern.compile("plan_\\d{4}");

    private final DataFormatter formatter = new DataFormatter(java.util.Locale.JAPAN);

    public PlanTables.Read read(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            Map<PlanFile, Set<String>> offered = meta(wb);
            List<PlanTable> tables = new ArrayList<>();
            for (PlanFile file : PlanFile.values()) {
                Sheet sheet = wb.getSheet(file.sheetName());
                if (sheet == null) {
                    if (file.required()) {
                        problems.add(Problem.of(Place.cell(file.sheetName(), 0, null, null, null), "sheet_missing",
                                file.sheetName()));
                    }
                    continue;
                }
                tables.add(table(file, sheet, offered.getOrDefault(file, Set.of()), problems));
            }
            return new PlanTables.Read(new PlanTables(tables), problems);
        } catch (EncryptedDocumentException e) {
            problems.add(Problem.of(Place.workbook(), "workbook_encrypted"));
        } catch (IOException | RuntimeException e) {
            // the division reads the problem in Japanese; POI's English cause is for the operator's log
            LOG.warn("The plan workbook cannot be read: {}", LogText.cause(e));
            problems.add(Problem.of(Place.workbook(), "workbook_unreadable"));
        }
        return new PlanTables.Read(new PlanTables(List.of()), problems);
    }

    /** The optional columns the export added, by file, from the very hidden _meta sheet (none without it). */
    private Map<PlanFile, Set<String>> meta(Workbook wb) {
        Map<PlanFile, Set<String>> offered = new HashMap<>();
        Sheet meta = wb.getSheet(PlanWorkbook.SHEET_META);
        if (meta == null) {
            return offered;
        }
        for (Row row : meta) {
            Cell key = row.getCell(0);
            Cell value = row.getCell(1);
            if (key == null || key.getCellType() != CellType.STRING) {
                continue;
            }
            for (PlanFile file : PlanFile.values()) {
                if ((PlanWorkbook.OFFERED_PREFIX + file.fileName()).equals(key.getStringCellValue())
                        && value != null && value.getCellType() == CellType.STRING) {
                    offered.put(file, new HashSet<>(Arrays.stream(value.getStringCellValue().split(","))
                            .map(String::strip).filter(s -> !s.isEmpty()).toList()));
                }
            }
        }
        return offered;
    }

    private PlanTable table(PlanFile file, Sheet sheet, Set<String> offered, List<Problem> problems) {
        String sheetName = file.sheetName();
        Row headerRow = sheet.getRow(HEADER_ROW);
        Row nameRow = sheet.getRow(NAME_ROW);
        boolean hasNameRow = hasNameRow(file, nameRow);
        int width = Math.max(lastCell(headerRow), hasNameRow ? lastCell(nameRow) : 0);

        // column index → CSV name, in sheet order; unnamed columns are left out
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<String, String> letters = new HashMap<>();
        Map<String, String> headers = new HashMap<>();
        for (int c = 0; c < width; c++) {
            String letter = CellReference.convertNumToColString(c);
            String header = text(headerRow == null ? null : headerRow.getCell(c), sheetName, problems);
            String name = hasNameRow ? text(nameRow.getCell(c), sheetName, problems) : "";
            if (name.isEmpty() && !header.isEmpty()) {
                name = PlanColumns.columnOf(file, header).orElse("");
                if (name.isEmpty()) {
                    problems.add(Problem.of(Place.cell(sheetName, hasNameRow ? NAME_ROW + 1 : HEADER_ROW + 1, letter,
                            null, header), "column_unknown", header));
                    continue;
                }
            }
            if (name.isEmpty()) {
                continue;
            }
            if (letters.containsKey(name)) {
                problems.add(Problem.of(Place.cell(sheetName, hasNameRow ? NAME_ROW + 1 : HEADER_ROW + 1, letter, name,
                        header), "column_duplicate", name, letters.get(name) + "列と" + letter + "列"));
                continue;
            }
            names.put(c, name);
            letters.put(name, letter);
            headers.put(name, header.isEmpty() ? name : header);
        }

        List<String> columns = List.copyOf(names.values());
        List<PlanTable.Row> rows = new ArrayList<>();
        Set<Integer> unnamedReported = new HashSet<>();
        int first = hasNameRow ? FIRST_DATA_ROW : NAME_ROW;
        for (int r = first; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            boolean blank = true;
            for (Map.Entry<Integer, String> column : names.entrySet()) {
                Place place = place(sheetName, r, column.getKey(), column.getValue(), headers.get(column.getValue()));
                String value = text(row.getCell(column.getKey()), place, problems);
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    problems.add(Problem.of(place, "line_break"));
                }
                blank &= value.isEmpty();
                values.add(value);
            }
            for (int c = 0; c < Math.max(row.getLastCellNum(), 0); c++) {
                if (!names.containsKey(c) && !text(row.getCell(c), sheetName, new ArrayList<>()).isEmpty()) {
                    blank = false;
                    if (unnamedReported.add(c)) {
                        problems.add(Problem.of(place(sheetName, r, c, null, null), "column_unnamed"));
                    }
                }
            }
            if (!blank) {
                rows.add(new PlanTable.Row(r + 1, values));
            }
        }
        PlanTable.Locator locator = (source, column) -> source == 0 ? Place.cell(sheetName, 0, null, null, null)
                : Place.cell(sheetName, source, column == null ? null : letters.get(column), column,
                        column == null ? null : headers.get(column));
        return new PlanTable(file, columns, rows, locator, offered);
    }

    /** Row 2 holds CSV column names when one of them is a column this file knows. */
    private boolean hasNameRow(PlanFile file, Row nameRow) {
        if (nameRow == null) {
            return false;
        }
        for (Cell cell : nameRow) {
            if (cell.getCellType() == CellType.STRING) {
                String name = cell.getStringCellValue().strip();
                if (PlanColumns.known(file).containsKey(name) || file.requiredColumns().contains(name)
                        || file == PlanFile.ACTIONS && PLAN_YEAR.matcher(name).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int lastCell(Row row) {
        return row == null ? 0 : Math.max(row.getLastCellNum(), 0);
    }

    private static Place place(String sheet, int rowIndex, int column, String name, String header) {
        return Place.cell(sheet, rowIndex + 1, CellReference.convertNumToColString(column), name, header);
    }

    /** The text a cell holds, stripped; problems for what a plan file cannot hold. */
    private String text(Cell cell, String sheet, List<Problem> problems) {
        return cell == null ? "" : text(cell, place(sheet, cell.getRowIndex(), cell.getColumnIndex(), null, null), problems);
    }

    private String text(Cell cell, Place place, List<Problem> problems) {
        if (cell == null) {
            return "";
        }
        switch (cell.getCellType()) {
            case STRING:
                return cell.getStringCellValue().strip();
            case BLANK:
                return "";
            case BOOLEAN:
                return Boolean.toString(cell.getBooleanCellValue());
            case NUMERIC:
                if (DateUtil.isCellDateFormatted(cell)) {
                    problems.add(Problem.of(place, "cell_date", formatter.formatCellValue(cell)));
                    return "";
                }
                // Excel made it a number (a new cell in a column that was not text): take it as Excel shows it
                return formatter.formatCellValue(cell).strip();
            case FORMULA:
                problems.add(Problem.of(place, "cell_formula", "=" + cell.getCellFormula()));
                return "";
            default:
                problems.add(Problem.of(place, "cell_error"));
                return "";
        }
    }
}
