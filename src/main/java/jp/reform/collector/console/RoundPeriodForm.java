package jp.reform.collector.console;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.HolidayCalendar;
import jp.reform.collector.master.RoundsFile;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.report.ReportText;
import org.apache.camel.Exchange;

/**
 * The 収集期間 form of 締切・保留 as typed: a round's opening day, deadline and reminder schedule. Checked here in
 * the division's words (a date that is not one, a deadline before the year it collects has ended, a year the
 * city's closed days are not listed for) before the file is touched; what passes becomes a line of rounds.csv.
 */
record RoundPeriodForm(String opens, String deadline, String remindDays, String overdueEvery, String escalateAfter) {

    /** The longest gap of days the form takes: a year. */
    static final int MAX_DAYS = 365;
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d")
            .withResolverStyle(ResolverStyle.STRICT);

    static RoundPeriodForm of(Exchange exchange) {
        return new RoundPeriodForm(field(exchange, "opens"), field(exchange, "deadline"), field(exchange, "remind_days"),
                field(exchange, "overdue_every"), field(exchange, "escalate_after"));
    }

    /** The form filled with a line of rounds.csv as written. */
    static RoundPeriodForm of(RoundsFile.Entry entry) {
        return new RoundPeriodForm(entry.opens(), entry.deadline(), String.join(",", entry.remindDaysBefore()),
                entry.overdueEveryDays(), entry.escalateAfterDays());
    }

    /** The form for a year without a round: the previous year's, a year later, which is what most cities do. */
    static RoundPeriodForm followingYear(CollectionRound previous) {
        return new RoundPeriodForm(previous.opens().plusYears(1).toString(), previous.deadline().plusYears(1).toString(),
                String.join(",", previous.remindDaysBefore().stream().map(String::valueOf).toList()),
                Integer.toString(previous.overdueEveryDays()), Integer.toString(previous.escalateAfterDays()));
    }

    /** An empty form with the usual reminders: a week and a day before, weekly after, the division after two weeks. */
    static RoundPeriodForm blank() {
        return new RoundPeriodForm("", "", "7,1", "7", "14");
    }

    /**
     * The line to write; a mistake is answered 400 with what to put right, in the order the form asks.
     *
     * @param calendar the city's closed days (config/holidays.csv) as they are now
     * @param division  the plan's admin_department, which gets the copy of a late 督促
     */
    RoundsFile.Entry checked(int fiscalYear, HolidayCalendar calendar, String division) {
        LocalDate opensOn = date(opens, "受付開始日");
        LocalDate deadlineOn = date(deadline, "締切日");
        if (opensOn.isAfter(deadlineOn)) {
            throw ConsoleDenied.badRequest("受付開始日（" + said(opensOn) + "）が締切日（" + said(deadlineOn) + "）より後になっています。");
        }
        LocalDate yearEnds = LocalDate.of(fiscalYear + 1, 3, 31);
        if (!deadlineOn.isAfter(yearEnds)) {
            throw ConsoleDenied.badRequest("締切日（" + said(deadlineOn) + "）が" + FiscalYears.japaneseLabel(fiscalYear)
                    + "の終わり（" + said(yearEnds) + "）以前です。実績は年度が終わってから集めます。年度と締切日をご確認ください。");
        }
        LocalDate nextYearEnds = yearEnds.plusYears(1);
        if (deadlineOn.isAfter(nextYearEnds)) {
            // a year's results are collected in the year after it: 2028 typed for 2027 would chase nobody for a year
            throw ConsoleDenied.badRequest("締切日（" + said(deadlineOn) + "）が" + FiscalYears.japaneseLabel(fiscalYear + 1)
                    + "の終わり（" + said(nextYearEnds) + "）より後です。" + FiscalYears.japaneseLabel(fiscalYear)
                    + "の実績は、その翌年度のうちに集めます。年度と締切日をご確認ください。");
        }
        LocalDate yearBegins = LocalDate.of(fiscalYear, 4, 1);
        if (opensOn.isBefore(yearBegins)) {
            // 2007 for 2027: the round would count as open at once, and its reminders and checks with it
            throw ConsoleDenied.badRequest("受付開始日（" + said(opensOn) + "）が" + FiscalYears.japaneseLabel(fiscalYear)
                    + "の始まり（" + said(yearBegins) + "）より前です。年度と受付開始日をご確認ください。");
        }
        for (LocalDate day : List.of(deadlineOn, calendar.previousWorkingDay(deadlineOn))) {
            if (!calendar.covers(day)) {
                throw ConsoleDenied.badRequest("休日の設定（config/holidays.csv）に" + day.getYear() + "年の休日がまだありません。"
                        + "締切日が休日に当たるかどうかを確かめられないため、保存していません。"
                        + "IT担当に" + day.getYear() + "年の休日の追加をご依頼ください。");
            }
        }
        LocalDate effective = calendar.previousWorkingDay(deadlineOn);
        if (effective.isBefore(opensOn)) {
            throw ConsoleDenied.badRequest("締切日（" + said(deadlineOn) + "）は閉庁日で、締切として扱うその前の開庁日（" + said(effective)
                    + "）が受付開始日より前になります。日付をご確認ください。");
        }
        String overdue = days(overdueEvery, "締切後に督促する間隔");
        String escalate = days(escalateAfter, division + "にも知らせるまでの日数");
        if (overdue.equals("0") && !escalate.equals("0")) {
            // the division is told by a copy of a 督促: without 督促 after the deadline there is nothing to copy
            throw ConsoleDenied.badRequest("締切後の督促の間隔が0（送らない）のため、" + division + "への連絡も送られません。"
                    + division + "にも知らせる場合は、督促の間隔を1以上にしてください（知らせない場合は0にしてください）。");
        }
        return new RoundsFile.Entry(opensOn.toString(), deadlineOn.toString(), remindDaysBefore(), overdue, escalate);
    }

