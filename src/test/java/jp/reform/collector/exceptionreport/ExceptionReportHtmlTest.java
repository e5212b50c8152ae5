package jp.reform.collector.exceptionreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mail: subject line, HTML body and its plain-text alternative. */
class ExceptionReportHtmlTest {

    private final ExceptionReportHtml html = new ExceptionReportHtml();

    @Test
    void subjectCountsWhatNeedsAttention() {
        assertThat(html.subject(ExceptionReportSamples.full())).isEqualTo(
                "【行革実績】例外レポート 2026/06/30 第7次厚木市行政改革大綱 第2期実施計画："
                        + "未提出等 3件・要確認 2件・却下 1件・未登録送信者 1件・送信失敗 1件・対象外ファイル 1件・読取不能 1件"
                        + "・添付未受付 1件");
        assertThat(html.subject(ExceptionReportSamples.manyMissing(12)))
                .endsWith("：未提出等 12件");
    }

    @Test
    void subjectOfAnAllClearReport() {
        assertThat(html.subject(ExceptionReportSamples.allClear())).isEqualTo(
                "【行革実績】例外レポート 2026/06/30 第7次厚木市行政改革大綱 第2期実施計画：確認事項はありません");
    }

    @Test
    void subjectStaysOneLine() {
        ExceptionReport r = new ExceptionReport("p", "計画\r\nBcc: x@example.com", "行政経営課",
                ExceptionReportSamples.AS_OF, null, null, null, null, null, null, null);
        assertThat(html.subject(r)).doesNotContain("\r", "\n").contains("計画 Bcc: x@example.com");
    }

    @Test
    void theDeadlineIsGivenWithItsWeekdayAndWhyItIsEarlierThanWritten() {
        assertThat(html.body(ExceptionReportSamples.full())).contains("2026年6月15日（月）").doesNotContain("前倒し");
        String moved = html.body(ExceptionReportSamples.deadlineMoved());
        assertThat(moved).contains("2026年7月17日（金）（2026年7月20日（月）が閉庁日のため前倒し）");
    }

    @Test
    void bodyIsACompleteDocumentWithInlineStylesOnly() {
        String body = html.body(ExceptionReportSamples.full());
        assertThat(body).startsWith("<!DOCTYPE html>").contains("<meta charset=\"UTF-8\">")
                .contains("border-collapse:collapse").endsWith("</html>\n")
                .doesNotContain("<style", "class=");
        assertThat(body).contains("行政経営課 御中", "2026年6月30日時点の例外レポート", "令和7年度（2025年度）",
                "2026年6月15日", "（提出期限を過ぎています）");
        assertThat(body).contains("添付の Excel ファイル（例外レポート_atsugi-7-2_20260630.xlsx）");
    }

    @Test
    void summaryTableHasEveryCategoryWithItsCount() {
        String body = html.body(ExceptionReportSamples.full());
        assertThat(body).containsPattern(">未提出・期限超過</td><td[^>]*>3件</td><td[^>]*>[^<]*（うち期限超過 2件）</td>")
                .containsPattern(">確認が必要な値</td><td[^>]*>1件<")
                .containsPattern(">自己評価の不一致</td><td[^>]*>1件<")
                .containsPattern(">却下したファイル</td><td[^>]*>1件<")
                .containsPattern(">未登録の送信者</td><td[^>]*>1件<")
                .containsPattern(">送信できなかったメール</td><td[^>]*>1件<")
                .containsPattern(">受け付けできない場所・種類のファイル</td><td[^>]*>1件<")
                .containsPattern(">読み取れなかったメール</td><td[^>]*>1件<")
                .containsPattern(">添付ファイルを受け付けなかったメール</td><td[^>]*>1件</td><td[^>]*>[^<]*送信者へは理由を返信済み");
        assertThat(body).contains(">受け付けできない場所・種類のファイル（1件）</h2>", "財政課/実績\uFFFD\uFFFDBcc: x.csv");
        assertThat(body).contains(">未提出・期限超過（3件）</h2>", "（期限超過 15日）",
                "指標コードが空欄です。<br>年度として読めません。", ">督促<", ">送信失敗<");
    }

