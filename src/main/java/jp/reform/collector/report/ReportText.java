package jp.reform.collector.report;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import jp.reform.collector.domain.BidiControls;

/**
 * Text as every report product shows it: the city's date formats, a department that is not known, and
 * department-supplied text made safe for XML, HTML and one-line cells.
 */
public final class ReportText {

    public static final String NONE = "該当なし";
    public static final String UNKNOWN = "（不明）";
    public static final DateTimeFormatter SLASH_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    public static final DateTimeFormatter JAPANESE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    public static String department(String department) {
        return department == null || department.isBlank() ? UNKNOWN : department;
    }

    public static String japaneseDate(LocalDate date) {
        return date == null ? "－" : JAPANESE_DATE.format(date);
    }

    /** 「2026年7月17日（金）」, as the mail and reports give a deadline. */
    public static String japaneseDateWithWeekday(LocalDate date) {
        return date == null ? "－" : JAPANESE_DATE.format(date) + "（"
                + date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.JAPANESE) + "）";
    }

    public static String slashDate(LocalDate date) {
        return date == null ? "" : SLASH_DATE.format(date);
    }

    /** Times are shown in the zone they are given in: the caller chooses the city's zone. */
    public static String dateTime(ZonedDateTime when) {
        return when == null ? "" : DATE_TIME.format(when);
    }

    public static LocalDateTime local(ZonedDateTime when) {
        return when == null ? null : when.toLocalDateTime();
    }

    /**
     * Text from departments and senders as it may be put in XML or HTML: line breaks made \n, and characters
     * XML 1.0 cannot carry (control characters, unpaired surrogates) dropped, bidi controls shown as U+FFFD
     * ({@link BidiControls}: an override in a file name must not turn round the cell). Null becomes "".
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        String lines = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(lines.length());
        for (int i = 0; i < lines.length(); i++) {
            char c = lines.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < lines.length() && Character.isLowSurrogate(lines.charAt(i + 1))) {
                out.append(c).append(lines.charAt(++i));
            } else if (BidiControls.isControl(c)) {
                out.append(BidiControls.SHOWN);
            } else if (!Character.isSurrogate(c) && (c >= 0x20 || c == '\n' || c == '\t')
                    && !(c >= 0x7F && c <= 0x9F) && c != 0xFFFE && c != 0xFFFF) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@link #clean} on one line: for subject lines and short table cells. */
    public static String oneLine(String text) {
        return clean(text).replace('\n', ' ').replace('\t', ' ').strip();
    }

    /** At most {@code max} characters, with 「…」 when cut. */
    public static String shorten(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** Width as Excel and a terminal show it: a Japanese (full-width) character takes two columns. */
    public static int displayWidth(String text) {
        return text.codePoints().map(cp -> cp < 0x1100 || cp >= 0xFF61 && cp <= 0xFF9F ? 1 : 2).sum();
    }
    private ReportText() {
    }
}
