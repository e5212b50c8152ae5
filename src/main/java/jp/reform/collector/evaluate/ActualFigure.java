package jp.reform.collector.evaluate;

import java.math.BigDecimal;
import java.util.Optional;
import jp.reform.collector.normalise.JapaneseText;
import jp.reform.collector.normalise.NumberParser;
import jp.reform.collector.normalise.Quantity;

/**
 * A result's actual as it is shown in the indicator's unit. A department may write its figure in another unit
 * than the indicator's (15,820,500 with 円 in a 単位 column, or under 実績値（円）, for an indicator in 千円) or
 * with a scale word (1.6億円): the collector stores the value converted (15,820.5), and the text as written is
 * then not the indicator's figure. Wherever the figure is shown with the indicator's unit, such a value is shown
 * as stored, grouped as {@link PlausibilityChecker#amount} writes it, with 約 and ▲ kept as written
 * (「15,820.5千円」, 「約15,820.5千円」). Text whose number is the one stored (57.3%, 約1,020件, 15,900) and text
 * that is no number (導入, 検討中) are shown as written.
 */
public final class ActualFigure {

    private ActualFigure() {
    }

    /**
     * The stored value as the department would have written it in the indicator's unit, without the unit
     * (「15,820.5」, 「約15,820.5」), where the number written is not the one stored; empty where the text reads as
     * it is (no value stored, no number written, or the number written is the value).
     */
    public static Optional<String> converted(String text, BigDecimal value) {
        if (text == null || value == null) {
            return Optional.empty();
        }
        Optional<Quantity> written = NumberParser.parse(text);
        if (written.isEmpty() || written.get().number().compareTo(value) == 0) {
            return Optional.empty();
        }
        String sign = value.signum() < 0 ? minusMark(text) : "";
        return Optional.of((written.get().approximate() ? "約" : "") + sign
                + PlausibilityChecker.amount(value.abs(), ""));
    }

    /** {@link #converted(String, BigDecimal)} with the indicator's unit (「15,820.5千円」); empty where it is. */
    public static Optional<String> converted(String text, BigDecimal value, String unit) {
        return converted(text, value).map(figure -> figure + (unit == null ? "" : unit.strip()));
    }

    /**
     * The figure for a place that states the indicator's unit beside it (a 単位 column, the indicator's name):
     * the stored value where the text as written is not in the indicator's unit, else the text (null for none).
     */
    public static String inIndicatorUnit(String text, BigDecimal value) {
        return converted(text, value).orElse(text);
    }

    /** ▲ or △ as the department marked the minus, else -. */
    private static String minusMark(String text) {
        String written = JapaneseText.forReading(text);
        if (written.startsWith("約")) {
            written = written.substring(1);
        }
        return !written.isEmpty() && "▲△".indexOf(written.charAt(0)) >= 0 ? written.substring(0, 1) : "-";
    }
}
