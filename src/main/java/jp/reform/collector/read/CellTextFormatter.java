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
        String[] sections = literalsBlanked(format).split(";", -1);
        int section = value < 0 && sections.length > 1 ? 1 : value == 0 && sections.length > 2 ? 2 : 0;
        String shown = sections[section];
        int scaling = 0;
        boolean afterDigit = false;
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '0' || c == '#' || c == '?') {
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

    /** True when the format multiplies by 100: a % that is not literal text. */
    static boolean isPercent(String format) {
        return literalsBlanked(format).indexOf('%') >= 0;
    }

    /**
     * The format with its literal parts blanked (same length): quoted text, an escaped character, the character
     * after _ (a space as wide as it) or * (repeated to fill), and [colour] or [$-411]. What is left are the codes
     * that say how the number is shown, and the ; between the sections.
     */
    private static String literalsBlanked(String format) {
        StringBuilder codes = new StringBuilder(format.length());
        char closing = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (closing != 0) {
                closing = c == closing ? 0 : closing;
                codes.append(' ');
            } else if (c == '"' || c == '[') {
                closing = c == '"' ? '"' : ']';
                codes.append(' ');
            } else if ((c == '\\' || c == '_' || c == '*') && i + 1 < format.length()) {
                codes.append("  ");
                i++;
            } else {
                codes.append(c);
            }
        }
        return codes.toString();
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
