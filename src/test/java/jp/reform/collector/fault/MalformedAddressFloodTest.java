package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import jp.reform.collector.support.FreePorts;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path that is not a valid URL (a stray %) fails in the HTTP server's own router, before the console can answer:
 * Vert.x logs each with a long stack trace. Anyone who can reach the port may send thousands; the log (the
 * application's own log4j2.xml, as serve runs it) keeps the first few, so that it cannot be rolled over to hide
 * what happened before, and serve goes on answering.
 */
@RunsCollectorProcesses
class MalformedAddressFloodTest {

    @TempDir
    Path dir;

    @Test
    void aFloodOfMalformedAddressesLeavesAFewLinesInTheLogAndTheConsoleAnswering() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        int port = FreePorts.next();
        home.set("HTTP_ENABLED", "true").set("HTTP_PORT", Integer.toString(port))
                .set("HTTP_MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI signIn = URI.create("http://127.0.0.1:" + port + "/login");

        try (CollectorProcess serve = home.start("serve", "--db-url", TestDatabase.freshUrl())) {
            serve.await("the console answering", Duration.ofMinutes(2), () -> status(http, signIn) == 200);
            for (int i = 0; i < 200; i++) {
                assertThat(rawStatusLine(port, "/departments/%ZZ" + i)).startsWith("HTTP/1.1 400");
            }
            assertThat(status(http, signIn)).isEqualTo(200);
            assertThat(serve.isAlive()).isTrue();
        }

        String log = home.logText();
        long logged = Pattern.compile("Unhandled exception in router").matcher(log).results().count();
        assertThat(logged).as("lines for 200 malformed requests").isBetween(1L, 6L);
        assertThat(log.lines().count()).as("the whole log").isLessThan(600);
    }

    /** The status line for a path no URI class would let through: sent as it is, over a socket. */
    private static String rawStatusLine(int port, String path) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
