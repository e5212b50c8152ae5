package jp.reform.collector.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.normalise.FiscalYears;

/** How the console writes numbers, times and codes for people; used from the page templates as {@code fmt}. */
public final class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd（E）", Locale.JAPAN);

    private final ZoneId zone;

    public ConsoleFormat(ZoneId zone) {
        this.zone = zone;
    }

    /** 1,234.5 as a department would write it; empty for none. */
    public String number(BigDecimal value) {
        if (value == null) {
            return "";
        }
        DecimalFormat format = new DecimalFormat("#,##0.####", DecimalFormatSymbols.getInstance(Locale.JAPAN));
        return format.format(value);
    }

    public String percent(BigDecimal ratePercent) {
        return ratePercent == null ? "" : ratePercent.setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** The committee's 概ね達成率, one decimal. */
    public String rate(BigDecimal rate) {
        return rate == null ? "－" : rate.setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    public String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    public String fiscalYear(int fiscalYear) {
        return FiscalYears.japaneseLabel(fiscalYear);
    }

    public String flag(String code) {
        return label("console.flag.", code);
    }

    /** A user's role as the console names it (行政経営課, 閲覧, 担当課); the audit log keeps the code. */
    public String role(String code) {
        return label("console.role.", code);
    }

    public String status(String code) {
        return label("console.status.", code);
    }

    public String channel(String code) {
        return label("console.channel.", code);
    }

    public String direction(String code) {
        return label("console.direction.", code);
    }

    /** Days to the deadline as the division says it: あと3日, 本日, 5日超過. */
    public String daysToDeadline(Long days) {
        if (days == null) {
            return "";
        }
        return days > 0 ? "あと" + days + "日" : days == 0 ? "本日締切" : (-days) + "日超過";
    }

    private static String label(String prefix, String code) {
        if (code == null) {
            return "";
        }
        try {
            return Messages.text(prefix + code);
        } catch (MissingResourceException e) {
            return code;
        }
    }
}
