package jp.reform.collector.exceptionreport;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.exceptionreport.ExceptionReport.ClosedGradeChange;
import jp.reform.collector.exceptionreport.ExceptionReport.ClosedTargetChange;
import jp.reform.collector.exceptionreport.ExceptionReport.FailedMail;
import jp.reform.collector.exceptionreport.ExceptionReport.MissingItem;
import jp.reform.collector.exceptionreport.ExceptionReport.NotTakenMail;
import jp.reform.collector.exceptionreport.ExceptionReport.RefusedItem;
import jp.reform.collector.exceptionreport.ExceptionReport.RejectedFile;
import jp.reform.collector.exceptionreport.ExceptionReport.UnknownSender;
import jp.reform.collector.exceptionreport.ExceptionReport.UnreadableMail;
import jp.reform.collector.exceptionreport.ExceptionReport.ValueIssue;
import jp.reform.collector.normalise.FiscalYears;
import jp.reform.collector.notify.MailWords;
import jp.reform.collector.report.ReportText;

/**
 * The wording, order and date formats the mail and the workbook share, so that a category is called the same
 * in the mail body, the summary sheet and the sheet tab the reader is sent to.
 *
 * <p>The text stays here rather than in messages.properties: it is the administrative division's vocabulary,
 * not a message to departments, and it is only ever used by these two renderings.
 */
final class ExceptionReportText {

    static final String TITLE = "行政改革実施計画 例外レポート";
    static final String SUBJECT_PREFIX = "【行革実績】例外レポート";
    static final String ALL_CLEAR = "本日の確認事項はありません。";
    static final String NO_ROUND = "受付中の年度はありません";
    /** What a closed round's missing items are: still listed, no longer chased. */
    static final String CLOSED_ITEMS = "締切済みの年度のため記録として掲載しています。担当課への督促は行っていません";
    /** What a closed round's missing items are when the report covers an open round as well. */
    static final String CLOSED_PART = "締切済みの年度の分は記録として掲載しています。担当課への督促は行っていません";
    /** Marks a missing item of a closed round where an open one shows how late it is. */
    static final String CLOSED_MARK = "（締切済み）";



    private ExceptionReportText() {
    }

    /** The report's categories in the order both renderings show them; the label is also the sheet name. */
    enum Category {
        MISSING("未提出・期限超過", "実績の未提出、または実績値・取組状況・自己評価が未記入の指標", "未提出等"),
        VALUE_CHECKS("確認が必要な値", "想定範囲外・桁違いの疑いなど、内容の確認が必要な実績値", "要確認"),
        ASSESSMENT("自己評価の不一致", "自己評価と数値による判定が一致しない指標", "評価不一致"),
        REJECTED("却下したファイル", "誤りがあるため登録しなかった提出ファイル", "却下"),
        UNKNOWN_SENDERS("未登録の送信者", "登録されていないアドレスから届いたメール", "未登録送信者"),
        FAILED_MAIL("送信できなかったメール",
                "送信に失敗した、または送信できたか確認できないメール、一部の宛先に送信できなかったメール（宛先の誤りや"
                        + "廃止されたアドレスの可能性があります。departments.csv などの登録アドレスをご確認ください）",
                "送信失敗"),
        REFUSED("受け付けできない場所・種類のファイル",
                "共有フォルダのうち、リンク・特殊なファイルなど読み取らずに残したもの、名前や内容のため隔離したもの", "対象外ファイル"),
        UNREADABLE_MAIL("読み取れなかったメール", "形式の誤りなどで読み取れず、処理しなかった受信メール（既読にしてあります）",
                "読取不能"),
        NOT_TAKEN_MAIL("添付ファイルを受け付けなかったメール",
                "登録されている課のアドレスから届いたメールのうち、ファイルの数・形式・大きさなどのため添付ファイルの全部"
                        + "または一部を受け付けなかったもの（送信者へは理由を返信済みです。提出済みと思われていないか"
                        + "ご確認ください）",
                "添付未受付"),
        // last, so that the sheets and summary rows before it keep their places
        CLOSED_TARGETS("締切後に目標値が変更された指標",
                "締切済み（委員会へ報告済み）の年度の目標値が計画の変更で変わり、その年度の判定を計算し直した指標"
                        + "（前回の例外レポート以降の変更。委員会へ報告した判定と異なる場合があります）",
                "締切後の目標変更"),
        CLOSED_GRADES("締切後に評価が変わった指標",
                "締切済み（委員会へ報告済み）の年度の判定・達成率が、目標値以外の計画の変更（判定の基準・区分の名称、"
                        + "指標の方向・累計・基準値など）またはシステムの評価ルールの更新で変わった指標（前回の例外レポート以降の変更。"
                        + "委員会へ報告した判定と異なります）",
                "締切後の評価変更");

