package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.ReportQueries.SummaryRow;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 締切・保留 over HTTP on a running collector with the sample files: only the division closes, reopens and
 * decides, each with the CSRF token; a file dropped into 職員課's folder after the closing is receipted as held
 * and changes nothing until accepted; two admins clicking 「反映する」 at once get one acceptance and one
 * 「既に処理されています」.
 */
class RoundsConsoleTest {

    private static final String ROUND = "/rounds?plan=atsugi-7-2&fy=2025";

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Map<String, String> form(String token, String... more) {
        Map<String, String> form = new LinkedHashMap<>();
        if (token != null) {
            form.put("_csrf", token);
        }
        form.put("plan", "atsugi-7-2");
        form.put("fy", "2025");
        for (int i = 0; i < more.length; i += 2) {
            form.put(more[i], more[i + 1]);
        }
        return form;
    }

    private static List<SummaryRow> summary() throws Exception {
        return new ReportQueries(server.database()).summary("atsugi-7-2", 2025);
    }

    private static boolean closed() {
        return Sql.count(server.database(), "select count(*) from round_closure where plan_code = 'atsugi-7-2' "
                + "and fiscal_year = 2025") == 1;
    }

    private static String receiptBeside(String fileName) throws IOException {
        try (Stream<Path> files = Files.walk(server.inbox().resolve("職員課"))) {
            Path receipt = files.filter(p -> p.getFileName().toString().endsWith("_受付結果.txt")
                    && p.getFileName().toString().contains(fileName.replace(".xlsx", ""))).findFirst().orElseThrow();
            return Files.readString(receipt);
        }
    }

    @Test
    void theDivisionClosesAChangedFileIsHeldAndTwoClicksAcceptItOnce() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        ConsoleClient viewer = new ConsoleClient(server).signIn("iin");
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");

        ConsoleClient stranger = new ConsoleClient(server);
        assertThat(stranger.get(ROUND).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith("/login?next="));
        assertThat(stranger.post("/rounds/close", form("x")).statusCode()).isEqualTo(401);
        assertThat(stranger.post("/pending/1/accept", form("x")).statusCode()).isEqualTo(401);
        assertThat(admin.get(ROUND).body()).contains("受付中", "この年度を締め切る");
        for (ConsoleClient other : List.of(viewer, shokuin)) {
            assertThat(other.get(ROUND).statusCode()).isEqualTo(403);
            assertThat(other.post("/rounds/close", form(other.token())).statusCode()).isEqualTo(403);
        }
        assertThat(admin.post("/rounds/close", form(null)).statusCode()).isEqualTo(403);
        assertThat(admin.post("/rounds/close", form("forged-token")).statusCode()).isEqualTo(403);
        assertThat(closed()).isFalse();

        // 課 still 未提出 in the samples: said beside the button, and a close without the box ticked closes nothing
        assertThat(admin.get(ROUND).body()).contains("締め切る前にご確認ください。", "未提出の課：",
                "name=\"acknowledged\"", "未提出・差し戻し中の課があることを確認しました");
        HttpResponse<String> unticked = admin.post("/rounds/close", form(admin.token()));
        assertThat(unticked.statusCode()).isEqualTo(400);
        assertThat(unticked.body()).contains("未提出の課が", "まだ締め切っていません。",
                "「未提出・差し戻し中の課があることを確認しました」にチェックを入れてから");
        assertThat(closed()).isFalse();

        HttpResponse<String> close = admin.post("/rounds/close", form(admin.token(), "acknowledged", "yes"));
        assertThat(close.statusCode()).isEqualTo(303);
        assertThat(closed()).isTrue();
        assertThat(admin.get(ROUND).body()).contains("締切", "行政経営課 管理者 さんが締め切りました", "締切を解除して再開する");
        assertThat(viewer.get("/board?plan=atsugi-7-2&fy=2025").body()).contains("id=\"round-closed\"", "締切済み", "に締め切りました");
        assertThat(shokuin.get("/departments/" + URLEncoder.encode("職員課", StandardCharsets.UTF_8)
                + "?plan=atsugi-7-2&fy=2025").body()).contains("id=\"round-closed\"", "締め切られています");
        // a second click, with the box or without: already closed
        assertThat(admin.post("/rounds/close", form(admin.token())).statusCode()).isEqualTo(409);
        assertThat(admin.post("/rounds/close", form(admin.token(), "acknowledged", "yes")).statusCode())
                .isEqualTo(409);

