package jp.reform.collector.evaluate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.Severity;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.Target;
import jp.reform.collector.normalise.JapaneseText;
import jp.reform.collector.normalise.SelfAssessment;

/**
 * Achievement rate and grade as the committee reports them (DOMAIN.md, "Evaluation rules"):
 * higher is better → actual / target, lower is better → target / actual; target 0 (higher) is achieved
 * whenever actual ≥ 0 and actual 0 (lower) is achieved, both without a rate; grades on the unrounded
 * rate against the plan's thresholds; milestones by the department's self-assessment. A baseline year
 * (現状値の把握) is not graded, but its value is still asked for: it is the base of next year's relative target.
 */
public final class AchievementEvaluator {

    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final PlausibilityChecker plausibility = new PlausibilityChecker();

    /** Every indicator of the plan for every fiscal year of the plan. */
    public List<Evaluation> evaluatePlan(PlanMaster master, Map<ResultKey, StoredResult> current) {
        List<Evaluation> evaluations = new ArrayList<>();
        for (Indicator indicator : master.indicators()) {
            for (int year = master.plan().fyFrom(); year <= master.plan().fyTo(); year++) {
                evaluations.add(evaluate(master, indicator, year,
                        current.get(new ResultKey(indicator.code(), year)),
                        current.get(new ResultKey(indicator.code(), year - 1))));
            }
        }
        return evaluations;
    }

    public Evaluation evaluate(PlanMaster master, Indicator indicator, int year, StoredResult result,
                               StoredResult previousYear) {
        Plan plan = master.plan();
        Target target = master.target(indicator.code(), year);
        List<Flag> flags = new ArrayList<>();
        Long resultId = result == null ? null : result.resultId();
        if (result == null) {
            if (target.isSet() || target.isBaseline()) {
                flags.add(flag("missing", Severity.WARNING));
            }
            return new Evaluation(plan.code(), indicator.code(), year, target.isSet(), target.value(), null, null,
                    target.isSet() ? Grade.NOT_SUBMITTED : null, flags);
        }
        flags.addAll(plausibility.check(indicator, result, previousYear,
                "absolute".equals(target.kind()) ? target.value() : null));
        boolean qualitative = indicator.isQualitative() || "milestone".equals(target.kind());
        incompleteness(qualitative, result).ifPresent(flags::add);
        if (!target.isSet()) {
            return new Evaluation(plan.code(), indicator.code(), year, false, null, resultId, null, null, flags);
        }
        BigDecimal effectiveTarget = effectiveTarget(target, previousYear).orElse(null);
        if (target.isRelative() && effectiveTarget == null) {
            flags.add(flag("relative_base_missing", Severity.INFO));
        }
        SelfAssessment assessment = result.selfAssessment();
        if (effectiveTarget == null) {
            // a milestone, or a relative target without last year's actual: the department's own grade
            if (assessment == null) {
                flags.add(assessmentMissing());
                return new Evaluation(plan.code(), indicator.code(), year, true, null, resultId, null,
                        Grade.NOT_SUBMITTED, flags);
            }
            return new Evaluation(plan.code(), indicator.code(), year, true, null, resultId, null,
                    Grade.of(assessment), flags, assessedLevel(plan, result, assessment));
        }
        if (result.actualValue() == null) {
            return new Evaluation(plan.code(), indicator.code(), year, true, effectiveTarget, resultId, null,
                    Grade.NOT_SUBMITTED, flags);
        }
        BigDecimal actual = result.actualValue();
        BigDecimal rate = rate(actual, effectiveTarget, indicator.lowerIsBetter());
        Grade byNumbers = rate != null ? gradeOf(rate, plan)
                : achievedWithoutRate(actual, effectiveTarget, indicator.lowerIsBetter()) ? Grade.ACHIEVED
                : Grade.NOT_ACHIEVED;
        int level = rate != null && !plan.levelThresholds().isEmpty() ? plan.levelOfRate(rate)
                : plan.levelOf(byNumbers.label());
        if (assessment != null && contradicts(assessment, byNumbers)) {
            flags.add(new Flag("assessment_contradiction", Severity.WARNING,
                    Messages.text("flag.assessment_contradiction", writtenAssessment(result, assessment),
                            plan.gradeLabel(byNumbers.label(), level), wholePercent(rate)),
                    Flag.Entry.SELF_ASSESSMENT));
        }
        Grade grade = byNumbers;
        if (plan.gradedBySelfAssessment()) {
            if (assessment != null) {
                grade = Grade.of(assessment);
                level = assessedLevel(plan, result, assessment);
            } else {
                flags.add(assessmentMissing());
            }
        }
        return new Evaluation(plan.code(), indicator.code(), year, true, effectiveTarget, resultId, rate, grade,
                flags, level);
    }