        final String label;
        final String description;
        /** The short word used in the subject line. */
        final String shortLabel;

        Category(String label, String description, String shortLabel) {
            this.label = label;
            this.description = description;
            this.shortLabel = shortLabel;
        }

        /**
         * The categories a report shows: every one, even when empty (an empty list says so), but the changed
         * targets and grades of closed rounds, which are rare and shown only when there are some (a report of an
         * open round says nothing of 締切).
         */
        static List<Category> shown(ExceptionReport r) {
            return Arrays.stream(values()).filter(c -> !c.closedRound() || c.count(r) > 0).toList();
        }

        /** A change of a closed round's figures by a revised plan: shown only when there is one. */
        boolean closedRound() {
            return this == CLOSED_TARGETS || this == CLOSED_GRADES;
        }

        int count(ExceptionReport r) {
            return switch (this) {
                case MISSING -> r.missing().size();
                case VALUE_CHECKS -> r.valueChecks().size();
                case ASSESSMENT -> r.assessmentContradictions().size();
                case REJECTED -> r.rejectedFiles().size();
                case UNREADABLE_MAIL -> r.unreadableMails().size();
                case NOT_TAKEN_MAIL -> r.notTakenMails().size();
                case UNKNOWN_SENDERS -> r.unknownSenders().size();
                case FAILED_MAIL -> r.failedMails().size();
                case REFUSED -> r.refusedItems().size();
                case CLOSED_TARGETS -> r.closedTargetChanges().size();
                case CLOSED_GRADES -> r.closedGradeChanges().size();
            };
        }

        /**
         * The description, with how many are overdue for the missing results, or that the round is closed and
         * they are listed as a record only.
         */
        String description(ExceptionReport r) {
            if (this == MISSING && r.roundClosed()) {
                return description + "（" + CLOSED_ITEMS + "）";
            }
            if (this != MISSING) {
                return description;
            }
            List<String> notes = new java.util.ArrayList<>();
            if (r.overdueCount() > 0) {
                notes.add("うち期限超過 " + r.overdueCount() + "件");
            }
            long indicators = r.missing().stream().map(m -> m.indicatorCode() + "/" + m.fiscalYear()).distinct().count();
            if (indicators < r.missing().size()) {
                // the board counts an indicator once, this list once per 課 that owes it: said, so both read right
                notes.add("複数の課が担当する指標は課ごとに数えています（指標としては " + indicators + "件）");
            }
            if (r.rounds().stream().anyMatch(ExceptionReport.Round::closed)) {
                notes.add(CLOSED_PART); // an earlier round still chased beside the closed current one
            }
            return notes.isEmpty() ? description : description + "（" + String.join("。", notes) + "）";
        }

        /** The subject line's word: a closed round's missing items are marked as such there too. */
        String shortLabel(ExceptionReport r) {
            return this == MISSING && r.roundClosed() ? shortLabel + "（締切済み）" : shortLabel;
        }
    }

    // --- reading order: by department in the organisation order, then indicator code as people count
    // (I-1-ア-2 before I-1-ア-10) ---

    static List<MissingItem> missing(ExceptionReport r) {
        return sorted(r, r.missing(), MissingItem::department, MissingItem::indicatorCode, MissingItem::fiscalYear);
    }

    static List<ValueIssue> valueChecks(ExceptionReport r) {
        return sorted(r, r.valueChecks(), ValueIssue::department, ValueIssue::indicatorCode, ValueIssue::fiscalYear);
    }

    static List<ValueIssue> assessmentContradictions(ExceptionReport r) {
        return sorted(r, r.assessmentContradictions(), ValueIssue::department, ValueIssue::indicatorCode,
                ValueIssue::fiscalYear);
    }

