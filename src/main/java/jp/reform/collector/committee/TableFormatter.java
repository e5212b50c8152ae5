package jp.reform.collector.committee;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.ReportQueries.OverrideRow;
import jp.reform.collector.master.GradeWords;
import jp.reform.collector.report.FigureText;
import jp.reform.collector.report.ReportText;
import jp.reform.collector.store.ReportQueries.StatusRow;
import jp.reform.collector.store.ReportQueries.SummaryRow;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Prints the summary and status as CSV (for tools) or as an aligned table (for people). CSV keeps the canonical
 * words and columns (grade: 達成, 概ね達成, 未達成) and adds how the plan writes the grade (grade_label); the
 * tables for people use the plan's own words, and a plan of two levels (○ / ×) has no 概ね達成 column. A plan
 * of four levels (S|A|B|C) shows each result's level (grade_label S or A, grade 達成) and heads the summary's
 * canonical columns with the levels each counts (S・A, B, C). The status CSV writes target and actual as plain
 * numbers (90, 1000, 15600000) for tools; the table writes them as every report does ({@link FigureText}: 90件,
 * 1,000人, 1,560万文字).
 */
public final class TableFormatter {

    public static final List<String> SUMMARY_CSV_HEADER =
            List.of("goal", "set", "achieved", "mostly", "not_achieved", "mostly_rate");
    public static final List<String> STATUS_CSV_HEADER =
            List.of("indicator_code", "department", "target", "actual", "rate", "grade", "flags", "grade_label",
                    "final_grade");

    private final GradeWords words;

    /** A plan graded in the committee's three words. */
    public TableFormatter() {
        this(GradeWords.DEFAULT);
    }

    /** @param labels how a plan of two or three levels writes its grades, best first (plan.csv grade_labels) */
    public TableFormatter(List<String> labels) {
        this(GradeWords.of(labels));
    }

    public TableFormatter(GradeWords words) {
        this.words = words;
    }

    private boolean hasMiddleLevel() {
        return words.hasMiddleLevel();
    }

    /** The plan's word for a grade at its level; 未提出 and the like as they are. */
    private String label(StatusRow r) {
        return words.label(r.grade(), r.gradeLevel());
    }

    public String summaryCsv(List<SummaryRow> rows) {
        List<List<String>> records = new ArrayList<>();
        for (SummaryRow r : rows) {
            records.add(List.of(r.goalCode(), Integer.toString(r.set()), Integer.toString(r.achieved()),
                    Integer.toString(r.mostly()), Integer.toString(r.notAchieved()), oneDecimal(r.mostlyRate())));
        }
        return csv(SUMMARY_CSV_HEADER, records);
    }

    public String summaryTable(List<SummaryRow> rows) {
        List<List<String>> records = new ArrayList<>();
        for (SummaryRow r : rows) {
            String goal = ReportQueries.TOTAL.equals(r.goalCode()) ? r.goalTitle() : r.goalCode() + " " + r.goalTitle();
            List<String> record = new ArrayList<>(List.of(goal, Integer.toString(r.set()),
                    Integer.toString(r.achieved())));
            if (hasMiddleLevel()) {
                record.add(Integer.toString(r.mostly()));
            }
            record.addAll(List.of(Integer.toString(r.notAchieved()), Integer.toString(r.notSubmitted()),
                    r.mostlyRate() == null ? "－" : oneDecimal(r.mostlyRate()) + "%"));
            records.add(record);
        }
        List<String> header = new ArrayList<>(List.of("重点目標", "設定項目"));
        header.addAll(words.wordsByGrade().values());
        header.addAll(List.of("未提出", hasMiddleLevel() ? "概ね達成率" : "達成率"));
        return table(header, records);
    }

    public String statusCsv(List<StatusRow> rows) {
        List<List<String>> records = new ArrayList<>();
        for (StatusRow r : rows) {
            // canonical: a baseline year has neither target nor grade, as for any year without a target
            records.add(List.of(r.indicatorCode(), nz(r.departments()), target(r), actual(r),
                    r.ratePercent() == null ? "" : plain(r.ratePercent()), nz(r.grade()), nz(r.flags()),
                    nz(label(r)), nz(r.finalGrade())));
        }
        return csv(STATUS_CSV_HEADER, records);
    }

