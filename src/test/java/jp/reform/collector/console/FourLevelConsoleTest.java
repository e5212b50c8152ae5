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
 * the final-grade form offers and takes the plan's letters.
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
        // D is 未達成 as C is: a final grade keeps the grade, so it reads (and is offered) as C
        assertThat(form).contains("<option value=\"A\">A</option>", "<option value=\"B\">B</option>",
                "<option value=\"C\">C</option>", "<option value=\"対象外\">対象外</option>")
                .doesNotContain("達成");

        String reason = "第2回委員会で、取組の進捗からBと判断";
        try {
            HttpResponse<String> generic = admin.post(path + "/final-grade", Map.of("_csrf", admin.token(),
                    "fy", "2026", "final_grade", "達成", "reason", reason));
            assertThat(generic.statusCode()).isEqualTo(400);
            assertThat(generic.body()).contains("最終評価「達成」は選べません。この計画の評価（A・B・C・対象外）のいずれかを選んでください。");
            assertThat(Sql.count(server.database(), "select count(*) from grade_override")).isZero();

            HttpResponse<String> set = admin.post(path + "/final-grade", Map.of("_csrf", admin.token(),
                    "fy", "2026", "final_grade", "B", "reason", reason));
            assertThat(set.statusCode()).isEqualTo(303);
            String page = admin.get(path + "?fy=2026").body();
            String list = page.substring(page.indexOf("id=\"final-grade-list\""));
            assertThat(cells(list.substring(0, list.indexOf("</table>")), "td")).contains("B※", reason);
            assertThat(new ConsoleClient(server).signIn("admin").get("/api" + path).body())
                    .contains("\"finalGrade\":\"概ね達成\"", "\"finalGradeLabel\":\"B\"",
                            "\"finalGradeChoices\":[\"A\",\"B\",\"C\",\"対象外\"]");
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
