package jp.reform.collector.read;

import java.util.List;

import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;

/**
 * What reading one file produced besides the rows.
 *
 * @param format   "xlsx", "xls" or "csv" as actually read (content wins over the file name);
 *                 null when the format is not supported
 * @param encoding the detected character set of a CSV file ("UTF-8", "windows-31j", "UTF-16LE",
 *                 "UTF-16BE"); null for Excel files and when it could not be determined
 * @param tables   the recognised tables, in sheet order
 * @param problems findings about the file as a whole or its headers
 */
public record ReadReport(String format, String encoding, List<TableHeader> tables, List<Finding> problems) {

    public ReadReport {
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Finding::isError);
    }

    /** Reading stopped at the row limit: the file is refused for that alone. */
    public boolean rowLimitExceeded() {
        return problems.stream().anyMatch(f -> Limits.ROWS_FINDING.equals(f.code()));
    }
}
