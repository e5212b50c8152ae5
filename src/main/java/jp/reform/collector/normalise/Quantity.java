package jp.reform.collector.normalise;

import java.math.BigDecimal;

/**
 * A number as a department wrote it, taken apart: "約1.2億円" is number 1.2, scale 10^8, unit 円, approximate.
 *
 * @param number      the digits written, sign applied (▲ △ - make it negative)
 * @param scale       the multiplier of a prefix written before the unit (千 万 億 百万), 1 when none
 * @param unit        the base unit written after the number (円, 文字, %, 件 …), null for a bare number
 * @param approximate true when the value was marked 約 (about)
 */
public record Quantity(BigDecimal number, BigDecimal scale, String unit, boolean approximate) {

    /** The written value in base units (1.2億円 → 120000000). */
    public BigDecimal baseValue() {
        return number.multiply(scale);
    }

    public boolean isBare() {
        return unit == null;
    }
}
