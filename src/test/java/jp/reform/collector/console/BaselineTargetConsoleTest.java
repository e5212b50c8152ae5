package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A baseline year (現状値の把握) sets no target, but the plan says what the year is for: the 課's page and the
 * indicator's page write its target as the plan does, as `status` and the committee workbook do (README, "Figures
 * for people"), rather than the 「－」 of a year the plan gives no target at all.
 */
class BaselineTargetConsoleTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> {
            Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
            String csv = Files.readString(targets, StandardCharsets.UTF_8);
            assertThat(csv).contains("I-1-ウ-1,2025,28件,28\n");
            Files.writeString(targets, csv.replace("I-1-ウ-1,2025,28件,28\n", "I-1-ウ-1,2025,現状値の把握,\n"),
                    StandardCharsets.UTF_8);
        }, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aDepartmentsPageWritesTheBaselineYearsTargetAsThePlanDoes() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get("/departments/" + segment("職員課") + "?plan=atsugi-7-2&fy=2025").body();
        String row = row(page, "data-code=\"I-1-ウ-1\"");
        assertThat(target(row)).isEqualTo("現状値の把握");
        assertThat(row).contains("未設定");
        // a year with a target reads as before
        assertThat(target(row(page, "data-code=\"I-1-ウ-2\""))).isEqualTo("100%");
    }

    @Test
    void anIndicatorsPageWritesTheBaselineYearsTargetAsThePlanDoes() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get("/indicators/atsugi-7-2/" + segment("I-1-ウ-1")).body();
        String years = page.substring(page.indexOf("id=\"years\""));
        years = years.substring(0, years.indexOf("</table>"));
        assertThat(target(row(years, "<td>令和7年度"))).isEqualTo("現状値の把握");
        assertThat(target(row(years, "<td>令和6年度"))).isEqualTo("28件");

        // a year the plan gives no target (「－」) still reads 「－」
        String none = admin.get("/indicators/atsugi-7-2/" + segment("I-3-ウ-2")).body();
        String noneYears = none.substring(none.indexOf("id=\"years\""));
        assertThat(target(row(noneYears, "<td>令和8年度"))).isEqualTo("－");
    }

    private static String row(String page, String marker) {
        String row = page.substring(page.indexOf(marker));
        return row.substring(0, row.indexOf("</tr>"));
    }

    private static String target(String row) {
        Matcher m = Pattern.compile("<td class=\"num target\">([^<]*)</td>").matcher(row);
        assertThat(m.find()).as("the target cell of %s", row).isTrue();
        return m.group(1);
    }
}
