package jp.reform.collector.master;

import java.math.BigDecimal;
import java.util.List;

/** A 成果指標 with its unit, kind, direction and the departments that report it. */
public record Indicator(String code, String initiativeCode, String name, String definition, String unit,
                        String valueKind, boolean lowerIsBetter, boolean cumulative, String baselineText,
                        BigDecimal baselineValue, BigDecimal minValue, BigDecimal maxValue, String finalGoal,
                        String notes, List<String> departments, int sortOrder) {

    public boolean isQualitative() {
        return "qualitative".equals(valueKind);
    }
}
