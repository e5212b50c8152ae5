package jp.reform.collector.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jp.reform.collector.committee.CommitteeReport.FlagLine;
import jp.reform.collector.committee.CommitteeReport.IndicatorLine;
import jp.reform.collector.committee.CommitteeReport.SummaryLine;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.IngestOutcome;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.Plan;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFPieChartData;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTDLbls;

/** The committee's workbook as Excel will open it: read back with POI. */
class CommitteeWorkbookTest {

    static final String PLAN_NAME = "第7次厚木市行政改革大綱 第2期実施計画";
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    private final CommitteeWorkbook writer = new CommitteeWorkbook();

    /** Three goals and the total as the committee saw them for FY2023: 41 set, 27 + 9 achieved, 87.8%. */
    static CommitteeReport atsugi(List<FlagLine> flags) {
        List<SummaryLine> summary = List.of(
                new SummaryLine("1", "市民サービスの向上", 15, 10, 3, 2, 0, new BigDecimal("86.7")),
                new SummaryLine("2", "効率的・効果的な行政運営", 14, 9, 4, 1, 0, new BigDecimal("92.9")),
                new SummaryLine("3", "持続可能な財政運営", 12, 8, 2, 2, 1, new BigDecimal("83.3")),
                new SummaryLine("total", null, 41, 27, 9, 5, 1, new BigDecimal("87.8")));
        List<IndicatorLine> indicators = List.of(
                new IndicatorLine("1", "市民サービスの向上", "(1) 行政手続のオンライン化", "電子申請の拡充",
                        "①電子申請できる手続を増やす\n②申請画面を分かりやすくする", "DX推進課", "I-1-ア-1",
                        "電子申請の利用率", "%", "60%", "57.3%", new BigDecimal("96"), "概ね達成",
                        "対象手続を32件追加した。", "利用率は伸びたが、高齢者の利用が少ない。", "窓口での案内を強化する。"),
                new IndicatorLine("1", "市民サービスの向上", "(2) 窓口サービスの改善", "書かない窓口",
                        "①申請書の自動作成", "=HYPERLINK(\"x\")", "I-1-イ-1", "窓口での平均待ち時間", "分", "15分",
                        "未記入", null, null, "+検討中", "-", "@今後"),
                new IndicatorLine("2", "効率的・効果的な行政運営", "(1) 職員の能力向上", "研修の充実",
                        "①階層別研修", "職員課", "II-1-ア-1", "研修受講者数", "人", "300人", "320人",
                        new BigDecimal("107"), "達成", "計画どおり実施した。", "受講者の満足度が高い。", "継続する。"),
                new IndicatorLine("3", "持続可能な財政運営", "(1) 歳入の確保", "市税の収納率向上", "①滞納整理の強化",
                        "納税課", "III-1-ア-1", "市税収納率", "%", "98.5%", "97.1%", new BigDecimal("99"), "未達成",
                        "滞納整理を進めた。", "滞納整理は進んだが、現年度分が伸びなかった。", "口座振替を勧める。"));
        return new CommitteeReport("atsugi-7-2", PLAN_NAME, "厚木市", "行政経営課", 2025, AS_OF, summary,
                indicators, flags);
    }

    static CommitteeReport atsugi() {
        return atsugi(List.of());
    }

    @TempDir
    Path folder;