    /** By year, then 課 and indicator as the other lists; the same target changed twice in the order it changed. */
    static List<ClosedTargetChange> closedTargetChanges(ExceptionReport r) {
        Comparator<String> text = Comparator.nullsLast(ExceptionReportText::naturalCompare);
        return r.closedTargetChanges().stream().sorted(Comparator.comparing(ClosedTargetChange::fiscalYear)
                .thenComparing(ClosedTargetChange::department, departmentOrder(r))
                .thenComparing(ClosedTargetChange::indicatorCode, text)
                .thenComparing(ClosedTargetChange::changedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** By year, then 課 and indicator as the other lists; the same grade changed twice in the order it changed. */
    static List<ClosedGradeChange> closedGradeChanges(ExceptionReport r) {
        Comparator<String> text = Comparator.nullsLast(ExceptionReportText::naturalCompare);
        return r.closedGradeChanges().stream().sorted(Comparator.comparing(ClosedGradeChange::fiscalYear)
                .thenComparing(ClosedGradeChange::department, departmentOrder(r))
                .thenComparing(ClosedGradeChange::indicatorCode, text)
                .thenComparing(ClosedGradeChange::changedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** A grade as the report shows it: 「－」 when there is none (no target, an indicator added or removed). */
    static String grade(String grade) {
        return grade == null || grade.isBlank() ? "－" : grade;
    }

    /** A 達成率 (whole percent) as the report shows it: 「92%」, or 「－」 where it is undefined. */
    static String rate(String ratePercent) {
        return ratePercent == null || ratePercent.isBlank() ? "－" : ratePercent + "%";
    }

    /** 「概ね達成 → 未達成」, or the grade alone when only the rate moved: 「達成（変わらず）」. */
    static String gradeChange(ClosedGradeChange c) {
        return Objects.equals(c.gradeBefore(), c.gradeAfter()) ? grade(c.gradeAfter()) + "（変わらず）"
                : grade(c.gradeBefore()) + " → " + grade(c.gradeAfter());
    }

    /** 「92% → 76%」, or the rate alone when it stayed: 「92%（変わらず）」. */
    static String rateChange(ClosedGradeChange c) {
        return Objects.equals(c.rateBefore(), c.rateAfter()) ? rate(c.rateAfter()) + "（変わらず）"
                : rate(c.rateBefore()) + " → " + rate(c.rateAfter());
    }

    /** A target as the report shows it: 「（なし）」 when the year has none. */
    static String target(String target) {
        return target == null || target.isBlank() ? "（なし）" : target;
    }

    /** 「概ね達成 → 達成」, or the grade alone when it stayed: 「達成（変わらず）」. */
    static String gradeChange(ClosedTargetChange c) {
        String before = c.gradeBefore() == null ? "－" : c.gradeBefore();
        String now = c.gradeNow() == null ? "－" : c.gradeNow();
        return c.gradeChanged() ? before + " → " + now : now + "（変わらず）";
    }

    static List<RejectedFile> rejectedFiles(ExceptionReport r) {
        return r.rejectedFiles().stream().sorted(Comparator.comparing(RejectedFile::receivedAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    static List<UnknownSender> unknownSenders(ExceptionReport r) {
        return r.unknownSenders().stream().sorted(Comparator.comparing(UnknownSender::receivedAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    static List<RefusedItem> refusedItems(ExceptionReport r) {
        return r.refusedItems().stream().sorted(Comparator.comparing(RefusedItem::foundAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    static List<UnreadableMail> unreadableMails(ExceptionReport r) {
        return r.unreadableMails().stream().sorted(Comparator.comparing(UnreadableMail::receivedAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    static List<NotTakenMail> notTakenMails(ExceptionReport r) {
        return r.notTakenMails().stream().sorted(Comparator.comparing(NotTakenMail::receivedAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    static List<FailedMail> failedMails(ExceptionReport r) {
        return r.failedMails().stream().sorted(Comparator.comparing(FailedMail::createdAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    private static <T> List<T> sorted(ExceptionReport r, List<T> items, Function<T, String> department,
                                      Function<T, String> code, Function<T, Integer> year) {
        Comparator<String> text = Comparator.nullsLast(ExceptionReportText::naturalCompare);
        return items.stream().sorted(Comparator.comparing(department, departmentOrder(r)).thenComparing(code, text)
                .thenComparing(year)).toList();
    }

    /**
     * 課 in the report's organisation order; a value shared by several 課 (職員課・行政総務課) goes by its first.
     * A 課 the order does not know (a former name) comes after the others, by name; no 課 at all comes last.
     */
    static Comparator<String> departmentOrder(ExceptionReport r) {
        Map<String, Integer> places = new HashMap<>();
        for (String name : r.departmentOrder()) {
            places.putIfAbsent(name, places.size());
        }
        // chase.sql joins an indicator's 課 with ・, the plan's first one first
        Comparator<String> byPlace = Comparator.comparing(
                d -> places.getOrDefault(d.indexOf('・') < 0 ? d : d.substring(0, d.indexOf('・')), Integer.MAX_VALUE));
        return Comparator.nullsLast(byPlace.thenComparing(ExceptionReportText::naturalCompare));
    }

    /** Compares runs of ASCII digits by their value, everything else character by character. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && isDigit(b.charAt(ej))) {
                    ej++;
                }
                String na = stripZeros(a.substring(i, ei));
                String nb = stripZeros(b.substring(j, ej));
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    // --- labels ---

    static String mailKind(String kind) {
        return MailWords.kind(kind);
    }

    static String mailStatus(String status) {
        return MailWords.status(status);
    }

    /** How the file came, in the console's words (共有フォルダ, メール, 画面から); an unknown channel as it is. */
    static String channel(String channel) {
        return Messages.wordFor("console.channel.", channel);
    }

    /** 「令和7年度（2025年度）」 (several joined by ・), or that no round is open. */
    static String round(ExceptionReport r) {
        if (!r.hasOpenRound()) {
            return NO_ROUND;
        }
        return r.severalRounds() ? String.join("・", r.rounds().stream()
                .map(x -> FiscalYears.japaneseLabel(x.fiscalYear())).toList()) : FiscalYears.japaneseLabel(r.fiscalYear());
    }

    /** 「令和7年度分：」 before a round's deadline or 締切 when the report covers several rounds, else nothing. */
    static String roundPrefix(ExceptionReport r, ExceptionReport.Round round) {
        return r.severalRounds() ? FiscalYears.eraName(round.fiscalYear()) + "分：" : "";
    }

    /** A round's deadline as {@link #deadline(ExceptionReport)} says the current one's. */
    static String deadline(ExceptionReport.Round round) {
        return ReportText.japaneseDateWithWeekday(round.deadline()) + deadlineMoved(round);
    }

    static String deadlineMoved(ExceptionReport.Round round) {
        return round.writtenDeadline() == null || round.writtenDeadline().equals(round.deadline()) ? ""
                : "（" + ReportText.japaneseDateWithWeekday(round.writtenDeadline()) + "が閉庁日のため前倒し）";
    }

    /** A round's 締切 as {@link #closed(ExceptionReport)} says the current one's. */
    static String closed(ExceptionReport.Round round) {
        return ReportText.japaneseDate(round.closedOn()) + "に締め切りました（担当課への督促は行っていません）";
    }

    /** Whether a round's deadline has passed on the report date. */
    static boolean pastDeadline(ExceptionReport r, ExceptionReport.Round round) {
        return round.deadline() != null && r.asOf() != null && r.asOf().isAfter(round.deadline());
    }

    /** The note beside the missing items' count in the plain-text summary: a closed round's are a record. */
    static String closedNote(ExceptionReport r) {
        if (r.roundClosed()) {
            return "（" + CLOSED_ITEMS + "）";
        }
        return r.rounds().stream().anyMatch(ExceptionReport.Round::closed) ? "（" + CLOSED_PART + "）" : "";
    }

    /** 「2026年7月20日に締め切りました（担当課への督促は行っていません）」: the round's 締切, for the header. */
    static String closed(ExceptionReport r) {
        return closed(current(r));
    }

    /** The report's current round, as the rounds it covers are said (the header's deadline and 締切 alike). */
    private static ExceptionReport.Round current(ExceptionReport r) {
        return new ExceptionReport.Round(r.fiscalYear() == null ? 0 : r.fiscalYear(), r.deadline(),
                r.writtenDeadline(), r.closedOn());
    }

    /**
     * 「2026年7月17日（金）」, and why it is not the day rounds.csv gives when the office is closed then, as the
     * reminders say it: 「（2026年7月20日（月）が閉庁日のため前倒し）」.
     */
    static String deadline(ExceptionReport r) {
        return deadline(current(r));
    }

    /** 「（2026年7月20日（月）が閉庁日のため前倒し）」, or nothing when the deadline is the day written. */
    static String deadlineMoved(ExceptionReport r) {
        return deadlineMoved(current(r));
    }



    /** Whether the deadline of the open round has passed on the report date. */
    static boolean pastDeadline(ExceptionReport r) {
        return pastDeadline(r, current(r));
    }


}
