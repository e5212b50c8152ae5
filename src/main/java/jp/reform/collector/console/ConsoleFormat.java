package jp.reform.collector.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jp.reform.collector.audit.AuditAction;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.evaluate.ActualFigure;
import jp.reform.collector.intake.ArchiveNames;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.notify.MailWords;
import jp.reform.collector.report.FigureText;

/** How the console writes numbers, times and codes for people; used from the page templates as {@code fmt}. */
public final class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd（E）", Locale.JAPAN);

    private static final ObjectMapper AUDIT_JSON = new ObjectMapper();

    private final ZoneId zone;
    private final Function<String, Optional<String>> names;

    public ConsoleFormat(ZoneId zone) {
        this(zone, login -> Optional.empty());
    }

    /** @param names a console user's name (users.csv's display_name) by login, empty for one not (or no longer) there */
    public ConsoleFormat(ZoneId zone, Function<String, Optional<String>> names) {
        this.zone = zone;
        this.names = names;
    }

    /**
     * Who acted, as colleagues know them: the name in users.csv (行政経営課 山田), else the login (someone removed
     * since). The audit page keeps the login, which is what it records.
     */
    public String person(String login) {
        if (login == null) {
            return "";
        }
        return names.apply(login).filter(name -> !name.isBlank()).orElse(login);
    }

    /** 1,234.5 as a department would write it; empty for none. */
    public String number(BigDecimal value) {
        if (value == null) {
            return "";
        }
        DecimalFormat format = new DecimalFormat("#,##0.####", DecimalFormatSymbols.getInstance(Locale.JAPAN));
        return format.format(value);
    }

    /**
     * An actual as every report writes it ({@link FigureText#actual}): with separators and the indicator's unit
     * (96.5%, 1,000人, 約1,020人), as stored where the department wrote it in another unit or with a scale word
     * (15,820.5千円 for 15,820,500 beside 円, of an indicator in 千円), words as written (導入).
     */
    public String actual(String text, BigDecimal value, String unit) {
        return FigureText.actual(text, value, unit);
    }

    /**
     * A target as every report writes it ({@link FigureText#target}): 90件, 5グループ, 1,560万文字; words
     * (見直し・反映, 前年度比5%増) as written.
     */
    public String target(String text, String unit) {
        return FigureText.target(text, unit);
    }

    /** 「記入どおり：15,820,500」 under such a stored figure, so that what was written stays in sight; else null. */
    public String written(String text, BigDecimal value) {
        return ActualFigure.converted(text, value).map(figure -> "記入どおり：" + text).orElse(null);
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
        return day(date);
    }

    /** 2027/06/30（水）, as every page writes a day; also for the messages of forms, which have no formatter. */
    static String day(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    /**
     * A round's reminder schedule in words, as the 収集期間 section says it; {@code division} is the plan's
     * admin_department, whose admin_email gets the copy of a late 督促 (政策推進課 for Minami-Alps).
     */
    public String reminders(jp.reform.collector.master.CollectionRound round, String division) {
        List<String> parts = new ArrayList<>();
        if (!round.remindDaysBefore().isEmpty()) {
            parts.add("締切の" + String.join("・", round.remindDaysBefore().stream()
                    .map(d -> d == 0 ? "当日" : d + "日前").toList()) + "にお知らせ");
        } else {
            parts.add("締切前のお知らせなし");
        }
        parts.add(round.overdueEveryDays() > 0 ? "締切後は" + round.overdueEveryDays() + "日ごとに督促"
                : "締切後の督促なし");
        if (round.escalateAfterDays() > 0 && round.overdueEveryDays() > 0) { // the division gets a copy of a 督促
            parts.add("締切から" + round.escalateAfterDays() + "日以上過ぎると督促を" + division + "にも送ります");
        }
        return String.join("、", parts) + "。";
    }

    /** A date written as 2027-06-30 (in a config file, a form) as the console writes dates; as written if not one. */
    public String isoDate(String written) {
        try {
            return date(java.time.LocalDate.parse(written));
        } catch (java.time.format.DateTimeParseException | NullPointerException e) {
            return written == null ? "" : written;
        }
    }

    /** A mail's kind and status as the exception report words them. */
    public String mailKind(String kind) {
        return MailWords.kind(kind);
    }

    public String mailStatus(String status) {
        return MailWords.status(status);
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

    /**
     * An audit line's before or after (kept as JSON with the code's keys and values) as the division reads it: one
     * 「項目：値」 per key, in the stored order, with the console's words for known keys and codes; a key or code
     * not known here is shown as stored rather than hidden.
     */
    public List<String> auditDetails(String json) {
        List<String> lines = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return lines;
        }
        JsonNode tree;
        try {
            tree = AUDIT_JSON.readTree(json);
        } catch (JsonProcessingException e) {
            lines.add(json);
            return lines;
        }
        if (!tree.isObject()) {
            lines.add(auditValue("", tree));
            return lines;
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) tree::fields) {
            lines.add(label("console.audit.key.", field.getKey()) + "：" + auditValue(field.getKey(), field.getValue()));
        }
        return lines;
    }

    private String auditValue(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return "－";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(auditValue(key, item)));
            return items.isEmpty() ? "－" : String.join("、", items);
        }
        if (value.isBoolean()) {
            return label("console.audit.value." + key + ".", value.asText());
        }
        if (value.isObject()) {
            return value.toString();
        }
        String text = value.asText();
        if (key.endsWith("_at")) {
            try {
                return time(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return text;
            }
        }
        return switch (key) {
            case "role" -> role(text);
            case "status" -> status(text);
            case "attempted" -> AuditAction.labelOf(text);
            case "achievement_rate" -> text + "%";
            case "opens", "deadline" -> isoDate(text); // as dates read everywhere else on the console
            case "path" -> address(text);
            case "file" -> ArchiveNames.shown(text); // also as recorded before names were made so
            default -> label("console.audit.value." + key + ".", text); // codes of that key; any other text as is
        };
    }

    /**
     * An address as the audit log keeps it (as the browser sent it, percent-encoded) the way the user saw it:
     * /departments/DX推進課/review. One that does not decode as UTF-8 (a cut escape, %zz, %FF) is shown as recorded;
     * a decoded control or invisible character (line break, bidi override) stays escaped, shown and not obeyed.
     */
    static String address(String recorded) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(recorded.length());
        for (int i = 0; i < recorded.length(); ) {
            char c = recorded.charAt(i);
            if (c == '%') {
                int high = i + 2 < recorded.length() ? Character.digit(recorded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(recorded.charAt(i + 2), 16);
                if (low < 0) {
                    return recorded;
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int cp = recorded.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return recorded;
        }
        StringBuilder shown = new StringBuilder(decoded.length());
        decoded.codePoints().forEach(cp -> {
            if (ArchiveNames.isInvisible(cp)) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    shown.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
                }
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.toString();
    }

    /** A received file's name with control and invisible characters (bidi overrides) shown as U+FFFD. */
    public String fileName(String name) {
        return name == null ? "" : ArchiveNames.shown(name);
    }

    /** Days to the deadline as the division says it: あと3日, 本日, 5日超過. */
    public String daysToDeadline(Long days) {
        if (days == null) {
            return "";
        }
        return days > 0 ? "あと" + days + "日" : days == 0 ? "本日締切" : (-days) + "日超過";
    }

    private static String label(String prefix, String code) {
        return Messages.wordFor(prefix, code);
    }
}
