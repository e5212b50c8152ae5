package jp.reform.collector.normalise;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads numbers as Japanese departments write them: full-width digits, thousands separators, ▲/△
 * for minus, 約 for "about", a scale prefix and a unit suffix ("1,560万文字", "▲12.5%", "約15,000千円").
 */
public final class NumberParser {

    private static final Pattern NUMBER = Pattern.compile("(\\d[\\d,]*(?:\\.\\d+)?|\\.\\d+)(.*)");
    // compiled once, as NUMBER: every value of a file goes through them
    private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(,\\d{3})+");
    private static final Pattern UNIT_WORD = Pattern.compile("[^\\d\\s()\\[\\].,:;/・、。]+");
    private static final Map<String, BigDecimal> SCALE_PREFIXES = Map.of(
            "百万", BigDecimal.valueOf(1_000_000),
            "千", BigDecimal.valueOf(1_000),
            "万", BigDecimal.valueOf(10_000),
            "億", BigDecimal.valueOf(100_000_000));
    /** Spellings that mean the same unit (名 counts people as 人 does). */
    private static final Map<String, String> UNIT_ALIASES = Map.of(
            "H", "時間", "HR", "時間", "件数", "件", "人数", "人", "か所", "箇所", "ヶ所", "箇所", "カ所", "箇所",
            "FM", "fm", "パーセント", "%", "名", "人");

    private NumberParser() {
    }

    /** The quantity written in the cell, or empty when the cell is not a number (text, blank). */
    public static Optional<Quantity> parse(String raw) {
        String text = JapaneseText.forReading(raw);
        boolean approximate = false;
        if (text.startsWith("約")) {
            approximate = true;
            text = text.substring(1);
        }
        boolean negative = false;
        if (!text.isEmpty() && "▲△-−".indexOf(text.charAt(0)) >= 0) {
            negative = true;
            text = text.substring(1);
        } else if (text.startsWith("+")) {
            text = text.substring(1);
        }
        if (text.startsWith("¥")) {
            text = text.substring(1) + "円";
        }
        Matcher m = NUMBER.matcher(text);
        if (!m.matches() || !validGrouping(m.group(1))) {
            return Optional.empty();
        }
        BigDecimal digits = new BigDecimal(m.group(1).replace(",", ""));
        BigDecimal number = negative ? digits.negate() : digits;
        boolean marked = approximate;
        return readSuffix(m.group(2)).map(s -> new Quantity(number, s.scale, s.unit, marked));
    }

    /** A unit as written in the master data ("千円", "%", "文字"), split into scale and base unit. */
    public static Optional<Quantity> parseUnit(String unit) {
        return readSuffix(JapaneseText.forReading(unit))
                .map(s -> new Quantity(BigDecimal.ONE, s.scale, s.unit, false));
    }

    /** "1,234" and "12,345,678" are thousands separators; "1,2" or "12,34" is not a number we accept. */
    private static boolean validGrouping(String digits) {
        if (!digits.contains(",")) {
            return true;
        }
        String integer = digits.contains(".") ? digits.substring(0, digits.indexOf('.')) : digits;
        return THOUSANDS.matcher(integer).matches();
    }

    private record Suffix(BigDecimal scale, String unit) {
    }

    private static Optional<Suffix> readSuffix(String suffix) {
        String rest = suffix;
        BigDecimal scale = BigDecimal.ONE;
        // longest prefix first, so that 百万円 is not read as 百 + 万円
        for (String prefix : new String[] {"百万", "千", "万", "億"}) {
            if (rest.startsWith(prefix)) {
                scale = SCALE_PREFIXES.get(prefix);
                rest = rest.substring(prefix.length());
                break;
            }
        }
        if (rest.isEmpty()) {
            return Optional.of(new Suffix(scale, null));
        }
        String unit = UNIT_ALIASES.getOrDefault(rest.toUpperCase(), rest);
        // a unit is a word: no digits, spaces, brackets or punctuation ("件(累計)" is not a unit we can read)
        if (!UNIT_WORD.matcher(unit).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Suffix(scale, unit.equals("FM") ? "fm" : unit));
    }
}