    @Test
    void aClosedRoundsMissingItemsAreMarked締切InSubjectHeaderSummaryAndRows() {
        ExceptionReport closed = ExceptionReportSamples.closed(LocalDate.of(2026, 6, 25));
        assertThat(html.subject(closed)).contains("：未提出等（締切済み） 3件・要確認 2件");
        String body = html.body(closed);
        assertThat(body).containsPattern(">締切</td><td[^>]*>2026年6月25日に締め切りました（担当課への督促は行っていません）</td>")
                .containsPattern(">未提出・期限超過</td><td[^>]*>3件</td><td[^>]*>[^<]*（締切済みの年度のため記録として"
                        + "掲載しています。担当課への督促は行っていません）</td>")
                .contains("実績値が未記入、自己評価が未記入（締切済み）")
                .doesNotContain("（期限超過 15日）", "うち期限超過");
        assertThat(html.plainText(closed)).contains("締切　　：2026年6月25日に締め切りました（担当課への督促は行っていません）",
                "　未提出・期限超過：3件（締切済みの年度のため記録として掲載しています。担当課への督促は行っていません）",
                "未提出（締切済み）");
        // an open round says nothing of 締切
        assertThat(html.body(ExceptionReportSamples.full()) + html.plainText(ExceptionReportSamples.full())
                + html.subject(ExceptionReportSamples.full())).doesNotContain("締切");
    }