    /** Rate in %, or null where the rules leave it undefined. */
    static BigDecimal rate(BigDecimal actual, BigDecimal target, boolean lowerIsBetter) {
        if (lowerIsBetter) {
            return actual.signum() == 0 ? null : target.divide(actual, PRECISION).multiply(HUNDRED);
        }
        return target.signum() == 0 ? null : actual.divide(target, PRECISION).multiply(HUNDRED);
    }

    private static boolean achievedWithoutRate(BigDecimal actual, BigDecimal target, boolean lowerIsBetter) {
        // higher is better with target 0: achieved when actual >= 0; lower is better with actual 0: achieved
        return lowerIsBetter ? actual.signum() == 0 : actual.signum() >= 0 && target.signum() == 0;
    }

    /**
     * The level of the department's own grade: the plan's word it wrote (D of A|B|C|D, kept although it counts
     * as 未達成 like C), else the first level of its canonical grade.
     */
    private static int assessedLevel(Plan plan, StoredResult result, SelfAssessment assessment) {
        Integer stored = result.selfAssessmentLevel();
        int written = stored != null ? stored : plan.levelOfWritten(result.selfAssessmentText());
        if (written > 0 && written <= plan.gradeLabels().size()
                && plan.levelGrades().get(written - 1).equals(assessment.label())) {
            return written;
        }
        return plan.levelOf(assessment.label());
    }

    static Grade gradeOf(BigDecimal rate, Plan plan) {
        if (plan.hasFourLevels() && !plan.gradeThresholds().isEmpty()) {
            // the level's canonical grade; the same as below, since achieved and mostly are among the thresholds
            return switch (plan.levelGrades().get(plan.levelOfRate(rate) - 1)) {
                case "達成" -> Grade.ACHIEVED;
                case "概ね達成" -> Grade.MOSTLY_ACHIEVED;
                default -> Grade.NOT_ACHIEVED;
            };
        }
        if (rate.compareTo(plan.achievedThreshold()) >= 0) {
            return Grade.ACHIEVED;
        }
        return rate.compareTo(plan.mostlyThreshold()) >= 0 ? Grade.MOSTLY_ACHIEVED : Grade.NOT_ACHIEVED;
    }

    /** 達成/A with a number short of the target, or 未達成/C/D/× with the target reached. */
    private static boolean contradicts(SelfAssessment assessment, Grade byNumbers) {
        return assessment == SelfAssessment.ACHIEVED && byNumbers != Grade.ACHIEVED
                || assessment == SelfAssessment.NOT_ACHIEVED && byNumbers == Grade.ACHIEVED;
    }

    /** 5%増 → last year's actual × 1.05, 5%減 → × 0.95 (the loader has checked 減 only on lower is better). */
    private static Optional<BigDecimal> effectiveTarget(Target target, StoredResult previousYear) {
        if ("absolute".equals(target.kind())) {
            return Optional.of(target.value());
        }
        if (previousYear == null || previousYear.actualValue() == null) {
            return Optional.empty();
        }
        return target.relativeChange().map(change -> previousYear.actualValue().multiply(change.factor()));
    }

    /**
     * 未記入: a numeric result lacks its actual or its 取組状況, a qualitative one both (its 取組状況 is its
     * result). The flag names what is blank and points at that entry.
     */
    private static Optional<Flag> incompleteness(boolean qualitative, StoredResult result) {
        boolean noStatus = JapaneseText.freeText(result.statusText()) == null;
        boolean noActual = qualitative ? result.actualText() == null : result.actualValue() == null;
        if (qualitative ? !(noStatus && noActual) : !(noStatus || noActual)) {
            return Optional.empty();
        }
        String which = noActual && noStatus ? "both" : noActual ? "actual" : "status";
        return Optional.of(new Flag("incomplete", Severity.WARNING, Messages.text("flag.incomplete." + which),
                noActual ? Flag.Entry.ACTUAL : Flag.Entry.STATUS_TEXT));
    }

    private static Flag assessmentMissing() {
        return new Flag("assessment_missing", Severity.WARNING, Messages.text("flag.assessment_missing"),
                Flag.Entry.SELF_ASSESSMENT);
    }

    /** The department's grade as it wrote it (○, A, 達成 …), else its canonical label. */
    private static String writtenAssessment(StoredResult result, SelfAssessment assessment) {
        String written = result.selfAssessmentText();
        return written == null || written.isBlank() ? assessment.label() : written.strip();
    }

    /** As the committee shows a rate: a whole percent (107.5% → 108%), 「－」 where it is undefined. */
    private static String wholePercent(BigDecimal rate) {
        return rate == null ? "－" : rate.setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static Flag flag(String code, Severity severity) {
        return new Flag(code, severity, Messages.text("flag." + code));
    }
}
