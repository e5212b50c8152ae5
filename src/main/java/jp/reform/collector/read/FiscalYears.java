package jp.reform.collector.read;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds fiscal years written in header and title cells: 令和6年度 / 令和元年度 / 平成30年度 / R6 / H30 /
 * 2024年度 / FY2024. Works on text normalised by {@link ColumnNames#normalise(String)} (NFKC, so
 * full-width digits are plain digits, upper-case Latin letters).
 */
final class FiscalYears {

    /** Title cells: only explicit fiscal years (…年度), so that a date such as 令和7年5月 is not taken. */
    private static final Pattern IN_TITLE = Pattern.compile(
            "(令和|平成|(?<![A-Z])[RH])(元|\\d{1,2})年度|(?<!\\d)((?:19|20)\\d{2})年度|FY((?:19|20)\\d{2})(?!\\d)");
    /** The 実績 column header: the year may stand alone there (R6実績, 実績(2024)). */
    private static final Pattern IN_HEADER = Pattern.compile(
            "(令和|平成|(?<![A-Z])[RH])(元|\\d{1,2})(?!\\d)|(?<!\\d)((?:19|20)\\d{2})(?!\\d)|FY((?:19|20)\\d{2})(?!\\d)");

    private FiscalYears() {
    }

    /** The single fiscal year a title cell states, or null when it states none or several (a range). */
    static Integer inTitle(String normalisedText) {
        return single(IN_TITLE.matcher(normalisedText));
    }

    /** The single fiscal year in the header of the 実績 column, or null. */
    static Integer inActualHeader(String normalisedText) {
        return single(IN_HEADER.matcher(normalisedText));
    }

    private static Integer single(Matcher matcher) {
        Set<Integer> years = new TreeSet<>();
        while (matcher.find()) {
            Integer year = year(matcher);
            if (year != null) {
                years.add(year);
            }
        }
        return years.size() == 1 ? years.iterator().next() : null;
    }

    private static Integer year(Matcher m) {
        if (m.group(1) != null) {
            int n = m.group(2).equals("元") ? 1 : Integer.parseInt(m.group(2));
            boolean reiwa = m.group(1).equals("令和") || m.group(1).equals("R");
            if (n < 1 || (!reiwa && n > 31)) {
                return null;
            }
            return reiwa ? 2018 + n : 1988 + n;
        }
        String western = m.group(3) != null ? m.group(3) : m.group(4);
        return Integer.valueOf(western);
    }
}
