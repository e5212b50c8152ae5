package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import jp.reform.collector.master.CollectionRound;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.Plan;
import jp.reform.collector.store.ChaseQueries.Outstanding;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.store.FolderRefusalRepository.Kind;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mails as a department reads them: the text of the composed message, laid out as a person wrote it. */
class NoticeTextTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));
    private static final Plan ATSUGI = MASTER.plan("atsugi-7-2").orElseThrow().plan();
    private static final Plan MINAMI_ALPS = MASTER.plan("minamialps-5").orElseThrow().plan();

    @TempDir
    Path dir;

    private String text(OutgoingMail mail) throws Exception {
        byte[] mime = new MimeComposer(TestMail.offline(dir), Clock.systemUTC()).compose(mail);
        return MailServer.text(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime)))
                .replace("\r\n", "\n");
    }

    private static Outstanding missing(String department, String code, String name, String target) {
        return missing(department, code, name, target, null);
    }

    private static Outstanding missing(String department, String code, String name, String target, String unit) {
        return new Outstanding(department, code, name, target, unit, true, false, false, false, true, false);
    }

    @Test
    void aReminderOfTwoRoundsKeepsOneBlankLineBetweenItsParts() throws Exception {
        // 財政課 owes items in both plans on the same day: one mail, a block per round
        CollectionRound atsugi = new CollectionRound("atsugi-7-2", 2025, LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 7, 20), LocalDate.of(2026, 7, 17), List.of(7, 1), 7, 14);
        CollectionRound minamiAlps = new CollectionRound("minamialps-5", 2026, LocalDate.of(2027, 5, 1),
                LocalDate.of(2027, 7, 16), LocalDate.of(2027, 7, 16), List.of(7, 1), 7, 14);
        List<ReminderNotice.RoundItems> rounds = List.of(
                new ReminderNotice.RoundItems(ATSUGI, atsugi, ReminderOccasion.beforeDeadline(7),
                        List.of(missing("財政課", "III-3-イ-1", "補助金の見直しの進捗状況", "見直し後の基準"))),
                new ReminderNotice.RoundItems(MINAMI_ALPS, minamiAlps, ReminderOccasion.beforeDeadline(1),
                        List.of(missing("財政課", "1-2-3-1", "財政指標", "90", "件"))));

        String text = text(new ReminderNotice(TestMail.offline(dir)).mail("財政課", List.of("zaisei@city.example.jp"),
                List.of("zaisei@city.example.jp"), LocalDate.of(2026, 7, 10), rounds, List.of()));

        assertThat(text)
                .contains("　　目標：見直し後の基準　／　未提出\n\n" + MINAMI_ALPS.name() + "の")
                .contains("　　目標：90件　／　未提出\n\n■ 提出方法\n")
                .contains("※2026年7月20日（月）が閉庁日のため前倒ししています")
                .doesNotContain("\n\n\n");
    }

    @Test
    void aReminderOffersMailOnlyFromTheAddressesMailIsTakenFrom() throws Exception {
        MailSettings offline = TestMail.offline(dir);
        MailSettings withMailbox = new MailSettings("imap.city.example.jp", 993, "jisseki", null, true, "INBOX",
                null, 0, null, null, false, false, TestMail.FROM, "jisseki@city.example.jp",
                offline.maxAttachmentBytes(), offline.retryInitial(), offline.retryMax(), offline.giveUpAfter(),
                offline.outboxDir(), offline.inboxShownToDepartments(), offline.allClearReport(),
                offline.imapTimeouts(), offline.smtpTimeouts());
        CollectionRound atsugi = new CollectionRound("atsugi-7-2", 2025, LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 7, 17), LocalDate.of(2026, 7, 17), List.of(7, 1), 7, 14);
        List<ReminderNotice.RoundItems> rounds = List.of(new ReminderNotice.RoundItems(ATSUGI, atsugi,
                ReminderOccasion.beforeDeadline(7), List.of(missing("財政課", "III-3-イ-1", "補助金の見直し", "基準"))));
        ReminderNotice notice = new ReminderNotice(withMailbox);

        String registered = text(notice.mail("財政課", List.of("zaisei@city.example.jp"),
                List.of("zaisei@city.example.jp", "zaisei-kakari@city.example.jp", "zaimu@city.example.jp"),
                LocalDate.of(2026, 7, 10), rounds, List.of()));
        assertThat(registered).contains("次のいずれかで", "・メール：jisseki@city.example.jp あてに添付して送信",
                "登録済みのアドレス zaisei@city.example.jp、zaisei-kakari@city.example.jp ほか1件 から送信してください");

        // a 課 no mail is taken from (no allowed_senders) is not invited to mail: it would go unanswered
        String folderOnly = text(notice.mail("財政課", List.of("zaisei@city.example.jp"), List.of(),
                LocalDate.of(2026, 7, 10), rounds, List.of()));
        assertThat(folderOnly).contains("次のとおり").doesNotContain("・メール：", "どちらか一方");
    }

    @Test
    void aReceiptMailDoesNotSayItIsAFileWhileTheReceiptFileDoes() throws Exception {
        String receiptFile = "【受付結果】受け付けました\r\n\r\n受付番号　：R2026-000001\r\n\r\n"
                + "2件の実績を登録しました（新規・変更 2件、変更なし 0件）。\r\n\r\n"
                + "ご不明な点は行政経営課までお問い合わせください。（このファイルは自動で作成しています）\r\n";
        // the footer the receipt file ends with, as ReceiptWriter writes it
        assertThat(receiptFile).endsWith(jp.reform.collector.domain.Messages.text("receipt.footer", "行政経営課")
                + jp.reform.collector.domain.Messages.text("receipt.footer.generated") + "\r\n");

        String text = text(new ReceiptNotice(TestMail.offline(dir)).mail(new ReceiptNotice.Submission(1,
                "R2026-000001", jp.reform.collector.domain.SubmissionStatus.ACCEPTED, "folder", "dx_results.csv",
                "DX推進課", receiptFile, List.of("dx@atsugi.example.jp"), ATSUGI)).orElseThrow());

        assertThat(text).contains("2件の実績を登録しました", "ご不明な点は行政経営課までお問い合わせください。\n",
                        "※このメールはシステムから自動で送信しています。")
                .doesNotContain("このファイルは自動で作成しています");
    }

    @Test
    void aRejectedUploadsReceiptMailTellsHowToSubmitAgainOnce() throws Exception {
        String resend = jp.reform.collector.domain.Messages.text("receipt.rejected.resend.upload");
        String receiptFile = "【受付結果】受け付けできませんでした（修正して再提出をお願いします）\r\n\r\n"
                + "受付番号　：R2026-000002\r\n\r\n"
                + "次の1件の誤りがあるため、このファイルは登録していません（一部だけの登録はしません）。\r\n\r\n"
                + "1. [シート「実績報告」 15行目 G列] 実績値に「以上」という言葉が付いているため、数値として登録できません。\r\n\r\n"
                + resend + "\r\n\r\n"
                + "ご不明な点は行政経営課までお問い合わせください。（このファイルは自動で作成しています）\r\n";

        String text = text(new ReceiptNotice(TestMail.offline(dir)).mail(new ReceiptNotice.Submission(2,
                "R2026-000002", jp.reform.collector.domain.SubmissionStatus.REJECTED, "upload", "職員課.xlsx",
                "職員課", receiptFile, List.of("shokuin@atsugi.example.jp"), ATSUGI)).orElseThrow());

        // the receipt says it already (画面（自課の状況）から…): the mail does not say it again after the footer
        assertThat(text).contains(resend, "ご不明な点は行政経営課までお問い合わせください。\n\n--")
                .doesNotContain("実績収集の画面から、もう一度提出することができます");
    }

    @Test
    void aDecisionMailHasOneBlankLineBeforeItsClosingWhateverItSays() throws Exception {
        DecisionNotice notice = new DecisionNotice();
        String accepted = text(notice.mail(new DecisionNotice.Decision(1, "R2026-000002", "職員課_修正.xlsx", "職員課",
                "2026年7月21日 10時00分", true, List.of(ATSUGI.name() + " 令和7年度（2025年度）"),
                List.of("・I-3-ア-3 男性育休取得率（2025年度）：62.5% → 90%"), 1, null, null,
                List.of("shokuin@atsugi.example.jp"), ATSUGI)));
        String declined = text(notice.mail(new DecisionNotice.Decision(1, "R2026-000003", "職員課_再修正.xlsx", "職員課",
                "2026年7月21日 10時00分", false, List.of(ATSUGI.name() + " 令和7年度（2025年度）"), List.of(), 1,
                "委員会で確定した値のため、次回の報告で反映してください。", null,
                List.of("shokuin@atsugi.example.jp"), ATSUGI)));

        assertThat(accepted).contains("■ 反映した実績値（旧 → 新）\n・I-3-ア-3 男性育休取得率（2025年度）：62.5% → 90%\n\n"
                + "ご不明な点は行政経営課までお問い合わせください。").doesNotContain("\n\n\n");
        assertThat(declined).contains("■ 反映しなかった理由\n委員会で確定した値のため、次回の報告で反映してください。\n\n"
                + "ご不明な点は行政経営課までお問い合わせください。").doesNotContain("\n\n\n");
    }

    @Test
    void aSharedReportNoticeTellsTheOtherOwnerWhichValuesWhoseFileReplaced() throws Exception {
        // I-2-イ-2 is 行政総務課's and 職員課's: 職員課's file replaced 行政総務課's 98 (概ね達成)
        List<OutgoingMail> mails = new SharedReportNotice().mails(MASTER, "職員課", 5, "R2026-000005",
                "2026年7月21日 10時00分", List.of(new jp.reform.collector.store.ResultStaging.ReplacedReport("行政総務課",
                        "atsugi-7-2", "I-2-イ-2", "専門職を必要とする職場への人事配置率", 2025, "98", "100", "概ね達成", "達成", 1)));

        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).to()).containsExactly("gyoseisomu@atsugi.example.jp");
        assertThat(mails.get(0).subject()).isEqualTo("【行革実績】共同で担当する指標の実績が職員課の提出で置き換えられました（1件）");
        assertThat(text(mails.get(0))).startsWith("行政総務課ご担当者様\n\nお疲れさまです。\n"
                + "行政総務課と職員課が共同で担当する成果指標について、行政総務課が報告していた実績を、職員課から提出された内容に"
                + "置き換えましたので、お知らせします（2026年7月21日 10時00分 受付）。\n\n"
                + "■ 置き換えた実績値・自己評価（行政総務課の報告 → 職員課の提出）\n"
                + "・I-2-イ-2 専門職を必要とする職場への人事配置率（2025年度）：98 → 100、自己評価 概ね達成 → 達成\n\n"
                + "内容に相違がある場合は、職員課と調整のうえ、正しい内容をどちらかの課から提出してください。\n"
                + "ご不明な点は行政経営課までお問い合わせください。\n").doesNotContain("R2026-000005");
    }

    @Test
    void anUnreadItemNoticeNamesEachItemBelowThe課sFolderOnTheShareAndCountsWhatItDoesNotList() throws Exception {
        List<FolderRefusalRepository.ToTell> items = new java.util.ArrayList<>();
        items.add(new FolderRefusalRepository.ToTell(7, "情報政策課", "情報政策課/令和7年度", Kind.SUBFOLDER, false));
        // a name with a line break in it is shown with the break made visible, not as a line of the mail
        items.add(new FolderRefusalRepository.ToTell(8, "情報政策課", "情報政策課/実績\n.csv", Kind.SYMLINK, false));
        // a name with a backslash: moved aside, or left where it is when it could not be moved
        items.add(new FolderRefusalRepository.ToTell(9, "情報政策課", "情報政策課/a\\b.xlsx", Kind.UNSAFE_NAME, true));
        items.add(new FolderRefusalRepository.ToTell(10, "情報政策課", "情報政策課/c\\d.xlsx", Kind.UNSAFE_NAME, false));
        for (int i = 0; i < UnreadItemNotice.LISTED - 2; i++) {
            items.add(new FolderRefusalRepository.ToTell(100 + i, "情報政策課", "情報政策課/リンク" + i + ".lnk",
                    Kind.SYMLINK, false));
        }

        OutgoingMail mail = new UnreadItemNotice(TestMail.offline(dir)).mail("DX推進課", List.of("dx@atsugi.example.jp"),
                "情報政策課", items, ATSUGI);
        String text = text(mail);

        assertThat(mail.kind()).isEqualTo("unread_items");
        assertThat(mail.subject()).isEqualTo("【行革実績】課のフォルダに読み取っていないものがあります（DX推進課）");
        // the folder as its staff open it, under its former name where the items lie
        assertThat(text).contains("DX推進課ご担当者様", "実績報告の共有フォルダ（\\\\fileserver\\行革実績\\情報政策課）に、",
                        "・令和7年度\n　課のフォルダの中に作られたフォルダです。", "・実績\uFFFD.csv\n　ショートカット",
                        "・a\\b.xlsx\n　ファイル名に扱えない文字（\\ など）が含まれているため、読み取らずに課のフォルダの .quarantine",
                        "・c\\d.xlsx\n　ファイル名に扱えない文字（\\ など）が含まれているため、読み取っていません（課のフォルダに残っています）",
                        "・リンク45.lnk\n", "ほか 2 件\n", "ご不明な点は行政経営課までお問い合わせください。")
                .doesNotContain("リンク46.lnk", "リンク47.lnk", "\n\n\n");
    }
}
