package jp.reform.collector.master;

import java.math.BigDecimal;

/**
 * The target of an indicator for one fiscal year.
 *
 * @param kind {@code absolute} (a number), {@code milestone} (text, self-assessed),
 *             {@code relative_increase} (a % increase over last year's actual), {@code none} (no target)
 */
public record Target(String indicatorCode, int fiscalYear, String text, BigDecimal value, String kind) {

    public boolean isSet() {
        return !"none".equals(kind);
    }
}
