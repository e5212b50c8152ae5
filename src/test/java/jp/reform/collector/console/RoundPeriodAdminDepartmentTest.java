package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy of a late 督促 goes to the plan's own division (plan.csv's admin_department and admin_email): 政策推進課
 * for Minami-Alps, not 厚木市's 行政経営課. The 収集期間 section says so in its schedule, its form and its refusal.
 */
class RoundPeriodAdminDepartmentTest {

    private static final String PLAN = "minamialps-5";

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> Files.writeString(config.resolve("rounds.csv"),
                PLAN + ",2026,2027-05-01,2027-06-30,7|1,7,14\n" + PLAN + ",2029,2030-05-01,2030-06-30,7|1,7,14\n",
                java.nio.file.StandardOpenOption.APPEND),
                inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theScheduleAndTheFormNameThePlansDivision() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String period = section(admin.get("/rounds?plan=" + PLAN + "&fy=2026").body());
        assertThat(period).contains("締切から14日以上過ぎると督促を政策推進課にも送ります。",
                "この日数たっても未提出なら政策推進課にも知らせる").doesNotContain("行政経営課");

        // 厚木市's plan names its own division as before
        assertThat(section(admin.get("/rounds?plan=atsugi-7-2&fy=2025").body()))
                .contains("督促を行政経営課にも送ります。", "この日数たっても未提出なら行政経営課にも知らせる");
    }

    @Test
    void aCopyWithoutOverdueRemindersIsRefusedInThePlansWords() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get("/rounds?plan=" + PLAN + "&fy=2027").body();
        HttpResponse<String> refused = admin.post("/rounds/period", Map.of("_csrf", admin.token(), "plan", PLAN,
                "fy", "2027", "shown", ConsoleClient.configShown(page), "opens", "2028-05-01", "deadline", "2028-06-30",
                "remind_days", "7", "overdue_every", "0", "escalate_after", "14"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(section(refused.body())).contains("政策推進課への連絡も送られません").doesNotContain("行政経営課");
    }

    @Test
    void aYearWhoseRoundIsSetButNotOpenYetSaysWhenCollectionBegins() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String set = admin.get("/rounds?plan=" + PLAN + "&fy=2029").body();
        assertThat(set).contains("この年度の収集はまだ始まっていません。<span>受付開始日（2030/05/01（水））から収集が始まります。</span>")
                .doesNotContain("上の収集期間を設定すると", "action=\"/rounds/close\"");
        // a year without a round still asks for one
        assertThat(admin.get("/rounds?plan=" + PLAN + "&fy=2028").body()).contains("上の収集期間を設定すると、受付開始日から収集が始まります。");
    }

    private static String section(String page) {
        String period = page.substring(page.indexOf("<section id=\"round-period\">"));
        return period.substring(0, period.indexOf("</section>"));
    }

}
