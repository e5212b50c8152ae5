package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An indicator without a result reads by where its year's collection stands, on the board, a 課's page and the
 * indicator's page: the red 未提出 only once the round's deadline has passed (令和6年度 here), 未提出（期限前） in a
 * neutral style before it (令和7年度), 収集前 for a year without a round (令和8年度). The committee's 未提出 still
 * counts every one of them.
 */
class NotYetDueConsoleTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        server = ConsoleServer.start(home, config -> Files.writeString(config.resolve("rounds.csv"),
                "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n"
                        + "atsugi-7-2,2024," + today.minusDays(400) + "," + today.minusDays(300) + ",7|1,7,14\n"
                        + "atsugi-7-2,2025," + today.minusDays(10) + "," + today.plusDays(30) + ",7|1,7,14\n"),
                inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theBoardShowsTheMissingCountRedOnlyOnceTheDeadlineHasPassed() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String overdue = admin.get("/board?plan=atsugi-7-2&fy=2024").body();
        assertThat(header(overdue)).isEqualTo("未提出");
        assertThat(departments(overdue)).contains("class=\"num late\"");

        String due = admin.get("/board?plan=atsugi-7-2&fy=2025").body();
        assertThat(header(due)).isEqualTo("未提出（期限前）");
        assertThat(departments(due)).doesNotContain("class=\"num late\"");

        String notCollected = admin.get("/board?plan=atsugi-7-2&fy=" + segment("令和8年度")).body();
        assertThat(header(notCollected)).isEqualTo("収集前");
        assertThat(departments(notCollected)).doesNotContain("late");
        assertThat(notCollected).contains("id=\"no-round\"");
        // the committee's table counts them as DOMAIN.md says: every item with a target is 未提出
        List<String> total = cells(row(notCollected, "data-goal=\"total\""));
        assertThat(total.get(1)).isNotEqualTo("0");
        assertThat(total.get(total.size() - 2)).as("未提出 of the committee's table").isEqualTo(total.get(1));
    }

    @Test
    void aDepartmentsPageWordsItsItemsWithoutAResultByTheirYearsCollection() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String due = admin.get("/departments/" + segment("行政総務課") + "?plan=atsugi-7-2&fy=2025").body();
        assertThat(grade(due, "I-2-ア-1")).isEqualTo("<span class=\"not-due\">未提出（期限前）</span>");
        assertThat(due).contains("<span id=\"missing-label\">未提出（期限前）</span> <strong>");

        String notCollected = admin.get("/departments/" + segment("職員課") + "?plan=atsugi-7-2&fy=2026").body();
        assertThat(grade(notCollected, "I-1-ア-1")).isEqualTo("<span class=\"not-due\">収集前</span>");
        assertThat(notCollected).doesNotContain("grade-未提出").contains("<span id=\"missing-label\">収集前</span>");

        String overdue = admin.get("/departments/" + segment("行政総務課") + "?plan=atsugi-7-2&fy=2024").body();
        assertThat(grade(overdue, "I-2-ア-1")).isEqualTo("<span class=\"grade-未提出\">未提出</span>");
        assertThat(overdue).contains("<strong class=\"late\">");
    }

    @Test
    void anIndicatorsPageWordsEachYearByItsCollection() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get("/indicators/atsugi-7-2/" + segment("I-2-ア-1")).body();
        String years = page.substring(page.indexOf("id=\"years\""));
        years = years.substring(0, years.indexOf("</table>"));
        assertThat(yearGrade(years, "令和6年度")).isEqualTo("<td class=\"grade-未提出\">未提出</td>");
        assertThat(yearGrade(years, "令和7年度")).isEqualTo("<td class=\"not-due\">未提出（期限前）</td>");
        assertThat(yearGrade(years, "令和8年度")).isEqualTo("<td class=\"not-due\">収集前</td>");
    }

    private static String header(String board) {
        Matcher m = Pattern.compile("<th class=\"num\" id=\"missing-head\">([^<]*)</th>").matcher(board);
        assertThat(m.find()).as("the 未提出 column of the departments' table").isTrue();
        return m.group(1);
    }

    /** The departments' rows of the board (their 未提出 counts), without the committee's table. */
    private static String departments(String board) {
        String table = board.substring(board.indexOf("<table id=\"departments\""));
        return table.substring(0, table.indexOf("</table>"));
    }

    private static String row(String page, String marker) {
        String row = page.substring(page.indexOf(marker));
        return row.substring(0, row.indexOf("</tr>"));
    }

    /** The 判定 of an indicator's row on a 課's page. */
    private static String grade(String page, String code) {
        String row = row(page, "data-code=\"" + code + "\"");
        Matcher m = Pattern.compile("<span class=\"(?:not-due|grade-[^\"]*)\">[^<]*</span>").matcher(row);
        assertThat(m.find()).as("the grade of %s", code).isTrue();
        return m.group();
    }

    /** The 判定（算定） cell of a year's row on an indicator's page. */
    private static String yearGrade(String years, String year) {
        String row = years.substring(years.indexOf("<td>" + year));
        row = row.substring(0, row.indexOf("</tr>"));
        Matcher m = Pattern.compile("<td class=\"[^\"]*\">[^<]*</td>").matcher(row);
        List<String> cells = new ArrayList<>();
        while (m.find()) {
            cells.add(m.group());
        }
        return cells.stream().filter(c -> !c.startsWith("<td class=\"num")).findFirst().orElse("");
    }

    private static List<String> cells(String row) {
        Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row);
        List<String> cells = new ArrayList<>();
        while (m.find()) {
            cells.add(m.group(1).replaceAll("<[^>]+>", "").strip());
        }
        return cells;
    }
}
