package jp.reform.collector.planbook;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.reform.collector.master.TargetText;

/**
 * The checks of a plan that do not depend on how it is kept (workbook or folder): every problem is listed
 * with its cell, not only the first. They follow the rules of {@code MasterDataLoader}, which still runs
 * afterwards (it stops at its first problem, so these come first to tell the division everything at once).
 */
public final class PlanChecks {

    /** A plan code becomes a folder name: no path characters, no leading dot (hidden, and not a backup). */
    static final Pattern PLAN_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final KnownDepartments departments;
    private final List<Problem> problems = new ArrayList<>();
    /** Each indicator's direction as indicators.csv writes it, for its relative targets. */
    private final Map<String, String> directions = new HashMap<>();

    private PlanChecks(KnownDepartments departments) {
        this.departments = departments;
    }

    /**
     * @param folderName the plan folder the tables come from (check), or null when the plan code decides the
     *                   folder (import)
     */
    public static List<Problem> check(PlanTables tables, KnownDepartments departments, String folderName) {
        PlanChecks checks = new PlanChecks(departments);
        checks.run(tables, folderName);
        return List.copyOf(checks.problems);
    }

    private void run(PlanTables tables, String folderName) {
        for (PlanFile file : PlanFile.values()) {
            tables.table(file).ifPresent(this::columns);
        }
        int[] years = tables.table(PlanFile.PLAN).map(t -> plan(t, folderName)).orElse(null);
        Map<String, String> levels = tables.table(PlanFile.STRUCTURE).map(this::structure).orElse(Map.of());
        tables.table(PlanFile.ACTIONS).ifPresent(t -> actions(t, levels));
        Map<String, String> kinds = tables.table(PlanFile.INDICATORS).map(t -> indicators(t, levels)).orElse(Map.of());
        tables.table(PlanFile.TARGETS).ifPresent(t -> targets(t, kinds, years));
    }

    private void columns(PlanTable table) {
        for (String column : table.file().requiredColumns()) {
            if (!table.hasColumn(column)) {
                problems.add(Problem.of(table.place(), "column_missing", PlanColumns.header(table.file(), column), column));
            }
        }
    }

