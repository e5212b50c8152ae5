package jp.reform.collector.validate;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;
import jp.reform.collector.domain.BoundedFindings;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.Severity;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.Target;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.normalise.IndicatorCodes;
import jp.reform.collector.normalise.JapaneseText;
import jp.reform.collector.normalise.NumberParser;
import jp.reform.collector.normalise.Quantity;
import jp.reform.collector.normalise.SelfAssessment;
import jp.reform.collector.normalise.UnitConverter;
import jp.reform.collector.read.Field;
import jp.reform.collector.read.SourceCell;
import jp.reform.collector.read.SourceRow;
import jp.reform.collector.read.SourceRowHandler;
import jp.reform.collector.read.TableHeader;
import jp.reform.collector.read.TemplateMark;

/**
 * Checks each row of a department's file against the plan master data (DOMAIN.md, "What counts as
 * missing, invalid, out of range"): every problem becomes a finding naming sheet, row, column and the
 * value found; rows without problems become {@link ResultRow}s, handed on one by one ({@link ValidRows}).
 * Any error rejects the whole file. A row repeating an indicator and year is found where the rows go
 * (duplicate_row, duplicate_conflict), not here: that would mean holding every row of the file.
 */
public final class SubmissionValidator implements SourceRowHandler {

    /** Characters of an over-long cell shown in its finding. */
    private static final int EXCERPT_CHARS = 30;
    static final String NUL_FINDING = "nul_character";
    static final String UNCALCULATED_FINDING = "formula_without_result";
    static final String FORMULA_ERROR_FINDING = "formula_error";
    static final String ERROR_VALUE_FINDING = "error_value";
    static final String TOO_LARGE_FINDING = "actual_too_large";
    /**
     * 10^15: a 実績値 of 16 digits or more before the decimal point is no count or amount of a city (and more
     * digits than an Excel cell holds exactly); it is a slip (1 followed by 2,000 zeros, 1E300), refused at its
     * cell rather than stored, graded and printed digit by digit.
     */
    private static final BigDecimal TOO_LARGE = BigDecimal.TEN.pow(15);

    private static final List<Field> CONTENT_FIELDS = List.of(Field.ACTUAL, Field.STATUS_TEXT, Field.OUTCOME,
            Field.NEXT_STEPS, Field.SELF_ASSESSMENT);

    private final MasterData master;
    private final Department submitter;
    private final Map<String, SortedSet<Integer>> collectedYears;
    /** A template of a year not being collected was refused: the file's other-year caution would contradict it. */
    private boolean templateYearRefused;
    private final ValidRows validRows;
    private final BoundedFindings findings;
    private final int maxCellChars;
    private Integer fiscalYearHint;
    /** The plan-years of the file already cautioned as not the year being collected. */
    private final Set<String> cautionedYears = new HashSet<>();
    /** The unit the current table's 実績 header states, or null. */
    private String headerUnit;

    /**
     * @param collectedYears per plan code, the fiscal years whose results are being collected now (the
     *                       current round, and earlier ones not closed); a template for another year is refused
     */
    public SubmissionValidator(MasterData master, Department submitter, Map<String, SortedSet<Integer>> collectedYears,
                               ValidRows validRows) {
        this(master, submitter, collectedYears, Limits.DEFAULTS, validRows);
    }

    /**
     * @param limits    how long a cell may be, and how many findings are kept (all are counted)
     * @param validRows receives each valid row as soon as it is checked
     */
    public SubmissionValidator(MasterData master, Department submitter, Map<String, SortedSet<Integer>> collectedYears,
                               Limits limits, ValidRows validRows) {
        this.master = master;
        this.validRows = validRows;
        this.submitter = submitter;
        this.collectedYears = Map.copyOf(collectedYears);
        this.findings = new BoundedFindings(limits.maxFindingsKept());
        this.maxCellChars = limits.maxCellChars();
    }

    @Override
    public void table(TableHeader header) {
        fiscalYearHint = header.fiscalYearHint();
        headerUnit = header.actualUnit();
        if (header.templateMark() != null) {
            checkTemplate(header.templateMark());
        }
    }

