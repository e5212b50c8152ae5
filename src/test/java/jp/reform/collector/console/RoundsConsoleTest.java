package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.ReportQueries.SummaryRow;
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

    /** A browser of one user: keeps the cookies the console sets. */
    static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(server.url(path))).GET().build());
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                    StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(server.url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private HttpResponse<String> send(HttpRequest original) {
            HttpRequest.Builder request = HttpRequest.newBuilder(original, (name, value) -> true);
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            try {
                HttpResponse<String> response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                for (String cookie : response.headers().allValues("Set-Cookie")) {
                    String pair = cookie.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                return response;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        Browser signIn(String login) {
            HttpResponse<String> response = post("/login", Map.of("_csrf", csrf(get("/login").body()), "login", login,
                    "password", ConsoleServer.PASSWORD, "next", "/"));
            assertThat(response.statusCode()).as("sign-in of " + login).isEqualTo(303);
            return this;
        }

        /** The CSRF token of the user's session, as any of its pages carries it. */
        String token() {
            return csrf(get("/submissions").body());
        }
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("page carries a CSRF token").isTrue();
        return m.group(1);
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
        Browser admin = new Browser().signIn("admin");
        Browser viewer = new Browser().signIn("iin");
        Browser shokuin = new Browser().signIn("shokuin");

        Browser stranger = new Browser();
        assertThat(stranger.get(ROUND).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith("/login?next="));
        assertThat(stranger.post("/rounds/close", form("x")).statusCode()).isEqualTo(401);
        assertThat(stranger.post("/pending/1/accept", form("x")).statusCode()).isEqualTo(401);
        assertThat(admin.get(ROUND).body()).contains("受付中", "この年度を締め切る");
        for (Browser other : List.of(viewer, shokuin)) {
            assertThat(other.get(ROUND).statusCode()).isEqualTo(403);
            assertThat(other.post("/rounds/close", form(other.token())).statusCode()).isEqualTo(403);
        }
        assertThat(admin.post("/rounds/close", form(null)).statusCode()).isEqualTo(403);
        assertThat(admin.post("/rounds/close", form("forged-token")).statusCode()).isEqualTo(403);
        assertThat(closed()).isFalse();

        HttpResponse<String> close = admin.post("/rounds/close", form(admin.token()));
        assertThat(close.statusCode()).isEqualTo(303);
        assertThat(closed()).isTrue();
        assertThat(admin.get(ROUND).body()).contains("締切", "admin さんが締め切りました", "締切を解除して再開する");
        assertThat(viewer.get("/board?plan=atsugi-7-2&fy=2025").body()).contains("id=\"round-closed\"", "締切");
        assertThat(shokuin.get("/departments/" + URLEncoder.encode("職員課", StandardCharsets.UTF_8)
                + "?plan=atsugi-7-2&fy=2025").body()).contains("id=\"round-closed\"", "締め切られています");
        assertThat(admin.post("/rounds/close", form(admin.token())).statusCode()).isEqualTo(409);

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
        assertThat(summary()).isEqualTo(before);

        Browser otherAdmin = new Browser().signIn("admin");
        List<Browser> admins = List.of(admin, otherAdmin);
        List<String> tokens = List.of(admin.token(), otherAdmin.token());
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            List<Callable<HttpResponse<String>>> clicks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Browser who = admins.get(i);
                String token = tokens.get(i);
                clicks.add(() -> {
                    together.await();
                    return who.post("/pending/" + id + "/accept", form(token));
                });
            }
            for (Future<HttpResponse<String>> answer : pool.invokeAll(clicks)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(303, 409);
        assertThat(answers).filteredOn(a -> a.statusCode() == 409).allSatisfy(a ->
                assertThat(a.body()).contains("既に処理されています", "admin さんが", "反映済み"));
        List<SummaryRow> after = summary();
        assertThat(after).isNotEqualTo(before);
        assertThat(Sql.count(server.database(), "select count(*) from result where submission_id = ?", id)).isEqualTo(1);
        assertThat(Sql.count(server.database(), "select count(*) from outbox_mail where dedup_key like 'decision/%'"))
                .isEqualTo(1);
        assertThat(admin.get(ROUND).body()).contains("保留中の変更（<span>0</span>件）", "反映");

        String audit = admin.get("/audit").body();
        assertThat(audit).contains("締切", "保留中の変更の反映");
        HttpResponse<String> reopen = admin.post("/rounds/reopen", form(admin.token()));
        assertThat(reopen.statusCode()).isEqualTo(303);
        assertThat(closed()).isFalse();
        assertThat(admin.get("/audit").body()).contains("締切の解除");
        assertThat(Sql.count(server.database(), "select count(*) from audit_log where action in ('round_closed', "
                + "'round_reopened', 'pending_accepted')")).isEqualTo(3);
        assertThat(after).isEqualTo(summary());

        // closed again, another change is declined: figures stay, the reason is shown as text
        assertThat(admin.post("/rounds/close", form(admin.token())).statusCode()).isEqualTo(303);
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
}
