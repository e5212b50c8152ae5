package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console behind a reverse proxy listed in http.trusted-proxies (here the test itself, 127.0.0.1): every PC's
 * request arrives from the proxy, which names the PC in X-Forwarded-For. Wrong passwords typed at one PC slow that
 * PC's sign-in, not everyone's, and the audit log names the PC.
 */
class ReverseProxyTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, config -> { }, inbox -> { },
                Map.of("http.trusted-proxies", " 127.0.0.1 , 10.9.9.9 "));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void wrongPasswordsAtOnePcSlowThatPcOnlyAndTheAuditLogNamesThePcNotTheProxy() throws Exception {
        // five wrong passwords for five logins at one PC: the five an address may fail; that PC now waits
        for (int i = 1; i <= 5; i++) {
            assertThat(signIn("user" + i, "wrong", "192.0.2.10").statusCode()).as("attempt " + i).isEqualTo(401);
        }
        HttpResponse<String> throttled = signIn("admin", ConsoleServer.PASSWORD, "192.0.2.10");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("ログインの失敗が続いたため");

        // another PC behind the same proxy signs in at once; the chain names it after what it wrote itself
        HttpResponse<String> other = signIn("admin", ConsoleServer.PASSWORD, "203.0.113.7, 192.0.2.20, 10.9.9.9");
        assertThat(other.statusCode()).isEqualTo(303);
        assertThat(Sql.rows(server.database(), "select remote_address from audit_log where action = 'sign_in' "
                + "order by audit_id desc limit 1")).extracting(r -> r.get("remote_address")).containsExactly("192.0.2.20");

        // what is not an address stops the chain at the proxy that sent it
        HttpResponse<String> odd = signIn("admin", ConsoleServer.PASSWORD, "evil.example.jp");
        assertThat(odd.statusCode()).isEqualTo(303);
        assertThat(Sql.rows(server.database(), "select remote_address from audit_log where action = 'sign_in' "
                + "order by audit_id desc limit 1")).extracting(r -> r.get("remote_address")).containsExactly("127.0.0.1");
    }

    @Test
    void aTrustedProxySettingThatIsNotAnAddressIsRefusedAtTheStart() {
        for (String setting : List.of("proxy.city.example.jp", "999.1.1.1", "10.0.0.1/24")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ClientAddress.trusting(setting)))
                    .as(setting).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("http.trusted-proxies").hasMessageContaining(setting);
        }
    }

    /** A sign-in as it reaches the console through the proxy, which adds the PC to X-Forwarded-For. */
    private static HttpResponse<String> signIn(String login, String password, String forwardedFor) throws Exception {
        ConsoleClient browser = new ConsoleClient(server);
        String form = Map.of("_csrf", ConsoleClient.csrf(browser.get("/login").body()), "login", login, "password", password, "next", "/").entrySet()
                .stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(server.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }
}
