package jp.reform.collector.read;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * Renders numeric Excel cells as text without losing what the department entered: full precision
 * rather than the displayed rounding, percent cells as the percentage they show (0.721 → "72.1%"),
 * date cells as ISO dates.
 *
 * <p>It is a {@link DataFormatter} so that POI's streaming sheet handler uses it for every numeric
 * cell and numeric formula result of an xlsx sheet; the xls reader calls {@link #numeric} directly.
 */
final class CellTextFormatter extends DataFormatter {

    private final boolean date1904;

    CellTextFormatter(boolean date1904) {
        this.date1904 = date1904;
    }

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString) {
        return numeric(value, formatIndex, formatString, date1904);
    }

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
        return numeric(value, formatIndex, formatString, use1904);
    }

    static String numeric(double value, int formatIndex, String formatString, boolean date1904) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (formatString != null && isPercent(formatString)) {
            return plain(BigDecimal.valueOf(value).movePointRight(2)) + "%";
        }
        if (formatString != null && DateUtil.isADateFormat(formatIndex, formatString)
                && DateUtil.isValidExcelDate(value)) {
            return date(value, date1904);
        }
        int thousands = formatString == null ? 0 : thousandsScaling(formatString, value);
        // #,##0, shows 293,500,000 as 293,500: the department reads (and means) the number shown, in full
        return plain(BigDecimal.valueOf(value).movePointLeft(3 * thousands));
    }

    /**
     * How many times the format divides by 1,000: each comma after the last digit placeholder of the number
     * (「#,##0,」 once, 「0.0,,」 twice), in the section that shows this value (positive;negative;zero). A comma
     * between digit placeholders only groups.
     */
    static int thousandsScaling(String format, double value) {
        java.util.List<String> sections = sections(format);
        int section = value < 0 && sections.size() > 1 ? 1 : value == 0 && sections.size() > 2 ? 2 : 0;
        String shown = sections.get(section);
        int scaling = 0;
        boolean quoted = false;
        boolean bracket = false;
        boolean afterDigit = false;
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (quoted) {
                quoted = c != '"';
            } else if (bracket) {
                bracket = c != ']';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                bracket = true;
            } else if (c == '\\' || c == '_' || c == '*') {
                i++;
                afterDigit = false;
            } else if (c == '0' || c == '#' || c == '?') {
                afterDigit = true;
                scaling = 0;
            } else if (c == ',' && afterDigit) {
                scaling++;
            } else if (c != '.') {
                afterDigit = false;
            }
        }
        return scaling;
    }

    private static java.util.List<String> sections(String format) {
        java.util.List<String> sections = new java.util.ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '\\') {
                i++;
            } else if (!quoted && c == ';') {
                sections.add(format.substring(start, i));
                start = i + 1;
            }
        }
        sections.add(format.substring(start));
        return sections;
    }

    /** True when the format multiplies by 100: a % outside quotes and not escaped. */
    static boolean isPercent(String format) {
        boolean quoted = false;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '\\') {
                i++;
            } else if (!quoted && c == '%') {
                return true;
            }
        }
        return false;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /** yyyy-MM-dd; a time of day, when there is one, is kept in ISO form rather than dropped. */
    private static String date(double value, boolean date1904) {
        LocalDateTime dateTime = DateUtil.getLocalDateTime(value, date1904, true);
        if (dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return dateTime.toLocalDate().toString();
        }
        if (value < 1) {
            return dateTime.toLocalTime().toString();
        }
        return dateTime.toString();
    }
}