    /** plan.csv; returns the plan's first and last fiscal year, or null when they cannot be read. */
    private int[] plan(PlanTable t, String folderName) {
        if (t.rows().size() != 1) {
            problems.add(Problem.of(t.place(), "plan_rows", t.rows().size()));
            if (t.rows().isEmpty()) {
                return null;
            }
        }
        String code = required(t, 0, "plan_code");
        if (code != null && !PLAN_CODE.matcher(code).matches()) {
            problems.add(Problem.of(t.place(0, "plan_code"), "plan_code_invalid", code));
        } else if (code != null && folderName != null && !code.equals(folderName)) {
            problems.add(Problem.of(t.place(0, "plan_code"), "plan_code_folder", code, folderName));
        }
        required(t, 0, "municipality");
        required(t, 0, "plan_name");
        Integer from = year(t, 0, "fy_from");
        Integer to = year(t, 0, "fy_to");
        if (from != null && to != null && to < from) {
            problems.add(Problem.of(t.place(0, "fy_to"), "year_order", to, from));
        }
        BigDecimal achieved = optionalNumber(t, 0, "achieved_threshold");
        BigDecimal mostly = optionalNumber(t, 0, "mostly_threshold");
        BigDecimal achievedOrDefault = achieved != null ? achieved : BigDecimal.valueOf(100);
        BigDecimal mostlyOrDefault = mostly != null ? mostly : BigDecimal.valueOf(80);
        if (mostlyOrDefault.compareTo(achievedOrDefault) > 0
                && (t.get(0, "achieved_threshold").isEmpty() || achieved != null)
                && (t.get(0, "mostly_threshold").isEmpty() || mostly != null)) {
            problems.add(Problem.of(t.place(0, "mostly_threshold"), "thresholds", mostlyOrDefault.toPlainString(),
                    achievedOrDefault.toPlainString()));
        }
        optionalWord(t, 0, "grading");
        String labels = t.get(0, "grade_labels");
        if (!labels.isEmpty()) {
            List<String> words = jp.reform.collector.master.Plan.splitGradeLabels(labels);
            boolean wellFormed = words.size() >= 2 && words.size() <= 4 && !words.contains("")
                    && words.stream().distinct().count() == words.size();
            if (!wellFormed) {
                problems.add(Problem.of(t.place(0, "grade_labels"), "grade_labels", labels));
            } else if (words.size() == 2 && !t.get(0, "mostly_threshold").isEmpty()
                    && !t.get(0, "mostly_threshold").equals(t.get(0, "achieved_threshold"))) {
                problems.add(Problem.of(t.place(0, "mostly_threshold"), "grade_labels_no_middle", labels));
            }
        }
        gradeThresholds(t, achievedOrDefault, mostlyOrDefault);
        String email = t.get(0, "admin_email");
        if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
            problems.add(Problem.of(t.place(0, "admin_email"), "email_invalid", email));
        }
        String admin = t.get(0, "admin_department");
        if (!admin.isEmpty()) {
            department(t, 0, "admin_department", admin);
        }
        return from != null && to != null && to >= from ? new int[] {from, to} : null;
    }

    /**
     * grade_thresholds, as the loader reads it (MasterDataLoader.gradeThresholds): a four-level plan's rate
     * from which each level but the last starts, best first, going down, above 0 and up to 1000 %, with the
     * 達成 and 概ね達成 thresholds among them; needed when such a plan grades by rate, unused by other plans.
     */
    private void gradeThresholds(PlanTable t, BigDecimal achieved, BigDecimal mostly) {
        String labels = t.get(0, "grade_labels");
        List<String> words = labels.isEmpty() ? jp.reform.collector.master.Plan.DEFAULT_LABELS
                : jp.reform.collector.master.Plan.splitGradeLabels(labels);
        String written = t.get(0, "grade_thresholds");
        boolean byRate = t.get(0, "grading").isEmpty() || "rate".equals(t.get(0, "grading"));
        if (words.size() != 4) {
            if (!written.isEmpty() && words.size() >= 2 && words.size() <= 3) {
                problems.add(Problem.of(t.place(0, "grade_thresholds"), "grade_thresholds_unused", written,
                        String.join("|", words)));
            }
            return;
        }
        if (written.isEmpty()) {
            if (byRate) {
                problems.add(Problem.of(t.place(0, "grade_labels"), "grade_thresholds_missing", labels));
            }
            return;
        }
        List<String> parts = jp.reform.collector.master.Plan.splitGradeLabels(written);
        if (parts.size() != words.size() - 1) {
            problems.add(Problem.of(t.place(0, "grade_thresholds"), "grade_thresholds_count", written,
                    words.size() - 1, labels));
            return;
        }
        List<BigDecimal> values = new ArrayList<>();
        for (String part : parts) {
            BigDecimal value;
            try {
                value = new BigDecimal(part.replace(",", "").replace("%", "").replace("％", "").strip());
            } catch (NumberFormatException e) {
                problems.add(Problem.of(t.place(0, "grade_thresholds"), "grade_thresholds_number", written, part));
                return;
            }
            if (value.signum() <= 0
                    || value.compareTo(jp.reform.collector.master.MasterDataLoader.MAX_THRESHOLD) > 0) {
                problems.add(Problem.of(t.place(0, "grade_thresholds"), "grade_thresholds_range", written, part));
                return;
            }
            values.add(value);
        }
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i).compareTo(values.get(i - 1)) >= 0) {
                problems.add(Problem.of(t.place(0, "grade_thresholds"), "grade_thresholds_order", written));
                return;
            }
        }
        if (values.stream().noneMatch(v -> v.compareTo(achieved) == 0)) {
            problems.add(Problem.of(t.place(0, "grade_thresholds"), "grade_thresholds_achieved", written,
                    achieved.toPlainString()));
        }
        if (values.stream().noneMatch(v -> v.compareTo(mostly) == 0)) {
            problems.add(Problem.of(t.place(0, "grade_thresholds"), "grade_thresholds_mostly", written,
                    mostly.toPlainString()));
        }
    }

    /** structure.csv; returns the level of every node by code. */
    private Map<String, String> structure(PlanTable t) {
        Map<String, String> levels = new LinkedHashMap<>();
        Map<String, Integer> rowOfCode = new HashMap<>();
        Map<String, String> allLevels = new LinkedHashMap<>(); // for hints: every node, also those further down
        for (int i = 0; i < t.rows().size(); i++) {
            String code = t.get(i, "node_code");
            if (!code.isEmpty() && !rowOfCode.containsKey(code)) {
                rowOfCode.put(code, i);
                allLevels.put(code, t.get(i, "level"));
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            String code = required(t, i, "node_code");
            String level = required(t, i, "level");
            boolean knownLevel = level != null && word(t, i, "level", level);
            required(t, i, "title");
            String parent = t.get(i, "parent_code");
            if (code != null) {
                Integer earlier = seen.putIfAbsent(code, i);
                if (earlier != null) {
                    problems.add(Problem.of(t.place(i, "node_code"), "code_duplicate", code, t.rows().get(earlier).source()));
                } else if (knownLevel) {
                    levels.put(code, level);
                }
            }
            if (!knownLevel) {
                continue;
            }
            String parentLevel = switch (level) {
                case "area" -> "goal";
                case "initiative" -> "area";
                default -> null;
            };
            if (parentLevel == null) {
                if (!parent.isEmpty()) {
                    problems.add(Problem.of(t.place(i, "parent_code"), "goal_parent", parent));
                }
                continue;
            }
            if (parent.isEmpty()) {
                problems.add(Problem.of(t.place(i, "parent_code"), "parent_missing", levelName(level), levelName(parentLevel)));
                continue;
            }
            Integer parentRow = rowOfCode.get(parent);
            if (parentRow == null) {
                problems.add(Problem.of(t.place(i, "parent_code"), "parent_unknown", parent, levelName(parentLevel),
                        codesOf(allLevels, parentLevel)));
            } else if (parentRow > i) {
                problems.add(Problem.of(t.place(i, "parent_code"), "parent_later", parent, t.rows().get(parentRow).source()));
            } else if (!parentLevel.equals(levels.get(parent))) {
                String actual = levels.get(parent);
                problems.add(Problem.of(t.place(i, "parent_code"), "parent_level", parent, levelName(parentLevel),
                        actual == null ? "?" : levelName(actual), levelName(level)));
            }
        }
        if (t.rows().isEmpty()) {
            problems.add(Problem.of(t.place(), "rows_none", t.file().sheetName()));
        }
        return levels;
    }

    private static String levelName(String level) {
        return PlanColumns.words("level").getOrDefault(level, level) + "（" + level + "）";
    }

    /** A few codes of a level, as an example in a hint. */
    private static String codesOf(Map<String, String> levels, String level) {
        List<String> codes = levels.entrySet().stream().filter(e -> e.getValue().equals(level)).map(Map.Entry::getKey).toList();
        return codes.isEmpty() ? "-" : String.join("、", codes.size() > 8 ? codes.subList(0, 8) : codes)
                + (codes.size() > 8 ? " …" : "");
    }

    private void actions(PlanTable t, Map<String, String> levels) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            String initiative = required(t, i, "initiative_code");
            if (initiative != null) {
                initiative(t, i, initiative, levels);
            }
            Integer number = wholeNumber(t, i, "action_no");
            if (initiative != null && number != null) {
                Integer earlier = seen.putIfAbsent(initiative + "#" + number, i);
                if (earlier != null) {
                    problems.add(Problem.of(t.place(i, "action_no"), "action_duplicate", initiative, number,
                            t.rows().get(earlier).source()));
                }
            }
            required(t, i, "text");
            departmentList(t, i, "departments", false);
        }
    }

    /** indicators.csv; returns the value_kind of every indicator by code. */
    private Map<String, String> indicators(PlanTable t, Map<String, String> levels) {
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            String code = required(t, i, "indicator_code");
            String initiative = required(t, i, "initiative_code");
            if (initiative != null) {
                initiative(t, i, initiative, levels);
            }
            required(t, i, "name");
            String kind = required(t, i, "value_kind");
            boolean knownKind = kind != null && word(t, i, "value_kind", kind);
            String direction = required(t, i, "direction");
            if (direction != null && word(t, i, "direction", direction) && code != null) {
                directions.putIfAbsent(code, direction);
            }
            String cumulative = required(t, i, "cumulative");
            if (cumulative != null) {
                word(t, i, "cumulative", cumulative);
            }
            departmentList(t, i, "responsible_departments", true);
            BigDecimal min = optionalNumber(t, i, "min_value");
            BigDecimal max = optionalNumber(t, i, "max_value");
            if (min != null && max != null && min.compareTo(max) > 0) {
                problems.add(Problem.of(t.place(i, "min_value"), "min_max", min.toPlainString(), max.toPlainString()));
            }
            optionalNumber(t, i, "baseline_value");
            if (code != null) {
                Integer earlier = seen.putIfAbsent(code, i);
                if (earlier != null) {
                    problems.add(Problem.of(t.place(i, "indicator_code"), "code_duplicate", code, t.rows().get(earlier).source()));
                } else {
                    kinds.put(code, knownKind ? kind : "");
                }
            }
        }
        if (t.rows().isEmpty()) {
            problems.add(Problem.of(t.place(), "rows_none", t.file().sheetName()));
        }
        return kinds;
    }

    private void targets(PlanTable t, Map<String, String> kinds, int[] years) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            String code = required(t, i, "indicator_code");
            if (code != null && !kinds.containsKey(code)) {
                problems.add(Problem.of(t.place(i, "indicator_code"), "indicator_unknown", code));
            }
            Integer year = year(t, i, "fiscal_year");
            if (year != null && years != null && (year < years[0] || year > years[1])) {
                problems.add(Problem.of(t.place(i, "fiscal_year"), "year_outside", year, years[0], years[1]));
            }
            BigDecimal value = optionalNumber(t, i, "target_value");
            String valueText = t.get(i, "target_value");
            String kind = t.get(i, "target_kind");
            if (!kind.isEmpty() && word(t, i, "target_kind", kind)) {
                if ("absolute".equals(kind) && valueText.isEmpty()) {
                    problems.add(Problem.of(t.place(i, "target_value"), "target_absolute_value"));
                } else if (!"absolute".equals(kind) && !valueText.isEmpty()) {
                    problems.add(Problem.of(t.place(i, "target_value"), "target_value_not_absolute", kind, valueText));
                }
            }
            if (code != null && "qualitative".equals(kinds.get(code)) && value != null) {
                problems.add(Problem.of(t.place(i, "target_value"), "target_qualitative_value", valueText));
            }
            if (code != null && valueText.isEmpty() && (kind.isEmpty() || kind.startsWith("relative_"))) {
                relativeDirection(t, i, code);
            }
            if (code != null && year != null) {
                Integer earlier = seen.putIfAbsent(code + "@" + year, i);
                if (earlier != null) {
                    problems.add(Problem.of(t.place(i, "fiscal_year"), "target_duplicate", code, year,
                            t.rows().get(earlier).source()));
                }
            }
        }
    }

    /**
     * A relative target (5%増, 5%減(前年度比)) asks last year's actual to move in the indicator's better direction,
     * as the loader requires: found here for every row, so that the division sees them all at once.
     */
    private void relativeDirection(PlanTable t, int row, String code) {
        String direction = directions.get(code);
        String text = t.get(row, "target_text");
        TargetText.relativeChange(text).ifPresent(change -> {
            boolean lowerIsBetter = "lower_is_better".equals(direction);
            if (direction != null && change.decrease() != lowerIsBetter) {
                String other = lowerIsBetter ? "higher_is_better" : "lower_is_better";
                problems.add(Problem.of(t.place(row, "target_text"), "target_direction", text, code,
                        direction + "（" + PlanColumns.words("direction").get(direction) + "）",
                        other + "（" + PlanColumns.words("direction").get(other) + "）"));
            }
        });
    }

    // --- cells ---

    /** The stripped text, or null after noting that a required cell is empty. */
    private String required(PlanTable t, int row, String column) {
        if (!t.hasColumn(column)) {
            return null; // the missing column is reported once
        }
        String value = t.get(row, column);
        if (value.isEmpty()) {
            problems.add(Problem.of(t.place(row, column), "required", PlanColumns.header(t.file(), column)));
            return null;
        }
        return value;
    }

    private boolean word(PlanTable t, int row, String column, String value) {
        if (PlanColumns.words(column).containsKey(value)) {
            return true;
        }
        problems.add(Problem.of(t.place(row, column), "word_invalid", value, PlanColumns.header(t.file(), column),
                PlanColumns.wordList(column)));
        return false;
    }

    private void optionalWord(PlanTable t, int row, String column) {
        String value = t.get(row, column);
        if (!value.isEmpty()) {
            word(t, row, column, value);
        }
    }

    /** A Western fiscal year as the loader reads it, or null after noting why not. */
    private Integer year(PlanTable t, int row, String column) {
        String text = required(t, row, column);
        if (text == null) {
            return null;
        }
        try {
            int year = Integer.parseInt(text);
            if (year >= 1989 && year <= 2100) {
                return year;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(Problem.of(t.place(row, column), "year_invalid", text));
        return null;
    }

    private Integer wholeNumber(PlanTable t, int row, String column) {
        String text = required(t, row, column);
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            problems.add(Problem.of(t.place(row, column), "whole_number_invalid", text));
            return null;
        }
    }

    /** A number as the loader reads it (thousands separators allowed), or null when empty or not a number. */
    private BigDecimal optionalNumber(PlanTable t, int row, String column) {
        String text = t.get(row, column);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text.replace(",", ""));
        } catch (NumberFormatException e) {
            problems.add(Problem.of(t.place(row, column), "number_invalid", text));
            return null;
        }
    }

    private void initiative(PlanTable t, int row, String code, Map<String, String> levels) {
        if (!"initiative".equals(levels.get(code))) {
            problems.add(Problem.of(t.place(row, "initiative_code"), "initiative_unknown", code));
        }
    }

    /** A |-separated list of departments, each known by its current or a former name. */
    private void departmentList(PlanTable t, int row, String column, boolean required) {
        if (!t.hasColumn(column)) {
            return;
        }
        List<String> names = Arrays.stream(t.get(row, column).split("\\|")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty() && required) {
            problems.add(Problem.of(t.place(row, column), "departments_empty"));
        }
        names.forEach(name -> department(t, row, column, name));
    }

    private void department(PlanTable t, int row, String column, String name) {
        Optional<String> current = departments.current(name);
        if (current.isEmpty() && !departments.isEmpty()) {
            problems.add(Problem.of(t.place(row, column), "department_unknown", name));
        }
    }
}