    /** A pre-filled template is for one plan, year and department, in one layout version. */
    private void checkTemplate(TemplateMark mark) {
        if (mark.version() != TemplateMark.CURRENT_VERSION) {
            templateError(mark, "template_old_version", mark.version(), TemplateMark.CURRENT_VERSION);
            return;
        }
        Optional<PlanMaster> plan = master.plan(mark.planCode());
        if (plan.isEmpty()) {
            templateError(mark, "template_unknown_plan", mark.planCode());
            return;
        }
        Optional<Department> intended = master.department(mark.department());
        if (intended.isEmpty() || !intended.get().name().equals(submitter.name())) {
            templateError(mark, "template_other_department", mark.department(), submitter.name());
        }
        SortedSet<Integer> collected = collectedYears.get(mark.planCode());
        if (collected != null && !collected.contains(mark.fiscalYear())) {
            templateYearRefused = true;
            templateError(mark, "template_other_year", FiscalYears.japaneseLabel(mark.fiscalYear()),
                    yearLabels(collected));
        }
    }

    /** 「令和7年度」, or 「令和7年度・令和8年度」 while an earlier round is still open. */
    private static String yearLabels(SortedSet<Integer> years) {
        return years.stream().map(FiscalYears::japaneseLabel).collect(java.util.stream.Collectors.joining("・"));
    }

    private void templateError(TemplateMark mark, String code, Object... args) {
        findings.add(new Finding(Severity.ERROR, code, mark.sheet(), mark.cellRow(), "A", mark.cellText(),
                Messages.text("finding." + code, args), Messages.text("hint." + code, args)));
    }

    @Override
    public void row(SourceRow row) {
        SourceCell codeCell = row.cell(Field.INDICATOR_CODE);
        boolean hasContent = CONTENT_FIELDS.stream().anyMatch(f -> !JapaneseText.isEmpty(row.text(f)));
        if (!hasContent) {
            return; // a note below the table, or a template row nobody filled in
        }
        if (hasTooLongCell(row) | hasNulCharacter(row) | hasUncalculatedFormula(row) | hasErrorValue(row)) {
            return;
        }
        if (codeCell == null || JapaneseText.isEmpty(codeCell.text())) {
            error(codeCell != null ? codeCell : firstCell(row), "missing_code");
            return;
        }
        String code = IndicatorCodes.normalise(codeCell.text());
        List<PlanMaster> plans = master.plansWithIndicator(code);
        if (plans.isEmpty()) {
            error(codeCell, "unknown_indicator", codeCell.text());
            return;
        }
        Optional<Integer> year = fiscalYear(row);
        if (year.isEmpty()) {
            return;
        }
        int fy = year.get();
        List<PlanMaster> covering = plans.stream().filter(p -> p.plan().covers(fy)).toList();
        if (covering.isEmpty()) {
            PlanMaster plan = plans.get(0);
            error(yearCell(row, codeCell), "year_outside_plan", FiscalYears.japaneseLabel(fy),
                    FiscalYears.eraName(plan.plan().fyFrom()), FiscalYears.eraName(plan.plan().fyTo()));
            return;
        }
        List<PlanMaster> own = covering.stream()
                .filter(p -> p.indicator(code).orElseThrow().departments().contains(submitter.name())).toList();
        PlanMaster plan = (own.isEmpty() ? covering : own).get(0);
        Indicator indicator = plan.indicator(code).orElseThrow();
        if (own.isEmpty()) {
            error(codeCell, "other_department", String.join("・", indicator.departments()), submitter.name());
            return;
        }
        if (!departmentMatches(row)) {
            return;
        }
        cautionOtherYear(plan, fy, yearCell(row, codeCell));
        Target target = plan.target(code, fy);
        Optional<ResultRow> checked = checkContent(row, plan, indicator, target, fy);
        checked.ifPresent(r -> validRows.add(r, codeCell));
    }

    /**
     * Results of another year than the one the plan's round collects now are loaded (a correction of last year
     * is one), but the department is asked to look, once per year in the file: a title or a 年度 cell left from
     * last year's form, or next year typed, would otherwise replace another year's results without a word.
     */
    private void cautionOtherYear(PlanMaster plan, int fy, SourceCell cell) {
        SortedSet<Integer> collected = collectedYears.get(plan.plan().code());
        if (collected == null || collected.contains(fy) || templateYearRefused
                || !cautionedYears.add(plan.plan().code() + "@" + fy)) {
            return;
        }
        Object[] args = {FiscalYears.japaneseLabel(fy), yearLabels(collected)};
        findings.add(Severity.WARNING, () -> finding(Severity.WARNING, cell, "other_year", args));
    }