        List<SummaryRow> before = summary();
        DepartmentFiles.xlsx(server.inbox().resolve("職員課").resolve("職員課_委員会後の修正.xlsx"),
                "令和7年度 実績報告（職員課）", DepartmentFiles.HEADER,
                List.of(List.of("I-3-ア-3", 2025, "90%", "取得を促す面談を実施", "", "", "")));
        server.awaitArchived(8);

        assertThat(receiptBeside("職員課_委員会後の修正.xlsx")).contains("【受付結果】締切後のため保留しました",
                "62.5% → 90%", "行政経営課で判断し");
        assertThat(summary()).isEqualTo(before);
        long id = (Long) Sql.one(server.database(), "select submission_id from submission where status = 'held'")
                .get("submission_id");
        String page = admin.get(ROUND).body();
        assertThat(page).contains("保留中の変更（<span>1</span>件）", "職員課_委員会後の修正.xlsx", "62.5%", "90%",
                "/pending/" + id + "/accept");
        assertThat(shokuin.post("/pending/" + id + "/accept", form(shokuin.token())).statusCode()).isEqualTo(403);
        assertThat(viewer.post("/pending/" + id + "/decline", form(viewer.token(), "reason", "x")).statusCode())
                .isEqualTo(403);
        assertThat(admin.post("/pending/" + id + "/accept", form(null)).statusCode()).isEqualTo(403);
        // a form naming another year than the held file's: refused, nothing decided
        Map<String, String> otherYear = form(admin.token());
        otherYear.put("fy", "2024");
        HttpResponse<String> wrongPage = admin.post("/pending/" + id + "/accept", otherYear);
        assertThat(wrongPage.statusCode()).isEqualTo(400);
        assertThat(wrongPage.body()).contains("この画面の計画・年度のものではありません");
        assertThat(admin.post("/pending/" + id + "/decline", otherYear).statusCode()).isEqualTo(400);
        assertThat(summary()).isEqualTo(before);
        assertThat(admin.get(ROUND).body()).contains("保留中の変更（<span>1</span>件）");

        ConsoleClient otherAdmin = new ConsoleClient(server).signIn("admin");
        List<HttpResponse<String>> answers = ConsoleClient.postAtOnce("/pending/" + id + "/accept",
                List.of(admin, otherAdmin), List.of(form(admin.token()), form(otherAdmin.token())));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(303, 409);
        assertThat(answers).filteredOn(a -> a.statusCode() == 409).allSatisfy(a ->
                assertThat(a.body()).contains("既に処理されています", "行政経営課 管理者 さんが", "反映済み"));
        List<SummaryRow> after = summary();
        assertThat(after).isNotEqualTo(before);
        assertThat(Sql.count(server.database(), "select count(*) from result where submission_id = ?", id)).isEqualTo(1);
        assertThat(Sql.count(server.database(), "select count(*) from outbox_mail where dedup_key like 'decision/%'"))
                .isEqualTo(1);
        assertThat(admin.get(ROUND).body()).contains("保留中の変更（<span>0</span>件）", "反映");

