package jp.reform.collector.exceptionreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The attachment as Excel will open it: read back with POI. */
class ExceptionReportWorkbookTest {

    private static final List<String> SHEETS = List.of("概要", "未提出・期限超過", "確認が必要な値", "自己評価の不一致",
            "却下したファイル", "未登録の送信者", "送信できなかったメール", "受け付けできない場所・種類のファイル",
            "読み取れなかったメール", "添付ファイルを受け付けなかったメール");

    private final ExceptionReportWorkbook writer = new ExceptionReportWorkbook();

    private static XSSFWorkbook open(byte[] bytes) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    }

    private static List<String> row(XSSFSheet sheet, int index) {
        List<String> values = new ArrayList<>();
        Row row = sheet.getRow(index);
        for (int i = 0; i < row.getLastCellNum(); i++) {
            Cell cell = row.getCell(i);
            values.add(cell == null ? "" : switch (cell.getCellType()) {
                case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? cell.getLocalDateTimeCellValue().toString()
                        : Long.toString((long) cell.getNumericCellValue());
                case STRING -> cell.getStringCellValue();
                default -> "";
            });
        }
        return values;
    }

    @Test
    void hasOneSheetPerCategoryAfterTheSummary() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).isEqualTo(SHEETS);
        }
    }

    @Test
    void summaryStatesThePlanTheRoundAndTheCounts() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            XSSFSheet s = wb.getSheet("概要");
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("行政改革実施計画 例外レポート");
            assertThat(row(s, 2)).containsExactly("計画", ExceptionReportSamples.PLAN_NAME);
            Cell asOf = s.getRow(3).getCell(1);
            assertThat(asOf.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(asOf.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(ExceptionReportSamples.AS_OF);
            assertThat(asOf.getCellStyle().getDataFormatString()).isEqualTo("yyyy\"年\"m\"月\"d\"日\"");
            assertThat(row(s, 4)).containsExactly("対象年度", "令和7年度（2025年度）");
            assertThat(row(s, 8)).containsExactly("区分", "件数", "説明");
            assertThat(row(s, 9)).startsWith("未提出・期限超過", "3");
            assertThat(row(s, 9).get(2)).contains("うち期限超過 2件");
            assertThat(row(s, 10)).startsWith("確認が必要な値", "1");
            assertThat(row(s, 11)).startsWith("自己評価の不一致", "1");
            assertThat(row(s, 12)).startsWith("却下したファイル", "1");
            assertThat(row(s, 13)).startsWith("未登録の送信者", "1");
            assertThat(row(s, 14)).startsWith("送信できなかったメール", "1");
            assertThat(row(s, 15)).startsWith("受け付けできない場所・種類のファイル", "1");
            assertThat(row(s, 16)).startsWith("読み取れなかったメール", "1");
            assertThat(row(s, 17)).startsWith("添付ファイルを受け付けなかったメール", "1");
            assertThat(s.getRow(17).getCell(0).getHyperlink().getAddress()).isEqualTo("'添付ファイルを受け付けなかったメール'!A1");
            assertThat(s.getRow(9).getCell(0).getHyperlink().getAddress()).isEqualTo("'未提出・期限超過'!A1");
            assertThat(s.getRow(8).getCell(0).getCellStyle().getFont().getBold()).isTrue();
        }
    }

    @Test
    void aClosedRoundIsStatedOnTheSummaryAndEachMissingRow() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.closed(java.time.LocalDate.of(2026, 6, 25))))) {
            XSSFSheet s = wb.getSheet("概要");
            assertThat(row(s, 6)).containsExactly("締切", "2026年6月25日に締め切りました（担当課への督促は行っていません）");
            assertThat(row(s, 7)).containsExactly("宛先", "行政経営課");
            assertThat(row(s, 10)).startsWith("未提出・期限超過", "3");
            assertThat(row(s, 10).get(2)).contains("締切済みの年度のため記録として掲載しています。担当課への督促は行っていません")
                    .doesNotContain("うち期限超過");
            assertThat(row(wb.getSheet("未提出・期限超過"), 1)).containsExactly("DX推進課", "I-3-イ-1", "電子申請の利用率",
                    "2025", "60%", "実績値が未記入、自己評価が未記入（締切済み）", "15");
        }
    }

    @Test
    void missingResultsAreSortedByDepartmentThenCode() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            XSSFSheet s = wb.getSheet("未提出・期限超過");
            assertThat(row(s, 0)).containsExactly("担当課", "指標コード", "成果指標", "年度", "目標", "不足している内容",
                    "期限超過日数");
            assertThat(row(s, 1)).containsExactly("DX推進課", "I-3-イ-1", "電子申請の利用率", "2025", "60%",
                    "実績値が未記入、自己評価が未記入", "15");
            // I-1-ア-2 before I-1-ア-10; not overdue leaves the days blank
            assertThat(row(s, 2)).containsExactly("職員課", "I-1-ア-2", "時間外勤務の削減", "2025", "前年度比5%減",
                    "取組状況が未記入", "");
            assertThat(row(s, 3).subList(0, 2)).containsExactly("職員課", "I-1-ア-10");
            assertThat(s.getRow(1).getCell(3).getCellStyle().getDataFormatString()).isEqualTo("0\"年度\"");
        }
    }

    @Test
    void everyListSheetHasAStyledFrozenFilteredHeader() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            for (String name : SHEETS.subList(1, SHEETS.size())) {
                XSSFSheet s = wb.getSheet(name);
                XSSFCell first = s.getRow(0).getCell(0);
                assertThat(first.getCellStyle().getFont().getBold()).as(name).isTrue();
                assertThat(first.getCellStyle().getFillForegroundColorColor()).as(name).isNotNull();

                PaneInformation pane = s.getPaneInformation();
                assertThat(pane).as(name).isNotNull();
                assertThat(pane.isFreezePane()).as(name).isTrue();
                assertThat(pane.getHorizontalSplitPosition()).as(name).isEqualTo((short) 1);
                assertThat(pane.getVerticalSplitPosition()).as(name).isEqualTo((short) 0);

                int lastColumn = s.getRow(0).getLastCellNum() - 1;
                CellRangeAddress filter = CellRangeAddress.valueOf(s.getCTWorksheet().getAutoFilter().getRef());
                assertThat(filter.getFirstRow()).as(name).isZero();
                assertThat(filter.getFirstColumn()).as(name).isZero();
                assertThat(filter.getLastColumn()).as(name).isEqualTo(lastColumn);
                assertThat(filter.getLastRow()).as(name).isEqualTo(s.getLastRowNum());

                assertThat(s.getRepeatingRows()).as(name).isEqualTo(CellRangeAddress.valueOf("1:1"));
                for (int i = 0; i <= lastColumn; i++) {
                    assertThat(s.getColumnWidth(i)).as(name + " column " + i).isBetween(8 * 256, 72 * 256);
                }
            }
        }
    }

    @Test
    void datesShowInFullNotAsHashes() throws IOException {
        DataFormatter shown = new DataFormatter(java.util.Locale.JAPAN);
        int dateCells = 0;
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            for (String name : SHEETS.subList(1, SHEETS.size())) {
                XSSFSheet s = wb.getSheet(name);
                for (int r = 1; r <= s.getLastRowNum(); r++) {
                    for (Cell cell : s.getRow(r)) {
                        if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                            String text = shown.formatCellValue(cell);
                            assertThat(text).as(name).matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}");
                            // Excel shows ### when the text does not fit: room for it, the cell's padding and a
                            // font with wider digits than 游ゴシック
                            assertThat(s.getColumnWidth(cell.getColumnIndex()))
                                    .as(name + " " + cell.getAddress()).isGreaterThanOrEqualTo((text.length() + 4) * 256);
                            dateCells++;
                        }
                    }
                }
            }
        }
        assertThat(dateCells).isGreaterThan(3);
    }

    @Test
    void printsOnA4LandscapeOnePageWide() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            for (String name : SHEETS) {
                XSSFSheet s = wb.getSheet(name);
                PrintSetup print = s.getPrintSetup();
                assertThat(print.getPaperSize()).as(name).isEqualTo(PrintSetup.A4_PAPERSIZE);
                assertThat(print.getLandscape()).as(name).isTrue();
                assertThat(s.getFitToPage()).as(name).isTrue();
                assertThat(print.getFitWidth()).as(name).isEqualTo((short) 1);
                assertThat(print.getFitHeight()).as(name).isZero();
            }
        }
    }

    @Test
    void textThatLooksLikeAFormulaStaysText() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            Cell department = wb.getSheet("確認が必要な値").getRow(1).getCell(0);
            assertThat(department.getCellType()).isEqualTo(CellType.STRING);
            assertThat(department.getStringCellValue()).isEqualTo("=SUM(A1)");
            assertThat(department.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(wb.getSheet("確認が必要な値").getRow(1).getCell(1).getCellStyle().getQuotePrefixed()).isFalse();
        }
    }

    @Test
    void contradictionsHaveTheirOwnSheet() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            XSSFSheet values = wb.getSheet("確認が必要な値");
            XSSFSheet contradictions = wb.getSheet("自己評価の不一致");
            assertThat(row(values, 0)).containsExactly("担当課", "指標コード", "成果指標", "年度", "実績値", "内容");
            assertThat(values.getLastRowNum()).isEqualTo(1);
            assertThat(row(contradictions, 0)).isEqualTo(row(values, 0));
            assertThat(row(contradictions, 1)).containsExactly("行政総務課", "I-2-イ-2", "文書の電子化率", "2025", "72.1%",
                    "自己評価と数値による判定が一致しません。確認をお願いします。");
        }
    }

    @Test
    void rejectedFilesShowReasonsOnSeparateLinesAndARealDate() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            XSSFSheet s = wb.getSheet("却下したファイル");
            assertThat(row(s, 0)).containsExactly("受付番号", "受付日時", "経路", "提出課", "ファイル名", "理由");
            assertThat(row(s, 1)).containsExactly("R2026-0042", "2026-06-29T14:05", "メール", "（不明）",
                    "実績報告_危機管理課.xlsx", "指標コードが空欄です。\n年度として読めません。");
            Cell received = s.getRow(1).getCell(1);
            assertThat(received.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(received)).isTrue();
            assertThat(received.getCellStyle().getDataFormatString()).isEqualTo("yyyy/mm/dd hh:mm");
            assertThat(received.getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(2026, 6, 29, 14, 5));
            assertThat(s.getRow(1).getCell(5).getCellStyle().getWrapText()).isTrue();
            assertThat(s.getRow(1).getHeightInPoints()).isGreaterThan(s.getDefaultRowHeightInPoints());
        }
    }

    @Test
    void failedMailIsDescribedInJapanese() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            XSSFSheet s = wb.getSheet("送信できなかったメール");
            assertThat(row(s, 0)).containsExactly("作成日時", "種類", "宛先", "件名", "試行回数", "状態", "最後のエラー");
            assertThat(row(s, 1)).containsExactly("2026-06-28T23:00", "督促", "kikikanri@atsugi.example.jp",
                    "【行革実績】提出のお願い", "5", "送信失敗", "550 5.1.1 User unknown");
            assertThat(row(wb.getSheet("未登録の送信者"), 1)).containsExactly("2026-06-29T09:30",
                    "someone@example.com", "<script>alert('x')</script> & \"実績\"", "a.xlsx\nb.csv");
        }
    }

    @Test
    void unreadableMailKeepsItsHeadersAsWrittenInTextCells() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            XSSFSheet s = wb.getSheet("読み取れなかったメール");
            assertThat(row(s, 0)).containsExactly("受信日時", "差出人（ヘッダーのまま）", "件名", "添付ファイル", "理由");
            assertThat(row(s, 1)).containsExactly("2026-06-29T07:45", "<b>壊</b> <broken@example.jp",
                    "=HYPERLINK(\"http://x\")\nBcc: evil@example.com", "実績.xlsx",
                    "差出人（From）を読み取れませんでした（AddressException: Missing '>'）");
            assertThat(s.getRow(1).getCell(2).getCellType()).isEqualTo(CellType.STRING);
        }
    }

    @Test
    void mailWhoseFilesWereNotAllTakenShowsEveryFileAndTheWholeReply() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            XSSFSheet s = wb.getSheet("添付ファイルを受け付けなかったメール");
            assertThat(row(s, 0)).containsExactly("受信日時", "課", "差出人", "件名", "添付ファイル", "返信した内容");
            assertThat(row(s, 1)).containsExactly("2026-06-29T08:10", "職員課", "shokuin@atsugi.example.jp",
                    "<img src=x onerror=alert(1)>実績報告\nBcc: x@example.com",
                    "実績_1.csv\n実績_2.csv\n実績_3.csv\n実績.zip\n表紙.pdf",
                    String.join("\n", ExceptionReportSamples.NOT_TAKEN_PROBLEMS));
            assertThat(s.getRow(1).getCell(5).getCellStyle().getWrapText()).isTrue();
            assertThat(s.getLastRowNum()).isEqualTo(1);
        }
    }

    @Test
    void anEmptySheetSaysSo() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.allClear()))) {
            for (String name : SHEETS.subList(1, SHEETS.size())) {
                XSSFSheet s = wb.getSheet(name);
                assertThat(s.getLastRowNum()).as(name).isEqualTo(1);
                assertThat(s.getRow(1).getCell(0).getStringCellValue()).as(name).isEqualTo("該当なし");
            }
            assertThat(row(wb.getSheet("概要"), 9)).startsWith("未提出・期限超過", "0");
        }
    }

    @Test
    void usesAJapaneseFontThroughout() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            assertThat(wb.getFontAt(0).getFontName()).isEqualTo("游ゴシック");
            for (int i = 0; i < wb.getNumberOfFonts(); i++) {
                assertThat(wb.getFontAt(i).getFontName()).isEqualTo("游ゴシック");
            }
        }
    }

    @Test
    void aDeadlineMovedForAClosedDaySaysWhyBesideTheDate() throws IOException {
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.deadlineMoved()))) {
            assertThat(row(wb.getSheet("概要"), 5)).containsExactly("提出期限", "2026-07-17T00:00",
                    "（2026年7月20日（月）が閉庁日のため前倒し）");
        }
        try (XSSFWorkbook wb = open(writer.write(ExceptionReportSamples.full()))) {
            assertThat(row(wb.getSheet("概要"), 5)).containsExactly("提出期限", "2026-06-15T00:00");
        }
    }

    @Test
    void noRoundOpenIsStatedRatherThanLeftBlank() throws IOException {
        ExceptionReport closed = new ExceptionReport("atsugi-7-2", ExceptionReportSamples.PLAN_NAME, "行政経営課",
                ExceptionReportSamples.AS_OF, null, null, null, null, null, null, null);
        try (XSSFWorkbook wb = open(writer.write(closed))) {
            assertThat(row(wb.getSheet("概要"), 4)).containsExactly("対象年度", "受付中の年度はありません");
            assertThat(row(wb.getSheet("概要"), 5)).containsExactly("提出期限", "－");
        }
    }

    @Test
    void fileNameCarriesPlanAndDate() {
        assertThat(ExceptionReportWorkbook.fileName(ExceptionReportSamples.full()))
                .isEqualTo("例外レポート_atsugi-7-2_20260630.xlsx");
    }
}
