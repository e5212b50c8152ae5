package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console of a plan graded in Minami-Alps' four letters A|B|C|D: the board counts canonical grades under
 * the letters each covers (C・D), the department and indicator pages show the letter the department wrote.
 */
class FourLevelConsoleTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> {
            try {
                Path plan = config.resolve("plans/minamialps-5/plan.csv");
                Files.writeString(plan, Files.readString(plan).replace(",grading\n", ",grading,grade_labels\n")
                        .replace(",self_assessment\n", ",self_assessment,A|B|C|D\n"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, inbox -> {
            try {
                DepartmentFiles.csv(Files.createDirectories(inbox.resolve("市民活動支援課")).resolve("令和8年度実績.csv"), StandardCharsets.UTF_8,
                        true, ",", DepartmentFiles.HEADER, List.of(
                                List.of("4-1-1-1", "R8", "71%", "実施しました", "", "", "A"),
                                List.of("4-1-2-1", "R8", "30%", "実施しました", "", "", "B"),
                                List.of("4-1-4-1", "R8", "20%", "実施しました", "", "", "D 未達成、取組困難")));
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

    @Test
    void theBoardHeadsCAndDTogetherAndThePagesShowTheDepartmentsD() {
        Browser admin = new Browser().signIn("admin");

        String board = admin.get("/board?plan=minamialps-5&fy=2026").body();
        String committee = board.substring(board.indexOf("id=\"committee\""));
        committee = committee.substring(0, committee.indexOf("</table>"));
        assertThat(cells(committee, "th")).containsExactly("重点目標", "設定項目", "A", "B", "C・D", "未提出", "概ね達成率");
        String total = committee.substring(committee.indexOf("data-goal=\"total\""));
        // A (4-1-1-1), B (4-1-2-1), D (4-1-4-1): one each of 達成, 概ね達成, 未達成
        assertThat(cells(total, "td").subList(2, 5)).containsExactly("1", "1", "1");

        String department = admin.get("/departments/" + encode("市民活動支援課") + "?plan=minamialps-5&fy=2026").body();
        assertThat(department).contains("D 未達成、取組困難");
        String row = department.substring(department.indexOf("data-code=\"4-1-4-1\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(cells(row, "td")).contains("D").doesNotContain("C");

        String indicator = admin.get("/indicators/minamialps-5/4-1-4-1").body();
        String years = indicator.substring(indicator.indexOf("id=\"years\""));
        String year = years.substring(years.indexOf("令和8年度"));
        year = year.substring(0, year.indexOf("</tr>"));
        assertThat(cells(year, "td")).contains("D");
    }

    private static List<String> cells(String html, String tag) {
        Matcher m = Pattern.compile("<" + tag + "[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        List<String> cells = new java.util.ArrayList<>();
        while (m.find()) {
            cells.add(m.group(1).replaceAll("<[^>]+>", "").strip());
        }
        return cells;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One signed-in user's cookies. */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(server.url(path))).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                    StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(server.url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
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
            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get("/login").body());
            assertThat(m.find()).isTrue();
            HttpResponse<String> response = post("/login", Map.of("_csrf", m.group(1), "login", login,
                    "password", ConsoleServer.PASSWORD, "next", "/"));
            assertThat(response.statusCode()).as("sign-in of " + login).isEqualTo(303);
            return this;
        }
    }
}