    /** Days before the deadline, largest first, each once: 「7、1」「７・１」 and 「7 1」 alike. */
    private List<String> remindDaysBefore() {
        TreeSet<Integer> days = new TreeSet<>(java.util.Comparator.reverseOrder());
        String text = Normalizer.normalize(remindDays, Normalizer.Form.NFKC).strip();
        if (!text.isEmpty()) {
            for (String part : text.split("[,、・|\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                days.add(number(part, "締切前のお知らせ", "締切の何日前かを数字で、例えば「7,1」のように"));
            }
        }
        List<String> out = new ArrayList<>();
        days.forEach(d -> out.add(Integer.toString(d)));
        return out;
    }

    /** A number of days, 0 (never) when left empty. */
    private static String days(String value, String what) {
        String text = Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
        return text.isEmpty() ? "0" : Integer.toString(number(text, what, "日数を数字で"));
    }

    private static int number(String text, String what, String how) {
        String digits = text.endsWith("日") ? text.substring(0, text.length() - 1).strip() : text;
        if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > MAX_DAYS) {
            throw ConsoleDenied.badRequest("「" + what + "」は、" + how + "0～" + MAX_DAYS + "の範囲で入力してください（入力：" + typed(text) + "）。");
        }
        return Integer.parseInt(digits);
    }

    private static LocalDate date(String value, String what) {
        String text = Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
        if (text.isEmpty()) {
            throw ConsoleDenied.badRequest("「" + what + "」を入力してください（例：2027-06-30）。");
        }
        try {
            return text.contains("/") ? LocalDate.parse(text, SLASHED) : LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw ConsoleDenied.badRequest("「" + what + "」は日付で入力してください（例：2027-06-30。入力：" + typed(text) + "）。");
        }
    }

    /** Dates in messages as the console writes them elsewhere: 2027/06/30（水）. */
    private static String said(LocalDate date) {
        return ConsoleFormat.day(date);
    }

    /** What was typed, as a message quotes it: a form field may be a page long. */
    private static String typed(String text) {
        return ReportText.shorten(text, 21);
    }

    private static String field(Exchange exchange, String name) {
        return ConsoleHttp.param(exchange, name).orElse("");
    }
}
