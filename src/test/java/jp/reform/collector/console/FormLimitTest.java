package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forms over what the HTTP server takes (a field over 8,192 bytes as sent, a body over the upload limit) are
 * refused before any route runs; the user gets the console's Japanese error page, not a bare 400 or 413,
 * nothing is stored and the audit log gets nothing (no refused action, no bad token: the form never reached
 * the console). A field within the server's limit reaches the console's own checks.
 */
class FormLimitTest {

    private static final String PLAN = "atsugi-7-2";
    /** 10,000 characters, 90,000 bytes URL-encoded. */
    private static final String TEN_THOUSAND = "直してください。".repeat(1250);

    private static final int IDLE_SECONDS = 3;
    private static final String LEFTOVER = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        // uploads up to 1 MB, so that a body over the limit is quick to send; connections closed after 3 s without
        // traffic, so that a stalled one is seen closed within the test
        server = ConsoleServer.start(home, config -> {
            Files.writeString(config.resolve("application.properties"),
                    "\nmail.max-attachment-mb=1\nhttp.idle-timeout-seconds=" + IDLE_SECONDS + "\n",
                    StandardOpenOption.APPEND);
            // what the HTTP server of an earlier run left, and a file someone else put there
            Path uploads = Files.createDirectories(home.resolve("data/web-uploads"));
            Files.write(uploads.resolve(LEFTOVER), new byte[900_000]);
            Files.writeString(uploads.resolve("memo.txt"), "not the server's");
        }, inbox -> { });
        db = server.database();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aTenThousandCharacterCommentGetsTheJapanesePageAndChangesNothing() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = "/departments/" + segment("職員課");
        String token = ConsoleClient.csrf(admin.get(page + "?plan=" + PLAN + "&fy=2025").body());
        long audited = audited();

        HttpResponse<String> refused = admin.post(page + "/review", List.of(Map.entry("_csrf", token),
                Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                Map.entry("comment", TEN_THOUSAND), Map.entry("indicator", "I-1-ア-1")));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
        assertThat(refused.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'none'"));
        assertThat(refused.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(refused.body()).contains("<html lang=\"ja\"", "送信できませんでした",
                "入力された文字数が多すぎるため、受け付けられませんでした（登録・変更はされていません）。"
                        + "コメントは800字以内で入力し、もう一度送信してください。",
                "行政経営課 管理者") // signed in: the page keeps the user's header
                .doesNotContain("Bad Request", "直してください。直してください。");
        assertThat(Sql.count(db, "select count(*) from review_action")).isZero();
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'sent_back'")).isZero();
        assertThat(audited()).as("nothing reached the console: no refusal, no bad token").isEqualTo(audited);

        // the session and its token are as they were: 800 kanji (7,200 bytes as sent) reach the console
        HttpResponse<String> longest = admin.post(page + "/review", List.of(Map.entry("_csrf", token),
                Map.entry("plan", PLAN), Map.entry("fy", "2025"), Map.entry("action", "send_back"),
                Map.entry("comment", "直".repeat(800))));
        assertThat(longest.statusCode()).isEqualTo(303);
        assertThat(Sql.count(db, "select count(*) from review_action where length(comment) = 800")).isEqualTo(1);
    }

    @Test
    void eachFormSaysItsOwnLimitAndTheConsolesOwnChecksStillAnswerWithinTheServersLimit() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String token = admin.token();
        long audited = audited();

        HttpResponse<String> reason = admin.post("/indicators/" + PLAN + "/" + segment("I-1-イ-3") + "/final-grade",
                Map.of("_csrf", token, "fy", "2025", "final_grade", "達成", "reason", TEN_THOUSAND));
        assertThat(reason.statusCode()).isEqualTo(400);
        assertThat(reason.body()).contains("理由は500字以内で入力し、もう一度送信してください。");
        assertThat(Sql.count(db, "select count(*) from grade_override")).isZero();

        HttpResponse<String> decline = admin.post("/pending/999999/decline",
                Map.of("_csrf", token, "plan", PLAN, "fy", "2025", "reason", TEN_THOUSAND));
        assertThat(decline.statusCode()).isEqualTo(400);
        assertThat(decline.body()).contains("理由は800字以内で入力し、もう一度送信してください。");
        assertThat(audited()).isEqualTo(audited);

        // 900 kanji are 8,100 bytes as sent: past the form's limit, not the server's, so the console says so
        HttpResponse<String> ours = admin.post("/pending/999999/decline",
                Map.of("_csrf", token, "plan", PLAN, "fy", "2025", "reason", "直".repeat(900)));
        assertThat(ours.statusCode()).isEqualTo(400);
        assertThat(ours.body()).contains("理由は800字以内で入力してください。");
    }

