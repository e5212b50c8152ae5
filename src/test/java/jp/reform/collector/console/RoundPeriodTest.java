package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division opens the next year's collection on 締切・保留 (収集期間) instead of asking IT staff to edit
 * config/rounds.csv: the form is filled with last year's round a year on; a mistake is refused in words with what
 * was typed kept and the file untouched; a save adds the plan-year's line and keeps every other line and comment;
 * it is in the audit log; the running serve takes it up, so the board reads 未提出（期限前） where it read 収集前;
 * a save from a page older than the file is refused. Only the division may save, with its CSRF token.
 */
class RoundPeriodTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String NEXT_YEAR = "/rounds?plan=" + PLAN + "&fy=2026";
    private static final String IT_NOTE = "# 収集期間: 行政経営課が画面で設定します（IT担当メモ）";

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static String writtenByIt;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> {
            Path rounds = config.resolve("rounds.csv");
            writtenByIt = IT_NOTE + "\n" + Files.readString(rounds);
            Files.writeString(rounds, writtenByIt);
        }, inbox -> { }, Map.of("config.check-seconds", 1, "config.settle-seconds", 1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String roundsFile() throws Exception {
        return Files.readString(server.home().resolve("config/rounds.csv"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(ConsoleClient client, String shown, String opens, String deadline) {
        Map<String, String> form = new HashMap<>(Map.of("_csrf", client.token(), "plan", PLAN, "fy", "2026",
                "shown", shown, "opens", opens, "deadline", deadline, "remind_days", "７、１",
                "overdue_every", "7", "escalate_after", "14"));
        return form;
    }


    private static String said(LocalDate date) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd（E）", java.util.Locale.JAPAN).format(date);
    }

    /** The board's 未提出 heading; nothing while serve's routes restart with the new rounds (not listening). */
    private static String boardWhileReloading(ConsoleClient admin) {
        try {
            return header(admin.get("/board?plan=" + PLAN + "&fy=2026").body());
        } catch (IllegalStateException e) {
            return "";
        }
    }

    private static String header(String board) {
        Matcher m = Pattern.compile("<th class=\"num\" id=\"missing-head\">([^<]*)</th>").matcher(board);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void theDivisionOpensTheNextYearsRoundAndServeTakesItUp() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get(NEXT_YEAR).body();
        // no round for 令和8年度 yet: the form offers last year's (2026-05-01 … 2026-06-30, 7|1, 7, 14) a year on
        assertThat(page).contains("この年度の収集期間はまだ設定されていません。",
                "name=\"opens\" value=\"2027-05-01\"", "name=\"deadline\" value=\"2027-06-30\"",
                "name=\"remind_days\" size=\"8\" value=\"7,1\"");
        // nothing to close in a year whose collection has not begun: the page says so instead of listing every 課
        assertThat(page).contains("この年度の収集はまだ始まっていません。").doesNotContain("締め切る前にご確認ください",
                "action=\"/rounds/close\"");
        String board = admin.get("/board?plan=" + PLAN + "&fy=2026").body();
        assertThat(header(board)).isEqualTo("収集前");
        // nor does a 課 that could not have sent anything yet read 未提出 in its 確認状況
        assertThat(board.substring(board.indexOf("<table id=\"departments\""))).contains(
                "<td class=\"review\"><span class=\"not-due\">収集前</span></td>").doesNotContain("review-not_submitted");
        assertThat(board).contains("href=\"/rounds?plan=atsugi-7-2&amp;fy=2026#round-period\">収集期間を設定する</a>");
        String shown = ConsoleClient.configShown(page);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        LocalDate opens = today.minusDays(1);
        LocalDate deadline = today.plusDays(60).isAfter(LocalDate.of(2027, 6, 30)) ? today.plusDays(60)
                : LocalDate.of(2027, 6, 30);

        // mistakes: said in words, what was typed shown again, the file as it was
        HttpResponse<String> reversed = admin.post("/rounds/period", form(admin, shown, deadline.plusDays(1).toString(),
                deadline.toString()));
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.body()).contains("今回入力した収集期間は、まだ保存していません。", "受付開始日（" + said(deadline.plusDays(1))
                + "）が締切日（" + said(deadline) + "）より後になっています。", "name=\"opens\" value=\"" + deadline.plusDays(1) + "\"");
        HttpResponse<String> beforeYearEnds = admin.post("/rounds/period", form(admin, shown, "2027-01-05", "2027-03-01"));
        assertThat(beforeYearEnds.statusCode()).isEqualTo(400);
        assertThat(beforeYearEnds.body()).contains("締切日（2027/03/01（月））が令和8年度（2026年度）の終わり（2027/03/31（水））以前です。");
        HttpResponse<String> lastDayOfTheYear = admin.post("/rounds/period", form(admin, shown, "2026-04-01", "2027-03-31"));
        assertThat(lastDayOfTheYear.statusCode()).isEqualTo(400);
        assertThat(lastDayOfTheYear.body()).contains("締切日（2027/03/31（水））が令和8年度（2026年度）の終わり（2027/03/31（水））以前です。");
        HttpResponse<String> decadeSlip = admin.post("/rounds/period", form(admin, shown, "2007-05-01", "2027-06-30"));
        assertThat(decadeSlip.statusCode()).isEqualTo(400);
        assertThat(decadeSlip.body()).contains("受付開始日（2007/05/01（火））が令和8年度（2026年度）の始まり（2026/04/01（水））より前です。");
        HttpResponse<String> yearLate = admin.post("/rounds/period", form(admin, shown, "2027-05-01", "2028-06-30"));
        assertThat(yearLate.statusCode()).isEqualTo(400);
        assertThat(yearLate.body()).contains("締切日（2028/06/30（金））が令和9年度（2027年度）の終わり（2028/03/31（金））より後です。");
        // 南アルプス市's plan runs to 令和12年度, whose results are due in 2032: a year holidays.csv does not list yet
        Map<String, String> lastYear = form(admin, shown, "2031-05-01", "2032-01-15");
        lastYear.put("plan", "minamialps-5");
        lastYear.put("fy", "2030");
        HttpResponse<String> noHolidays = admin.post("/rounds/period", lastYear);
        assertThat(noHolidays.statusCode()).isEqualTo(400);
        assertThat(noHolidays.body()).contains("休日の設定（config/holidays.csv）に2032年の休日がまだありません。");
        HttpResponse<String> notADate = admin.post("/rounds/period", form(admin, shown, "5月1日", deadline.toString()));
        assertThat(notADate.statusCode()).isEqualTo(400);
        assertThat(notADate.body()).contains("「受付開始日」は日付で入力してください（例：2027-06-30。入力：5月1日）。");
        // the division is told by a copy of a 督促 after the deadline: with none, it would never be told
        Map<String, String> noOverdue = form(admin, shown, opens.toString(), deadline.toString());
        noOverdue.put("overdue_every", "0");
        HttpResponse<String> escalationWithoutReminders = admin.post("/rounds/period", noOverdue);
        assertThat(escalationWithoutReminders.statusCode()).isEqualTo(400);
        assertThat(escalationWithoutReminders.body()).contains("締切後の督促の間隔が0（送らない）のため、行政経営課への連絡も送られません。");
        Map<String, String> badDays = form(admin, shown, opens.toString(), deadline.toString());
        badDays.put("overdue_every", "毎週");
        HttpResponse<String> notANumber = admin.post("/rounds/period", badDays);
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("「締切後に督促する間隔」は、日数を数字で0～365の範囲で入力してください（入力：毎週）。");
        // only the division, and only with the session's token
        Map<String, String> noToken = form(admin, shown, opens.toString(), deadline.toString());
        noToken.remove("_csrf");
        assertThat(admin.post("/rounds/period", noToken).statusCode()).isEqualTo(403);
        for (String login : new String[] {"iin", "zaisei"}) {
            ConsoleClient other = new ConsoleClient(server).signIn(login);
            assertThat(other.post("/rounds/period", form(other, shown, opens.toString(), deadline.toString()))
                    .statusCode()).as(login).isEqualTo(403);
        }
        // config/ not writable as the service (here: its lock file cannot be opened): said, nothing written or logged
        Path lock = Files.createDirectory(server.home().resolve("config/.rounds.csv.lock"));
        HttpResponse<String> unwritable = admin.post("/rounds/period", form(admin, shown, opens.toString(),
                deadline.toString()));
        Files.delete(lock);
        assertThat(unwritable.statusCode()).isEqualTo(500);
        assertThat(unwritable.body()).contains("収集期間の設定ファイル（config/rounds.csv）を読み書きできなかったため、保存していません。",
                "name=\"opens\" value=\"" + opens + "\"");
        assertThat(roundsFile()).isEqualTo(writtenByIt);
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'round_period_set'"))
                .isZero();

        HttpResponse<String> saved = admin.post("/rounds/period", form(admin, shown, opens.toString(),
                deadline.toString()));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("saved=period"));
        // IT staff's note and the other round's line stay as they wrote them; 令和8年度's line is added
        assertThat(roundsFile()).isEqualTo(writtenByIt + PLAN + ",2026," + opens + "," + deadline + ",7|1,7,14\n");
        Map<String, Object> logged = Sql.one(server.database(), "select actor, plan_code, fiscal_year, before_state, "
                + "after_state ->> 'deadline' as deadline, after_state ->> 'remind_days_before' as remind "
                + "from audit_log where action = 'round_period_set'");
        assertThat(logged).containsEntry("actor", "admin").containsEntry("plan_code", PLAN)
                .containsEntry("fiscal_year", 2026).containsEntry("deadline", deadline.toString())
                .containsEntry("remind", "[\"7\", \"1\"]");
        assertThat(logged.get("before_state")).isNull();
        assertThat(admin.get("/audit").body()).contains("収集期間の設定", "締切日：" + said(deadline));

        // serve takes the file up as it does a hand edit: the year is being collected now, before its deadline
        Await.until(() -> boardWhileReloading(admin).equals("未提出（期限前）"));
        String after = admin.get(NEXT_YEAR).body();
        assertThat(after).contains("action=\"/rounds/close\"").doesNotContain("この年度の収集はまだ始まっていません");
        assertThat(after).contains("id=\"period-in-use\"", "現在の収集期間：", "締切の7日前・1日前にお知らせ、締切後は7日ごとに督促、"
                + "締切から14日以上過ぎると督促を行政経営課にも送ります。").doesNotContain("id=\"period-pending\"",
                "まだ設定されていません");

        // the first page's form, sent again after the file changed: refused, nothing written
        HttpResponse<String> old = admin.post("/rounds/period", form(admin, shown, opens.toString(),
                deadline.plusDays(7).toString()));
        assertThat(old.statusCode()).isEqualTo(409);
        assertThat(old.body()).contains("収集期間の設定（config/rounds.csv）が変わりました");
        assertThat(roundsFile()).contains(PLAN + ",2026," + opens + "," + deadline + ",");
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action = 'round_period_set'"))
                .isEqualTo(1);
    }
}
