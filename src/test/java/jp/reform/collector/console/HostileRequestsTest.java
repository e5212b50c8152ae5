package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.reform.collector.console.auth.PasswordHasher;
import jp.reform.collector.console.auth.Role;
import jp.reform.collector.console.auth.User;
import jp.reform.collector.console.auth.UserDirectory;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as someone typing addresses by hand or replaying forms would try it: addresses and methods it
 * does not have, hostile values in paths, queries and forms, double clicks. Whatever is sent, the user sees a
 * Japanese page (JSON for the API), never the HTTP server's bare answer or a failure, and nothing changes.
 */
class HostileRequestsTest {

    private static final String PLAN = "atsugi-7-2";

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> { });
        db = server.database();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void anAddressOrMethodTheConsoleDoesNotHaveGetsItsJapanesePage() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        ConsoleClient stranger = new ConsoleClient(server);
        for (ConsoleClient who : List.of(admin, stranger)) {
            for (String path : List.of("/nothing", "/boards/", "/departments/" + segment("職員課") + "/x",
                    "/assets/..%2F..%2Fpom.xml", "/indicators/" + PLAN + "/%2e%2e/final-grade", "/" + "a".repeat(3000))) {
                HttpResponse<String> response = who.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                        type -> assertThat(type).startsWithIgnoringCase("text/html"));
                assertThat(response.body()).as(path).contains("見つかりません", "お探しのページ・ファイルは見つかりませんでした。")
                        .doesNotContain("Resource not found");
            }
            HttpResponse<String> api = who.get("/api/nothing");
            assertThat(api.statusCode()).isEqualTo(404);
            assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWithIgnoringCase("application/json"));
            assertThat(api.body()).isEqualTo("{\"error\":\"お探しのページ・ファイルは見つかりませんでした。\"}");
        }
        // a bookmarked sign-out, a form posted to a page, a verb no page has
        for (HttpRequest request : List.of(get("/logout"), get("/upload"), get("/rounds/close"), get("/pending/1/accept"),
                HttpRequest.newBuilder(URI.create(server.url("/board"))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(URI.create(server.url("/board"))).DELETE().build())) {
            HttpResponse<String> response = admin.send(request);
            assertThat(response.statusCode()).as(request.toString()).isEqualTo(405);
            assertThat(response.body()).as(request.toString()).contains("この画面の操作ボタンから");
        }
        assertThat(admin.get("/board").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void aNulCharacterAnywhereIsRefusedInJapaneseAndNothingIsStored() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String token = admin.token();
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        long reviews = Sql.count(db, "select count(*) from review_action");
        long finalGrades = Sql.count(db, "select count(*) from grade_override");
        long submissions = Sql.count(db, "select count(*) from submission");
        long mails = Sql.count(db, "select count(*) from outbox_mail");
        String nul = "直してください\u0000";
        List<HttpResponse<String>> answers = List.of(
                admin.post("/departments/" + segment("契約検査課") + "/review", Map.of("_csrf", token, "plan", PLAN,
                        "fy", "2025", "action", "send_back", "comment", nul)),
                admin.post("/departments/" + segment("契約検査課") + "/review", List.of(Map.entry("_csrf", token),
                        Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                        Map.entry("comment", "x"), Map.entry("indicator", "IV-1\u0000"))),
                admin.post("/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "/final-grade", Map.of("_csrf", token,
                        "fy", "2025", "final_grade", "達成", "reason", nul)),
                admin.post("/pending/1/decline", Map.of("_csrf", token, "plan", PLAN, "fy", "2025", "reason", nul)),
                admin.get("/indicators/" + PLAN + "/I-1%00"),
                admin.get("/submissions?status=accepted%00"),
                shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), "実績\u0000.csv", "x".getBytes()));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(400);
            assertThat(answer.body()).as(answer.uri().toString())
                    .contains("使えない文字（NUL）が含まれているため、受け付けられませんでした");
        }
        HttpResponse<String> api = admin.get("/api/indicators/" + PLAN + "/I-1%00");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).startsWith("{\"error\":\"").contains("NUL");
        assertThat(Sql.count(db, "select count(*) from review_action")).isEqualTo(reviews);
        assertThat(Sql.count(db, "select count(*) from grade_override")).isEqualTo(finalGrades);
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(submissions);
        assertThat(Sql.count(db, "select count(*) from outbox_mail")).isEqualTo(mails);
    }

    @Test
    void anXForwardedForHeaderIsIgnoredWhenNoProxyIsTrusted() {
        // without http.trusted-proxies a client could otherwise pick any address: a fresh one for each guess
        ConsoleClient browser = new ConsoleClient(server);
        String token = ConsoleClient.csrf(browser.get("/login").body());
        String form = "_csrf=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)
                + "&login=admin&password=" + java.net.URLEncoder.encode(ConsoleServer.PASSWORD,
                java.nio.charset.StandardCharsets.UTF_8) + "&next=%2F";
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(server.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "198.51.100.1")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(Sql.rows(db, "select remote_address from audit_log where action = 'sign_in' "
                + "order by audit_id desc limit 1")).extracting(r -> r.get("remote_address")).containsExactly("127.0.0.1");
    }

    @Test
    void aPageFarPastTheLastIsEmptyNotAFailure() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String last = "offset=" + Integer.MAX_VALUE;
        HttpResponse<String> page = admin.get("/submissions?" + last);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("提出ファイル").doesNotContain("R2026-");
        HttpResponse<String> api = admin.get("/api/submissions?" + last);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).isEqualTo("{\"submissions\":[]}");
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        assertThat(shokuin.get("/api/submissions?" + last).body()).isEqualTo("{\"submissions\":[]}");
        HttpResponse<String> rounds = admin.get("/rounds?plan=" + PLAN + "&fy=2025&" + last);
        assertThat(rounds.statusCode()).isEqualTo(200);
        assertThat(rounds.body()).contains("締切・保留");
        // past what a number holds, or not a number: said what is wrong with it
        for (String offset : List.of("2147483648", "-1", "1e3", "0x10")) {
            HttpResponse<String> none = admin.get("/submissions?offset=" + segment(offset));
            assertThat(none.statusCode()).as(offset).isEqualTo(400);
            assertThat(none.body()).as(offset).contains("表示する位置（offset）は 0 以上の整数で指定してください。");
        }
    }

    @Test
    void aSecondClickOnAReviewIsToldItWasDoneAndMailsTheDepartmentOnce() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String token = admin.token();
        String review = "/departments/" + segment("職員課") + "/review";
        Map<String, String> confirm = Map.of("_csrf", token, "plan", PLAN, "fy", "2025", "action", "confirm");
        assertThat(admin.post(review, confirm).statusCode()).isEqualTo(303);
        HttpResponse<String> again = admin.post(review, confirm);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("既に処理されています", "職員課 は既に確認済みです（行政経営課 管理者 さんが",
                "に確認済みにしました）");

        String due = jp.reform.collector.support.WorkingDays.about(7).toString();
        List<Map.Entry<String, String>> sendBack = List.of(Map.entry("_csrf", token), Map.entry("plan", PLAN),
                Map.entry("fy", "2025"), Map.entry("action", "send_back"), Map.entry("comment", "研修回数を見直してください。"),
                Map.entry("indicator", "I-1-ア-1"), Map.entry("indicator", "I-1-ア-2"), Map.entry("due", due));
        assertThat(admin.post(review, sendBack).statusCode()).isEqualTo(303);
        List<Map.Entry<String, String>> sameTicksOtherOrder = new java.util.ArrayList<>(sendBack);
        java.util.Collections.swap(sameTicksOtherOrder, 5, 6);
        HttpResponse<String> twice = admin.post(review, sameTicksOtherOrder);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("職員課 には既に同じ内容で差し戻しています（行政経営課 管理者 さんが",
                "メールは重ねて送っていません");
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'sent_back' and dedup_key like ?",
                "sent-back/%/職員課/%")).isEqualTo(1);
        // a second 差し戻し saying something else is the division's to send
        assertThat(admin.post(review, List.of(Map.entry("_csrf", token), Map.entry("plan", PLAN),
                Map.entry("fy", "2025"), Map.entry("action", "send_back"), Map.entry("comment", "あわせて I-1-ア-2 も。"),
                Map.entry("due", due))).statusCode()).isEqualTo(303);
        assertThat(Sql.rows(db, "select state from review_action where department_name = '職員課' order by review_id"))
                .extracting(r -> r.get("state")).containsExactly("confirmed", "sent_back", "sent_back");
        assertThat(Sql.count(db, "select count(*) from audit_log where action in ('review_confirmed', "
                + "'review_sent_back') and department_name = '職員課'")).isEqualTo(3);

        // two admins confirming one 課 at the same moment: one confirms, the other is told
        ConsoleClient other = new ConsoleClient(server).signIn("admin");
        List<HttpResponse<String>> answers = ConsoleClient.postAtOnce("/departments/" + segment("行政経営課")
                + "/review", List.of(admin, other), List.of(Map.of("_csrf", token, "plan", PLAN, "fy", "2025",
                "action", "confirm"), Map.of("_csrf", other.token(), "plan", PLAN, "fy", "2025", "action", "confirm")));
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(303, 409);
        assertThat(Sql.count(db, "select count(*) from review_action where department_name = '行政経営課'")).isEqualTo(1);
    }

    @Test
    void aSecondClickOnAFinalGradeChangesNothingAndIsToldSo() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String token = admin.token();
        String page = "/indicators/" + PLAN + "/" + segment("I-1-イ-3");
        Map<String, String> set = Map.of("_csrf", token, "fy", "2025", "final_grade", "達成", "reason", "委員会で確認。");
        assertThat(admin.post(page + "/final-grade", set).statusCode()).isEqualTo(303);
        HttpResponse<String> again = admin.post(page + "/final-grade", set);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("既に同じ最終評価「達成」と理由が設定されています（行政経営課 管理者 さんが設定）");
        String audited = "select count(*) from audit_log where action = ? and indicator_code = 'I-1-イ-3'";
        assertThat(Sql.count(db, audited, "grade_overridden")).isEqualTo(1);
        // another reason is a change
        assertThat(admin.post(page + "/final-grade", Map.of("_csrf", token, "fy", "2025", "final_grade", "達成",
                "reason", "委員会で再確認。")).statusCode()).isEqualTo(303);
        assertThat(Sql.count(db, audited, "grade_overridden")).isEqualTo(2);

        // two removals at the same moment: one removes, the other is told it is gone already
        ConsoleClient other = new ConsoleClient(server).signIn("admin");
        List<HttpResponse<String>> answers = ConsoleClient.postAtOnce(page + "/final-grade/remove",
                List.of(admin, other), List.of(Map.of("_csrf", token, "fy", "2025"),
                        Map.of("_csrf", other.token(), "fy", "2025")));
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(303, 409);
        assertThat(answers).filteredOn(a -> a.statusCode() == 409).singleElement().satisfies(a ->
                assertThat(a.body()).contains("最終評価が設定されていません（既に取り消されています）"));
        assertThat(Sql.count(db, audited, "grade_override_removed")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from grade_override where indicator_code = 'I-1-イ-3'")).isZero();
    }

    @Test
    void aStateChangeThatDoesNotNameItsPlanAndYearIsRefusedNotAppliedToTheDefaultRound() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String token = admin.token();
        long reviews = Sql.count(db, "select count(*) from review_action");
        long closures = Sql.count(db, "select count(*) from round_closure");
        for (HttpResponse<String> answer : List.of(
                admin.post("/rounds/close", Map.of("_csrf", token)),
                admin.post("/rounds/close", Map.of("_csrf", token, "plan", PLAN)),
                admin.post("/rounds/reopen", Map.of("_csrf", token, "fy", "2025")),
                admin.post("/departments/" + segment("契約検査課") + "/review", Map.of("_csrf", token,
                        "action", "confirm")),
                admin.post("/pending/1/decline", Map.of("_csrf", token, "reason", "締切後のため")))) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(400);
            assertThat(answer.body()).as(answer.uri().toString())
                    .contains("操作の対象（計画・年度）が指定されていません。画面を開き直してから、もう一度操作してください。");
        }
        assertThat(Sql.count(db, "select count(*) from round_closure")).isEqualTo(closures);
        assertThat(Sql.count(db, "select count(*) from review_action")).isEqualTo(reviews);

        // the refusal of a form leads back to the page it was sent from, never to another site's
        String page = "/departments/" + segment("契約検査課") + "?plan=" + PLAN + "&fy=2025";
        for (String referer : List.of(server.url(page), "http://evil.example" + page)) {
            HttpResponse<String> refused = admin.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.url("/departments/" + segment("契約検査課") + "/review")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Referer", referer)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&action=confirm"))
                    .build());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("<h1>操作できません</h1>");
            if (referer.startsWith("http://evil")) {
                assertThat(refused.body()).doesNotContain("id=\"back\"", "evil.example");
            } else {
                assertThat(refused.body()).contains("<a id=\"back\" href=\"" + page.replace("&", "&amp;")
                        + "\">操作した画面に戻る</a>");
            }
        }
    }

    @Test
    void aQueryFormOrHeaderNamingAnotherThingThanTheAddressIsRefusedAndChangesNothing() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String token = admin.token();
        String keiyaku = "/departments/" + segment("契約検査課");
        String conflict = "アドレスと送信された項目とで指しているものが異なるため、受け付けられませんでした。";
        HttpResponse<String> page = admin.get(keiyaku + "?department=" + segment("財政課"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains(conflict).doesNotContain("III-3-イ-1");
        // the same name twice is no conflict
        assertThat(admin.get(keiyaku + "?department=" + segment("契約検査課")).statusCode()).isEqualTo(200);
        HttpResponse<String> byHeader = admin.send(HttpRequest.newBuilder(URI.create(server.url("/api/indicators/"
                + PLAN + "/" + segment("I-1-ア-1")))).header("plan", "another-plan").build());
        assertThat(byHeader.statusCode()).isEqualTo(400);
        assertThat(byHeader.body()).contains(conflict);
        HttpResponse<String> byQuery = admin.get("/api/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "?code="
                + segment("III-3-イ-1"));
        assertThat(byQuery.statusCode()).isEqualTo(400);
        assertThat(byQuery.body()).doesNotContain("財政");
        // a form naming another 課, indicator or held file than its address
        long reviews = Sql.count(db, "select count(*) from review_action");
        long finalGrades = Sql.count(db, "select count(*) from grade_override");
        for (HttpResponse<String> answer : List.of(
                admin.post(keiyaku + "/review", Map.of("_csrf", token, "plan", PLAN, "fy", "2025", "action", "confirm",
                        "department", "産業振興課")),
                admin.post("/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "/final-grade", Map.of("_csrf", token,
                        "code", "I-1-ア-2", "fy", "2025", "final_grade", "達成", "reason", "x")),
                admin.post("/pending/1/accept", Map.of("_csrf", token, "plan", PLAN, "fy", "2025", "id", "2")))) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(400);
            assertThat(answer.body()).as(answer.uri().toString()).contains(conflict);
        }
        assertThat(Sql.count(db, "select count(*) from review_action")).isEqualTo(reviews);
        assertThat(Sql.count(db, "select count(*) from grade_override")).isEqualTo(finalGrades);
        // a department user: its own address with another 課 in the query shows nothing of either
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");
        HttpResponse<String> own = zaisei.get("/departments/" + segment("財政課") + "?department=" + segment("職員課"));
        assertThat(own.statusCode()).isEqualTo(400);
        assertThat(own.body()).doesNotContain("I-1-ア-2", "III-3-イ-1");
    }

    @Test
    void anotherSessionsTokenOrASignedOutPostChangesNothingAndTheTokenRefusalIsRecorded() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        ConsoleClient other = new ConsoleClient(server).signIn("admin");
        String othersToken = other.token();
        String review = "/departments/" + segment("市民協働推進課") + "/review";
        String finalGrade = "/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "/final-grade";
        long refused = Sql.count(db, "select count(*) from audit_log where action = 'action_refused' "
                + "and after_state ->> 'reason' = 'csrf'");
        for (List<Map.Entry<String, String>> tokens : List.of(List.of(Map.entry("_csrf", othersToken)),
                List.of(Map.entry("_csrf", "forged"), Map.entry("_csrf", admin.token())),
                List.of(Map.entry("_csrf", admin.token() + "\u0000")))) {
            List<Map.Entry<String, String>> form = new java.util.ArrayList<>(tokens);
            form.addAll(List.of(Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "confirm")));
            HttpResponse<String> answer = admin.post(review, form);
            assertThat(answer.statusCode()).as(tokens.toString()).isEqualTo(403);
            assertThat(answer.body()).contains("画面の有効期限が切れたか、不正な送信です。");
        }
        // the session's own token, but in the address (kept in history, logs and Referer): refused too, also when
        // the form carries it as well, and percent-encoded
        for (String query : List.of("?_csrf=", "?%5Fcsrf=")) {
            String token = admin.token();
            for (Map<String, String> form : List.of(Map.of("plan", PLAN, "fy", "2025", "action", "confirm"),
                    Map.of("_csrf", token, "plan", PLAN, "fy", "2025", "action", "confirm"))) {
                HttpResponse<String> answer = admin.post(review + query + token, form);
                assertThat(answer.statusCode()).as(query + " " + form.keySet()).isEqualTo(403);
            }
        }
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        long submissions = Sql.count(db, "select count(*) from submission");
        HttpResponse<String> upload = shokuin.upload("/upload?_csrf=" + shokuin.token(), Map.of(), "実績.csv",
                "x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(submissions);
        assertThat(Sql.count(db, "select count(*) from audit_log where action = 'action_refused' "
                + "and after_state ->> 'reason' = 'csrf'")).isEqualTo(refused + 3 + 4 + 1);

        // signed out: every state change is answered with the sign-in message, none happens
        ConsoleClient stranger = new ConsoleClient(server);
        for (String path : List.of(review, finalGrade, finalGrade + "/remove", "/rounds/reopen", "/pending/1/decline",
                "/upload")) {
            HttpResponse<String> answer = stranger.post(path, Map.of("_csrf", othersToken, "plan", PLAN, "fy", "2025",
                    "action", "confirm", "final_grade", "達成", "reason", "x"));
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.body()).as(path).contains("ログインしてください。");
        }
        assertThat(Sql.count(db, "select count(*) from review_action where department_name = '市民協働推進課'")).isZero();
        assertThat(Sql.count(db, "select count(*) from grade_override where indicator_code = 'I-1-ア-1'")).isZero();
        assertThat(Sql.count(db, "select count(*) from round_closure")).isZero();
    }

    @Test
    void hostileValuesInTheQueryAreAnsweredInJapaneseAndEchoedAsText() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String script = "<script>alert(1)</script>";
        Map<String, String> answers = Map.of(
                "/board?plan=" + segment(script), "計画コード &lt;script&gt;alert(1)&lt;/script&gt; はありません。",
                "/board?fy=2025-02-30", "年度 2025-02-30 を読み取れません。2025、令和7年度、R7 のいずれかの形で指定してください。",
                "/board?fy=99999999999", "年度 99999999999 を読み取れません。",
                "/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "?fy=1900",
                "「第7次厚木市行政改革大綱 第2期実施計画」の計画期間は令和6年度（2024年度）～令和8年度（2026年度）です。",
                "/submissions?from=2025-02-30", "日付は 2026-06-30 の形で指定してください。",
                "/submissions?status=" + segment(script), "状態 &lt;script&gt;alert(1)&lt;/script&gt; はありません。");
        answers.forEach((path, message) -> {
            HttpResponse<String> answer = admin.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).contains(message).doesNotContain(script);
        });
        HttpResponse<String> api = admin.get("/api/board?fy=" + segment(script));
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.headers().firstValue("Content-Type")).hasValue(ConsoleHttp.JSON);
        // full-width digits and 令和 are read as the year they are
        assertThat(admin.get("/board?plan=" + PLAN + "&fy=" + segment("２０２５")).body()).contains("令和7年度（2025年度）");
        // paths that climb out of their folder name nothing
        for (String path : List.of("/departments/..%2F..%2Fconfig", "/downloads/templates/..%2Fusers.csv",
                "/submissions/1%2F..%2F2/original", "/submissions/-1/receipt", "/submissions/99999999999999999999/original")) {
            HttpResponse<String> answer = admin.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).contains("お探しのページ・ファイルは見つかりませんでした。")
                    .doesNotContain("argon2", "login,");
        }
    }

    @Test
    void aReversedDateRangeIsAnsweredInJapaneseNamingBothDatesNotAsAFailure() {
        try (LogCapture log = new LogCapture(ConsoleErrors.class)) {
            for (String login : List.of("admin", "iin", "shokuin")) {
                ConsoleClient user = new ConsoleClient(server).signIn(login);
                HttpResponse<String> page = user.get("/submissions?from=2026-12-02&to=2026-12-01");
                assertThat(page.statusCode()).as(login).isEqualTo(400);
                assertThat(page.body()).as(login).contains("2026/12/02（水）", "2026/12/01（火）")
                        .doesNotContain("処理中にエラーが発生しました");
                HttpResponse<String> api = user.get("/api/submissions?from=2026-12-02&to=2026-12-01");
                assertThat(api.statusCode()).as(login).isEqualTo(400);
                assertThat(api.headers().firstValue("Content-Type")).hasValue(ConsoleHttp.JSON);
                assertThat(api.body()).as(login).startsWith("{\"error\":\"").contains("2026/12/02（水）", "2026/12/01（火）");
            }
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR"));
        }
        // one day, from and to the same, is a range
        assertThat(new ConsoleClient(server).signIn("admin").get("/submissions?from=2026-12-01&to=2026-12-01")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void freeTextWithMarkupAndUnicodeTricksIsKeptAsTypedAndShownAsTextEverywhere() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String tricky = "<img src=x onerror=alert(1)>\u202Eslx.exe ｆｕｌｌ　ｗｉｄｔｈ e\u0301 \"'&";
        HttpResponse<String> sent = admin.post("/departments/" + segment("産業振興課") + "/review", Map.of(
                "_csrf", admin.token(), "plan", PLAN, "fy", "2025", "action", "send_back", "comment", tricky));
        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(Sql.one(db, "select comment from review_action where department_name = '産業振興課'"))
                .containsEntry("comment", tricky);
        // the override is shown (U+FFFD), not obeyed: it cannot turn round what follows it on the page or in the mail
        String escaped = "&lt;img src=x onerror=alert(1)&gt;\uFFFDslx.exe ｆｕｌｌ　ｗｉｄｔｈ e\u0301 &quot;&#39;&amp;";
        for (String page : List.of("/departments/" + segment("産業振興課") + "?plan=" + PLAN + "&fy=2025", "/audit")) {
            assertThat(admin.get(page).body()).as(page).doesNotContain("<img src=x").contains(page.equals("/audit")
                    ? "&lt;img src=x onerror=alert(1)&gt;" : escaped);
        }
        String json = admin.get("/api/departments/" + segment("産業振興課") + "?plan=" + PLAN + "&fy=2025").body();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("review").path("latest")
                .path("comment").asText()).isEqualTo(tricky);
        var mail = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream((byte[]) Sql.one(db, "select mime from outbox_mail where kind = "
                        + "'sent_back' and dedup_key like ?", "sent-back/%/産業振興課/%").get("mime")));
        assertThat(jp.reform.collector.support.MailServer.text(mail)).contains(tricky.replace('\u202E', '\uFFFD'))
                .doesNotContain("\u202E");
    }

    @Test
    void aCorrectionDeadlineOnADayTheOfficeIsClosedIsRefusedAndTheOfferedOneIsAWorkingDay() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
        java.time.LocalDate sunday = today.with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.SUNDAY));
        // the first listed closed day after tomorrow that falls on a weekday (元日, 振替休日 …)
        Map.Entry<java.time.LocalDate, String> holiday = jp.reform.collector.master.HolidayCalendar
                .inConfig(Path.of("config")).closedDays().tailMap(today.plusDays(1), false).entrySet().stream()
                .filter(e -> e.getKey().getDayOfWeek().getValue() <= 5)
                .findFirst().orElseThrow();
        long reviews = Sql.count(db, "select count(*) from review_action");

        for (Map.Entry<java.time.LocalDate, String> closed : List.of(Map.entry(sunday, "日曜日"), holiday)) {
            HttpResponse<String> refused = admin.post("/departments/" + segment("契約検査課") + "/review", Map.of(
                    "_csrf", admin.token(), "plan", PLAN, "fy", "2025", "action", "send_back",
                    "comment", "根拠を添えてください", "due", closed.getKey().toString()));
            assertThat(refused.statusCode()).as(closed.toString()).isEqualTo(400);
            assertThat(refused.body()).as(closed.toString()).contains("は閉庁日（" + closed.getValue() + "）です。開庁日を指定してください。");
        }
        assertThat(Sql.count(db, "select count(*) from review_action")).isEqualTo(reviews);

        java.util.regex.Matcher offered = java.util.regex.Pattern.compile("name=\"due\" value=\"([0-9-]+)\"")
                .matcher(admin.get("/departments/" + segment("契約検査課") + "?plan=" + PLAN + "&fy=2025").body());
        assertThat(offered.find()).isTrue();
        java.time.LocalDate due = java.time.LocalDate.parse(offered.group(1));
        assertThat(due.getDayOfWeek().getValue()).as("offered " + due).isLessThanOrEqualTo(5);
        assertThat(java.nio.file.Files.readString(Path.of("config", "holidays.csv"))).doesNotContain(due + ",");
    }

    @Test
    void aCommentOrReasonOfInvisibleCharactersOnlyIsAsGoodAsNone() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        long reviews = Sql.count(db, "select count(*) from review_action");
        long finalGrades = Sql.count(db, "select count(*) from grade_override");
        String invisible = "\u200B\u00A0\u3000\u200D\uFEFF\u202E";

        HttpResponse<String> sendBack = admin.post("/departments/" + segment("契約検査課") + "/review", Map.of(
                "_csrf", admin.token(), "plan", PLAN, "fy", "2025", "action", "send_back", "comment", invisible));
        assertThat(sendBack.statusCode()).isEqualTo(400);
        assertThat(sendBack.body()).contains("差し戻す場合は、修正してほしい点をコメントに入力してください。");
        HttpResponse<String> finalGrade = admin.post("/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "/final-grade",
                Map.of("_csrf", admin.token(), "fy", "2025", "final_grade", "達成", "reason", invisible));
        assertThat(finalGrade.statusCode()).isEqualTo(400);

        assertThat(Sql.count(db, "select count(*) from review_action")).isEqualTo(reviews);
        assertThat(Sql.count(db, "select count(*) from grade_override")).isEqualTo(finalGrades);
    }

    @Test
    void aFileNameDisguisedByABidiOverrideIsShownWithTheOverrideVisibleNotObeyed() {
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        String disguised = "報告\u202Evsc.exe"; // reads as 報告exe.csv where the override is obeyed
        HttpResponse<String> upload = shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), disguised,
                "MZ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(upload.statusCode()).isEqualTo(303);
        long id = (Long) Sql.one(db, "select submission_id from submission where source_name = ?", disguised)
                .get("submission_id");

        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        for (String page : List.of("/submissions", "/api/submissions", "/submissions/" + id + "/receipt")) {
            String body = admin.get(page).body();
            assertThat(body).as(page).doesNotContain("\u202E").contains("報告\uFFFDvsc.exe");
        }
        HttpResponse<String> original = admin.get("/submissions/" + id + "/original");
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().firstValue("Content-Disposition").orElseThrow())
                .doesNotContain("%E2%80%AE").contains("%EF%BF%BD"); // the saved file is not named …exe as …csv
        // the audit log records the name as the pages show it
        assertThat(Sql.one(db, "select after_state ->> 'file' as file from audit_log where action = 'upload' "
                + "and after_state ->> 'receipt_no' = (select receipt_no from submission where submission_id = ?)", id)
                .get("file")).isEqualTo("報告\uFFFDvsc.exe");
        assertThat(admin.get("/audit").body()).doesNotContain("\u202E").contains("報告\uFFFDvsc.exe");
    }

    @Test
    void aLinkPlantedInADepartmentsFolderNeverServesAFileOutsideTheInbox() throws Exception {
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        HttpResponse<String> upload = shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), "リンク試験.csv",
                "指標コード\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(upload.statusCode()).isEqualTo(303);
        Map<String, Object> row = Sql.one(db, "select submission_id, archived_path from submission where source_name = ?",
                "リンク試験.csv");
        String original = "/submissions/" + row.get("submission_id") + "/original";
        Path archived = server.inbox().resolve("職員課").resolve(row.get("archived_path").toString());
        assertThat(shokuin.get(original).statusCode()).isEqualTo(200);
        String receipt = "/submissions/" + row.get("submission_id") + "/receipt";
        assertThat(shokuin.get(receipt).body()).contains("原本をダウンロード", original);
        Path secret = java.nio.file.Files.writeString(home.resolve("secret.csv"), "outside the inbox");

        // the archived original replaced by a link to a file outside
        java.nio.file.Files.delete(archived);
        java.nio.file.Files.createSymbolicLink(archived, secret);
        HttpResponse<String> linked = shokuin.get(original);
        assertThat(linked.statusCode()).isEqualTo(404);
        assertThat(linked.body()).contains("見つかりません").doesNotContain("outside the inbox");
        assertThat(shokuin.get(receipt).body()).as("the receipt no longer offers it").contains("受付番号")
                .doesNotContain("原本をダウンロード", original);

        // its folder replaced by a link to a folder outside holding a file of that name
        Path folder = archived.getParent();
        Path elsewhere = java.nio.file.Files.createDirectories(home.resolve("elsewhere"));
        java.nio.file.Files.writeString(elsewhere.resolve(archived.getFileName().toString()), "outside the inbox");
        java.nio.file.Files.delete(archived);
        java.nio.file.Files.move(folder, home.resolve("moved-away"));
        java.nio.file.Files.createSymbolicLink(folder, elsewhere);
        try {
            HttpResponse<String> throughFolder = shokuin.get(original);
            assertThat(throughFolder.statusCode()).isEqualTo(404);
            assertThat(throughFolder.body()).doesNotContain("outside the inbox");
        } finally {
            // the other tests' uploads are archived in that folder too
            java.nio.file.Files.delete(folder);
            java.nio.file.Files.move(home.resolve("moved-away"), folder);
        }
    }

    @Test
    void aFileSentWithTheWholePathOfTheUsersPcIsReceivedUnderItsOwnName() throws Exception {
        // Internet Explorer and old Edge send the path on the PC; a slash as some tools do
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        for (String sent : List.of("C:\\Users\\tanaka\\Desktop\\結果.csv", "/home/tanaka/別の結果.csv")) {
            HttpResponse<String> upload = shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), sent,
                    "指標コード\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(upload.statusCode()).as(sent).isEqualTo(303);
            String name = sent.substring(Math.max(sent.lastIndexOf('\\'), sent.lastIndexOf('/')) + 1);
            Map<String, Object> row = Sql.one(db, "select submission_id, source_name, archived_path from submission "
                    + "order by submission_id desc limit 1");
            assertThat(row.get("source_name")).as(sent).isEqualTo(name);
            assertThat(row.get("archived_path").toString()).as(sent).endsWith("_" + name).doesNotContain("Users", "home");
            String receipt = shokuin.get(upload.headers().firstValue("Location").orElseThrow()).body();
            assertThat(receipt).as(sent).contains(name).doesNotContain("tanaka");
            assertThat(Sql.one(db, "select after_state ->> 'file' as file from audit_log where action = 'upload' "
                    + "order by audit_id desc limit 1").get("file")).as(sent).isEqualTo(name);
        }
        // a path and no name is no file chosen
        HttpResponse<String> folder = shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), "C:\\Users\\tanaka\\",
                "指標コード\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(folder.statusCode()).isEqualTo(400);
        assertThat(folder.body()).contains("提出するファイルを一つ選んでから");
    }

    @Test
    void aHostileOriginalNameCannotAddAHeaderNorNameAFolderWhereTheDownloadIsSaved() throws Exception {
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        HttpResponse<String> upload = shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), "見出し試験.csv",
                "指標コード\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(upload.statusCode()).isEqualTo(303);
        long id = (Long) Sql.one(db, "select submission_id from submission where source_name = ?", "見出し試験.csv")
                .get("submission_id");
        // a name as a mailed attachment may carry it: quotes, separators, a line break and a header after it
        String hostile = "..\\..\\Startup/x\"; filename=\"evil.exe\r\nSet-Cookie: a=b\u0007.csv";
        try (var c = db.connect(); var update = c.prepareStatement(
                "update submission set source_name = ? where submission_id = ?")) {
            update.setString(1, hostile);
            update.setLong(2, id);
            update.executeUpdate();
        }

        HttpResponse<byte[]> original = shokuin.download("/submissions/" + id + "/original");

        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().map()).doesNotContainKey("set-cookie");
        String disposition = original.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).startsWith("attachment; filename=\"").doesNotContain("evil.exe\"");
        String saved = java.net.URLDecoder.decode(disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(saved).as("the name the browser saves under").endsWith(".csv")
                .doesNotContain("/", "\\", "\"", "\r", "\n", "\u0007");
        assertThat(disposition.substring(0, disposition.indexOf("; filename*="))).as("the plain name")
                .matches("attachment; filename=\"[A-Za-z0-9._-]+\"");
    }

    @Test
    void anUploadByTheDivisionOrACommitteeMemberIsRefusedAndRecordedAsEveryOtherWrongRolePost() {
        long submissions = Sql.count(db, "select count(*) from submission");
        for (String login : List.of("admin", "iin")) {
            ConsoleClient user = new ConsoleClient(server).signIn(login);
            HttpResponse<String> refused = user.upload("/upload", Map.of("_csrf", user.token()), "職員課.csv",
                    "指標コード\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(login).isEqualTo(403);
            assertThat(refused.body()).as(login).contains("この操作を行う権限がありません。");
            assertThat(Sql.rows(db, "select after_state ->> 'method' as m, after_state ->> 'path' as p, "
                    + "after_state ->> 'reason' as r from audit_log where action = 'action_refused' and actor = ? "
                    + "order by audit_id desc limit 1", login)).extracting(r -> r.get("m") + " " + r.get("p") + " "
                    + r.get("r")).as(login).containsExactly("POST /upload role");
        }
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(submissions);
    }

    @Test
    void aUserRemovedOrChangedByTheUsersCommandIsSignedOutAtTheirNextRequestThoughNobodySignedInSince()
            throws Exception {
        // two people of the division, signed in before the users command changes the list
        editUsers(users -> users.withUser(new User("leaver", "行政経営課 異動者", Role.ADMIN, null, hash()))
                .withUser(new User("moved", "行政経営課 配置換え", Role.ADMIN, null, hash())));
        ConsoleClient leaver = new ConsoleClient(server).signIn("leaver");
        ConsoleClient moved = new ConsoleClient(server).signIn("moved");
        assertThat(leaver.get("/audit").statusCode()).isEqualTo(200);
        String token = moved.token();

        // one left the city, the other now sits on the committee (read only); no one signs in after that
        editUsers(users -> users.withoutUser("leaver").withUser(new User("moved", "委員 配置換え", Role.VIEWER, null,
                users.find("moved").orElseThrow().passwordHash())));

        HttpResponse<String> page = leaver.get("/board");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
        assertThat(page.body()).doesNotContain("状況一覧");
        HttpResponse<String> api = leaver.get("/api/submissions");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).doesNotContain("R2026-");
        // the old admin session can no longer close a round, even with the token its page carried
        HttpResponse<String> close = moved.post("/rounds/close", Map.of("_csrf", token, "plan", PLAN, "fy", "2025",
                "acknowledged", "yes"));
        assertThat(close.statusCode()).isEqualTo(401);
        assertThat(close.body()).contains("ログインしてください。");
        assertThat(Sql.count(db, "select count(*) from round_closure")).isZero();
        // signed in again, the moved member has the committee's role
        assertThat(new ConsoleClient(server).signIn("moved").get("/audit").statusCode()).isEqualTo(403);
    }

    @Test
    void signingInAgainInTheSameBrowserEndsTheSessionItHadBefore() {
        // a shared PC: the 課's user walked away signed in; the next person signs in as themselves
        ConsoleClient browser = new ConsoleClient(server).signIn("zaisei");
        String before = browser.cookieHeader();
        browser.signIn("iin");

        HttpResponse<String> old = new ConsoleClient(server).send(HttpRequest.newBuilder(URI.create(server.url("/api/submissions")))
                .header("Cookie", before).build());
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).doesNotContain("R2026-");
        assertThat(browser.get("/board").statusCode()).as("the new session works").isEqualTo(200);
    }

    /** Changes config/users.csv as the users command does, while serve runs. */
    private static void editUsers(java.util.function.UnaryOperator<UserDirectory> change) {
        MasterData master = new MasterDataLoader().load(server.home().resolve("config"));
        change.apply(UserDirectory.loadForEditing(server.home().resolve("config/users.csv"), master)).save();
    }

    private static String hash() {
        return new PasswordHasher().hash(ConsoleServer.PASSWORD);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(server.url(path))).GET().build();
    }
}