    @Test
    void aVisitorsOversizedSignInAndAnUploadOverTheLimitGetTheJapanesePageToo() {
        long audited = audited();
        ConsoleClient visitor = new ConsoleClient(server);
        String token = ConsoleClient.csrf(visitor.get("/login").body());
        HttpResponse<String> signIn = visitor.post("/login", Map.of("_csrf", token, "login", "admin",
                "password", "x".repeat(10_000)));
        assertThat(signIn.statusCode()).isEqualTo(400);
        assertThat(signIn.body()).contains("送信できませんでした", "入力を短くしてもう一度送信してください。",
                "href=\"/login\"");
        assertThat(audited()).as("not a failed sign-in: the form never reached it").isEqualTo(audited);

        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        long files = Sql.count(db, "select count(*) from submission");
        HttpResponse<String> upload = shokuin.upload("/upload", Map.of("_csrf", shokuin.token()), "大きな報告.csv",
                new byte[1_200_000]);
        assertThat(upload.statusCode()).isEqualTo(413);
        assertThat(upload.body()).contains("送信されたファイルが大きすぎるため、受け付けられませんでした",
                "ファイルは 1 MB 以内にしてください。");
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(files);
    }

    @Test
    void aConnectionThatStopsSendingIsClosedButASlowUploadThatKeepsSendingIsReceived() throws Exception {
        // half a header (also on the management port), an upload's headers with a few bytes of its promised
        // megabyte, and a chunked upload that ends without its closing boundary: closed, not held
        String part = "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc";
        String upload = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=XX\r\n";
        for (Map.Entry<Integer, String> stalled : List.of(
                Map.entry(port(), "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
                Map.entry(URI.create(server.managementUrl("/")).getPort(), "GET /observe/health HTTP/1.1\r\nHost: x\r\n"),
                Map.entry(port(), upload + "Content-Length: 1000000\r\n\r\n" + part),
                Map.entry(port(), upload + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(part.length())
                        + "\r\n" + part + "\r\n0\r\n\r\n"))) {
            try (Socket socket = new Socket("127.0.0.1", stalled.getKey())) {
                socket.setSoTimeout(30_000);
                long started = System.nanoTime();
                socket.getOutputStream().write(stalled.getValue().getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().readAllBytes()).as(stalled.getValue()).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as(stalled.getValue())
                        .isBetween(Duration.ofSeconds(IDLE_SECONDS - 1), Duration.ofSeconds(IDLE_SECONDS + 15));
            }
        }

        // a department's upload over a slow line: longer in all than the idle timeout, never silent that long
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        String boundary = "----slow";
        byte[] file = (String.join(",", jp.reform.collector.support.DepartmentFiles.HEADER) + "\r\n"
                + "I-1-ア-2,2025,7,回線の遅い課から,,,達成\r\n" + "\r\n".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
        var body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + shokuin.token()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        long started = System.nanoTime();
        HttpResponse<String> sent = shokuin.send(HttpRequest.newBuilder(URI.create(server.url("/upload")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new SlowStream(bytes, bytes.length / 6 + 1)), bytes.length)).build());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(IDLE_SECONDS + 1));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location")).hasValueSatisfying(
                receipt -> assertThat(receipt).matches("/submissions/\\d+/receipt"));
    }

    @Test
    void whatTheHttpServerOfAnEarlierRunLeftOfAnUploadIsRemovedAtTheStart() {
        Path uploads = home.resolve("data/web-uploads");
        assertThat(uploads.resolve(LEFTOVER)).doesNotExist();
        assertThat(uploads.resolve("memo.txt")).hasContent("not the server's");
    }

    /** A body that arrives a piece a second, as over a slow line. */
    private static final class SlowStream extends java.io.InputStream {
        private final byte[] bytes;
        private final int piece;
        private int position;
        private int sentInPiece;

        SlowStream(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            if (sentInPiece == piece) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sentInPiece = 0;
            }
            int n = Math.min(Math.min(length, bytes.length - position), piece - sentInPiece);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            sentInPiece += n;
            return n;
        }
    }

    private static int port() {
        return URI.create(server.url("/")).getPort();
    }

    private static long audited() {
        return Sql.count(db, "select count(*) from audit_log");
    }
}
