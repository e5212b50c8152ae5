package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over HTTP as each role and as a stranger would try it: sign-in everywhere, a department
 * never reaches another's rows, files or templates by URL, state changes need the CSRF token, and text
 * from department files is shown as text.
 */
class ConsoleAccessTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static final String SCRIPT = "<script>alert('x')</script>";

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> {
            try {
                DepartmentFiles.csv(inbox.resolve("職員課").resolve("追加報告.csv"), StandardCharsets.UTF_8, true, ",",
                        DepartmentFiles.HEADER, List.of(List.of("I-1-ア-2", "2025", "5", SCRIPT, "", "", "達成")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        server.awaitArchived(8);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A browser of one user: keeps the cookies the console sets. */
    static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final Map<String, String> cookies = new java.util.LinkedHashMap<>();

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

        /** A download as the bytes the browser saves. */
        HttpResponse<byte[]> download(String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> send(HttpRequest original) {
            HttpRequest.Builder request = HttpRequest.newBuilder(original, (name, value) -> true);
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                for (String cookie : response.headers().allValues("Set-Cookie")) {
                    String pair = cookie.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    if (cookie.contains("Max-Age=0")) {
                        cookies.remove(pair.substring(0, eq));
                    } else {
                        cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                return response;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        Browser signIn(String login) {
            String token = csrf(get("/login").body());
            HttpResponse<String> response = post("/login", Map.of("_csrf", token, "login", login,
                    "password", ConsoleServer.PASSWORD, "next", "/"));
            assertThat(response.statusCode()).as("sign-in of " + login).isEqualTo(303);
            return this;
        }
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("page carries a CSRF token").isTrue();
        return m.group(1);
    }

    private static String path(String... segments) {
        return String.join("/", java.util.Arrays.stream(segments)
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")).toList());
    }

    @Test
    void nothingAnswersWithoutSignInButHealth() {
        Browser stranger = new Browser();
        for (String page : List.of("/", "/board", "/departments/" + path("職員課"), "/indicators/atsugi-7-2/" + path("I-1-ア-1"),
                "/submissions", "/submissions/1/receipt", "/submissions/1/original", "/downloads",
                "/downloads/committee-workbook", "/downloads/templates/" + path("職員課"), "/downloads/templates.zip",
                "/downloads/exception-workbook")) {
            HttpResponse<String> response = stranger.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(page).hasValueSatisfying(
                    location -> assertThat(location).startsWith("/login?next="));
            assertThat(response.body()).as(page).doesNotContain("職員課", "R2026");
        }
        for (String api : List.of("/api/board", "/api/departments/" + path("職員課"), "/api/submissions",
                "/api/indicators/atsugi-7-2/" + path("I-1-ア-1"))) {
            HttpResponse<String> response = stranger.get(api);
            assertThat(response.statusCode()).as(api).isEqualTo(401);
            assertThat(response.body()).as(api).doesNotContain("R2026", "I-1");
        }
        assertThat(stranger.post("/logout", Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> health = stranger.send(HttpRequest.newBuilder(
                URI.create(server.managementUrl("/observe/health"))).build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"name\":\"database\"", "\"name\":\"inbox\"",
                "\"name\":\"outbox\"", "\"name\":\"overnight-run\"");
    }

    @Test
    void aDepartmentUserSeesItsOwnDepartmentOnlyWhateverTheUrl() {
        Browser zaisei = new Browser().signIn("zaisei");

        HttpResponse<String> home = zaisei.get("/");
        assertThat(home.headers().firstValue("Location")).hasValue("/departments/" + path("財政課"));
        HttpResponse<String> own = zaisei.get("/departments/" + path("財政課"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("III-3-イ-1").doesNotContain("I-1-ア-1");
        assertThat(zaisei.get("/board").headers().firstValue("Location")).hasValue("/departments/" + path("財政課"));

        for (String other : List.of("/departments/" + path("職員課"), "/indicators/atsugi-7-2/" + path("I-1-ア-2"),
                "/downloads/templates/" + path("職員課"), "/submissions?department=" + path("職員課"),
                "/downloads/committee-workbook", "/downloads/templates.zip", "/downloads/exception-workbook")) {
            HttpResponse<String> response = zaisei.get(other);
            assertThat(response.statusCode()).as(other).isEqualTo(403);
            assertThat(response.body()).as(other).doesNotContain("I-1-ア-2", "自主研究", SCRIPT, "R2026-");
        }
        for (String api : List.of("/api/departments/" + path("職員課"), "/api/indicators/atsugi-7-2/" + path("I-1-ア-2"),
                "/api/submissions?department=" + path("職員課"))) {
            HttpResponse<String> response = zaisei.get(api);
            assertThat(response.statusCode()).as(api).isEqualTo(403);
            assertThat(response.body()).as(api).doesNotContain("I-1-ア-2", "R2026-");
        }
        // every received file of another department, by its number
        String list = zaisei.get("/submissions").body();
        assertThat(list).contains("財政課_実績報告.xlsx").doesNotContain("職員課_令和7年度_実績報告.xlsx", "dx_results.csv");
        for (long id = 1; id <= 8; id++) {
            HttpResponse<String> original = zaisei.get("/submissions/" + id + "/original");
            HttpResponse<String> receipt = zaisei.get("/submissions/" + id + "/receipt");
            boolean own1 = receipt.statusCode() == 200;
            if (own1) {
                assertThat(receipt.body()).contains("財政課");
                assertThat(original.statusCode()).isEqualTo(200);
            } else {
                assertThat(receipt.statusCode()).as("receipt " + id).isEqualTo(403);
                assertThat(original.statusCode()).as("original " + id).isEqualTo(403);
                assertThat(original.body()).doesNotContain("指標コード");
            }
        }
        assertThat(zaisei.get("/api/board").body()).contains("\"department\":\"財政課\"")
                .doesNotContain("\"department\":\"職員課\"");
    }

    @Test
    void theBoardShowsTheCommitteesFiguresAsSummaryPrintsThem() throws Exception {
        Browser admin = new Browser().signIn("admin");
        String board = admin.get("/board?plan=atsugi-7-2&fy=2025").body();
        for (ReportQueries.SummaryRow row : new ReportQueries(server.database()).summary("atsugi-7-2", 2025)) {
            String cells = "<td class=\"num\">" + row.set() + "</td>\n      <td class=\"num\">" + row.achieved()
                    + "</td>\n      <td class=\"num\">" + row.mostly() + "</td>\n      <td class=\"num\">"
                    + row.notAchieved() + "</td>\n      <td class=\"num\">" + row.notSubmitted() + "</td>";
            assertThat(board).as(row.goalCode()).contains("data-goal=\"" + row.goalCode() + "\"").contains(cells);
        }
    }

    @Test
    void aViewerReadsEveryDepartmentButTakesNoAdminDownload() {
        Browser iin = new Browser().signIn("iin");
        assertThat(iin.get("/board").statusCode()).isEqualTo(200);
        assertThat(iin.get("/departments/" + path("職員課")).statusCode()).isEqualTo(200);
        assertThat(iin.get("/downloads/committee-workbook").statusCode()).isEqualTo(200);
        assertThat(iin.get("/downloads/exception-workbook").statusCode()).isEqualTo(403);
    }

    @Test
    void theCommitteeWorkbookArrivesWholeAndLeavesNoTemporaryFile() throws Exception {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = committeeFiles(temp);
        HttpResponse<byte[]> response = new Browser().signIn("iin").download("/downloads/committee-workbook");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename*=UTF-8''" + URLEncoder.encode("行革実績_atsugi-7-2_2025年度.xlsx", StandardCharsets.UTF_8));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            assertThat(wb.getSheetName(0)).isEqualTo("総括表");
            assertThat(wb.getSheetAt(0).getRow(3).getCell(2).getStringCellValue()).isEqualTo("目標達成項目（100％以上）");
        }
        // the workbook was streamed from a temporary file, which goes once it has been sent
        for (int i = 0; i < 50 && !difference(committeeFiles(temp), before).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(difference(committeeFiles(temp), before)).isEmpty();
    }

    private static Set<Path> committeeFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("committee-")).collect(Collectors.toSet());
        }
    }

    private static Set<Path> difference(Set<Path> after, Set<Path> before) {
        Set<Path> added = new HashSet<>(after);
        added.removeAll(before);
        return added;
    }

    @Test
    void aStateChangeWithoutTheSessionsTokenIsRefused() {
        Browser admin = new Browser().signIn("admin");
        String page = admin.get("/board").body();

        HttpResponse<String> forged = admin.post("/logout", Map.of());
        HttpResponse<String> wrong = admin.post("/logout", Map.of("_csrf", "not-the-token"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(admin.get("/board").statusCode()).as("still signed in").isEqualTo(200);
        assertThat(admin.post("/logout", Map.of("_csrf", csrf(page))).statusCode()).isEqualTo(303);
        assertThat(admin.get("/board").statusCode()).as("signed out").isEqualTo(303);

        // the sign-in form itself: a post from another site has no sign-in cookie
        Browser other = new Browser();
        HttpResponse<String> noCookie = other.post("/login", Map.of("_csrf", "x", "login", "admin",
                "password", ConsoleServer.PASSWORD));
        assertThat(noCookie.statusCode()).isEqualTo(403);
        assertThat(noCookie.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("collector_session="));
    }

    @Test
    void aWrongPasswordSignsNobodyInAndTheSessionCookieIsStrict() {
        Browser someone = new Browser();
        String token = csrf(someone.get("/login").body());
        HttpResponse<String> wrong = someone.post("/login", Map.of("_csrf", token, "login", "admin", "password", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("ログインIDまたはパスワードが違います");

        Browser admin = new Browser();
        String adminToken = csrf(admin.get("/login").body());
        HttpResponse<String> ok = admin.post("/login", Map.of("_csrf", adminToken, "login", "admin",
                "password", ConsoleServer.PASSWORD, "next", "//evil.example/"));
        assertThat(ok.headers().firstValue("Location")).hasValue("/");
        assertThat(ok.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("collector_session=").contains("HttpOnly", "SameSite=Strict"));
    }

    @Test
    void textFromADepartmentFileIsShownAsText() {
        Browser shokuin = new Browser().signIn("shokuin");
        String page = shokuin.get("/departments/" + path("職員課")).body();
        assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain(SCRIPT);
        String indicator = shokuin.get("/indicators/atsugi-7-2/" + path("I-1-ア-2")).body();
        assertThat(indicator).contains("追加報告.csv").doesNotContain(SCRIPT);
    }
}
