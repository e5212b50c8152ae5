package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A city whose plan is run by another division than 厚木市's 行政経営課 (南アルプス市: 政策推進課, plan.csv
 * admin_department) reads its own division's name on the console: the division's users in the header, the role
 * offered on 利用者, the 課 page's review section and who decided, the audit log's role.
 */
class PlanDivisionNameTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> {
            try (Stream<Path> atsugi = Files.walk(config.resolve("plans/atsugi-7-2"))) {
                for (Path p : atsugi.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Files.writeString(config.resolve("rounds.csv"), "plan_code,fiscal_year,opens,deadline,remind_days_before,"
                    + "overdue_every_days,escalate_after_days\nminamialps-5,2026,2027-05-01,2027-06-30,7|1,7,14\n");
        }, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theConsoleNamesThePlansOwnDivision() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String department = admin.get("/departments/" + segment("財政課") + "?plan=minamialps-5&fy=2026").body();
        assertThat(department).contains("行政経営課 管理者 さん（政策推進課）", "<h2>政策推進課の確認</h2>")
                .doesNotContain("（行政経営課）", "行政経営課の確認");
        assertThat(admin.get("/users").body()).contains("政策推進課（すべての操作）").doesNotContain("行政経営課（すべての操作）");
        assertThat(admin.get("/audit").body()).contains("（政策推進課）").doesNotContain("（行政経営課）");
        // the 課 itself is told whom to ask
        String own = new ConsoleClient(server).signIn("zaisei").get("/departments/" + segment("財政課")
                + "?plan=minamialps-5&fy=2026").body();
        assertThat(own).contains("変更が必要な場合は、政策推進課にご連絡ください。", "（担当課）")
                .doesNotContain("行政経営課にご連絡ください");
    }
}
