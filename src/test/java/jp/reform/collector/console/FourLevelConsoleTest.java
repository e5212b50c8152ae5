package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of a plan graded in Minami-Alps' four letters A|B|C|D: the board counts canonical grades under
 * the letters each covers (C・D), the department and indicator pages show the letter the department wrote, and
 * the final-grade form offers and takes the plan's letters, every one of them: D 未達成、取組困難 is a final grade of its
 * own, shown and counted as D (not as C, whose canonical grade it shares).
 */
class FourLevelConsoleTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> {
            Path plan = config.resolve("plans/minamialps-5/plan.csv");
            Files.writeString(plan, Files.readString(plan).replace(",grading\n", ",grading,grade_labels\n")
                    .replace(",self_assessment\n", ",self_assessment,A|B|C|D\n"));
        }, inbox -> DepartmentFiles.csv(Files.createDirectories(inbox.resolve("市民活動支援課")).resolve("令和8年度実績.csv"),
                StandardCharsets.UTF_8, true, ",", DepartmentFiles.HEADER, List.of(
                        List.of("4-1-1-1", "R8", "71%", "実施しました", "", "", "A"),
                        List.of("4-1-2-1", "R8", "30%", "実施しました", "", "", "B"),
                        List.of("4-1-4-1", "R8", "20%", "実施しました", "", "", "D 未達成、取組困難"))));
        server.awaitArchived(8);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theBoardHeadsCAndDTogetherAndThePagesShowTheDepartmentsD() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");

        String board = admin.get("/board?plan=minamialps-5&fy=2026").body();
        String committee = board.substring(board.indexOf("id=\"committee\""));
        committee = committee.substring(0, committee.indexOf("</table>"));
        assertThat(cells(committee, "th")).containsExactly("重点目標", "設定項目", "A", "B", "C・D", "未提出", "概ね達成率");
        String total = committee.substring(committee.indexOf("data-goal=\"total\""));
        // A (4-1-1-1), B (4-1-2-1), D (4-1-4-1): one each of 達成, 概ね達成, 未達成
        assertThat(cells(total, "td").subList(2, 5)).containsExactly("1", "1", "1");

        String department = admin.get("/departments/" + segment("市民活動支援課") + "?plan=minamialps-5&fy=2026").body();
        assertThat(department).contains("D 未達成、取組困難");
        String row = department.substring(department.indexOf("data-code=\"4-1-4-1\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(cells(row, "td")).contains("D").doesNotContain("C");

        String indicator = admin.get("/indicators/minamialps-5/4-1-4-1").body();
        String years = indicator.substring(indicator.indexOf("id=\"years\""));
        String year = years.substring(years.indexOf("令和8年度"));
        year = year.substring(0, year.indexOf("</tr>"));
        assertThat(cells(year, "td")).contains("D");
    }

    @Test
    void theFinalGradeFormOffersThePlansOwnWordsAndRefusesTheCommitteesGenericOnes() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String path = "/indicators/minamialps-5/4-1-4-1";
        String form = admin.get(path + "?fy=2026").body();
        form = form.substring(form.indexOf("id=\"final-grade-form\""));
        form = form.substring(form.indexOf("name=\"final_grade\""), form.indexOf("</select>", form.indexOf("name=\"final_grade\"")));
        // every step of the plan's own scale, D as well as C (both 未達成), then 対象外
        assertThat(form).contains("<option value=\"A\">A</option>", "<option value=\"B\">B</option>",
                "<option value=\"C\">C</option>", "<option value=\"D\">D</option>",
                "<option value=\"対象外\">対象外</option>")
                .doesNotContain("達成");

        String reason = "第2回委員会で、取組の進捗からBと判断";
        try {
            HttpResponse<String> generic = admin.post(path + "/final-grade", Map.of("_csrf", admin.token(),
                    "fy", "2026", "final_grade", "達成", "reason", reason));
            assertThat(generic.statusCode()).isEqualTo(400);
            assertThat(generic.body()).contains("最終評価「達成」は選べません。この計画の評価（A・B・C・D・対象外）のいずれかを選んでください。");
            assertThat(Sql.count(server.database(), "select count(*) from grade_override")).isZero();

            HttpResponse<String> set = admin.post(path + "/final-grade", Map.of("_csrf", admin.token(),
                    "fy", "2026", "final_grade", "B", "reason", reason));
            assertThat(set.statusCode()).isEqualTo(303);
            String page = admin.get(path + "?fy=2026").body();
            String list = page.substring(page.indexOf("id=\"final-grade-list\""));
            assertThat(cells(list.substring(0, list.indexOf("</table>")), "td")).contains("B※", reason);
            assertThat(new ConsoleClient(server).signIn("admin").get("/api" + path).body())
                    .contains("\"finalGrade\":\"概ね達成\"", "\"finalGradeLabel\":\"B\"",
                            "\"finalGradeChoices\":[\"A\",\"B\",\"C\",\"D\",\"対象外\"]");
            assertThat(admin.get("/board?plan=minamialps-5&fy=2026").body()).contains("→ 最終評価 B（理由：" + reason);
            HttpResponse<byte[]> workbook = admin.download("/downloads/committee-workbook?plan=minamialps-5&fy=2026");
            assertThat(workbook.statusCode()).isEqualTo(200);
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook.body()))) {
                assertThat(texts(wb)).contains("B※").anyMatch(t -> t.contains("→ 最終評価 B（理由：" + reason));
            }
        } finally {
            admin.post(path + "/final-grade/remove", Map.of("_csrf", admin.token(), "fy", "2026"));
        }
    }

    @Test
    void aFinalGradeOfDIsShownAndCountedAsDEverywhere() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String code = "4-1-2-1"; // the department wrote B
        String path = "/indicators/minamialps-5/" + code;
        String reason = "第2回委員会で、事業の休止から取組困難と判断";
        try {
            HttpResponse<String> set = admin.post(path + "/final-grade", Map.of("_csrf", admin.token(), "fy", "2026",
                    "shown_2026", shown(admin.get(path + "?fy=2026").body()), "final_grade", "D", "reason", reason));
            assertThat(set.statusCode()).isEqualTo(303);
            assertThat(Sql.one(server.database(), "select final_grade, final_level from grade_override"))
                    .containsEntry("final_grade", "未達成").containsEntry("final_level", 4);

            // the indicator page: the year's row and the list of final grades say D, beside the computed B
            String page = admin.get(path + "?fy=2026").body();
            String years = page.substring(page.indexOf("id=\"years\""));
            String year = years.substring(years.indexOf("令和8年度"));
            assertThat(cells(year.substring(0, year.indexOf("</tr>")), "td")).contains("B", "D※").doesNotContain("C※");
            String list = page.substring(page.indexOf("id=\"final-grade-list\""));
            assertThat(cells(list.substring(0, list.indexOf("</table>")), "td")).contains("B", "D※", reason)
                    .doesNotContain("C※");
            // a second click is answered as before: nothing changed
            HttpResponse<String> again = admin.post(path + "/final-grade", Map.of("_csrf", admin.token(), "fy", "2026",
                    "final_grade", "D", "reason", reason));
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("既に同じ最終評価「D」と理由が設定されています");

            // the API: the canonical grade as before, and beside it the step and the plan's word
            String api = admin.get("/api" + path).body();
            assertThat(api).contains("\"finalGrade\":\"未達成\"", "\"finalLevel\":4", "\"finalGradeLabel\":\"D\"",
                    "\"computedGradeLabel\":\"B\"", "\"countedGrade\":\"未達成\"").doesNotContain("\"finalGradeLabel\":\"C\"");
            String departmentApi = admin.get("/api/departments/" + segment("市民活動支援課")
                    + "?plan=minamialps-5&fy=2026").body();
            assertThat(departmentApi).contains("\"finalGradeLabel\":\"D\"", "\"finalLevel\":4");
            assertThat(admin.get("/api/board?plan=minamialps-5&fy=2026").body())
                    .contains("\"finalGradeLabel\":\"D\"", "\"computedGradeLabel\":\"B\"");

            // the board's note and the 課's page
            String note = "※ " + code;
            String board = admin.get("/board?plan=minamialps-5&fy=2026").body();
            assertThat(board).contains("算定 B → 最終評価 D（理由：" + reason);
            String department = admin.get("/departments/" + segment("市民活動支援課") + "?plan=minamialps-5&fy=2026").body();
            String row = department.substring(department.indexOf("data-code=\"" + code + "\""));
            assertThat(row.substring(0, row.indexOf("</tr>"))).contains("→ 最終評価", "D※").doesNotContain("C※");

            // the committee workbook: counted in the D column (A 4-1-1-1, D 4-1-4-1 and this one), noted as D
            HttpResponse<byte[]> workbook = admin.download("/downloads/committee-workbook?plan=minamialps-5&fy=2026");
            assertThat(workbook.statusCode()).isEqualTo(200);
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook.body()))) {
                Sheet summary = wb.getSheet("総括表");
                Row header = rowStarting(summary, "重点目標");
                Row total = rowStarting(summary, "合計");
                assertThat(count(total, column(header, "A"))).isEqualTo(1);
                assertThat(count(total, column(header, "B"))).isZero();
                assertThat(count(total, column(header, "C"))).isZero();
                assertThat(count(total, column(header, "D"))).isEqualTo(2);
                assertThat(texts(wb)).contains("D※").anyMatch(t -> t.startsWith(note)
                        && t.contains("算定 B → 最終評価 D（理由：" + reason));
            }

            // the commands for people
            assertThat(Cli.run("status", "--plan", "minamialps-5", "--fy", "2026", "--db-url", server.dbUrl()).out())
                    .contains("D※", "算定 B → 最終評価 D").doesNotContain("C※");
            assertThat(Cli.run("summary", "--plan", "minamialps-5", "--fy", "2026", "--db-url", server.dbUrl()).out())
                    .contains(note, "算定 B → 最終評価 D（理由：" + reason);

            // the audit log names the word chosen
            assertThat(Sql.one(server.database(), "select after_state->>'final_word' as word, after_state->>'final_grade'"
                    + " as grade from audit_log where action = 'grade_overridden' and indicator_code = ?", code))
                    .containsEntry("word", "D").containsEntry("grade", "未達成");
        } finally {
            admin.post(path + "/final-grade/remove", Map.of("_csrf", admin.token(), "fy", "2026"));
        }
        assertThat(Sql.count(server.database(), "select count(*) from grade_override")).isZero();
    }

    @Test
    void aChangeOfStepOnlyFromAStalePageIsNotMadeUnseen() {
        String path = "/indicators/minamialps-5/4-1-1-1";
        ConsoleClient first = new ConsoleClient(server).signIn("admin");
        ConsoleClient second = new ConsoleClient(server).signIn("admin");
        String reason = "委員会の判断";
        try {
            String none = shown(first.get(path + "?fy=2026").body());
            assertThat(none).isEqualTo("none");
            assertThat(first.post(path + "/final-grade", Map.of("_csrf", first.token(), "fy", "2026", "shown_2026", none,
                    "final_grade", "C", "reason", reason)).statusCode()).isEqualTo(303);
            // D from the page that still shows no final grade: C was set meanwhile
            HttpResponse<String> stale = first.post(path + "/final-grade", Map.of("_csrf", first.token(), "fy", "2026",
                    "shown_2026", none, "final_grade", "D", "reason", reason));
            assertThat(stale.statusCode()).isEqualTo(409);
            assertThat(stale.body()).contains("画面の内容が古くなっています", "「C」に設定");

            // both pages show C; one admin makes it D: the other's C, same grade 未達成, is a change it has not seen
            String showingC = shown(first.get(path + "?fy=2026").body());
            assertThat(second.post(path + "/final-grade", Map.of("_csrf", second.token(), "fy", "2026",
                    "shown_2026", shown(second.get(path + "?fy=2026").body()), "final_grade", "D", "reason", reason))
                    .statusCode()).isEqualTo(303);
            HttpResponse<String> backToC = first.post(path + "/final-grade", Map.of("_csrf", first.token(), "fy", "2026",
                    "shown_2026", showingC, "final_grade", "C", "reason", reason));
            assertThat(backToC.statusCode()).isEqualTo(409);
            assertThat(backToC.body()).contains("画面の内容が古くなっています", "「D」に設定");
            assertThat(Sql.one(server.database(), "select final_level from grade_override"))
                    .containsEntry("final_level", 4);
        } finally {
            first.post(path + "/final-grade/remove", Map.of("_csrf", first.token(), "fy", "2026"));
        }
    }

    /** The value of the final-grade form's field shown_2026. */
    private static String shown(String page) {
        Matcher m = Pattern.compile("name=\"shown_2026\"[^>]*value=\"([^\"]*)\"").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static Row rowStarting(Sheet sheet, String start) {
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING && first.getStringCellValue().startsWith(start)) {
                return row;
            }
        }
        throw new AssertionError("no row starting with " + start);
    }

    /** The column whose header is the level's word (「D」 or 「D 未達成、取組困難」). */
    private static int column(Row header, String word) {
        for (Cell cell : header) {
            if (cell.getCellType() == CellType.STRING && (cell.getStringCellValue().equals(word)
                    || cell.getStringCellValue().startsWith(word + " ") || cell.getStringCellValue().startsWith(word + "\n"))) {
                return cell.getColumnIndex();
            }
        }
        throw new AssertionError("no column " + word);
    }

    private static int count(Row row, int column) {
        return (int) row.getCell(column).getNumericCellValue();
    }

    private static List<String> texts(XSSFWorkbook wb) {
        List<String> texts = new java.util.ArrayList<>();
        for (Sheet sheet : wb) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.STRING) {
                        texts.add(cell.getStringCellValue());
                    }
                }
            }
        }
        return texts;
    }

    private static List<String> cells(String html, String tag) {
        Matcher m = Pattern.compile("<" + tag + "[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        List<String> cells = new java.util.ArrayList<>();
        while (m.find()) {
            cells.add(m.group(1).replaceAll("<[^>]+>", "").strip());
        }
        return cells;
    }
}