    /** Writes the workbook to its file, as the overnight run does, and opens what was written. */
    private XSSFWorkbook open(CommitteeReport report) throws IOException {
        Path file = writer.writeTo(folder, report);
        assertThat(file.getFileName().toString()).isEqualTo(CommitteeWorkbook.fileName(report));
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).as("no temporary file left beside it").containsExactly(file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new XSSFWorkbook(in);
        }
    }

    private static List<String> row(XSSFSheet sheet, int index) {
        List<String> values = new ArrayList<>();
        Row row = sheet.getRow(index);
        for (int i = 0; i < row.getLastCellNum(); i++) {
            Cell cell = row.getCell(i);
            values.add(cell == null ? "" : switch (cell.getCellType()) {
                case NUMERIC -> BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
                case STRING -> cell.getStringCellValue();
                default -> "";
            });
        }
        return values;
    }

    @Test
    void hasTheSummaryTheListAndTheOpenQuestions() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactly("総括表", "取組一覧", "確認事項");
            assertThat(wb.getActiveSheetIndex()).isZero();
        }
    }

    @Test
    void summaryShowsTheCommitteeTableWithTheThresholdsInItsHeaders() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            XSSFSheet s = wb.getSheet("総括表");
            assertThat(s.getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("第7次厚木市行政改革大綱 第2期実施計画　令和7年度（2025年度）取組結果");
            Cell asOf = s.getRow(1).getCell(0);
            assertThat(asOf.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(asOf.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(AS_OF);
            assertThat(asOf.getCellStyle().getDataFormatString()).startsWith("\"基準日　\"");

            assertThat(row(s, 3)).containsExactly("重点目標", "設定項目", "目標達成項目（100％以上）",
                    "概ね達成（80％以上100％未満）", "未達成（80％未満）", "未提出", "概ね達成率");
            assertThat(row(s, 4)).containsExactly("1　市民サービスの向上", "15", "10", "3", "2", "0", "86.7");
            assertThat(row(s, 5)).containsExactly("2　効率的・効果的な行政運営", "14", "9", "4", "1", "0", "92.9");
            assertThat(row(s, 6)).containsExactly("3　持続可能な財政運営", "12", "8", "2", "2", "1", "83.3");
            assertThat(row(s, 7)).containsExactly("合計", "41", "27", "9", "5", "1", "87.8");

            Cell rate = s.getRow(7).getCell(6);
            assertThat(rate.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(rate.getNumericCellValue()).isEqualTo(87.8);
            assertThat(rate.getCellStyle().getDataFormatString()).isEqualTo("0.0\"%\"");
            XSSFCell totalLabel = s.getRow(7).getCell(0);
            assertThat(totalLabel.getCellStyle().getFont().getBold()).isTrue();
            assertThat(totalLabel.getCellStyle().getBorderTop()).isEqualTo(BorderStyle.MEDIUM);
            assertThat(s.getRow(4).getCell(0).getCellStyle().getFont().getBold()).isFalse();
            assertThat(s.getRow(3).getCell(0).getCellStyle().getFont().getBold()).isTrue();
            assertThat(s.getRow(3).getCell(0).getCellStyle().getFillForegroundColorColor()).isNotNull();
            // the long threshold headers wrap: the header row is as high as they need
            assertThat(s.getRow(3).getHeightInPoints()).isGreaterThan(s.getDefaultRowHeightInPoints());

            assertThat(s.getRow(9).getCell(0).getStringCellValue()).contains("概ね達成率 ＝（目標達成 ＋ 概ね達成）÷ 設定項目");
        }
    }

    @Test
    void aPlanWithOtherThresholdsShowsItsOwnInTheHeaders() throws IOException {
        Plan strict = new Plan("strict", "厚木市", "厳しい計画", 2024, 2026, "行政経営課", null, new BigDecimal("95"),
                new BigDecimal("70.5"), "rate");
        CommitteeReport r = withGrades(atsugi(), GradeScale.of(strict));
        try (XSSFWorkbook wb = open(r)) {
            assertThat(row(wb.getSheet("総括表"), 3)).containsExactly("重点目標", "設定項目", "目標達成項目（95％以上）",
                    "概ね達成（70.5％以上95％未満）", "未達成（70.5％未満）", "未提出", "概ね達成率");
        }
    }

    @Test
    void aTwoLevelPlanHasNoMiddleColumnAndItsOwnLabels() throws IOException {
        GradeScale marks = new GradeScale(List.of(
                new GradeScale.Level("達成", "○", "○", "○", new BigDecimal("100"), null),
                new GradeScale.Level("未達成", "×", "×", "×", null, new BigDecimal("100"))));
        CommitteeReport r = withGrades(atsugi(), marks);
        try (XSSFWorkbook wb = open(r)) {
            XSSFSheet s = wb.getSheet("総括表");
            assertThat(row(s, 3)).containsExactly("重点目標", "設定項目", "○（100％以上）", "×（100％未満）", "未提出",
                    "達成率");
            assertThat(row(s, 7)).containsExactly("合計", "41", "27", "5", "1", "87.8");
            assertThat(rowStartingWith(s, "設定項目").getCell(0).getStringCellValue())
                    .isEqualTo("設定項目41項目のうち、○27項目（65.9％）、×5項目（12.2％）、未提出1項目（2.4％）でした。");
            XDDFChartData.Series pie = s.getDrawingPatriarch().getCharts().get(0).getChartSeries().get(0).getSeries(0);
            assertThat(range(pie.getValuesData().getDataRangeReference())).isEqualTo("$C$8:$E$8");
            int goal2 = rowStartingWith(s, "2　効率的・効果的な行政運営", 8).getRowNum();
            assertThat(row(s, goal2 + 1)).first().isEqualTo("■ ○指標（1項目）");
            assertThat(row(s, goal2 + 3)).containsExactly("研修受講者数", "320人（300人）", "○", "受講者の満足度が高い。",
                    "継続する。");
            int goal3 = rowStartingWith(s, "3　持続可能な財政運営", 8).getRowNum();
            assertThat(row(s, goal3 + 3)).first().isEqualTo("■ ×指標（1項目）");
            // 概ね達成 is no level of this plan: in neither list
            int goal1 = rowStartingWith(s, "1　市民サービスの向上", 8).getRowNum();
            assertThat(row(s, goal1 + 1)).first().isEqualTo("■ ○指標（0項目）");
        }
    }

    private static CommitteeReport withGrades(CommitteeReport r, GradeScale grades) {
        return new CommitteeReport(r.planCode(), r.planName(), r.municipality(), r.adminDepartment(), r.fiscalYear(),
                r.asOf(), r.summary(), r.indicators(), r.flags(), grades);
    }

    @Test
    void aGoalWithNothingSetShowsADashForTheRate() throws IOException {
        CommitteeReport r = atsugi();
        List<SummaryLine> summary = new ArrayList<>(r.summary());
        summary.set(2, new SummaryLine("3", "持続可能な財政運営", 0, 0, 0, 0, 0, null));
        CommitteeReport noTarget = new CommitteeReport(r.planCode(), r.planName(), r.municipality(),
                r.adminDepartment(), r.fiscalYear(), r.asOf(), summary, r.indicators(), r.flags());
        try (XSSFWorkbook wb = open(noTarget)) {
            Cell rate = wb.getSheet("総括表").getRow(6).getCell(6);
            assertThat(rate.getCellType()).isEqualTo(CellType.STRING);
            assertThat(rate.getStringCellValue()).isEqualTo("－");
        }
    }

    @Test
    void oneSentenceStatesTheCountsAndShares() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            XSSFSheet s = wb.getSheet("総括表");
            Row sentence = rowStartingWith(s, "設定項目");
            assertThat(sentence.getCell(0).getStringCellValue()).isEqualTo("設定項目41項目のうち、目標達成27項目（65.9％）、"
                    + "概ね達成9項目（22.0％）、未達成5項目（12.2％）、未提出1項目（2.4％）で、概ね達成以上は36項目（87.8％）でした。");
            assertThat(s.getMergedRegions()).contains(new CellRangeAddress(sentence.getRowNum(), sentence.getRowNum(), 0, 6));
        }
    }

    @Test
    void summaryHasAPieChartOfTheWholePlanWithPercentages() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            XSSFSheet s = wb.getSheet("総括表");
            List<XSSFChart> charts = s.getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(1);
            XSSFChart chart = charts.get(0);
            assertThat(chart.getTitleText().getString()).isEqualTo("計画全体の取組結果（令和7年度）");
            assertThat(chart.getCTChart().getLegend()).isNotNull();

            List<XDDFChartData> data = chart.getChartSeries();
            assertThat(data).hasSize(1);
            assertThat(data.get(0)).isInstanceOf(XDDFPieChartData.class);
            XDDFPieChartData pie = (XDDFPieChartData) data.get(0);
            assertThat(pie.getSeriesCount()).isEqualTo(1);
            XDDFPieChartData.Series series = (XDDFPieChartData.Series) pie.getSeries(0);
            // the total row's 目標達成, 概ね達成, 未達成 and 未提出, named by their headers
            assertThat(range(series.getValuesData().getDataRangeReference())).isEqualTo("$C$8:$F$8");
            assertThat(series.getValuesData().getDataRangeReference()).contains("総括表");
            assertThat(range(series.getCategoryData().getDataRangeReference())).isEqualTo("$C$4:$F$4");
            assertThat(series.getValuesData().getPointCount()).isEqualTo(4);
            List<Number> values = new ArrayList<>();
            List<Object> names = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                values.add(series.getValuesData().getPointAt(i).intValue());
                names.add(series.getCategoryData().getPointAt(i));
            }
            assertThat(values).containsExactly(27, 9, 5, 1);
            assertThat(names).containsExactly("目標達成項目（100％以上）", "概ね達成（80％以上100％未満）",
                    "未達成（80％未満）", "未提出");
            CTDLbls labels = series.getCTPieSer().getDLbls();
            assertThat(labels.getShowPercent().getVal()).isTrue();
            assertThat(labels.getShowVal().getVal()).isFalse();
            // one decimal, and nothing for an empty level
            assertThat(labels.getNumFmt().getFormatCode()).isEqualTo("0.0%;;;");
        }
    }

    @Test
    void withNothingOutstandingThePieHasNoSliceForIt() throws IOException {
        CommitteeReport r = atsugi();
        List<SummaryLine> summary = new ArrayList<>(r.summary());
        summary.set(3, new SummaryLine("total", null, 41, 27, 9, 5, 0, new BigDecimal("87.8")));
        try (XSSFWorkbook wb = open(new CommitteeReport(r.planCode(), r.planName(), r.municipality(),
                r.adminDepartment(), r.fiscalYear(), r.asOf(), summary, r.indicators(), r.flags()))) {
            XDDFChartData.Series series = wb.getSheet("総括表").getDrawingPatriarch().getCharts().get(0)
                    .getChartSeries().get(0).getSeries(0);
            assertThat(range(series.getValuesData().getDataRangeReference())).isEqualTo("$C$8:$E$8");
            assertThat(series.getValuesData().getPointCount()).isEqualTo(3);
        }
    }

    @Test
    void eachGoalListsItsIndicatorsReachedAndNotReached() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            XSSFSheet s = wb.getSheet("総括表");
            int goal1 = rowStartingWith(s, "1　市民サービスの向上", 8).getRowNum();
            assertThat(s.getMergedRegions()).contains(new CellRangeAddress(goal1, goal1, 0, 4));
            assertThat(row(s, goal1 + 1)).first().isEqualTo("■ 達成・概ね達成指標（1項目）");
            assertThat(row(s, goal1 + 2)).containsExactly("成果指標", "実績（目標）", "判定", "主な成果・課題", "今後の取組");
            assertThat(row(s, goal1 + 3)).containsExactly("電子申請の利用率", "57.3%（60%）", "概ね達成",
                    "利用率は伸びたが、高齢者の利用が少ない。", "窓口での案内を強化する。");
            assertThat(s.getRow(goal1 + 3).getCell(1).getCellStyle().getAlignment()).isEqualTo(HorizontalAlignment.RIGHT);
            // not submitted (no grade) is in neither list
            assertThat(row(s, goal1 + 4)).first().isEqualTo("■ 未達成指標（0項目）");
            assertThat(row(s, goal1 + 5)).first().isEqualTo("該当なし");

            int goal2 = rowStartingWith(s, "2　効率的・効果的な行政運営", 8).getRowNum();
            assertThat(row(s, goal2 + 3)).containsExactly("研修受講者数", "320人（300人）", "達成", "受講者の満足度が高い。",
                    "継続する。");
            int goal3 = rowStartingWith(s, "3　持続可能な財政運営", 8).getRowNum();
            assertThat(row(s, goal3 + 1)).first().isEqualTo("■ 達成・概ね達成指標（0項目）");
            assertThat(row(s, goal3 + 3)).first().isEqualTo("■ 未達成指標（1項目）");
            assertThat(row(s, goal3 + 5)).containsExactly("市税収納率", "97.1%（98.5%）", "未達成",
                    "滞納整理は進んだが、現年度分が伸びなかった。", "口座振替を勧める。");
        }
    }

    /**
     * A department that types a bare number (293500 in an Excel number cell, 92.3 for a percentage) is shown as
     * the plan writes its targets: with thousands separators and the indicator's unit, so that 実績 and 目標 read
     * alike; a figure written with its unit or 約 stays as written.
     */
    @Test
    void aBareNumberReadsWithItsUnitAsTheTargetDoes() throws IOException {
        List<IndicatorLine> lines = List.of(
                new IndicatorLine("1", "市民サービスの向上", "(1) 歳入の確保", "企業誘致", "①設備投資の支援", "産業振興課",
                        "I-1-ア-1", "設備投資額", "千円", "290,000千円", "293500", new BigDecimal("101"), "達成",
                        "補助金を交付した。", "目標を上回った。", "継続する。"),
                new IndicatorLine("1", "市民サービスの向上", "(1) 歳入の確保", "企業誘致", "①設備投資の支援", "行政経営課",
                        "I-1-ア-2", "研修の理解度", "%", "90%", "９２．３", new BigDecimal("103"), "達成",
                        "研修を行った。", "理解が進んだ。", "継続する。"),
                new IndicatorLine("1", "市民サービスの向上", "(1) 歳入の確保", "企業誘致", "①設備投資の支援", "行政経営課",
                        "I-1-ア-3", "導入手続数", "件", "3", "約1,020件", new BigDecimal("100"), "達成",
                        "導入した。", "定着した。", "拡大する。"));
        CommitteeReport r = atsugi();
        try (XSSFWorkbook wb = open(new CommitteeReport(r.planCode(), r.planName(), r.municipality(),
                r.adminDepartment(), r.fiscalYear(), r.asOf(), r.summary(), lines, r.flags()))) {
            XSSFSheet s = wb.getSheet("総括表");
            int goal1 = rowStartingWith(s, "1　市民サービスの向上", 8).getRowNum();
            assertThat(row(s, goal1 + 3).get(1)).isEqualTo("293,500千円（290,000千円）");
            assertThat(row(s, goal1 + 4).get(1)).isEqualTo("92.3%（90%）");
            assertThat(row(s, goal1 + 5).get(1)).isEqualTo("約1,020件（3件）");
            XSSFSheet list = wb.getSheet("取組一覧");
            Row first = rowStartingWith(list, "(1) 歳入の確保");
            assertThat(row(list, first.getRowNum()).subList(5, 7)).containsExactly("290,000千円", "293,500千円");
            assertThat(row(list, first.getRowNum() + 1).subList(5, 7)).containsExactly("90%", "92.3%");
            assertThat(row(list, first.getRowNum() + 2).subList(5, 7)).containsExactly("3件", "約1,020件");
        }
    }

    /** A line of goal 1 in 千円 or another unit, its actual as written and as stored. */
    private static IndicatorLine stored(String code, String unit, String target, String actualText,
                                        String actualValue) {
        return new IndicatorLine("1", "市民サービスの向上", "(1) 歳入の確保", "広告収入の確保", "①広告枠の拡大", "行政経営課",
                code, "指標" + code, unit, target, actualText, new BigDecimal("105"), "達成", "実施した。", "増えた。",
                "継続する。", "達成", null, null, actualValue == null ? null : new BigDecimal(actualValue));
    }

    /**
     * 実績（目標） reads as the console and `status` write them (atsugi-7-2's own cells): the target's space before its
     * unit dropped (175 時間), a bare target given its unit (I-3-ウ-1's 90), separators, the scale word as written.
     */
    @Test
    void actualAndTargetReadAsTheConsoleAndStatusWriteThem() {
        assertThat(CommitteeWorkbook.actualAndTarget(stored("I-3-ア-1", "時間", "175 時間", "182.4", "182.4")))
                .isEqualTo("182.4時間（175時間）");
        assertThat(CommitteeWorkbook.actualAndTarget(stored("I-3-ウ-1", "件", "90", "91", "91"))).isEqualTo("91件（90件）");
        assertThat(CommitteeWorkbook.actualAndTarget(stored("I-1-ア-2", "グループ", "5 グループ", "5", "5")))
                .isEqualTo("5グループ（5グループ）");
        assertThat(CommitteeWorkbook.actualAndTarget(stored("I-2-イ-3", "人", "1,000人", "1000", "1000")))
                .isEqualTo("1,000人（1,000人）");
        assertThat(CommitteeWorkbook.actualAndTarget(stored("I-3-イ-1", "文字", "1,560万文字", "1,630万文字", "16300000")))
                .isEqualTo("16,300,000文字（1,560万文字）");
        assertThat(CommitteeWorkbook.actualAndTarget(stored("I-1-イ-2", null, "見直し・反映", "反映済み", null)))
                .isEqualTo("反映済み（見直し・反映）");
    }

    /**
     * A value written in another unit than the indicator's (15,820,500 beside 円 for an indicator in 千円) or with
     * a scale word (1.6億円) is stored in the indicator's unit, and the committee reads it so: 15,820.5千円, with
     * 約 and ▲ kept. A figure whose number is the one stored reads as before, and words stay words.
     */
    @Test
    void aValueWrittenInAnotherUnitReadsAsStoredInTheIndicatorsUnit() throws IOException {
        List<IndicatorLine> lines = List.of(
                stored("I-1-ア-1", "千円", "15,000 千円", "15,820,500", "15820.5"),
                stored("I-1-ア-2", "千円", "15,000 千円", "約15,820,500円", "15820.5"),
                stored("I-1-ア-3", "千円", "150,000千円", "1.6億円", "160000"),
                stored("I-1-ア-4", "千円", "0千円", "▲1,500,000", "-1500"),
                stored("I-1-ア-5", "千円", "15,000 千円", "15900", "15900"),
                stored("I-1-ア-6", "千円", "15,000 千円", "約15,000千円", "15000"),
                stored("I-1-ア-7", "", "導入", "導入", null));
        CommitteeReport r = atsugi();
        try (XSSFWorkbook wb = open(new CommitteeReport(r.planCode(), r.planName(), r.municipality(),
                r.adminDepartment(), r.fiscalYear(), r.asOf(), r.summary(), lines, r.flags()))) {
            XSSFSheet s = wb.getSheet("総括表");
            int first = rowStartingWith(s, "指標I-1-ア-1").getRowNum();
            List<String> summary = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                summary.add(row(s, first + i).get(1));
            }
            // the target without the plan's space before its unit, as every report writes it
            assertThat(summary).containsExactly("15,820.5千円（15,000千円）", "約15,820.5千円（15,000千円）",
                    "160,000千円（150,000千円）", "▲1,500千円（0千円）", "15,900千円（15,000千円）",
                    "約15,000千円（15,000千円）", "導入（導入）");
            XSSFSheet list = wb.getSheet("取組一覧");
            int listed = rowStartingWith(list, "(1) 歳入の確保").getRowNum();
            List<String> actuals = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                actuals.add(row(list, listed + i).get(6));
            }
            assertThat(actuals).containsExactly("15,820.5千円", "約15,820.5千円", "160,000千円", "▲1,500千円",
                    "15,900千円", "約15,000千円", "導入");
        }
    }

    /**
     * The same from a department's file, loaded and reported as the overnight run does: 15,820,500 with 円 in
     * its 単位 column for 広告料収入 (千円) reads 15,820.5千円 on 総括表 and 取組一覧; 3 with 件 for a count of
     * 事業 reads 3事業, as before.
     */
    @Test
    void aFilesValueInYenForAnIndicatorInThousandsOfYenReadsInThousandsInTheWorkbook() throws Exception {
        MasterData master = new MasterDataLoader().load(Path.of("config"));
        try (Database db = TestDatabase.fresh()) {
            new MasterDataSync().sync(db, master);
            Path file = DepartmentFiles.csv(folder.resolve("行政経営課_実績.csv"), StandardCharsets.UTF_8, true, ",",
                    List.of("指標コード", "年度", "実績値", "単位", "取組状況"), List.of(
                            List.of("II-2-ア-1", "2025", "15,820,500", "円", "広告枠を拡大した。"),
                            List.of("II-1-ア-1", "2025", "3", "件", "事務事業評価を実施した。")));
            SubmissionIngestor ingestor = new SubmissionIngestor(db, master, ZoneId.of("Asia/Tokyo"),
                    new ReceiptMailer(new Outbox(new MimeComposer(TestMail.offline(folder.resolve("outbox")),
                            Clock.systemUTC())), new ReceiptNotice(TestMail.offline(folder.resolve("outbox")))),
                    List.of());
            IngestOutcome outcome = ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder",
                    "行政経営課", Instant.parse("2026-05-20T01:00:00Z"), null));
            assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);

            CommitteeReport report = new CommitteeReportBuilder(db).build(master.plan("atsugi-7-2").orElseThrow(),
                    2025, AS_OF);
            Path written = writer.writeTo(Files.createDirectories(folder.resolve("committee")), report);
            try (InputStream in = Files.newInputStream(written); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                XSSFSheet s = wb.getSheet("総括表");
                assertThat(row(s, rowStartingWith(s, "広告料収入").getRowNum()).get(1))
                        .isEqualTo("15,820.5千円（15,000千円）");
                assertThat(row(s, rowStartingWith(s, "事務事業評価により").getRowNum()).get(1)).isEqualTo("3事業（2事業）");
                XSSFSheet list = wb.getSheet("取組一覧");
                assertThat(listed(list, "広告料収入").subList(5, 7)).containsExactly("15,000千円", "15,820.5千円");
                assertThat(listed(list, "事務事業評価により").subList(5, 7)).containsExactly("2事業", "3事業");
            }
        }
    }

    /** The row of 取組一覧 whose 成果指標 starts so. */
    private static List<String> listed(XSSFSheet list, String indicatorName) {
        for (int i = 1; i <= list.getLastRowNum(); i++) {
            Row row = list.getRow(i);
            Cell name = row == null ? null : row.getCell(4);
            if (name != null && name.getCellType() == CellType.STRING
                    && name.getStringCellValue().startsWith(indicatorName)) {
                return row(list, i);
            }
        }
        throw new AssertionError("no line of " + indicatorName);
    }

    private static Row rowStartingWith(XSSFSheet sheet, String prefix) {
        return rowStartingWith(sheet, prefix, 0);
    }

    private static Row rowStartingWith(XSSFSheet sheet, String prefix, int from) {
        for (int i = from; i <= sheet.getLastRowNum(); i++) {
            Row row = sheet.getRow(i);
            Cell first = row == null ? null : row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING
                    && first.getStringCellValue().startsWith(prefix)) {
                return row;
            }
        }
        throw new AssertionError("no row starting with " + prefix);
    }

    private static String range(String reference) {
        return reference.substring(reference.lastIndexOf('!') + 1);
    }

    @Test
    void indicatorListIsGroupedByGoalInPlanOrder() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            XSSFSheet s = wb.getSheet("取組一覧");
            assertThat(row(s, 0)).containsExactly("分類", "取組項目", "取組内容", "担当課", "成果指標", "目標", "実績",
                    "達成率", "判定", "取組状況", "成果と課題", "今後の取組");
            assertThat(s.getRow(0).getCell(0).getCellStyle().getFont().getBold()).isTrue();

            assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("1　市民サービスの向上");
            assertThat(s.getMergedRegions()).contains(new CellRangeAddress(1, 1, 0, 11), new CellRangeAddress(4, 4, 0, 11));
            assertThat(s.getRow(1).getCell(0).getCellStyle().getFillForegroundColorColor()).isNotNull();
            assertThat(row(s, 2)).containsExactly("(1) 行政手続のオンライン化", "電子申請の拡充",
                    "①電子申請できる手続を増やす\n②申請画面を分かりやすくする", "DX推進課", "電子申請の利用率", "60%",
                    "57.3%", "96", "概ね達成", "対象手続を32件追加した。", "利用率は伸びたが、高齢者の利用が少ない。",
                    "窓口での案内を強化する。");
            Cell rate = s.getRow(2).getCell(7);
            assertThat(rate.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(rate.getCellStyle().getDataFormatString()).isEqualTo("0\"%\"");
            assertThat(s.getRow(2).getCell(2).getCellStyle().getWrapText()).isTrue();
            assertThat(s.getRow(2).getHeightInPoints()).isGreaterThan(s.getDefaultRowHeightInPoints());

            assertThat(row(s, 3).subList(6, 9)).containsExactly("未記入", "－", "－");
            assertThat(s.getRow(4).getCell(0).getStringCellValue()).isEqualTo("2　効率的・効果的な行政運営");
            assertThat(row(s, 5).get(4)).isEqualTo("研修受講者数");
            assertThat(s.getRow(6).getCell(0).getStringCellValue()).isEqualTo("3　持続可能な財政運営");
            assertThat(s.getLastRowNum()).isEqualTo(7);
        }
    }

    @Test
    void theIndicatorsOfOneInitiativeShareMergedInitiativeCells() throws IOException {
        CommitteeReport r = atsugi();
        List<IndicatorLine> lines = new ArrayList<>(r.indicators());
        String actions = "①電子申請できる手続を増やす\n②申請画面を分かりやすくする\n③窓口でも申請を手伝う\n④利用者の声を聞く"
                + "\n⑤操作の動画を作る\n⑥高齢者向けの講座を開く";
        lines.set(0, new IndicatorLine("1", "市民サービスの向上", "(1) 行政手続のオンライン化", "電子申請の拡充", actions,
                "DX推進課", "I-1-ア-1", "電子申請の利用率", "%", "60%", "57.3%", new BigDecimal("96"), "概ね達成", "", "",
                ""));
        lines.add(1, new IndicatorLine("1", "市民サービスの向上", "(1) 行政手続のオンライン化", "電子申請の拡充", actions,
                "DX推進課", "I-1-ア-2", "電子申請できる手続の数", "件", "120件", "1,250件", new BigDecimal("1042"),
                "達成", "", "", ""));
        try (XSSFWorkbook wb = open(new CommitteeReport(r.planCode(), r.planName(), r.municipality(),
                r.adminDepartment(), r.fiscalYear(), r.asOf(), r.summary(), lines, r.flags()))) {
            XSSFSheet s = wb.getSheet("取組一覧");
            assertThat(row(s, 2).get(4)).isEqualTo("電子申請の利用率");
            assertThat(row(s, 3).get(4)).isEqualTo("電子申請できる手続の数");
            for (int column = 0; column < 3; column++) {
                assertThat(s.getMergedRegions()).contains(new CellRangeAddress(2, 3, column, column));
            }
            assertThat(s.getRow(2).getCell(2).getStringCellValue()).isEqualTo(actions);
            // one line each of their own, together as high as the six 取組内容 lines need
            float both = s.getRow(2).getHeightInPoints() + s.getRow(3).getHeightInPoints();
            assertThat(both).isGreaterThanOrEqualTo(6 * 18.75f);
            // the next initiative has cells of its own
            assertThat(s.getMergedRegions()).noneMatch(m -> m.isInRange(4, 0));
            // figures right-aligned
            for (int column : new int[] {5, 6, 7}) {
                assertThat(s.getRow(3).getCell(column).getCellStyle().getAlignment()).as("column " + column)
                        .isEqualTo(HorizontalAlignment.RIGHT);
            }
            assertThat(s.getRow(3).getCell(6).getStringCellValue()).isEqualTo("1,250件");
        }
    }

    @Test
    void departmentTextThatLooksLikeAFormulaStaysText() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            Row r = wb.getSheet("取組一覧").getRow(3);
            for (int i : new int[] {3, 9, 10, 11}) {
                assertThat(r.getCell(i).getCellType()).as("column " + i).isEqualTo(CellType.STRING);
                assertThat(r.getCell(i).getCellStyle().getQuotePrefixed()).as("column " + i).isTrue();
            }
            assertThat(r.getCell(3).getStringCellValue()).isEqualTo("=HYPERLINK(\"x\")");
            assertThat(r.getCell(9).getStringCellValue()).isEqualTo("+検討中");
            assertThat(r.getCell(4).getCellStyle().getQuotePrefixed()).isFalse();
        }
    }

    @Test
    void indicatorListHasAFrozenFilteredHeaderRepeatedInPrint() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            XSSFSheet s = wb.getSheet("取組一覧");
            PaneInformation pane = s.getPaneInformation();
            assertThat(pane.isFreezePane()).isTrue();
            assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(pane.getVerticalSplitPosition()).isEqualTo((short) 0);
            assertThat(CellRangeAddress.valueOf(s.getCTWorksheet().getAutoFilter().getRef()))
                    .isEqualTo(new CellRangeAddress(0, 7, 0, 11));
            assertThat(s.getRepeatingRows()).isEqualTo(CellRangeAddress.valueOf("1:1"));
            int total = 0;
            for (int i = 0; i < 12; i++) {
                assertThat(s.getColumnWidth(i)).as("column " + i).isBetween(8 * 256, 32 * 256);
                total += s.getColumnWidth(i) / 256;
            }
            // about 240 characters: A4 landscape prints them at about 60%, some ten indicators to a page
            assertThat(total).isLessThanOrEqualTo(250);
        }
    }

    @Test
    void everySheetPrintsOnA4LandscapeOnePageWide() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            for (String name : List.of("総括表", "取組一覧", "確認事項")) {
                XSSFSheet s = wb.getSheet(name);
                PrintSetup print = s.getPrintSetup();
                assertThat(print.getPaperSize()).as(name).isEqualTo(PrintSetup.A4_PAPERSIZE);
                assertThat(print.getLandscape()).as(name).isTrue();
                assertThat(s.getFitToPage()).as(name).isTrue();
                assertThat(print.getFitWidth()).as(name).isEqualTo((short) 1);
                assertThat(print.getFitHeight()).as(name).isZero();
                assertThat(s.getHeader().getLeft()).as(name).isEqualTo(PLAN_NAME);
                assertThat(s.getFooter().getCenter()).as(name).isEqualTo("&P / &N");
            }
        }
    }

    @Test
    void noFlagsSaysSo() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            XSSFSheet s = wb.getSheet("確認事項");
            assertThat(row(s, 0)).containsExactly("担当課", "指標コード", "成果指標", "実績", "内容");
            assertThat(s.getLastRowNum()).isEqualTo(1);
            assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("該当なし");
        }
    }

    @Test
    void openFlagsAreListed() throws IOException {
        CommitteeReport r = atsugi(List.of(new FlagLine("DX推進課", "I-1-ア-1", "電子申請の利用率", "=1+1",
                "out_of_range", "想定範囲外の値です。確認をお願いします。")));
        try (XSSFWorkbook wb = open(r)) {
            XSSFSheet s = wb.getSheet("確認事項");
            assertThat(row(s, 1)).containsExactly("DX推進課", "I-1-ア-1", "電子申請の利用率", "=1+1",
                    "想定範囲外の値です。確認をお願いします。");
            assertThat(s.getRow(1).getCell(3).getCellType()).isEqualTo(CellType.STRING);
        }
    }

    @Test
    void aReportWithNothingInItStillOpens() throws IOException {
        CommitteeReport empty = new CommitteeReport("atsugi-7-2", PLAN_NAME, "厚木市", "行政経営課", 2025, null,
                List.of(), List.of(), List.of());
        try (XSSFWorkbook wb = open(empty)) {
            assertThat(wb.getSheet("総括表").getRow(1).getCell(0).getStringCellValue()).isEqualTo("基準日　－");
            assertThat(wb.getSheet("総括表").getDrawingPatriarch()).isNull();
            assertThat(wb.getSheet("取組一覧").getRow(1).getCell(0).getStringCellValue()).isEqualTo("該当なし");
            assertThat(wb.getSheet("確認事項").getRow(1).getCell(0).getStringCellValue()).isEqualTo("該当なし");
        }
    }

    @Test
    void usesAJapaneseFontThroughout() throws IOException {
        try (XSSFWorkbook wb = open(atsugi())) {
            for (int i = 0; i < wb.getNumberOfFonts(); i++) {
                assertThat(wb.getFontAt(i).getFontName()).isEqualTo("游ゴシック");
            }
        }
    }

    @Test
    void fileNameCarriesPlanAndYear() {
        assertThat(CommitteeWorkbook.fileName(atsugi())).isEqualTo("行革実績_atsugi-7-2_2025年度.xlsx");
    }
}