    /**
     * A cell longer than the limit is refused where it stands, never cut to fit: a cut text would be
     * stored as if the department had written it. Its finding shows only the beginning of it.
     */
    private boolean hasTooLongCell(SourceRow row) {
        boolean found = false;
        for (Map.Entry<Field, SourceCell> entry : row.cells().entrySet()) {
            SourceCell cell = entry.getValue();
            String text = cell.text();
            if (text.length() <= maxCellChars) {
                continue;
            }
            int chars = text.codePointCount(0, text.length());
            if (chars > maxCellChars) {
                found = true;
                Object[] args = {entry.getKey().label(), "%,d".formatted(chars), "%,d".formatted(maxCellChars)};
                findings.add(Severity.ERROR, () -> new Finding(Severity.ERROR, Limits.CELL_CHARS_FINDING,
                        cell.sheet(), cell.row(), cell.column(), beginning(text),
                        Messages.text("finding." + Limits.CELL_CHARS_FINDING, args),
                        Messages.text("hint." + Limits.CELL_CHARS_FINDING, args)));
            }
        }
        return found;
    }

    /**
     * A NUL character (an .xls cell can hold one, pasted from another program) cannot be stored in
     * PostgreSQL: the whole load would fail on it, and a mailed file would be tried again at every poll.
     * It is refused at its cell instead, like any other wrong input; the finding shows it as �.
     */
    private boolean hasNulCharacter(SourceRow row) {
        return refuseCells(row, NUL_FINDING,
                cell -> cell.text().indexOf('\u0000') < 0 ? null : cell.text().replace('\u0000', '\uFFFD'));
    }

    /**
     * A formula the file holds no result of (saved by a program that does not calculate): its value is
     * unknown. Read as blank it would erase the value before it, so it is refused at its cell.
     */
    private boolean hasUncalculatedFormula(SourceRow row) {
        return refuseCells(row, UNCALCULATED_FINDING, cell -> !cell.uncalculatedFormula() ? null
                : cell.formula().isEmpty() ? Messages.text("finding.formula_shown") : cell.formula());
    }

    /**
     * An Excel error value (#N/A, #DIV/0!, #VALUE!, #REF! …), which is no value the department gave: read as a text
     * it would be stored as the 取組状況 「#N/A」 and count as written. Refused at its cell, whatever its column,
     * showing the formula that gave it (or the error, when it was saved as a value or the formula is not known).
     */
    private boolean hasErrorValue(SourceRow row) {
        boolean fromFormula = refuseCells(row, FORMULA_ERROR_FINDING, cell -> !cell.errorFromFormula() ? null
                : cell.formula().isEmpty() ? cell.excelError() : cell.formula(), SourceCell::excelError);
        boolean asValue = refuseCells(row, ERROR_VALUE_FINDING,
                cell -> cell.excelError().isEmpty() || cell.errorFromFormula() ? null : cell.excelError(),
                SourceCell::excelError);
        return fromFormula | asValue;
    }

    private boolean refuseCells(SourceRow row, String code, Function<SourceCell, String> shown) {
        return refuseCells(row, code, shown, cell -> "");
    }

    /**
     * Refuses each cell of the row, whatever its column, for which {@code shown} gives the text to show (null: the
     * cell is fine); the finding and its hint name the column ({0}) and what {@code detail} gives ({1}). Whether any
     * was refused.
     */
    private boolean refuseCells(SourceRow row, String code, Function<SourceCell, String> shown,
                                Function<SourceCell, String> detail) {
        boolean found = false;
        for (Map.Entry<Field, SourceCell> entry : row.cells().entrySet()) {
            SourceCell cell = entry.getValue();
            String text = shown.apply(cell);
            if (text == null) {
                continue;
            }
            found = true;
            String label = entry.getKey().label();
            String more = detail.apply(cell);
            findings.add(Severity.ERROR, () -> new Finding(Severity.ERROR, code, cell.sheet(), cell.row(),
                    cell.column(), text.length() > EXCERPT_CHARS ? beginning(text) : text,
                    Messages.text("finding." + code, label, more), Messages.text("hint." + code, label, more)));
        }
        return found;
    }

