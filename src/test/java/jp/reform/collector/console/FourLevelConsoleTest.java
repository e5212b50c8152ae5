package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of a plan graded in Minami-Alps' four letters A|B|C|D: the board counts canonical grades under
 * the letters each covers (C・D), the department and indicator pages show the letter the department wrote.
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

    private static List<String> cells(String html, String tag) {
        Matcher m = Pattern.compile("<" + tag + "[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        List<String> cells = new java.util.ArrayList<>();
        while (m.find()) {
            cells.add(m.group(1).replaceAll("<[^>]+>", "").strip());
        }
        return cells;
    }
}
