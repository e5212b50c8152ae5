package jp.reform.collector.master;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.normalise.JapaneseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads config/departments.csv and config/plans/&lt;plan_code&gt;/ (plan, structure, actions, indicators,
 * targets) and checks them. Any problem stops with a {@link MasterDataException} naming file and line.
 * What loads but deserves a look (a former department name, 関係各課) is logged once per plan and name.
 */
public final class MasterDataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MasterDataLoader.class);
    /** The department list and the folder of plan folders, in config/. */
    public static final String DEPARTMENTS_FILE = "departments.csv";
    public static final String PLANS_FOLDER = "plans";

    private static final Set<String> LEVELS = Set.of("goal", "area", "initiative");
    private static final Set<String> VALUE_KINDS = Set.of("numeric", "qualitative", "mixed");
    private static final Set<String> DIRECTIONS = Set.of("higher_is_better", "lower_is_better");
    private static final Set<String> TARGET_KINDS = Set.of("absolute", "milestone", "relative_increase",
            "relative_decrease", "baseline", "none");
    private static final Set<String> GRADINGS = Set.of("rate", "self_assessment");
    private static final Pattern PLAN_YEAR_COLUMN = Pattern.compile("plan_(\\d{4})");

    public MasterData load(Path configDir) {
        // before parsing: a file changed while it is read then shows as changed at the next start
        Map<String, String> fingerprints = MasterFingerprint.of(configDir);
        List<Department> departments = loadDepartments(configDir.resolve(DEPARTMENTS_FILE));
        DepartmentNames departmentNames = new DepartmentNames(departments);
        List<String> warnings = new ArrayList<>();
        Path plansDir = configDir.resolve(PLANS_FOLDER);
        if (!Files.isDirectory(plansDir)) {
            throw new MasterDataException(plansDir, "folder not found: each plan needs config/plans/<plan_code>/");
        }
        List<PlanMaster> plans = new ArrayList<>();
        try (Stream<Path> folders = Files.list(plansDir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                PlanMaster plan = loadPlan(folder, departmentNames);
                plans.add(plan);
                warnings.addAll(departmentNames.drainWarnings(plan.plan().code()));
            }
        } catch (IOException e) {
            throw new MasterDataException(plansDir, "cannot list plans: " + e.getMessage());
        }
        if (plans.isEmpty()) {
            throw new MasterDataException(plansDir, "no plan folder found");
        }
        warnings.forEach(LOG::warn);
        return new MasterData(plans, departments, warnings, fingerprints);
    }

    List<Department> loadDepartments(Path file) {
        CsvTable table = CsvTable.read(file, "department_name", "former_names", "emails", "allowed_senders", "notes");
        Map<String, Department> byName = new LinkedHashMap<>();
        Map<String, Written> writtenByKey = new LinkedHashMap<>();
        Map<String, String> senderOf = new java.util.HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String name = row.required("department_name");
            Department department = new Department(name, row.list("former_names"), row.list("emails"),
                    row.list("allowed_senders"), row.optional("notes").orElse(null));
            for (String address : concat(department.emails(), department.allowedSenders())) {
                if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    // one 課's slip must not stop the start and with it every other 課's files and mail: its mail
                    // leaves the address out, and the exception report lists it every day until it is corrected
                    LOG.warn("{}:{}: not an e-mail address, no mail goes to it and no mail from it is taken: {}",
                            file, row.line(), LogText.escape(address));
                }
            }
            for (String sender : department.allowedSenders()) {
                // a 部's shared address in two 課's lines: its mail can only be taken as one 課's (the first)
                String earlier = senderOf.putIfAbsent(sender.strip().toLowerCase(java.util.Locale.ROOT), name);
                if (earlier != null && !earlier.equals(name)) {
                    LOG.warn("{}:{}: {} is also an allowed sender of {}: mail from it is taken as {}'s, never as {}'s",
                            file, row.line(), LogText.escape(sender), earlier, earlier, name);
                }
            }
            for (String anyName : concat(List.of(name), department.formerNames())) {
                // compared as look-ups compare them: ＤＸ推進課 on one line and DX推進課 on another would be one 課
                Written earlier = writtenByKey.putIfAbsent(Department.nameKey(anyName),
                        new Written(anyName, row.line()));
                if (earlier != null) {
                    throw row.fail("department name " + anyName + " is already used on line " + earlier.line()
                            + (earlier.name().equals(anyName) ? "" : " (as " + earlier.name() + ")"));
                }
            }
            byName.put(name, department);
        }
        return List.copyOf(byName.values());
    }

    private record Written(String name, long line) {
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    PlanMaster loadPlan(Path folder, DepartmentNames departmentNames) {
        Plan plan = readPlan(folder.resolve("plan.csv"), folder.getFileName().toString());
        List<PlanNode> nodes = readStructure(folder.resolve("structure.csv"));
        Map<String, PlanNode> nodesByCode = new LinkedHashMap<>();
        nodes.forEach(n -> nodesByCode.put(n.code(), n));
        Path actionsFile = folder.resolve("actions.csv");
        List<PlanAction> actions = CsvTable.exists(actionsFile)
                ? readActions(actionsFile, nodesByCode, plan, departmentNames) : List.of();
        List<Indicator> indicators = readIndicators(folder.resolve("indicators.csv"), nodesByCode, departmentNames);
        Map<String, Indicator> indicatorsByCode = new LinkedHashMap<>();
        indicators.forEach(i -> indicatorsByCode.put(i.code(), i));
        List<Target> targets = readTargets(folder.resolve("targets.csv"), indicatorsByCode, plan);
        return new PlanMaster(plan, nodes, actions, indicators, targets);
    }

    private Plan readPlan(Path file, String folderName) {
        CsvTable table = CsvTable.read(file, "plan_code", "municipality", "plan_name", "fy_from", "fy_to",
                "admin_department", "admin_email");
        if (table.rows().size() != 1) {
            throw new MasterDataException(file, "expected exactly one plan row, found " + table.rows().size());
        }
        CsvTable.Row row = table.rows().get(0);
        String code = row.required("plan_code");
        if (!code.equals(folderName)) {
            throw row.fail("plan_code " + code + " differs from its folder name " + folderName);
        }
        int from = year(row, "fy_from");
        int to = year(row, "fy_to");
        if (to < from) {
            throw row.fail("fy_to " + to + " is before fy_from " + from);
        }
        List<String> labels = gradeLabels(row);
        BigDecimal achieved = row.optional("achieved_threshold").map(v -> number(row, "achieved_threshold"))
                .orElse(BigDecimal.valueOf(100));
        BigDecimal mostly;
        if (labels.size() == 2) {
            // ○ from the threshold, × below: no middle level, so no threshold of its own (or the same one)
            if (row.optional("mostly_threshold").isPresent()
                    && number(row, "mostly_threshold").compareTo(achieved) != 0) {
                throw row.fail("mostly_threshold is set, but grade_labels " + String.join("|", labels)
                        + " has no middle level: leave mostly_threshold empty");
            }
            mostly = achieved;
        } else {
            mostly = row.optional("mostly_threshold").map(v -> number(row, "mostly_threshold"))
                    .orElse(BigDecimal.valueOf(80));
        }
        if (mostly.compareTo(achieved) > 0) {
            throw row.fail("mostly_threshold " + mostly + " is above achieved_threshold " + achieved);
        }
        String grading = row.optional("grading").orElse("rate");
        oneOf(row, "grading", grading, GRADINGS);
        List<BigDecimal> thresholds = gradeThresholds(row, labels, grading, achieved, mostly);
        String adminEmail = row.optional("admin_email").orElse(null);
        if (adminEmail != null && !adminEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw row.fail("admin_email is not an e-mail address: " + adminEmail);
        }
        return new Plan(code, row.required("municipality"), row.required("plan_name"), from, to,
                row.optional("admin_department").orElse(null), adminEmail, achieved, mostly, grading, labels,
                thresholds);
    }

    /** Highest rate a threshold may name, in %: beyond it a threshold is a typo (1200 for 120). */
    public static final BigDecimal MAX_THRESHOLD = BigDecimal.valueOf(1000);

    /**
     * grade_thresholds: a four-level plan's rate in % from which each level but the last starts, best first
     * (120|100|80 for S|A|B|C). Needed when a four-level plan grades by rate; optional for a self-assessment
     * plan (A|B|C|D), where it only grades the numbers that exist. achieved_threshold and mostly_threshold must
     * be among them: that is how the levels map onto 達成 / 概ね達成 / 未達成 (Plan.levelGrades).
     */
    private static List<BigDecimal> gradeThresholds(CsvTable.Row row, List<String> labels, String grading,
                                                    BigDecimal achieved, BigDecimal mostly) {
        Optional<String> written = row.optional("grade_thresholds");
        if (written.isEmpty()) {
            if (labels.size() == 4 && "rate".equals(grading)) {
                throw row.fail("grade_thresholds is needed for the 4 levels " + String.join("|", labels)
                        + ": the rate in % from which each level but the last starts, best first (e.g. 120|100|80)");
            }
            return List.of();
        }
        if (labels.size() != 4) {
            throw row.fail("grade_thresholds is for a plan of 4 levels; grade_labels " + String.join("|", labels)
                    + " uses achieved_threshold and mostly_threshold: leave grade_thresholds empty");
        }
        List<String> parts = Plan.splitGradeLabels(written.get());
        if (parts.size() != labels.size() - 1) {
            throw row.fail("grade_thresholds must name " + (labels.size() - 1) + " rates, one for each level but"
                    + " the last of " + String.join("|", labels) + "; found " + written.get());
        }
        List<BigDecimal> thresholds = new ArrayList<>();
        for (String part : parts) {
            BigDecimal value;
            try {
                value = new BigDecimal(part.replace(",", "").replace("%", "").replace("％", "").strip());
            } catch (NumberFormatException e) {
                throw row.fail("grade_thresholds is not a list of numbers: " + written.get());
            }
            if (value.signum() <= 0 || value.compareTo(MAX_THRESHOLD) > 0) {
                throw row.fail("grade_thresholds " + part + " is not a rate above 0 and up to " + MAX_THRESHOLD
                        + " %: " + written.get());
            }
            if (!thresholds.isEmpty() && value.compareTo(thresholds.get(thresholds.size() - 1)) >= 0) {
                throw row.fail("grade_thresholds must go down, best level first: " + written.get());
            }
            thresholds.add(value);
        }
        for (var named : List.of(Map.entry("achieved_threshold", achieved), Map.entry("mostly_threshold", mostly))) {
            if (thresholds.stream().noneMatch(t -> t.compareTo(named.getValue()) == 0)) {
                throw row.fail(named.getKey() + " " + named.getValue().toPlainString() + " is not one of"
                        + " grade_thresholds " + written.get() + ": the levels from it count as "
                        + ("achieved_threshold".equals(named.getKey()) ? "達成" : "概ね達成"));
            }
        }
        return List.copyOf(thresholds);
    }

    /** grade_labels: the plan's grade words, best first, separated by |; empty for 達成|概ね達成|未達成. */
    private static List<String> gradeLabels(CsvTable.Row row) {
        Optional<String> written = row.optional("grade_labels");
        if (written.isEmpty()) {
            return Plan.DEFAULT_LABELS;
        }
        List<String> labels = Plan.splitGradeLabels(written.get());
        if (labels.size() < 2 || labels.size() > 4 || labels.stream().anyMatch(String::isEmpty)
                || new HashSet<>(labels).size() != labels.size()) {
            throw row.fail("grade_labels must be 2 to 4 different words, best first, separated by |"
                    + " (達成|概ね達成|未達成, ○|△|×, ○|×, S|A|B|C); found " + written.get());
        }
        return labels;
    }

    private List<PlanNode> readStructure(Path file) {
        CsvTable table = CsvTable.read(file, "node_code", "level", "parent_code", "title");
        Map<String, PlanNode> nodes = new LinkedHashMap<>();
        int order = 0;
        for (CsvTable.Row row : table.rows()) {
            String code = row.required("node_code");
            String level = row.required("level");
            oneOf(row, "level", level, LEVELS);
            String parent = row.optional("parent_code").orElse(null);
            if (nodes.containsKey(code)) {
                throw row.fail("node_code " + code + " appears twice");
            }
            String expectedParentLevel = switch (level) {
                case "area" -> "goal";
                case "initiative" -> "area";
                default -> null;
            };
            if (expectedParentLevel == null && parent != null) {
                throw row.fail("a goal has no parent_code, found " + parent);
            }
            if (expectedParentLevel != null) {
                PlanNode parentNode = parent == null ? null : nodes.get(parent);
                if (parentNode == null || !parentNode.level().equals(expectedParentLevel)) {
                    throw row.fail("parent_code " + parent + " of " + level + " " + code + " must be an earlier "
                            + expectedParentLevel);
                }
            }
            nodes.put(code, new PlanNode(code, level, parent, row.required("title"), ++order));
        }
        return List.copyOf(nodes.values());
    }

    private List<PlanAction> readActions(Path file, Map<String, PlanNode> nodes, Plan plan,
                                         DepartmentNames departmentNames) {
        CsvTable table = CsvTable.read(file, "initiative_code", "action_no", "text", "departments");
        List<PlanAction> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CsvTable.Row row : table.rows()) {
            String initiative = row.required("initiative_code");
            requireInitiative(row, initiative, nodes);
            int number = integer(row, "action_no");
            if (!seen.add(initiative + "#" + number)) {
                throw row.fail("action " + number + " of " + initiative + " appears twice");
            }
            Map<Integer, String> yearly = new LinkedHashMap<>();
            row.values().forEach((column, value) -> {
                Matcher m = PLAN_YEAR_COLUMN.matcher(column);
                if (m.matches() && plan.covers(Integer.parseInt(m.group(1))) && !value.isBlank()) {
                    yearly.put(Integer.parseInt(m.group(1)), value.strip());
                }
            });
            List<String> departments = departmentNames.resolve(row, "departments", "department");
            actions.add(new PlanAction(initiative, number, row.required("text"), departments, yearly));
        }
        return actions;
    }

    private List<Indicator> readIndicators(Path file, Map<String, PlanNode> nodes, DepartmentNames departmentNames) {
        Map<String, Indicator> indicators = new LinkedHashMap<>();
        Map<String, String> sameTexts = new HashMap<>();
        Map<BigDecimal, BigDecimal> sameNumbers = new HashMap<>();
        CsvTable.forEachRow(file, row -> {
            String code = row.required("indicator_code");
            if (indicators.containsKey(code)) {
                throw row.fail("indicator_code " + code + " appears twice");
            }
            String initiative = row.required("initiative_code");
            requireInitiative(row, initiative, nodes);
            String kind = row.required("value_kind");
            oneOf(row, "value_kind", kind, VALUE_KINDS);
            String direction = row.required("direction");
            oneOf(row, "direction", direction, DIRECTIONS);
            String cumulative = row.required("cumulative");
            oneOf(row, "cumulative", cumulative, Set.of("true", "false"));
            if (row.list("responsible_departments").isEmpty()) {
                throw row.fail("indicator " + code + " has no responsible_departments");
            }
            // empty when only 関係各課 is written: accepted with a warning, and then nobody is chased for it
            List<String> departments = departmentNames.resolve(row, "responsible_departments", "responsible department");
            BigDecimal min = same(sameNumbers, optionalNumber(row, "min_value"));
            BigDecimal max = same(sameNumbers, optionalNumber(row, "max_value"));
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw row.fail("min_value " + min + " is above max_value " + max);
            }
            // names, units and initiatives repeat across thousands of indicators: keep one copy of each
            indicators.put(code, new Indicator(code, same(sameTexts, initiative), same(sameTexts, row.required("name")),
                    same(sameTexts, row.optional("definition").orElse(null)),
                    same(sameTexts, row.optional("unit").orElse(null)), same(sameTexts, kind),
                    "lower_is_better".equals(direction), Boolean.parseBoolean(cumulative),
                    same(sameTexts, row.optional("baseline_text").orElse(null)), same(sameNumbers, optionalNumber(row, "baseline_value")),
                    min, max,
                    same(sameTexts, row.optional("final_goal").orElse(null)),
                    same(sameTexts, row.optional("notes").orElse(null)), departments, indicators.size() + 1));
        }, "indicator_code", "initiative_code", "name", "unit", "value_kind", "direction", "cumulative",
                "responsible_departments");
        if (indicators.isEmpty()) {
            throw new MasterDataException(file, "no indicator");
        }
        return List.copyOf(indicators.values());
    }

    private List<Target> readTargets(Path file, Map<String, Indicator> indicators, Plan plan) {
        List<Target> targets = new ArrayList<>();
        // years already given per indicator (one bit a year), keyed by the indicator's own code: no key per target
        Map<String, Long> yearsGiven = new HashMap<>();
        Map<String, String> sameTexts = new HashMap<>();
        Map<BigDecimal, BigDecimal> sameNumbers = new HashMap<>();
        CsvTable.forEachRow(file, row -> {
            String code = row.required("indicator_code");
            Indicator indicator = indicators.get(code);
            if (indicator == null) {
                throw row.fail("indicator_code " + code + " is not in indicators.csv");
            }
            int year = year(row, "fiscal_year");
            if (!plan.covers(year)) {
                throw row.fail("fiscal_year " + year + " is outside the plan (" + plan.fyFrom() + "–" + plan.fyTo() + ")");
            }
            String text = row.optional("target_text").orElse(null);
            BigDecimal value = same(sameNumbers, optionalNumber(row, "target_value"));
            String kind = row.optional("target_kind").orElseGet(() -> inferKind(text, value));
            oneOf(row, "target_kind", kind, TARGET_KINDS);
            if ("absolute".equals(kind) && value == null) {
                throw row.fail("an absolute target needs target_value");
            }
            if (!"absolute".equals(kind) && value != null) {
                throw row.fail("target_value " + value + " is given for a " + kind + " target");
            }
            if (indicator.isQualitative() && value != null) {
                throw row.fail("qualitative indicator " + code + " cannot have a numeric target");
            }
            if (kind.startsWith("relative_")) {
                checkRelative(row, indicator, kind, text);
            }
            // the indicator's own code, and one copy of each target text (前年度比5%増 …): a plan has many of them
            long bit = 1L << (year - plan.fyFrom()); // a plan spans a few years, never 64
            long given = yearsGiven.getOrDefault(indicator.code(), 0L);
            if ((given & bit) != 0) {
                throw row.fail("target of " + code + " for " + year + " appears twice");
            }
            yearsGiven.put(indicator.code(), given | bit);
            targets.add(new Target(indicator.code(), year, same(sameTexts, text), value, kind));
        }, "indicator_code", "fiscal_year", "target_text", "target_value");
        return targets;
    }

    /**
     * Plans without a target_kind column (Atsugi): 現状値の把握 and the like is a baseline year, a number is
     * absolute, a dash is none, 5%増 / 5%減 is relative, any other text a milestone.
     */
    static String inferKind(String text, BigDecimal value) {
        if (TargetText.isBaseline(text)) {
            return "baseline"; // before the number, so that a value given with it is refused, not graded
        }
        if (value != null) {
            return "absolute";
        }
        if (text == null || JapaneseText.isEmpty(text)) {
            return "none";
        }
        return TargetText.relativeChange(text).map(TargetText.RelativeChange::kind).orElse("milestone");
    }

    /**
     * A relative target must say by how much, in the direction its kind says, and that direction must be the
     * indicator's better one: 「5%減」 on a higher-is-better indicator could mean a falling value is wanted
     * (then the direction is wrong) or a reduction rate of 5% (then the target is absolute). We do not guess.
     */
    private static void checkRelative(CsvTable.Row row, Indicator indicator, String kind, String text) {
        TargetText.RelativeChange change = TargetText.relativeChange(text).orElseThrow(() -> row.fail(
                "a " + kind + " target needs a rate in target_text, such as 5%増 or 5%減(前年度比); found "
                        + (text == null ? "nothing" : "「" + text + "」")));
        if (!change.kind().equals(kind)) {
            throw row.fail("target_kind " + kind + " contradicts target_text 「" + text + "」, which is "
                    + change.kind());
        }
        if (indicator.isQualitative()) {
            throw row.fail("qualitative indicator " + indicator.code() + " cannot have a relative target 「" + text
                    + "」: it reports no number to compare with last year's");
        }
        if (change.decrease() != indicator.lowerIsBetter()) {
            String wants = change.decrease() ? "a decrease" : "an increase";
            String direction = indicator.lowerIsBetter() ? "lower_is_better" : "higher_is_better";
            String other = indicator.lowerIsBetter() ? "higher_is_better" : "lower_is_better";
            throw row.fail("target 「" + text + "」 of " + indicator.code() + " asks for " + wants
                    + " of last year's actual, but the indicator is " + direction + " in indicators.csv: set its "
                    + "direction to " + other + " if the reported value should " + (change.decrease() ? "fall" : "rise")
                    + ", or write the target as a number (target_value) if it is meant as a level");
        }
    }

    /** One shared copy of equal immutable values (texts, numbers with the same scale). */
    private static <T> T same(Map<T, T> seen, T value) {
        return value == null ? null : seen.computeIfAbsent(value, v -> v);
    }

    private static void requireInitiative(CsvTable.Row row, String code, Map<String, PlanNode> nodes) {
        PlanNode node = nodes.get(code);
        if (node == null || !"initiative".equals(node.level())) {
            throw row.fail("initiative_code " + code + " is not an initiative in structure.csv");
        }
    }

    private static void oneOf(CsvTable.Row row, String column, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw row.fail(column + " must be one of " + allowed + ", found " + value);
        }
    }

    private static int year(CsvTable.Row row, String column) {
        int year = integer(row, column);
        if (year < 1989 || year > 2100) {
            throw row.fail(column + " " + year + " is not a Western-calendar fiscal year");
        }
        return year;
    }

    private static int integer(CsvTable.Row row, String column) {
        try {
            return Integer.parseInt(row.required(column));
        } catch (NumberFormatException e) {
            throw row.fail(column + " is not a whole number: " + row.get(column));
        }
    }

    private static BigDecimal number(CsvTable.Row row, String column) {
        try {
            return new BigDecimal(row.required(column).replace(",", ""));
        } catch (NumberFormatException e) {
            throw row.fail(column + " is not a number: " + row.get(column));
        }
    }

    private static BigDecimal optionalNumber(CsvTable.Row row, String column) {
        return row.optional(column).isPresent() ? number(row, column) : null;
    }
}
