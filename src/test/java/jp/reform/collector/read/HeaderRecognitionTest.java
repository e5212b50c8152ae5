package jp.reform.collector.read;

import jp.reform.collector.normalise.FiscalYears;

import static jp.reform.collector.read.ExcelReadingTest.codes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRecognitionTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "指標コード|INDICATOR_CODE", "成果指標コード|INDICATOR_CODE", "指標番号|INDICATOR_CODE",
            "指標No|INDICATOR_CODE", "指標ＮＯ|INDICATOR_CODE", "指標ID|INDICATOR_CODE", "コード|INDICATOR_CODE",
            "指標記号|INDICATOR_CODE", "指標コード※|INDICATOR_CODE", "コード（必須）|INDICATOR_CODE",
            "年度|FISCAL_YEAR", "対象年度|FISCAL_YEAR", "実績年度|FISCAL_YEAR", "報告年度|FISCAL_YEAR",
            "年度（西暦）|FISCAL_YEAR",
            "実績値|ACTUAL", "実績|ACTUAL", "令和6年度実績|ACTUAL", "令和６年度実績値|ACTUAL", "R6実績|ACTUAL",
            "Ｒ６実績|ACTUAL", "2024年度実績|ACTUAL", "実績値(単位)|ACTUAL", "実績（令和6年度）|ACTUAL",
            "実績値　単位：件|ACTUAL", "実績値 R6|ACTUAL", "令和6年度の実績|ACTUAL",
            "取組状況|STATUS_TEXT", "取組の状況|STATUS_TEXT", "取組実績|STATUS_TEXT", "実施状況|STATUS_TEXT",
            "取組内容(実績)|STATUS_TEXT", "取組状況(Do)|STATUS_TEXT", "取り組み状況|STATUS_TEXT",
            "成果と課題|OUTCOME", "成果・課題|OUTCOME", "成果及び課題|OUTCOME", "成果と課題・未達成の理由|OUTCOME",
            "成果と課題（未達成の理由）|OUTCOME", "課題|OUTCOME",
            "今後の取組|NEXT_STEPS", "今後の取組方針|NEXT_STEPS", "今後の方向性|NEXT_STEPS", "次年度の取組|NEXT_STEPS",
            "今後の取組(Action)|NEXT_STEPS",
            "自己評価|SELF_ASSESSMENT", "評価|SELF_ASSESSMENT", "達成度|SELF_ASSESSMENT", "取組達成度|SELF_ASSESSMENT",
            "自己評価(達成・概ね達成・未達成)|SELF_ASSESSMENT",
            "担当課|DEPARTMENT", "主管課|DEPARTMENT", "担当部署|DEPARTMENT", "所管課|DEPARTMENT", "担当課名|DEPARTMENT",
            "成果指標|INDICATOR_NAME", "指標名|INDICATOR_NAME", "成果指標名|INDICATOR_NAME",
            "単位|UNIT",
            "目標値|TARGET", "目標|TARGET", "令和6年度目標|TARGET", "年度目標|TARGET",
    })
    void recognisesColumnNames(String header, Field expected) {
        assertEquals(expected, ColumnNames.match(header));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "実績値（円）|円", "実績値(千円)|千円", "実績値　単位：件|件", "実績値 単位:千円 (R7)|千円", "実績値（％）|%",
            "R7実績（億円）|億円", "実績値|", "実績値(単位)|", "実績（令和6年度）|", "実績値（見込み）|",
    })
    void readsTheUnitAnActualHeaderStates(String header, String unit) {
        assertEquals(unit, ColumnNames.statedUnit(header).orElse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"備考", "No", "前年度実績", "実績見込", "実績値単位", "目標達成率", "現状値", "取組内容", "年度別実績", ""})
    void ignoresOtherColumns(String header) {
        assertNull(ColumnNames.match(header));
    }

    @Test
    void normalisesWidthAndWhitespace() {
        assertEquals(Field.INDICATOR_CODE, ColumnNames.match("指標\nｺｰﾄﾞ"));
        assertEquals(Field.FISCAL_YEAR, ColumnNames.match(" 年　度 "));
        assertEquals(Field.ACTUAL, ColumnNames.match("実績値\r\n（％）"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "令和７年度 行政改革実施計画 実績報告書|2025", "令和元年度 取組状況|2019", "平成30年度実績|2018",
            "2025年度 実績報告|2025", "Ｒ６年度|2024", "FY2024 results|2024",
    })
    void findsFiscalYearInTitles(String title, int year) {
        assertEquals(year, FiscalYears.inTitle(title).orElse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"計画期間 令和6年度～令和8年度", "令和7年5月10日提出", "実績報告書", "第7次厚木市行政改革大綱"})
    void noFiscalYearFromRangesOrDates(String title) {
        assertNull(FiscalYears.inTitle(title).orElse(null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"令和6年度実績|2024", "R6実績|2024", "2024年度実績|2024", "実績(令和元年度)|2019", "H30実績|2018"})
    void findsFiscalYearInActualHeader(String header, int year) {
        assertEquals(year, FiscalYears.inActualHeader(header).orElse(null));
    }

    @Test
    void actualHeaderYearImpliesTheFiscalYearColumn() throws IOException {
        RecordingHandler handler = new RecordingHandler();
        ReadReport report = read("成果指標コード,令和6年度実績,取組状況\n1-1-1,12,実施\n", handler);

        assertFalse(report.hasErrors(), report.problems()::toString);
        TableHeader header = report.tables().get(0);
        assertEquals(2024, header.fiscalYearHint());
        assertFalse(header.has(Field.FISCAL_YEAR));
        assertEquals("12", handler.row(2).text(Field.ACTUAL));
    }

    @Test
    void theLatestYearsActualColumnIsReadWhenLastYearsStandsBesideIt() throws IOException {
        RecordingHandler handler = new RecordingHandler();
        ReadReport report = read("指標コード,令和6年度実績,令和7年度実績,取組状況\nI-1-ア-1,90%,95%,実施\n", handler);
        TableHeader header = report.tables().get(0);
        assertEquals("C", header.columns().get(Field.ACTUAL));
        assertEquals(2025, header.fiscalYearHint());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "実績値（前年度）,実績値（今年度）|D", "実績値（今年度）,実績値（前年度）|C", "実績値（前年度）,実績値|D",
            "前年度の実績値（参考）,実績値（R7）|D", "実績値（本年度）,実績値（見込み）|C",
    })
    void theActualColumnThatIsNotLastYearsIsRead(String actualHeaders, String column) throws IOException {
        RecordingHandler handler = new RecordingHandler();
        ReadReport report = read("指標コード,年度," + actualHeaders + ",取組状況\nI-1-ア-1,2025,90%,95%,実施\n", handler);
        assertFalse(report.hasErrors(), report.problems()::toString);
        assertEquals(column, report.tables().get(0).columns().get(Field.ACTUAL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"実績（4月～6月）,実績（7月～9月）", "実績値,実績値（見込み）", "R6実績,実績値"})
    void severalActualColumnsThatDoNotSayWhichIsTheYearsAreRefusedNamingThem(String actualHeaders) throws IOException {
        ReadReport report = read("指標コード,年度," + actualHeaders + ",取組状況\nI-1-ア-1,2025,90%,95%,実施\n",
                new RecordingHandler());
        assertTrue(report.hasErrors());
        String[] names = actualHeaders.split(",");
        Finding finding = report.problems().get(0);
        assertEquals("実績値の列が複数あり（C列「" + names[0] + "」、D列「" + names[1] + "」）、"
                + "どれが報告する年度の実績値か判断できません。", finding.message());
        assertEquals(1, finding.row());
    }

    @Test
    void actualHeaderYearWinsOverTitle() throws IOException {
        ReadReport report = read("令和７年度 実績報告書\n指標コード,R6実績,取組状況\n", new RecordingHandler());
        assertEquals(2024, report.tables().get(0).fiscalYearHint());
    }

    @Test
    void titleYearImpliesTheFiscalYearColumn() throws IOException {
        ReadReport report = read("令和７年度 行政改革実施計画 実績報告書\n\n指標コード,実績値,取組状況\n1-1-1,3,実施\n",
                new RecordingHandler());
        assertFalse(report.hasErrors(), report.problems()::toString);
        assertEquals(2025, report.tables().get(0).fiscalYearHint());
    }

    @Test
    void titlesThatDisagreeGiveNoHint() throws IOException {
        ReadReport report = read("令和７年度 実績報告書\n（令和6年度分）\n指標コード,実績値,取組状況\n", new RecordingHandler());
        assertNull(report.tables().get(0).fiscalYearHint());
        assertEquals(List.of(ReadFindings.MISSING_COLUMN), codes(report));
    }

    @Test
    void firstMatchingColumnWins() throws IOException {
        ReadReport report = read("指標コード,年度,実績値,実績,取組状況,コード\n", new RecordingHandler());
        TableHeader header = report.tables().get(0);
        assertEquals("A", header.columns().get(Field.INDICATOR_CODE));
        assertEquals("C", header.columns().get(Field.ACTUAL));
    }

    @Test
    void missingActualColumnIsReportedByName() throws IOException {
        RecordingHandler handler = new RecordingHandler();
        ReadReport report = read("指標コード,年度,取組状況\n1-1-1,2024,実施\n", handler);

        assertEquals(List.of(ReadFindings.MISSING_COLUMN), codes(report));
        Finding finding = report.problems().get(0);
        assertEquals(Severity.ERROR, finding.severity());
        assertEquals("「実績値」列が見つかりません。", finding.message());
        assertTrue(finding.hint().contains("令和6年度実績"), finding.hint());
        assertEquals("results.csv", finding.sheet());
        assertEquals(1, finding.row());
        assertEquals(1, handler.rows.size(), "rows still stream so later stages can report them too");
    }

    @Test
    void missingYearAndStatusAreEachReported() throws IOException {
        ReadReport report = read("指標コード,実績値\n", new RecordingHandler());
        assertEquals(List.of("「年度」列が見つかりません。", "「取組状況」列が見つかりません。"),
                report.problems().stream().map(Finding::message).toList());
    }

    @Test
    void noHeaderAnywhere() throws IOException {
        ReadReport report = read("氏名,住所\n山田,厚木市\n", new RecordingHandler());
        assertEquals(List.of(ReadFindings.HEADER_NOT_FOUND), codes(report));
        Finding finding = report.problems().get(0);
        assertTrue(finding.message().contains("見出し行"), finding.message());
        assertTrue(finding.message().contains("30"), finding.message());
        assertTrue(finding.hint().contains("「指標コード」「年度」「実績値」「取組状況」"), finding.hint());
    }

    @Test
    void headerBelowTheSearchWindowIsNotFound() throws IOException {
        String content = "\n".repeat(5) + "指標コード,年度,実績値,取組状況\n1-1-1,2024,1,実施\n";
        Path file = Files.writeString(dir.resolve("deep.csv"), content);

        ReadReport narrow = new SubmissionReader(5).read(file, "deep.csv", new RecordingHandler());
        ReadReport wide = new SubmissionReader(6).read(file, "deep.csv", new RecordingHandler());

        assertEquals(List.of(ReadFindings.HEADER_NOT_FOUND), codes(narrow));
        assertEquals(6, wide.tables().get(0).headerRow());
    }

    private ReadReport read(String csv, RecordingHandler handler) throws IOException {
        Path file = Files.write(dir.resolve("results.csv"), csv.getBytes(StandardCharsets.UTF_8));
        return new SubmissionReader().read(file, "results.csv", handler);
    }
}