    public String statusTable(List<StatusRow> rows) {
        List<List<String>> records = new ArrayList<>();
        List<OverrideRow> overrides = new ArrayList<>();
        for (StatusRow r : rows) {
            if (r.finalGrade() != null) {
                overrides.add(new OverrideRow(r.indicatorCode(), r.indicatorName(), r.grade(), r.finalGrade(),
                        r.overrideReason(), r.gradeLevel(), r.finalLevel()));
            }
            // for people, as the city's report prints it: 現状値の把握 as the target, 未設定 as the grade
            boolean baseline = isBaseline(r);
            // 職員課・行政総務課 as the committee workbook writes a shared indicator's departments; the CSV keeps '|'
            records.add(List.of(r.indicatorCode(), nz(r.departments()).replace('|', '・'),
                    baseline ? nz(r.targetText()) : r.targetSet() ? FigureText.target(r.targetText(), r.unit()) : "",
                    FigureText.actual(r.actualText(), r.actualValue(), r.unit()), r.ratePercent() == null ? "－" : plain(r.ratePercent()) + "%",
                    r.finalGrade() != null ? words.label(r.finalGrade(), r.finalLevel()) + Messages.text("override.mark")
                            : r.grade() != null ? label(r) : baseline ? Messages.text("grade.not_set") : "－",
                    flagWords(r.flags())));
        }
        return table(List.of("指標コード", "担当課", "目標", "実績", "達成率", "判定", "確認事項"), records)
                + overrideNotes(overrides);
    }

    /**
     * The lines under a table for people that say which grades the committee settled differently from the
     * numbers, and why: 「※ I-1-イ-3 名称：算定 概ね達成 → 最終評価 達成（理由：…）」. Empty when there are none.
     */
    public String overrideNotes(List<OverrideRow> overrides) {
        StringBuilder out = new StringBuilder();
        for (OverrideRow o : overrides) {
            out.append(overrideNote(words::label, o)).append('\n');
        }
        return out.isEmpty() ? "" : "\n" + out;
    }

    /**
     * One override's note, grades in the plan's words at their steps ({@code wordOf}: canonical grade and level,
     * null for the grade's first → word): 「算定 C → 最終評価 D」 of A|B|C|D.
     */
    public static String overrideNote(BiFunction<String, Integer, String> wordOf, OverrideRow o) {
        String computed = o.computedGrade() == null ? "－" : wordOf.apply(o.computedGrade(), o.computedLevel());
        return Messages.text("override.note", o.indicatorCode(), oneLine(o.indicatorName()), computed,
                wordOf.apply(o.finalGrade(), o.finalLevel()), oneLine(o.reason()));
    }

    /**
     * The flags as the console names them (未提出, 概数（約）…), for the table's Japanese 確認事項 column; the
     * CSV keeps the codes for tools. A code without a word is shown as it is.
     */
    private static String flagWords(String flags) {
        if (flags == null || flags.isEmpty()) {
            return "";
        }
        List<String> words = new ArrayList<>();
        for (String code : flags.split(";")) {
            words.add(Messages.wordFor("console.flag.", code));
        }
        return String.join("、", words);
    }

    /** A text on one line (a reason may have been typed over several). */
    private static String oneLine(String text) {
        return text == null ? "" : ReportText.oneLine(text);
    }

    private static boolean isBaseline(StatusRow r) {
        return r.grade() == null && "baseline".equals(r.targetKind());
    }

    private static String target(StatusRow r) {
        if (!r.targetSet()) {
            return "";
        }
        return r.targetValue() != null ? plain(r.targetValue()) : nz(r.targetText());
    }

    private static String actual(StatusRow r) {
        return r.actualValue() != null ? plain(r.actualValue()) : nz(r.actualText());
    }

    private static String plain(BigDecimal value) {
        if (value == null) {
            return "";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** 概ね達成率 keeps one decimal (87.8, 100.0) as the committee prints it. */
    private static String oneDecimal(BigDecimal value) {
        return value == null ? "" : value.setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static String csv(List<String> header, List<List<String>> records) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
            printer.printRecord(header);
            for (List<String> record : records) {
                printer.printRecord(record);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Columns padded by display width (a Japanese character takes two columns in a terminal). */
    private static String table(List<String> header, List<List<String>> records) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(records);
        for (List<String> record : all) {
            for (int i = 0; i < record.size(); i++) {
                widths[i] = Math.max(widths[i], width(record.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> record : all) {
            for (int i = 0; i < record.size(); i++) {
                String cell = record.get(i);
                out.append(cell).append(" ".repeat(widths[i] - width(cell)));
                out.append(i < record.size() - 1 ? "  " : "\n");
            }
        }
        // joined once: adding line to line copies the whole text for each of a plan's 100,000 indicators
        return out.toString().lines().map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    private static int width(String text) {
        return text.codePoints().map(cp -> cp < 0x1100 || cp >= 0xFF61 && cp <= 0xFF9F ? 1 : 2).sum();
    }
}
