package jp.reform.collector.master;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The target of an indicator for one fiscal year.
 *
 * @param kind {@code absolute} (a number), {@code milestone} (text, self-assessed),
 *             {@code relative_increase} / {@code relative_decrease} (a % change of last year's actual),
 *             {@code baseline} (the year measures the starting point: no target, but a value is reported),
 *             {@code none} (no target)
 */
public record Target(String indicatorCode, int fiscalYear, String text, BigDecimal value, String kind) {

    /** A target the year is graded against (counts as 設定項目); not a baseline year, not 「－」. */
    public boolean isSet() {
        return !"none".equals(kind) && !isBaseline();
    }

    /** The year measures the baseline (現状値の把握): not graded, shown 未設定, its value still reported. */
    public boolean isBaseline() {
        return "baseline".equals(kind);
    }

    public boolean isRelative() {
        return "relative_increase".equals(kind) || "relative_decrease".equals(kind);
    }

    /** The change of last year's actual a relative target asks for. */
    public Optional<TargetText.RelativeChange> relativeChange() {
        return isRelative() ? TargetText.relativeChange(text) : Optional.empty();
    }
}