    /** The first characters of an over-long text, enough for the department to find the cell. */
    private static String beginning(String text) {
        int end = text.offsetByCodePoints(0, Math.min(EXCERPT_CHARS, text.codePointCount(0, text.length())));
        return text.substring(0, end) + "…";
    }

    private Optional<Integer> fiscalYear(SourceRow row) {
        SourceCell cell = row.cell(Field.FISCAL_YEAR);
        if (cell == null || JapaneseText.isEmpty(cell.text())) {
            if (fiscalYearHint != null) {
                return Optional.of(fiscalYearHint);
            }
            if (cell != null) {
                error(cell, "missing_year");
            }
            // without a 年度 column the reader reported the column once, at the header: a 年度が空欄 at every
            // row's code cell would only bury that one fix
            return Optional.empty();
        }
        Optional<Integer> year = FiscalYears.parse(cell.text());
        if (year.isEmpty()) {
            error(cell, "invalid_year");
        }
        return year;
    }

    private boolean departmentMatches(SourceRow row) {
        SourceCell cell = row.cell(Field.DEPARTMENT);
        if (cell == null || JapaneseText.isEmpty(cell.text())) {
            return true;
        }
        Optional<Department> named = master.department(cell.text());
        if (named.isPresent() && !named.get().name().equals(submitter.name())) {
            error(cell, "department_mismatch", named.get().name(), submitter.name());
            return false;
        }
        return true;
    }