        String audit = admin.get("/audit").body();
        assertThat(audit).contains("締切", "保留中の変更の反映");
        // before and after in the console's words, not the stored JSON
        assertThat(audit).contains("締切：受付中", "締切：締切済み", "状態：保留中", "状態：反映した", "受付番号：R")
                .doesNotContain("&quot;closed&quot;", "\"closed\"", "&quot;state&quot;");
        HttpResponse<String> reopen = admin.post("/rounds/reopen", form(admin.token()));
        assertThat(reopen.statusCode()).isEqualTo(303);
        assertThat(closed()).isFalse();
        assertThat(admin.get("/audit").body()).contains("締切の解除");
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action in ('round_closed', "
                + "'round_reopened', 'pending_accepted')")).isEqualTo(3);
        assertThat(after).isEqualTo(summary());

        // closed again, another change is declined: figures stay, the reason is shown as text
        assertThat(admin.post("/rounds/close", form(admin.token(), "acknowledged", "yes")).statusCode())
                .isEqualTo(303);
        DepartmentFiles.xlsx(server.inbox().resolve("職員課").resolve("職員課_再修正.xlsx"),
                "令和7年度 実績報告（職員課）", DepartmentFiles.HEADER,
                List.of(List.of("I-3-ア-3", 2025, "95%", "面談を継続", "", "", "")));
        server.awaitArchived(9);
        long second = (Long) Sql.one(server.database(), "select submission_id from submission where status = 'held'")
                .get("submission_id");
        String script = "<script>alert('x')</script>";
        assertThat(admin.post("/pending/" + second + "/decline", form(admin.token(), "reason", script)).statusCode())
                .isEqualTo(303);
        assertThat(summary()).isEqualTo(after);
        assertThat(Sql.one(server.database(), "select status from submission where submission_id = ?", second))
                .containsEntry("status", "declined");
        String decided = admin.get(ROUND).body();
        assertThat(decided).contains("不採用", "&lt;script&gt;").doesNotContain(script);
        assertThat(admin.post("/pending/" + second + "/accept", form(admin.token())).statusCode()).isEqualTo(409);
        assertThat(summary()).isEqualTo(after);
    }

    @Test
    void theDecidedFilesArePagedTheLatestDecisionFirst() {
        // 130 files of FY2024 held and decided (every other one accepted), the n-th decided on the n-th day
        List<Map<String, Object>> made = Sql.rows(server.database(), """
                with s as (
                  insert into submission (receipt_no, channel, source_name, department_name, sha256, size_bytes,
                                          received_at, status, row_count)
                  select 'R2025-9' || lpad(g::text, 5, '0'), 'folder', '前年度訂正_' || g || '.xlsx', '職員課',
                         md5('decided ' || g), 100, timestamptz '2025-08-01 09:00+09' + g * interval '1 day',
                         case when g % 2 = 0 then 'accepted' else 'declined' end, 1
                    from generate_series(1, 130) g
                  returning submission_id, received_at, status),
                pc as (
                  insert into pending_change (submission_id, state, decided_by, decided_at, reason)
                  select submission_id, status, 'admin', received_at + interval '1 hour',
                         case when status = 'declined' then '確定値のため' end from s
                  returning submission_id)
                insert into pending_result (submission_id, ord, plan_code, indicator_code, fiscal_year, actual_text,
                                            approximate)
                select submission_id, 1, 'atsugi-7-2', 'I-1-ア-1', 2024, '70%', false from pc
                returning submission_id""");
        assertThat(made).hasSize(130);
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String round = "/rounds?plan=atsugi-7-2&fy=2024";

        String first = admin.get(round).body();
        assertThat(decided(first)).hasSize(100).startsWith(receipt(130), receipt(129)).endsWith(receipt(31));
        assertThat(first).contains("処理済みの変更（<span id=\"decided-total\">130</span>件）",
                "処理の新しい順に、1～100件目を表示しています。", "確定値のため");
        assertThat(first).contains("href=\"/rounds?plan=atsugi-7-2&amp;fy=2024&amp;offset=100#decided\">古い100件 →")
                .doesNotContain("新しい100件");

        String second = admin.get(round + "&offset=100").body();
        assertThat(decided(second)).hasSize(30).startsWith(receipt(30)).endsWith(receipt(1));
        assertThat(second).contains("101～130件目", "href=\"/rounds?plan=atsugi-7-2&amp;fy=2024&amp;offset=0#decided\">← 新しい100件")
                .doesNotContain("古い100件");
        // every file once over the two pages
        assertThat(decided(first)).doesNotContainAnyElementsOf(decided(second));

        assertThat(decided(admin.get(round + "&offset=500").body())).isEmpty();
        for (String offset : List.of("-1", "abc")) {
            HttpResponse<String> refused = admin.get(round + "&offset=" + offset);
            assertThat(refused.statusCode()).as(offset).isEqualTo(400);
            assertThat(refused.body()).as(offset).contains("表示する位置（offset）は 0 以上の整数で指定してください。");
        }
        // the other year's list is its own
        assertThat(decided(admin.get(ROUND).body())).doesNotContain(receipt(130), receipt(1));
    }

    private static String receipt(int n) {
        return "R2025-9%05d".formatted(n);
    }

    /** The receipt numbers of the decided list, top to bottom. */
    private static List<String> decided(String page) {
        String table = page.substring(page.indexOf("<table id=\"decided\">"));
        table = table.substring(0, table.indexOf("</table>"));
        List<String> receipts = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<td>(R\\d{4}-\\d{6})</td>").matcher(table);
        while (m.find()) {
            receipts.add(m.group(1));
        }
        return receipts;
    }
}
