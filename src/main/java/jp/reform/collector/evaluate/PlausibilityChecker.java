package jp.reform.collector.evaluate;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.domain.Severity;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.normalise.NumberParser;
import jp.reform.collector.normalise.Quantity;

/**
 * Out-of-range warnings (DOMAIN.md): hard bounds (a percentage outside 0–100, a negative or fractional
 * count, or the master's own bounds), a change beyond ×10 or ÷10 against last year or the baseline
 * (often 円 written for 千円), and a cumulative value below last year's. Loaded, but reported.
 */
public final class PlausibilityChecker {

    private static final Set<String> COUNT_UNITS = Set.of("件", "人", "回", "団体", "社", "事業", "グループ", "施設",
            "事業者", "サービス", "箇所", "手続");
    private static final BigDecimal TEN = BigDecimal.TEN;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @param target the year's numeric target (absolute), null when it has none: a reference, with last year's
     *               actual and the baseline, of a ratio typed for a percentage
     */
    List<Flag> check(Indicator indicator, StoredResult result, StoredResult previousYear, BigDecimal target) {
        List<Flag> flags = new ArrayList<>();
        BigDecimal value = result.actualValue();
        if (result.approximate()) {
            flags.add(new Flag("approximate", Severity.INFO, Messages.text("flag.approximate")));
        }
        if (value == null) {
            return flags;
        }
        String unit = indicator.unit() == null ? "" : indicator.unit();
        BigDecimal min = lowerBound(indicator);
        BigDecimal max = upperBound(indicator);
        if (min != null && value.compareTo(min) < 0 || max != null && value.compareTo(max) > 0) {
            flags.add(new Flag("out_of_range", Severity.WARNING, Messages.text("flag.out_of_range",
                    range(min, max, unit))));
        }
        if (COUNT_UNITS.contains(unit) && value.stripTrailingZeros().scale() > 0) {
            flags.add(new Flag("fractional_count", Severity.WARNING, Messages.text("flag.fractional_count", unit)));
        }
        BigDecimal previous = previousYear == null ? null : previousYear.actualValue();
        BigDecimal reference = previous != null ? previous : indicator.baselineValue();
        if (ratioForPercentage(indicator, result, previous, target)) {
            // 0.955 typed for 95.5%: said as such, rather than as a slip of 円 and 千円
            flags.add(new Flag("implausible_change", Severity.WARNING, Messages.text("flag.percent_as_fraction",
                    amount(value, ""), amount(value.movePointRight(2), ""))));
        } else if (reference != null && reference.signum() != 0) {
            BigDecimal ratio = value.abs().divide(reference.abs(), java.math.MathContext.DECIMAL64);
            if (ratio.compareTo(TEN) > 0 || ratio.multiply(TEN).compareTo(BigDecimal.ONE) < 0) {
                // a 0 is below a tenth too: often a year not yet counted, which would grade 達成 where lower
                // is better; it is worded as a drop to 0, not as a slip of 円 and 千円
                flags.add(new Flag("implausible_change", Severity.WARNING, Messages.text(
                        value.signum() == 0 ? "flag.implausible_zero" : "flag.implausible_change",
                        Messages.text(previous != null ? "label.previous_year" : "label.baseline"),
                        amount(reference, unit))));
            }
        }
        if (indicator.cumulative() && previous != null && value.compareTo(previous) < 0) {
            flags.add(new Flag("cumulative_decrease", Severity.WARNING,
                    Messages.text("flag.cumulative_decrease", amount(previous, unit))));
        }
        return flags;
    }

    /**
     * A plain number above 0 and at most 1 (0.955, not 0.955% nor a cell formatted as a percentage, which reads
     * 95.5%) for an indicator in %, whose last year, baseline or target is above 1: most likely the ratio, typed
     * where the percentage is asked for. A small percentage can be real, so it stays a warning.
     */
    private static boolean ratioForPercentage(Indicator indicator, StoredResult result, BigDecimal previous,
                                              BigDecimal target) {
        BigDecimal value = result.actualValue();
        if (!"%".equals(indicator.unit()) || value.signum() <= 0 || value.compareTo(BigDecimal.ONE) > 0) {
            return false;
        }
        boolean plainNumber = NumberParser.parse(result.actualText()).map(Quantity::isBare).orElse(false);
        return plainNumber && java.util.stream.Stream.of(previous, indicator.baselineValue(), target)
                .anyMatch(reference -> reference != null && reference.compareTo(BigDecimal.ONE) > 0);
    }

    /** 0～100%, 0人以上, 100%以下: a bound the master does not set is left out, not shown as a blank. */
    static String range(BigDecimal min, BigDecimal max, String unit) {
        if (min != null && max != null) {
            return amount(min, "") + "～" + amount(max, unit);
        }
        return min != null ? Messages.text("flag.range.at_least", amount(min, unit))
                : Messages.text("flag.range.at_most", amount(max, unit));
    }

    /** 14,215千円: grouped as the department writes it, with the indicator's unit. */
    public static String amount(BigDecimal value, String unit) {
        DecimalFormat grouped = new DecimalFormat("#,##0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return grouped.format(value) + unit;
    }

    /** The master's lower bound, else 0 for any quantity with a unit (counts, amounts, percentages). */
    public static BigDecimal lowerBound(Indicator indicator) {
        String unit = indicator.unit() == null ? "" : indicator.unit();
        return indicator.minValue() != null ? indicator.minValue() : unit.isEmpty() ? null : BigDecimal.ZERO;
    }

    /** The master's upper bound, else 100 for a percentage. */
    public static BigDecimal upperBound(Indicator indicator) {
        return indicator.maxValue() != null ? indicator.maxValue() : "%".equals(indicator.unit()) ? HUNDRED : null;
    }
}