    private Optional<ResultRow> checkContent(SourceRow row, PlanMaster plan, Indicator indicator, Target target,
                                             int fy) {
        SourceCell actualCell = row.cell(Field.ACTUAL);
        String actualText = actualCell == null || JapaneseText.isEmpty(actualCell.text()) ? null
                : actualCell.text().strip();
        BigDecimal actualValue = null;
        boolean approximate = false;
        int errorsBefore = findings.errorCount();
        if (actualText != null && expectsNumber(indicator, target)) {
            Optional<Quantity> quantity = NumberParser.parse(actualText);
            if (quantity.isEmpty()) {
                error(actualCell, "not_a_number", unitLabel(indicator));
            } else {
                Quantity written = quantity.get();
                SourceCell unitAt = actualCell;
                String unitShown = written.unit();
                String stated = statedUnit(row);
                if (written.isBare() && stated != null) {
                    // a bare number in a table that states its unit (a 単位 column, 実績値（円）) is in that unit;
                    // one the reader does not know stands when the master writes the same
                    SourceCell unitCell = row.cell(Field.UNIT);
                    unitAt = unitCell != null && !JapaneseText.isEmpty(unitCell.text()) ? unitCell : actualCell;
                    unitShown = stated;
                    Optional<Quantity> withUnit = NumberParser.parse(actualText + JapaneseText.nfkc(stated))
                            .filter(q -> !q.isBare());
                    written = withUnit.orElse(sameUnit(stated, indicator.unit()) ? written : null);
                }
                Optional<BigDecimal> converted = written == null ? Optional.empty()
                        : UnitConverter.toIndicatorUnit(written, indicator.unit());
                Optional<String> qualifier = unitAt == actualCell ? qualifier(unitShown) : Optional.empty();
                if (converted.isEmpty() && qualifier.isPresent()) {
                    // 「28件以上」「約1,200人程度」: the number is meant, the word is a remark for the 取組状況
                    error(actualCell, "qualified_value", qualifier.get(), unitLabel(indicator));
                } else if (converted.isEmpty()) {
                    error(unitAt, "unit_mismatch", unitShown, unitLabel(indicator));
                } else if (tooLarge(written.number()) || tooLarge(converted.get())) {
                    error(actualCell, TOO_LARGE_FINDING, unitLabel(indicator));
                } else {
                    actualValue = converted.get();
                    approximate = written.approximate();
                }
            }
        }
        if (actualText != null && actualValue == null && "mixed".equals(indicator.valueKind())
                && !expectsNumber(indicator, target)) {
            // a milestone year of a mixed indicator (導入) whose department also gives the number (12,000件): kept
            // as a number too, since next year's target may be relative to it (前年比3%増加); text stays text
            Optional<Quantity> quantity = NumberParser.parse(actualText);
            Optional<BigDecimal> number = quantity.flatMap(q -> UnitConverter.toIndicatorUnit(q, indicator.unit()));
            if (number.isPresent() && (tooLarge(quantity.get().number()) || tooLarge(number.get()))) {
                error(actualCell, TOO_LARGE_FINDING, unitLabel(indicator));
            } else if (number.isPresent()) {
                actualValue = number.get();
                approximate = quantity.get().approximate();
            }
        }
        SourceCell assessmentCell = row.cell(Field.SELF_ASSESSMENT);
        SelfAssessment assessment = null;
        String assessmentText = null;
        if (assessmentCell != null && !JapaneseText.isEmpty(assessmentCell.text())) {
            assessmentText = assessmentCell.text().strip();
            String written = assessmentText;
            Optional<SelfAssessment> ownWord = planWord(plan.plan(), written);
            assessment = ownWord.or(() -> SelfAssessment.parse(written)).orElse(null);
            if (assessment == null) {
                error(assessmentCell, "invalid_assessment");
            } else if (ownWord.isEmpty() && plan.plan().hasFourLevels() && plan.plan().levelGrades().stream()
                    .filter(assessment.label()::equals).count() > 1) {
                // of four levels, 達成 (S or A) or 未達成 (C or D) may be either of two: the department names
                // its level; a word only one level counts as (概ね達成 for B) is read as that level
                error(assessmentCell, "assessment_not_in_scale", assessmentText,
                        String.join("・", plan.plan().gradeLabels()));
            } else if (assessment == SelfAssessment.MOSTLY_ACHIEVED && !plan.plan().hasMiddleLevel()) {
                // a plan of two levels (○ / ×) has no 概ね達成: the department must choose
                error(assessmentCell, "assessment_not_in_scale", assessmentText,
                        String.join("・", plan.plan().gradeLabels()));
            }
        }
        if (findings.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        SourceCell anchor = actualCell != null ? actualCell : row.cell(Field.INDICATOR_CODE);
        return Optional.of(new ResultRow(plan.plan().code(), indicator.code(), fy, actualValue, actualText,
                approximate, JapaneseText.freeText(row.text(Field.STATUS_TEXT)),
                JapaneseText.freeText(row.text(Field.OUTCOME)), JapaneseText.freeText(row.text(Field.NEXT_STEPS)),
                assessment, assessmentText, anchor.sheet(), anchor.row(), anchor.column(),
                assessmentLevel(plan.plan(), assessment, assessmentText), columnOf(row.cell(Field.STATUS_TEXT)),
                columnOf(assessmentCell), indicator.departments().size() > 1, omitted(row)));
    }

    /** The optional entries the row's table has no column for (a blank cell is an entry cleared, not omitted). */
    private static int omitted(SourceRow row) {
        return (row.cell(Field.OUTCOME) == null ? ResultRow.OMITTED_OUTCOME : 0)
                | (row.cell(Field.NEXT_STEPS) == null ? ResultRow.OMITTED_NEXT_STEPS : 0)
                | (row.cell(Field.SELF_ASSESSMENT) == null ? ResultRow.OMITTED_ASSESSMENT : 0);
    }

    private static String columnOf(SourceCell cell) {
        return cell == null ? null : cell.column();
    }

    /**
     * The plan's own grade words (grade_labels), best first, as the department's self-assessment: the canonical
     * grade of the level written (D of A|B|C|D is 未達成; the evaluation keeps the D from the cell's text).
     */
    private static Optional<SelfAssessment> planWord(jp.reform.collector.master.Plan plan, String written) {
        int level = plan.levelOfWritten(written);
        if (level == 0) {
            return Optional.empty();
        }
        return Optional.of(switch (plan.levelGrades().get(level - 1)) {
            case "達成" -> SelfAssessment.ACHIEVED;
            case "概ね達成" -> SelfAssessment.MOSTLY_ACHIEVED;
            default -> SelfAssessment.NOT_ACHIEVED;
        });
    }

    /**
     * The level a four-level plan's department wrote (D, not only 未達成); null in other plans, whose rows
     * are stored as before.
     */
    private static Integer assessmentLevel(jp.reform.collector.master.Plan plan, SelfAssessment assessment,
                                           String written) {
        if (assessment == null || !plan.hasFourLevels()) {
            return null;
        }
        int level = plan.levelOfWritten(written);
        return level > 0 ? level : plan.levelOf(assessment.label());
    }

    /** Words people add after a figure that make it no measured value (以上, 程度, 見込み …). */
    private static final List<String> QUALIFIERS = List.of("以上", "以下", "未満", "超", "程度", "前後", "余り", "あまり",
            "ほど", "くらい", "ぐらい", "見込み", "見込", "予定", "見通し", "弱", "強");

    /** The qualifier a written unit ends with (件以上 → 以上), if any. */
    private static Optional<String> qualifier(String unit) {
        if (unit == null) {
            return Optional.empty();
        }
        String written = JapaneseText.forReading(unit);
        return QUALIFIERS.stream().filter(written::endsWith).findFirst();
    }

    /** 16 digits or more before the decimal point, either sign. */
    private static boolean tooLarge(BigDecimal value) {
        return value.abs().compareTo(TOO_LARGE) >= 0;
    }

    /** Numeric indicators always; mixed ones in years whose target is a number, relative, or a baseline to measure. */
    private static boolean expectsNumber(Indicator indicator, Target target) {
        return switch (indicator.valueKind()) {
            case "numeric" -> true;
            case "mixed" -> "absolute".equals(target.kind()) || target.isRelative() || target.isBaseline();
            default -> false;
        };
    }

    /** The unit the row's 単位 cell states, else the one its table's 実績 header states; null when neither does. */
    private String statedUnit(SourceRow row) {
        String column = row.text(Field.UNIT);
        return !JapaneseText.isEmpty(column) ? column.strip() : headerUnit;
    }

    /** A unit the number reader does not know (件/年, 人（延べ）) still agrees when it is written as the master writes it. */
    private static boolean sameUnit(String stated, String indicatorUnit) {
        return indicatorUnit != null && JapaneseText.forReading(stated).equals(JapaneseText.forReading(indicatorUnit));
    }

    private static String unitLabel(Indicator indicator) {
        return indicator.unit() == null ? Messages.text("unit.none") : indicator.unit();
    }

    /**
     * The finding of a row repeating the indicator and year of an earlier row of the file, at its 指標コード
     * cell: a warning when it says the same (loaded once), an error when it says something else.
     *
     * @param sameContent as {@link ResultRow#sameContentAs}
     */
    public static Finding repeatedRow(boolean sameContent, SourceCell codeCell, String firstSheet, int firstRow) {
        return sameContent ? finding(Severity.WARNING, codeCell, "duplicate_row", firstSheet, firstRow)
                : finding(Severity.ERROR, codeCell, "duplicate_conflict", firstSheet, firstRow);
    }

    /** The entries of a result row a grade and its completeness come from, as a department's template heads them. */
    public enum Entry {
        ACTUAL("実績値"), STATUS("取組状況"), SELF_ASSESSMENT("自己評価");

        private final String heading;

        Entry(String heading) {
            this.heading = heading;
        }
    }

    /**
     * A row of a shared indicator that would erase part of the report another 課 made of it.
     *
     * @param reportedBy the 課 whose report it is; null when the result names none
     * @param left       the entries the row leaves blank that the report has
     */
    public static Finding partialRowOverAnotherReport(SourceCell codeCell, String reportedBy, List<Entry> left) {
        String other = reportedBy == null ? Messages.text("finding.shared_partial_row.other") : reportedBy;
        String entries = left.stream().map(e -> e.heading).collect(java.util.stream.Collectors.joining("・"));
        return finding(Severity.ERROR, codeCell, "shared_partial_row", other, entries);
    }

    private static SourceCell firstCell(SourceRow row) {
        return row.cells().values().iterator().next();
    }

    private static SourceCell yearCell(SourceRow row, SourceCell fallback) {
        SourceCell cell = row.cell(Field.FISCAL_YEAR);
        return cell != null ? cell : fallback;
    }

    private void error(SourceCell cell, String code, Object... args) {
        findings.add(Severity.ERROR, () -> finding(Severity.ERROR, cell, code, args));
    }

    private static Finding finding(Severity severity, SourceCell cell, String code, Object... args) {
        return new Finding(severity, code, cell.sheet(), cell.row(), cell.column(), cell.text(),
                Messages.text("finding." + code, args), Messages.text("hint." + code, args));
    }

    /** The findings kept (errors first, at most the limit's number). */
    public List<Finding> findings() {
        return findings.kept();
    }

    /** The findings kept and the count of all, also of those not kept. */
    public BoundedFindings allFindings() {
        return findings;
    }

    public boolean hasErrors() {
        return findings.hasErrors();
    }
}