    @Test
    void aChangedTargetOfAClosedRoundIsACategoryOfItsOwnEscapedInTheMailAndOnItsSheet() throws Exception {
        ExceptionReport b = ExceptionReportSamples.full();
        ExceptionReport r = new ExceptionReport(b.planCode(), b.planName(), b.adminDepartment(), b.asOf(),
                b.fiscalYear(), b.deadline(), b.missing(), b.valueIssues(), b.rejectedFiles(), b.unknownSenders(),
                b.failedMails(), b.refusedItems(), b.unreadableMails(), b.closedOn(), b.writtenDeadline(),
                b.departmentOrder(), java.util.List.of(new ExceptionReport.ClosedTargetChange("職員課", "I-1-ア-1",
                        "<b>研修</b>の理解度", 2025, "100%", null, "概ね達成", "未達成",
                        java.time.ZonedDateTime.parse("2026-06-29T08:00+09:00[Asia/Tokyo]"))), null, null);
        assertThat(html.subject(r)).endsWith("・締切後の目標変更 1件");
        assertThat(html.body(r)).contains("&lt;b&gt;研修&lt;/b&gt;の理解度", "100% → （なし）", "概ね達成 → 未達成")
                .doesNotContain("<b>研修");
        assertThat(html.plainText(r)).contains("　締切後に目標値が変更された指標：1件",
                "■ 締切後に目標値が変更された指標（1件）",
                "・令和7年度（2025年度）　職員課　I-1-ア-1　<b>研修</b>の理解度　100% → （なし）　概ね達成 → 未達成");
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                new ExceptionReportWorkbook().write(r)))) {
            var row = wb.getSheet("締切後に目標値が変更された指標").getRow(1);
            assertThat(row.getCell(3).getStringCellValue()).isEqualTo("<b>研修</b>の理解度");
            assertThat(row.getCell(5).getStringCellValue()).isEqualTo("（なし）");
            assertThat(row.getCell(7).getStringCellValue()).isEqualTo("未達成");
        }
    }

    @Test
    void aClosedRoundsGradeMovedByARevisedPlanIsACategoryOfItsOwnEscapedInTheMailAndOnItsSheet() throws Exception {
        ExceptionReport b = ExceptionReportSamples.full();
        var at = java.time.ZonedDateTime.parse("2026-06-29T08:00+09:00[Asia/Tokyo]");
        ExceptionReport r = new ExceptionReport(b.planCode(), b.planName(), b.adminDepartment(), b.asOf(),
                b.fiscalYear(), b.deadline(), b.missing(), b.valueIssues(), b.rejectedFiles(), b.unknownSenders(),
                b.failedMails(), b.refusedItems(), b.unreadableMails(), b.closedOn(), b.writtenDeadline(),
                b.departmentOrder(), List.of(), List.of(
                        new ExceptionReport.ClosedGradeChange("職員課", "I-1-ア-1", "<b>研修</b>の理解度", 2025,
                                "概ね達成", "未達成", "93", "93", at),
                        new ExceptionReport.ClosedGradeChange("職員課", "I-3-ア-3", "男性育休取得率", 2025,
                                "未達成", "達成", "74", "136", at),
                        new ExceptionReport.ClosedGradeChange("職員課", "I-1-イ-2", "<i>進捗</i>", 2025,
                                "達成", null, null, null, at)), null);
        assertThat(html.subject(r)).endsWith("・締切後の評価変更 3件").doesNotContain("目標変更");
        assertThat(html.body(r)).contains("&lt;b&gt;研修&lt;/b&gt;の理解度", ">締切後に評価が変わった指標（3件）</h2>")
                .doesNotContain("<b>研修", "<i>進捗", "締切後に目標値が変更された指標");
        assertThat(html.plainText(r)).contains("　締切後に評価が変わった指標：3件",
                "・令和7年度（2025年度）　職員課　I-1-ア-1　<b>研修</b>の理解度　概ね達成 → 未達成　93%（変わらず）",
                "・令和7年度（2025年度）　職員課　I-3-ア-3　男性育休取得率　未達成 → 達成　74% → 136%",
                "・令和7年度（2025年度）　職員課　I-1-イ-2　<i>進捗</i>　達成 → －　－（変わらず）");
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                new ExceptionReportWorkbook().write(r)))) {
            assertThat(wb.getSheet("締切後に目標値が変更された指標")).isNull();
            var sheet = wb.getSheet("締切後に評価が変わった指標");
            assertThat(sheet.getLastRowNum()).isEqualTo(3);
            var row = sheet.getRow(1); // in plan order: I-1-ア-1, I-1-イ-2, I-3-ア-3
            assertThat(row.getCell(3).getStringCellValue()).isEqualTo("<b>研修</b>の理解度");
            assertThat(row.getCell(4).getStringCellValue()).isEqualTo("概ね達成");
            assertThat(row.getCell(5).getStringCellValue()).isEqualTo("未達成");
            assertThat(row.getCell(7).getStringCellValue()).isEqualTo("93%");
            assertThat(sheet.getRow(2).getCell(5).getStringCellValue()).isEqualTo("－");
            assertThat(sheet.getRow(3).getCell(7).getStringCellValue()).isEqualTo("136%");
        }
        // a report without any says nothing of it
        assertThat(html.body(b) + html.plainText(b)).doesNotContain("締切後に評価");
    }

    @Test
    void everyOutsideValueIsEscaped() {
        String body = html.body(ExceptionReportSamples.full());
        assertThat(body).doesNotContain("<script>", "alert('x')")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;実績&quot;");
        assertThat(ExceptionReportHtml.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        ExceptionReport hostilePlan = new ExceptionReport("p", "<b>計画</b>", "<i>課</i>",
                ExceptionReportSamples.AS_OF, null, null, null, null, null, null, null);
        assertThat(html.body(hostilePlan)).doesNotContain("<b>", "<i>")
                .contains("<title>【行革実績】例外レポート 2026/06/30 &lt;b&gt;計画&lt;/b&gt;：確認事項はありません</title>",
                        "&lt;i&gt;課&lt;/i&gt; 御中");
    }

    @Test
    void unreadableMailIsListedWithItsHeadersOnOneLineAndEscaped() {
        String body = html.body(ExceptionReportSamples.full());
        assertThat(body).contains(">読み取れなかったメール（1件）</h2>", ">2026/06/29 07:45<",
                        "&lt;b&gt;壊&lt;/b&gt; &lt;broken@example.jp",
                        "=HYPERLINK(&quot;http://x&quot;) Bcc: evil@example.com",
                        "差出人（From）を読み取れませんでした（AddressException: Missing &#39;&gt;&#39;）")
                .doesNotContain("<b>壊");
        assertThat(html.plainText(ExceptionReportSamples.full())).contains("　読み取れなかったメール：1件\r\n",
                "■ 読み取れなかったメール（1件）\r\n");
    }

    @Test
    void mailWhoseFilesWereNotAllTakenIsListedWithWhatTheReplySaidAndEscaped() {
        String body = html.body(ExceptionReportSamples.full());
        assertThat(body).contains(">添付ファイルを受け付けなかったメール（1件）</h2>",
                        ">返信した内容</th>", ">2026/06/29 08:10<", ">職員課<", ">shokuin@atsugi.example.jp<",
                        "&lt;img src=x onerror=alert(1)&gt;実績報告 Bcc: x@example.com",
                        "実績.zip はZIPファイルのため受け付けていません。<br>1通のメールで受け付けるファイルは 2 個まで",
                        "読み取っていません：実績_3.csv。")
                .doesNotContain("<img");
        String text = html.plainText(ExceptionReportSamples.full());
        assertThat(text).contains("　添付ファイルを受け付けなかったメール：1件\r\n",
                "■ 添付ファイルを受け付けなかったメール（1件）\r\n",
                "・2026/06/29 08:10　職員課　shokuin@atsugi.example.jp　<img src=x onerror=alert(1)>実績報告 Bcc: x@example.com"
                        + "　実績.zip はZIPファイルのため受け付けていません。 / 1通のメールで");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
        // the one section only: unknown senders and unreadable mail keep theirs
        assertThat(body.split("shokuin@atsugi.example.jp", -1)).hasSize(2);
    }

    @Test
    void showsTwentyRowsPerCategoryAndPointsToTheAttachmentForTheRest() {
        String body = html.body(ExceptionReportSamples.manyMissing(23));
        assertThat(body).contains(">I-1-ア-20<").doesNotContain(">I-1-ア-21<")
                .contains("ほか 3 件は添付ファイルを参照してください。");
        assertThat(html.body(ExceptionReportSamples.manyMissing(20))).contains(">I-1-ア-20<")
                .doesNotContain("ほか");
    }

    @Test
    void allClearIsOneShortMessage() {
        String body = html.body(ExceptionReportSamples.allClear());
        assertThat(body).contains("本日の確認事項はありません。", "行政経営課 御中")
                .doesNotContain("<h2", "添付", "（提出期限を過ぎています）");
        assertThat(html.plainText(ExceptionReportSamples.allClear())).contains("本日の確認事項はありません。")
                .doesNotContain("■");
    }

    @Test
    void noOpenRoundIsStated() {
        ExceptionReport r = new ExceptionReport("p", "計画", "行政経営課", LocalDate.of(2026, 3, 31), null, null,
                null, null, null, null, null);
        assertThat(html.body(r)).contains("受付中の年度はありません").doesNotContain("提出期限");
    }

    @Test
    void plainTextCarriesTheSameSummary() {
        String text = html.plainText(ExceptionReportSamples.full());
        assertThat(text).contains("行政経営課 御中\r\n", "対象年度：令和7年度（2025年度）\r\n",
                "　未提出・期限超過：3件\r\n", "　送信できなかったメール：1件\r\n",
                "■ 未提出・期限超過（3件）\r\n",
                "・DX推進課　I-3-イ-1　電子申請の利用率　実績値が未記入、自己評価が未記入（期限超過 15日）\r\n",
                "指標コードが空欄です。 / 年度として読めません。",
                "<script>alert('x')</script>", // plain text is not markup: shown as written
                "例外レポート_atsugi-7-2_20260630.xlsx");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(html.plainText(ExceptionReportSamples.manyMissing(25)))
                .contains("ほか 5 件は添付ファイルを参照してください。");
        assertThat(List.of(text.split("\r\n"))).filteredOn(l -> l.startsWith("・職員課")).hasSize(2);
    }

    @Test
    void missingItemsAndValuesAreListed課By課InTheOrderOfDepartmentsCsv() throws Exception {
        // the bundled departments.csv: 職員課, 行政総務課, 危機管理課, DX推進課 … (not the names' code-point order)
        List<String> order = new jp.reform.collector.master.MasterDataLoader().load(java.nio.file.Path.of("config"))
                .departments().stream().map(jp.reform.collector.master.Department::name).toList();
        ExceptionReport r = new ExceptionReport("atsugi-7-2", ExceptionReportSamples.PLAN_NAME, "行政経営課",
                ExceptionReportSamples.AS_OF, 2025, LocalDate.of(2026, 6, 30),
                List.of(missing("情報政策課", "I-3-ウ-1"), missing("DX推進課", "I-3-イ-1"), missing("危機管理課", "I-2-ウ-1"),
                        missing(null, "I-9-ア-1"), missing("職員課", "I-1-ア-10"), missing("職員課", "I-1-ア-2"),
                        missing("行政総務課", "I-2-ア-1")),
                List.of(value("DX推進課", "I-3-ウ-1"), value("企画政策課・行政経営課", "II-1-ア-2"),
                        value("職員課", "I-1-ア-1")),
                null, null, null, null, null, null, null, order, null, null, null);

        List<String> lines = List.of(html.plainText(r).split("\r\n"));

        assertThat(lines).filteredOn(l -> l.startsWith("・") && l.contains("未提出")).extracting(l -> l.split("　")[0])
                .as("in the file's order; a former name (情報政策課) after every 課 of the file, then no 課")
                .containsExactly("・職員課", "・職員課", "・行政総務課", "・危機管理課", "・DX推進課", "・情報政策課", "・（不明）");
        assertThat(lines).filteredOn(l -> l.startsWith("・職員課")).first().asString().contains("I-1-ア-2");
        assertThat(lines).filteredOn(l -> l.startsWith("・") && l.contains("桁違い")).extracting(l -> l.split("　")[0])
                .as("a value of several 課 goes by its first: 行政経営課 is before 企画政策課 in the file, DX推進課 is not")
                .containsExactly("・職員課", "・DX推進課", "・企画政策課・行政経営課");
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                new ExceptionReportWorkbook().write(r)))) {
            var sheet = wb.getSheet("未提出・期限超過");
            List<String> departments = new java.util.ArrayList<>();
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                departments.add(sheet.getRow(i).getCell(0).getStringCellValue());
            }
            assertThat(departments).as("the attachment as the mail")
                    .containsExactly("職員課", "職員課", "行政総務課", "危機管理課", "DX推進課", "情報政策課", "（不明）");
        }
    }

    private static ExceptionReport.MissingItem missing(String department, String code) {
        return new ExceptionReport.MissingItem(department, code, "指標", 2025, "100", "未提出", false, 0);
    }

    private static ExceptionReport.ValueIssue value(String departments, String code) {
        return new ExceptionReport.ValueIssue(departments, code, "指標", 2025, "1200", "implausible_change",
                "桁違いの疑いがあります。");
    }
}
