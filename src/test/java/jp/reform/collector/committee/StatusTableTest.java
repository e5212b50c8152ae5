package jp.reform.collector.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import jp.reform.collector.store.ReportQueries.StatusRow;
import org.junit.jupiter.api.Test;

/** The status table is read by the division: its 確認事項 column says in Japanese what the CSV gives as codes. */
class StatusTableTest {

    private static StatusRow row(String code, String actual, String grade, String flags) {
        return new StatusRow(code, "指標" + code, "職員課", "人", "100", new BigDecimal("100"), "absolute", true,
                actual == null ? null : new BigDecimal(actual), actual, null, null, grade, flags, null, null, null);
    }

    private static String lastColumn(String table, String code) {
        String[] columns = table.lines().filter(l -> l.startsWith(code)).findFirst().orElseThrow().split("\\s+");
        return columns[columns.length - 1];
    }

    @Test
    void theTableNamesTheFlagsInJapaneseWhileTheCsvKeepsTheirCodes() {
        List<StatusRow> rows = List.of(row("I-1-ア-1", null, "未提出", "missing"),
                row("I-1-ア-2", "1020", "達成", "approximate;implausible_change"));
        TableFormatter formatter = new TableFormatter();

        String table = formatter.statusTable(rows);
        assertThat(lastColumn(table, "I-1-ア-1")).isEqualTo("未提出");
        assertThat(lastColumn(table, "I-1-ア-2")).isEqualTo("概数（約）、桁違いの疑い");
        assertThat(table).doesNotContain("missing", "approximate", "implausible_change");

        assertThat(formatter.statusCsv(rows)).contains(",missing,", ",approximate;implausible_change,");
    }

    @Test
    void aSharedIndicatorsDepartmentsReadAsTheWorkbookWritesThemWhileTheCsvKeepsItsSeparator() {
        List<StatusRow> rows = List.of(new StatusRow("I-2-イ-2", "専門職を必要とする職場への人事配置率", "職員課|行政総務課", "%",
                "100%", new BigDecimal("100"), "absolute", true, new BigDecimal("100"), "100", null,
                new BigDecimal("100"), "達成", null, null, null, null));
        TableFormatter formatter = new TableFormatter();

        String line = formatter.statusTable(rows).lines().filter(l -> l.startsWith("I-2-イ-2")).findFirst().orElseThrow();
        assertThat(line.split("\\s+")[1]).isEqualTo("職員課・行政総務課");
        assertThat(formatter.statusCsv(rows)).contains("I-2-イ-2,職員課|行政総務課,");
    }
}
