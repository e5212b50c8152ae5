package jp.reform.collector.exceptionreport;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.exceptionreport.ExceptionReport.FailedMail;
import jp.reform.collector.exceptionreport.ExceptionReport.MissingItem;
import jp.reform.collector.exceptionreport.ExceptionReport.NotTakenMail;
import jp.reform.collector.exceptionreport.ExceptionReport.RefusedItem;
import jp.reform.collector.exceptionreport.ExceptionReport.RejectedFile;
import jp.reform.collector.exceptionreport.ExceptionReport.UnknownSender;
import jp.reform.collector.exceptionreport.ExceptionReport.UnreadableMail;
import jp.reform.collector.exceptionreport.ExceptionReport.ValueIssue;

/** Reports as the overnight run would build them for the 厚木市 plan, with hostile text where it can come in. */
final class ExceptionReportSamples {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final String PLAN_NAME = "第7次厚木市行政改革大綱 第2期実施計画";

    private ExceptionReportSamples() {
    }

    static ExceptionReport allClear() {
        return new ExceptionReport("atsugi-7-2", PLAN_NAME, "行政経営課", AS_OF, 2025, LocalDate.of(2026, 7, 31),
                List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** What the reply to a 課 said of a mail with one file past mail.max-files, a ZIP and a PDF beside them. */
    static final List<String> NOT_TAKEN_PROBLEMS = List.of("実績.zip はZIPファイルのため受け付けていません。",
            "1通のメールで受け付けるファイルは 2 個までのため、それより後に添付されていた次のファイルは読み取っていません："
                    + "実績_3.csv。");

    /** One of everything; departments deliberately out of order. */
    static ExceptionReport full() {
        ExceptionReport f = fullWithoutNotTakenMail();
        return new ExceptionReport(f.planCode(), f.planName(), f.adminDepartment(), f.asOf(), f.fiscalYear(),
                f.deadline(), f.missing(), f.valueIssues(), f.rejectedFiles(), f.unknownSenders(), f.failedMails(),
                f.refusedItems(), f.unreadableMails(), f.closedOn(), f.writtenDeadline(), f.departmentOrder(),
                f.closedTargetChanges(), f.closedGradeChanges(),
                List.of(new NotTakenMail(ZonedDateTime.of(2026, 6, 29, 8, 10, 0, 0, TOKYO), "職員課",
                        "shokuin@atsugi.example.jp", "<img src=x onerror=alert(1)>実績報告\r\nBcc: x@example.com",
                        List.of("実績_1.csv", "実績_2.csv", "実績_3.csv", "実績.zip", "表紙.pdf"), NOT_TAKEN_PROBLEMS)));
    }

    private static ExceptionReport fullWithoutNotTakenMail() {
        return new ExceptionReport("atsugi-7-2", PLAN_NAME, "行政経営課", AS_OF, 2025, LocalDate.of(2026, 6, 15),
                List.of(new MissingItem("職員課", "I-1-ア-10", "職員研修の受講者数", 2025, "300人", "未提出", true, 15),
                        new MissingItem("DX推進課", "I-3-イ-1", "電子申請の利用率", 2025, "60%",
                                "実績値が未記入、自己評価が未記入", true, 15),
                        new MissingItem("職員課", "I-1-ア-2", "時間外勤務の削減", 2025, "前年度比5%減", "取組状況が未記入",
                                false, 0)),
                List.of(new ValueIssue("=SUM(A1)", "I-2-ア-1", "窓口の待ち時間", 2025, "1200", "implausible_change",
                                "前年度実績（12）と比べて10倍を超えるか10分の1未満です。"),
                        new ValueIssue("行政総務課", "I-2-イ-2", "文書の電子化率", 2025, "72.1%", "assessment_contradiction",
                                "自己評価と数値による判定が一致しません。確認をお願いします。")),
                List.of(new RejectedFile("R2026-0042", ZonedDateTime.of(2026, 6, 29, 14, 5, 0, 0, TOKYO), "mail",
                        null, "実績報告_危機管理課.xlsx",
                        List.of("指標コードが空欄です。", "年度として読めません。"))),
                List.of(new UnknownSender(ZonedDateTime.of(2026, 6, 29, 9, 30, 0, 0, TOKYO), "someone@example.com",
                        "<script>alert('x')</script> & \"実績\"", List.of("a.xlsx", "b.csv"))),
                List.of(new FailedMail(ZonedDateTime.of(2026, 6, 28, 23, 0, 0, 0, TOKYO), "reminder",
                        "kikikanri@atsugi.example.jp", "【行革実績】提出のお願い", 5, "550 5.1.1 User unknown",
                        "failed")),
                List.of(new RefusedItem(ZonedDateTime.of(2026, 6, 29, 22, 0, 0, 0, TOKYO), "財政課",
                        "財政課/実績\uFFFD\uFFFDBcc: x.csv", "ファイルがリンク（別の場所への参照）のため、読み取っていません。",
                        "そのまま残しています（読み取り・移動はしていません）", null, "symbolic link to /etc/passwd")),
                List.of(new UnreadableMail(ZonedDateTime.of(2026, 6, 29, 7, 45, 0, 0, TOKYO),
                        "<b>壊</b> <broken@example.jp", "=HYPERLINK(\"http://x\")\r\nBcc: evil@example.com",
                        List.of("実績.xlsx"), "差出人（From）を読み取れませんでした（AddressException: Missing '>'）")), null, null, null, null, null, null);
    }

    /** {@link #full()} after the division closed the round (締切) on {@code closedOn}. */
    static ExceptionReport closed(LocalDate closedOn) {
        ExceptionReport f = full();
        return new ExceptionReport(f.planCode(), f.planName(), f.adminDepartment(), f.asOf(), f.fiscalYear(),
                f.deadline(), f.missing(), f.valueIssues(), f.rejectedFiles(), f.unknownSenders(), f.failedMails(),
                f.refusedItems(), f.unreadableMails(), closedOn, f.writtenDeadline(), f.departmentOrder(),
                f.closedTargetChanges(), f.closedGradeChanges(), f.notTakenMails());
    }

    /** The full report of a round whose deadline, Monday 2026-07-20 (海の日), moved to Friday the 17th. */
    static ExceptionReport deadlineMoved() {
        ExceptionReport f = full();
        return new ExceptionReport(f.planCode(), f.planName(), f.adminDepartment(), f.asOf(), f.fiscalYear(),
                LocalDate.of(2026, 7, 17), f.missing(), f.valueIssues(), f.rejectedFiles(), f.unknownSenders(),
                f.failedMails(), f.refusedItems(), f.unreadableMails(), null, LocalDate.of(2026, 7, 20),
                f.departmentOrder(), f.closedTargetChanges(), f.closedGradeChanges(), f.notTakenMails());
    }

    /** {@code n} missing results, for the 20-row cut in the mail. */
    static ExceptionReport manyMissing(int n) {
        List<MissingItem> missing = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            missing.add(new MissingItem("職員課", "I-1-ア-" + i, "指標" + i, 2025, "100", "未提出", false, 0));
        }
        return new ExceptionReport("atsugi-7-2", PLAN_NAME, "行政経営課", AS_OF, 2025, LocalDate.of(2026, 7, 31),
                missing, List.of(), List.of(), List.of(), List.of());
    }
}
