package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.Role;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A right-to-left override (U+202E) in what people wrote, a display name from the users command, a 課's file
 * name, a review comment and a final grade's reason, is shown as U+FFFD on every page, so that it cannot turn
 * round the text after it (「… さん」, the extension of a file name): no page carries a bidi control.
 */
class BidiControlsShownTest {

    private static final String RLO = "\u202E";
    private static final String PLAN = "atsugi-7-2";
    /** 職員課's sample, renamed so that it reads 「…実績報告xslx.exe」 where the override is obeyed. */
    private static final String FILE = "職員課_実績報告" + RLO + "exe.xlsx";
    private static final String SHOWN_FILE = "職員課_実績報告\uFFFDexe.xlsx";
    /** Obeyed, the override would make the header read 「…さん（行政経営課）」 backwards after the name. */
    private static final String NAME = "行政経営課 " + RLO + "逆向";
    private static final Pattern BIDI = Pattern.compile("[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]");

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> {
            Path sample = inbox.resolve("職員課/職員課_令和7年度_実績報告.xlsx");
            Files.move(sample, sample.resolveSibling(FILE));
        });
        // as the users command adds a colleague whose display name carries the override
        var master = new MasterDataLoader().load(server.home().resolve("config"));
        UserDirectory.loadForEditing(server.home().resolve("config/users.csv"), master)
                .withUser(new User("sakasama", NAME, Role.ADMIN, null, new PasswordHasher().hash(ConsoleServer.PASSWORD)))
                .save();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aDisplayNameAFileNameACommentAndAReasonWithAnOverrideCannotReachPastThemselves() {
        ConsoleClient admin = new ConsoleClient(server).signIn("sakasama");
        String comment = "実績値の単位" + RLO + "を確認してください";
        String reason = "委員会で" + RLO + "達成と判断";
        // the due date the form offers (a working day ahead)
        var due = Pattern.compile("name=\"due\" value=\"([0-9-]+)\"").matcher(admin.get("/departments/"
                + segment("職員課") + "?plan=" + PLAN + "&fy=2025").body());
        assertThat(due.find()).isTrue();
        var sentBack = admin.post("/departments/" + segment("職員課") + "/review", List.of(Map.entry("_csrf", admin.token()),
                Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                Map.entry("comment", comment), Map.entry("due", due.group(1))));
        assertThat(sentBack.statusCode()).as(sentBack.body()).isEqualTo(303);
        assertThat(admin.post("/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "/final-grade", Map.of("_csrf",
                admin.token(), "fy", "2025", "final_grade", "達成", "reason", reason)).statusCode()).isEqualTo(303);
        // stored as written: only the pages show it otherwise
        assertThat(Sql.count(server.database(), "select count(*) from submission where source_name = ?", FILE)).isOne();

        String board = admin.get("/board?plan=" + PLAN + "&fy=2025").body();
        assertThat(board).contains("行政経営課 \uFFFD逆向 さん（");
        String department = admin.get("/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=2025").body();
        assertThat(department).contains("実績値の単位\uFFFDを確認してください", "<td>行政経営課 \uFFFD逆向</td>");
        String indicator = admin.get("/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "?fy=2025").body();
        assertThat(indicator).contains("<td>" + SHOWN_FILE + "</td>", "title=\"委員会で\uFFFD達成と判断\"",
                "委員会で\uFFFD達成と判断");
        String submissions = admin.get("/submissions").body();
        assertThat(submissions).contains(SHOWN_FILE);
        long id = (Long) Sql.one(server.database(), "select submission_id from submission where source_name = ?", FILE)
                .get("submission_id");
        String receipt = admin.get("/submissions/" + id + "/receipt").body();
        assertThat(receipt).contains(SHOWN_FILE);
        String audit = admin.get("/audit").body();

        for (String page : List.of(board, department, indicator, submissions, receipt, audit)) {
            assertThat(BIDI.matcher(page).find()).as(page).isFalse();
        }
        // the department's user sees the comment as the division does
        assertThat(new ConsoleClient(server).signIn("shokuin").get("/departments/" + segment("職員課") + "?plan="
                + PLAN + "&fy=2025").body()).contains("実績値の単位\uFFFDを確認してください").doesNotContain(RLO);
    }
}
