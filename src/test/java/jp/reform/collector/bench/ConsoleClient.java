package jp.reform.collector.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One user's browser: its own HTTP/1.1 connection pool and the cookies the console sets. */
final class ConsoleClient {

    /** A response as measured: status, body size and the time from sending to the last byte. */
    record Timed(int status, byte[] body, long nanos) {
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    ConsoleClient(String base) {
        this.base = base;
    }

    Timed get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    ConsoleClient signIn(String login, String password) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(new String(get("/login").body(), StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        Map<String, String> form = Map.of("_csrf", m.group(1), "login", login, "password", password, "next", "/");
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        Timed response = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.status() != 303) {
            throw new IllegalStateException("sign-in of " + login + " answered " + response.status());
        }
        return this;
    }

    private Timed send(HttpRequest original) {
        HttpRequest.Builder request = HttpRequest.newBuilder(original, (name, value) -> true);
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - start;
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return new Timed(response.statusCode(), response.body(), nanos);
        } catch (IOException e) {
            throw new IllegalStateException(original.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
