package jp.reform.collector.normalise;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a written quantity into an indicator's unit where the conversion is exact: 億円 → 千円,
 * 万文字 → 文字. Different kinds of unit (件 vs %, 円 vs 人) do not convert.
 */
public final class UnitConverter {

    /** Things counted with the generic counter 件 as often as with their own unit. */
    private static final Set<String> COUNTABLE_WITH_KEN = Set.of("事業", "社", "団体", "グループ", "施設", "事業者",
            "サービス", "箇所", "手続");

    private UnitConverter() {
    }

    /**
     * The value in the indicator's unit, or empty when the written unit cannot be converted to it.
     *
     * @param indicatorUnit the master's unit; null or blank means the master states none, so any unit is taken
     */
    public static Optional<BigDecimal> toIndicatorUnit(Quantity written, String indicatorUnit) {
        if (indicatorUnit == null || indicatorUnit.isBlank()) {
            return Optional.of(strip(written.baseValue()));
        }
        Quantity target = NumberParser.parseUnit(indicatorUnit).orElse(null);
        if (written.isBare()) {
            // a bare number is in the indicator's unit; with a scale word alone (42.6億, 15,820千) it counts that
            // unit's base (円, 文字): 42.6億 of an indicator in 億円 is 42.6, not 42.6 × 10^8
            boolean scaled = written.scale().compareTo(BigDecimal.ONE) != 0;
            return Optional.of(strip(scaled && target != null && target.unit() != null
                    ? written.baseValue().divide(target.scale()) : written.baseValue()));
        }
        if (target == null || target.unit() == null) {
            return Optional.empty();
        }
        if (!sameKind(written.unit(), target.unit())) {
            return Optional.empty();
        }
        return Optional.of(strip(written.baseValue().divide(target.scale())));
    }

    private static boolean sameKind(String writtenUnit, String indicatorUnit) {
        return writtenUnit.equals(indicatorUnit)
                || "件".equals(writtenUnit) && COUNTABLE_WITH_KEN.contains(indicatorUnit);
    }

    private static BigDecimal strip(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
