package jp.reform.collector.normalise;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Japanese fiscal year as departments write it: 2024, 2024年度, 令和6年度, 令和６年度, R6, Ｒ６,
 * 令和元年度, 平成30年度, H30, FY2024. Fiscal year N runs from 1 April N to 31 March N+1.
 */
public final class FiscalYears {

    private static final Pattern REIWA = Pattern.compile("(?:令和|R\\.?)(元|\\d{1,2})(?:年度?)?");
    private static final Pattern HEISEI = Pattern.compile("(?:平成|H\\.?)(元|\\d{1,2})(?:年度?)?");
    private static final Pattern WESTERN = Pattern.compile("(?:FY)?((?:19|20)\\d{2})(?:\\.0+)?(?:年度?)?");
    private static final Pattern WESTERN_ANYWHERE = Pattern.compile("((?:19|20)\\d{2})年度");
    private static final Pattern REIWA_ANYWHERE = Pattern.compile("(?:令和|R)(元|\\d{1,2})年度");
    private static final Pattern HEISEI_ANYWHERE = Pattern.compile("(?:平成|H)(元|\\d{1,2})年度");

    private static final int REIWA_OFFSET = 2018;
    private static final int HEISEI_OFFSET = 1988;

    private FiscalYears() {
    }

    /** The fiscal year the whole cell states, or empty when the cell is not a year. */
    public static Optional<Integer> parse(String raw) {
        String text = JapaneseText.withoutSpaces(JapaneseText.nfkc(raw)).toUpperCase();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = REIWA.matcher(text);
        if (m.matches()) {
            return Optional.of(REIWA_OFFSET + eraYear(m.group(1)));
        }
        m = HEISEI.matcher(text);
        if (m.matches()) {
            return Optional.of(HEISEI_OFFSET + eraYear(m.group(1)));
        }
        m = WESTERN.matcher(text);
        if (m.matches()) {
            return Optional.of(Integer.parseInt(m.group(1)));
        }
        return Optional.empty();
    }

    /** The first "…年度" found inside a longer text such as a title row. */
    public static Optional<Integer> find(String raw) {
        String text = JapaneseText.withoutSpaces(JapaneseText.nfkc(raw)).toUpperCase();
        Matcher m = REIWA_ANYWHERE.matcher(text);
        if (m.find()) {
            return Optional.of(REIWA_OFFSET + eraYear(m.group(1)));
        }
        m = HEISEI_ANYWHERE.matcher(text);
        if (m.find()) {
            return Optional.of(HEISEI_OFFSET + eraYear(m.group(1)));
        }
        m = WESTERN_ANYWHERE.matcher(text);
        if (m.find()) {
            return Optional.of(Integer.parseInt(m.group(1)));
        }
        return Optional.empty();
    }

    private static int eraYear(String digits) {
        return "元".equals(digits) ? 1 : new BigDecimal(digits).intValueExact();
    }
}
