package jp.reform.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * One user's browser on one {@link ConsoleServer}: keeps the cookies the console sets (and drops those it
 * expires), follows no redirect so that a test sees each 303 and its Location.
 */
public final class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CONFIG_SHOWN = Pattern.compile("name=\"shown\" value=\"([0-9a-f]+)\"");

    private final ConsoleServer server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public ConsoleClient(ConsoleServer server) {
        this.server = server;
    }

    /** Signs in with the test password; the console answers a good sign-in with 303. */
    public ConsoleClient signIn(String login) {
        HttpResponse<String> response = post("/login", Map.of("_csrf", csrf(get("/login").body()), "login", login,
                "password", ConsoleServer.PASSWORD, "next", "/"));
        assertThat(response.statusCode()).as("sign-in of " + login).isEqualTo(303);
        return this;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(server.url(path))).GET().build());
    }

    /** A download as the bytes the browser saves. */
    public HttpResponse<byte[]> download(String path) {
        return send(HttpRequest.newBuilder(URI.create(server.url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> post(String path, Map<String, String> form) {
        return post(path, List.copyOf(form.entrySet()));
    }

    /** A form as a browser sends it; a field may repeat (ticked boxes). */
    public HttpResponse<String> post(String path, List<Map.Entry<String, String>> form) {
        String body = form.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A form with one file, as a browser sends it (multipart/form-data). */
    public HttpResponse<String> upload(String path, Map<String, String> fields, String fileName, byte[] content) {
        String boundary = "----collector" + System.nanoTime();
        var body = new ByteArrayOutputStream();
        try {
            for (var field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                        + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /**
     * Each client posts its form to the path at the same moment, as people clicking one button together would;
     * the answers in the clients' order.
     */
    public static List<HttpResponse<String>> postAtOnce(String path, List<ConsoleClient> clients,
                                                        List<Map<String, String>> forms) throws Exception {
        CyclicBarrier together = new CyclicBarrier(clients.size());
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            List<Callable<HttpResponse<String>>> clicks = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                ConsoleClient who = clients.get(i);
                Map<String, String> form = forms.get(i);
                clicks.add(() -> {
                    together.await();
                    return who.post(path, form);
                });
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : pool.invokeAll(clicks)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    /** The Cookie header this browser sends (for a request made by hand, on a raw socket). */
    public String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    /** The CSRF token of this user's session, as any of its pages carries it. */
    public String token() {
        return csrf(get("/submissions").body());
    }

    /** Any request (another URL of the server, such as its management port), with this user's cookies. */
    public HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> send(HttpRequest original, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder request = HttpRequest.newBuilder(original, (name, value) -> true);
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<T> response = http.send(request.build(), handler);
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
        } catch (IOException e) {
            throw new IllegalStateException(original.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CSRF token a page carries in its forms. */
    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("page carries a CSRF token").isTrue();
        return m.group(1);
    }

    /** The fingerprint of the config/ file a page's form was shown with (its {@code shown} field: 収集期間, 連絡先, 課の設定). */
    public static String configShown(String html) {
        Matcher m = CONFIG_SHOWN.matcher(html);
        assertThat(m.find()).as("the form carries the file's fingerprint").isTrue();
        return m.group(1);
    }

    /** One path segment as a URL carries it (a space as %20, not +). */
    public static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
