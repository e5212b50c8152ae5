package jp.reform.collector.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import jp.reform.collector.support.DepartmentFiles;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * One department's result file for the synthetic plan: one row per indicator it owns (the first
 * {@code rows} of them), for the round's fiscal year, as a city's staff fill the form in: a title row, a blank
 * row, the header, then the rows. Written as CSV (UTF-8 with BOM as Excel's "CSV UTF-8", or Windows-31J as
 * Excel's "CSV") or as .xlsx through POI's streaming SXSSF, and the same rows as they would be stored, for a
 * raw COPY of them. Everything is generated row by row, so a file of 200,000 rows needs no big buffer.
 */
final class SyntheticFile {

    /** A row as written and as it is stored. */
    record ResultRow(String indicatorCode, int fiscalYear, BigDecimal actual, String actualText, String status,
                     String outcome, String nextSteps, String assessment, String assessmentText, int rowNo) {
    }

    private static final int FIRST_DATA_ROW = 4; // title, blank, header

    private final SyntheticPlan plan;
    private final int department;
    private final int rows;
    private final int variant;
    private final boolean oneIncomplete;

    /**
     * @param variant       added to every value, so that files dropped one after another are new content
     * @param oneIncomplete the second row's value left blank: the 課 still owes that item (未記入)
     */
    SyntheticFile(SyntheticPlan plan, int department, int rows, int variant, boolean oneIncomplete) {
        if (rows > plan.perDepartment) {
            throw new IllegalArgumentException("a department owns " + plan.perDepartment + " indicators, not " + rows);
        }
        this.plan = plan;
        this.department = department;
        this.rows = rows;
        this.variant = variant;
        this.oneIncomplete = oneIncomplete;
    }

    int rows() {
        return rows;
    }

    String departmentName() {
        return SyntheticPlan.department(department);
    }

    ResultRow row(int j) {
        int year = plan.collectedYear;
        SyntheticPlan.Kind kind = SyntheticPlan.Kind.of(j);
        BigDecimal actual = oneIncomplete && j == 1 ? null : plan.plausibleActual(j, department, year);
        if (actual != null && variant != 0 && kind != SyntheticPlan.Kind.PERCENT) {
            actual = actual.add(BigDecimal.valueOf(variant));
        }
        String text = actual == null ? null : switch (j % 4) {
            case 0 -> "%,d".formatted(actual.longValue()); // 1,234
            case 1 -> kind.text(actual.longValue()); // with the unit: 540件, 72%
            default -> actual.toPlainString();
        };
        int factor = SyntheticPlan.factorPercent(j, department);
        boolean better = kind == SyntheticPlan.Kind.LOWER ? factor <= 100 : factor >= 100;
        String assessment = kind == SyntheticPlan.Kind.MILESTONE || better ? "ACHIEVED"
                : (kind == SyntheticPlan.Kind.LOWER ? factor <= 120 : factor >= 80) ? "MOSTLY_ACHIEVED" : "NOT_ACHIEVED";
        String assessmentText = switch (assessment) {
            case "ACHIEVED" -> j % 3 == 0 ? "○" : "達成";
            case "MOSTLY_ACHIEVED" -> j % 3 == 0 ? "△" : "概ね達成";
            default -> j % 3 == 0 ? "×" : "未達成";
        };
        String[] status = SyntheticResults.STATUS_TEXTS;
        String[] outcomes = SyntheticResults.OUTCOMES;
        String[] next = SyntheticResults.NEXT_STEPS;
        return new ResultRow(SyntheticPlan.indicatorCode(j, department), year, actual, text,
                status[(j + department) % status.length], outcomes[(j + 2 * department) % outcomes.length],
                next[(j + 3 * department) % next.length], assessment, assessmentText, FIRST_DATA_ROW + j);
    }

    private String title() {
        return "令和" + (plan.collectedYear - 2018) + "年度 行政改革実施計画 実績報告（" + departmentName() + "）";
    }

    /** CSV as Excel saves it; a character the charset cannot hold fails the writing instead of turning into '?'. */
    Path csv(Path file, Charset charset) throws IOException {
        var encoder = charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .onMalformedInput(CodingErrorAction.REPORT);
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), encoder),
                1 << 16)) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                out.write('\uFEFF');
            }
            out.write(csvLine(List.of(title())));
            out.write(csvLine(List.of()));
            out.write(csvLine(DepartmentFiles.HEADER));
            for (int j = 0; j < rows; j++) {
                ResultRow r = row(j);
                out.write(csvLine(java.util.Arrays.asList(r.indicatorCode(), Integer.toString(r.fiscalYear()),
                        r.actualText(), r.status(), r.outcome(), r.nextSteps(), r.assessmentText())));
            }
        }
        return file;
    }

    private static String csvLine(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String v = values.get(i);
            if (v != null) {
                line.append(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
        }
        return line.append("\r\n").toString();
    }

    /** .xlsx through SXSSF (100 rows in memory): numbers as numeric cells, as Excel users type them. */
    Path xlsx(Path file) throws IOException {
        SXSSFWorkbook wb = new SXSSFWorkbook(100);
        try {
            Sheet sheet = wb.createSheet("実績報告");
            sheet.createRow(0).createCell(0).setCellValue(title());
            Row header = sheet.createRow(2);
            for (int i = 0; i < DepartmentFiles.HEADER.size(); i++) {
                header.createCell(i).setCellValue(DepartmentFiles.HEADER.get(i));
            }
            for (int j = 0; j < rows; j++) {
                ResultRow r = row(j);
                Row row = sheet.createRow(r.rowNo() - 1);
                row.createCell(0).setCellValue(r.indicatorCode());
                row.createCell(1).setCellValue(r.fiscalYear());
                if (r.actual() != null) {
                    row.createCell(2).setCellValue(r.actual().doubleValue());
                }
                text(row, 3, r.status());
                text(row, 4, r.outcome());
                text(row, 5, r.nextSteps());
                text(row, 6, r.assessmentText());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        } finally {
            wb.close(); // SXSSF's temporary files
        }
        return file;
    }

    private static void text(Row row, int column, String value) {
        if (value != null) {
            Cell cell = row.createCell(column);
            cell.setCellValue(value);
        }
    }

    /** The rows as the results table holds them (version 1 of each), into a COPY of that shape. */
    void copyTo(Copy copy, long submissionId, Instant recordedAt) throws SQLException {
        for (int j = 0; j < rows; j++) {
            ResultRow r = row(j);
            copy.row(plan.code, r.indicatorCode(), r.fiscalYear(), 1, r.actual(), r.actualText(), false, r.status(),
                    r.outcome(), r.nextSteps(), r.assessment(), r.assessmentText(), departmentName(), submissionId,
                    "実績報告", r.rowNo(), "C", recordedAt);
        }
    }

    static final String COPY_COLUMNS = "plan_code, indicator_code, fiscal_year, version, actual_value, actual_text, "
            + "approximate, status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text, "
            + "department_name, submission_id, sheet_name, row_no, column_ref, recorded_at";
}
