package jp.reform.collector.normalise;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    /** Title cells: only explicit fiscal years (…年度), so that a date such as 令和7年5月 is not taken. */
    private static final Pattern IN_TITLE = Pattern.compile(
            "(令和|平成|(?<![A-Z])[RH])(元|\\d{1,2})年度|(?<!\\d)((?:19|20)\\d{2})年度|FY((?:19|20)\\d{2})(?!\\d)");
    /** The 実績 column header: the year may stand alone there (R6実績, 実績(2024)). */
    private static final Pattern IN_HEADER = Pattern.compile(
            "(令和|平成|(?<![A-Z])[RH])(元|\\d{1,2})(?!\\d)|(?<!\\d)((?:19|20)\\d{2})(?!\\d)|FY((?:19|20)\\d{2})(?!\\d)");

    private static final int REIWA_OFFSET = 2018;
    private static final int HEISEI_OFFSET = 1988;

    private FiscalYears() {
    }

    /** The fiscal year the whole cell states, or empty when the cell is not a year. */
    public static Optional<Integer> parse(String raw) {
        String text = JapaneseText.forReading(raw).toUpperCase();
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

    /** The single fiscal year a title cell states ("令和７年度 実績報告書"), or empty when none or several. */
    public static Optional<Integer> inTitle(String raw) {
        return single(IN_TITLE.matcher(forSearch(raw)));
    }

    /** The single fiscal year in the header of the 実績 column ("R6実績", "実績(2024)"), or empty. */
    public static Optional<Integer> inActualHeader(String raw) {
        return single(IN_HEADER.matcher(forSearch(raw)));
    }

    private static String forSearch(String raw) {
        return JapaneseText.forReading(raw).toUpperCase();
    }

    private static Optional<Integer> single(Matcher matcher) {
        Set<Integer> years = new TreeSet<>();
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                int n = eraYear(matcher.group(2));
                boolean reiwa = matcher.group(1).equals("令和") || matcher.group(1).equals("R");
                if (n >= 1 && (reiwa || n <= 31)) {
                    years.add((reiwa ? REIWA_OFFSET : HEISEI_OFFSET) + n);
                }
            } else {
                years.add(Integer.valueOf(matcher.group(3) != null ? matcher.group(3) : matcher.group(4)));
            }
        }
        return years.size() == 1 ? Optional.of(years.iterator().next()) : Optional.empty();
    }

    /** How staff write the year: 2023 → 「令和5年度（2023年度）」, 2019 → 「令和元年度（2019年度）」. */
    public static String japaneseLabel(int fiscalYear) {
        return eraName(fiscalYear) + "（" + fiscalYear + "年度）";
    }

    /** 2024 → 「令和6年度」. */
    public static String eraName(int fiscalYear) {
        boolean reiwa = fiscalYear > REIWA_OFFSET;
        int n = fiscalYear - (reiwa ? REIWA_OFFSET : HEISEI_OFFSET);
        return (reiwa ? "令和" : "平成") + (n == 1 ? "元" : Integer.toString(n)) + "年度";
    }

    private static int eraYear(String digits) {
        return "元".equals(digits) ? 1 : new BigDecimal(digits).intValueExact();
    }
}
