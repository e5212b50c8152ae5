package jp.reform.collector.report;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Optional;
import jp.reform.collector.evaluate.ActualFigure;
import jp.reform.collector.evaluate.PlausibilityChecker;
import jp.reform.collector.normalise.JapaneseText;
import jp.reform.collector.normalise.NumberParser;
import jp.reform.collector.normalise.Quantity;

/**
 * How targets and actuals are written for people, the same on the console's pages, in the exception report, in
 * the committee workbook and in the {@code status} table: a figure with thousands separators and its unit right
 * after it, without a space (「1,000人」「175時間」「5グループ」「96.5%」). A target keeps the number and scale it
 * was written with (「1,560万文字」, 「64.0%」) and gets the indicator's unit where it was written bare (「90」 of
 * an indicator in 件 is 「90件」); a target that is words (a milestone, 現状値の把握, 前年度比5%増, 28件以上) is
 * shown as written. An actual written in another unit or with a scale word is shown as stored, in the
 * indicator's unit ({@link ActualFigure}: 「15,820.5千円」); 約 and a minus mark (▲) are kept as written.
 * Nothing stored changes: this is only how it reads. Machine-readable outputs (status CSV, the API) and what
 * quotes an input as written (the receipt, 記入どおり) do not use it.
 */
public final class FigureText {

    private FigureText() {
    }

    /**
     * A target as shown: the written number with separators and its unit (「90件」「175時間」「1,560万文字」);
     * words as written; "" for none.
     */
    public static String target(String text, String unit) {
        if (text == null) {
            return "";
        }
        return written(text, unit).orElse(text);
    }

    /**
     * An actual as shown: the number read from it with separators and the indicator's unit (「1,000人」「96.5%」,
     * 「約1,020件」), as stored where it was written in another unit (「15,820.5千円」), words as written (導入);
     * "" for none.
     *
     * @param value the value as stored in the indicator's unit, null where none was read
     */
    public static String actual(String text, BigDecimal value, String unit) {
        if (value == null) {
            return text == null ? "" : written(text, unit).orElse(text);
        }
        Optional<String> converted = ActualFigure.converted(text, value, unit);
        if (converted.isPresent()) {
            return converted.get();
        }
        return written(text, unit).orElseGet(() -> PlausibilityChecker.amount(value, unit(unit)));
    }

    /**
     * The text as one number in the indicator's unit, written with separators and the unit without a space; empty
     * where the text is not one number (words, a range, 28件以上) or names a unit the indicator is not counted in.
     */
    static Optional<String> written(String text, String unit) {
        Optional<Quantity> read = NumberParser.parse(text);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Quantity q = read.get();
        String indicatorUnit = unit(unit);
        Optional<Quantity> base = indicatorUnit.isEmpty() ? Optional.empty() : NumberParser.parseUnit(indicatorUnit);
        String suffix;
        if (q.unit() == null) {
            boolean scaled = q.scale().compareTo(BigDecimal.ONE) != 0;
            if (scaled && base.map(b -> b.scale().compareTo(BigDecimal.ONE) != 0).orElse(false)) {
                return Optional.empty(); // 15万 of an indicator in 千円: as written
            }
            suffix = scaled ? prefix(q.scale()) + indicatorUnit : indicatorUnit;
        } else {
            if (base.isEmpty() || !q.unit().equals(base.get().unit())) {
                return Optional.empty();
            }
            boolean asIndicator = q.scale().compareTo(base.get().scale()) == 0;
            suffix = asIndicator ? indicatorUnit : prefix(q.scale()) + q.unit();
        }
        return Optional.of((q.approximate() ? "約" : "") + (q.number().signum() < 0 ? minusMark(text) : "")
                + grouped(q.number().abs()) + suffix);
    }

    /** 1,560 and 64.0: separators, and the decimals as written. */
    private static String grouped(BigDecimal number) {
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        int decimals = Math.max(0, number.scale());
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        return format.format(number);
    }

    private static String prefix(BigDecimal scale) {
        return switch (scale.stripTrailingZeros().toPlainString()) {
            case "1000" -> "千";
            case "10000" -> "万";
            case "1000000" -> "百万";
            case "100000000" -> "億";
            default -> "";
        };
    }

    /** ▲ or △ as the text marks the minus, else -. */
    private static String minusMark(String text) {
        String read = JapaneseText.forReading(text);
        if (read.startsWith("約")) {
            read = read.substring(1);
        }
        return !read.isEmpty() && "▲△".indexOf(read.charAt(0)) >= 0 ? read.substring(0, 1) : "-";
    }

    private static String unit(String unit) {
        return unit == null ? "" : unit.strip();
    }
}
