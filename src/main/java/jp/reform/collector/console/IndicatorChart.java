package jp.reform.collector.console;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Targets and actuals of every year of a plan as an inline SVG chart: a bar per year for the actual and a
 * marker line for the target. Only coordinates are computed here; the template writes the SVG elements, so
 * every label is escaped like any other text.
 */
public record IndicatorChart(int width, int height, int baseline, List<Bar> bars, List<Tick> ticks, boolean empty) {

    static final int WIDTH = 640;
    static final int HEIGHT = 230;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    /** One year: the actual's bar (absent when none) and the target's marker (absent when none). */
    public record Bar(String year, int slotX, int slotWidth, Integer barY, Integer barHeight, String actualLabel,
                      Integer targetY, String targetLabel) {
        public int labelX() {
            return slotX + slotWidth / 2;
        }
    }

    /** A value on the vertical axis. */
    public record Tick(int y, String label) {
    }

    static IndicatorChart of(List<IndicatorPage.Year> years, ConsoleFormat format) {
        BigDecimal max = BigDecimal.ZERO;
        for (IndicatorPage.Year y : years) {
            max = max.max(positive(y.actualValue())).max(positive(chartTarget(y)));
        }
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int baseline = TOP + plotHeight;
        if (max.signum() == 0 || years.isEmpty()) {
            return new IndicatorChart(WIDTH, HEIGHT, baseline, List.of(), List.of(), true);
        }
        double scale = plotHeight / (max.doubleValue() * 1.1);
        int slot = (WIDTH - LEFT - RIGHT) / years.size();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < years.size(); i++) {
            IndicatorPage.Year y = years.get(i);
            Integer barY = null;
            Integer barHeight = null;
            if (y.actualValue() != null) {
                barHeight = (int) Math.round(positive(y.actualValue()).doubleValue() * scale);
                barY = baseline - barHeight;
            }
            BigDecimal target = chartTarget(y);
            Integer targetY = target == null ? null : baseline - (int) Math.round(positive(target).doubleValue() * scale);
            bars.add(new Bar(format.fiscalYear(y.fiscalYear()).replaceAll("（.*", ""), LEFT + i * slot, slot, barY,
                    barHeight, y.actualValue() == null ? "" : format.number(y.actualValue()), targetY,
                    target == null ? "" : "目標 " + format.number(target)));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int step = 0; step <= 2; step++) {
            BigDecimal value = max.multiply(BigDecimal.valueOf(step)).divide(BigDecimal.valueOf(2), 4,
                    java.math.RoundingMode.HALF_UP);
            ticks.add(new Tick(baseline - (int) Math.round(value.doubleValue() * scale), format.number(value)));
        }
        return new IndicatorChart(WIDTH, HEIGHT, baseline, bars, ticks, false);
    }

    /** The target the year is graded against (a relative target resolved), else the one written. */
    private static BigDecimal chartTarget(IndicatorPage.Year y) {
        if (!y.targetSet()) {
            return null;
        }
        return y.effectiveTarget() != null ? y.effectiveTarget() : y.targetValue();
    }

    private static BigDecimal positive(BigDecimal value) {
        return value == null || value.signum() < 0 ? BigDecimal.ZERO : value;
    }
}
