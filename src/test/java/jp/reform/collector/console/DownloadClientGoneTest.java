package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TemporaryFiles;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.WidePlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download's temporary file goes when the client goes away, also in the middle of a zip larger than the
 * connection's buffers (where Camel's pump waits for the client for good): a 課 with 20,000 indicators whose
 * names do not compress makes a templates zip of about 8 MB. An archived original is closed as well, and kept.
 */
class DownloadClientGoneTest {

    private static final String ZIP = "/downloads/templates.zip?plan=" + WidePlan.PLAN + "&fy=2025";

    @TempDir
    static Path home;
    @TempDir
    static Path wide;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        WidePlan.write(wide, 20_000);
        Path plan = wide.resolve("plans").resolve(WidePlan.PLAN);
        Random random = new Random(7);
        List<String> lines = new ArrayList<>(Files.readAllLines(plan.resolve("indicators.csv")));
        for (int i = 1; i < lines.size(); i++) {
            StringBuilder name = new StringBuilder();
            for (int k = 0; k < 200; k++) {
                name.append((char) (0x4E00 + random.nextInt(2000)));
            }
            lines.set(i, lines.get(i).replace("オンライン手続の件数" + i + ",", name + ","));
        }
        Files.write(plan.resolve("indicators.csv"), lines);
        server = ConsoleServer.start(home, config -> {
            TestFiles.copyTree(plan, config.resolve("plans").resolve(WidePlan.PLAN));
            Files.writeString(config.resolve("departments.csv"), WidePlan.DEPARTMENT
                    + ",,tokei@wide.example.jp,tokei@wide.example.jp,test\n", StandardOpenOption.APPEND);
        }, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aClientGoingAwayBeforeOrWhileTheZipIsSentLeavesNoTemporaryFile() throws Exception {
        List<String> before = TemporaryFiles.of("templates-");
        ConsoleClient iin = new ConsoleClient(server).signIn("iin");

        // gone before the first byte of the answer
        try (Socket socket = request(iin)) {
            socket.getOutputStream().flush();
        }
        assertThat(TemporaryFiles.awaitNoneBut("templates-", before)).isEmpty();

        // gone in the middle: the first bytes read, then nothing for a while, so that the server has filled the
        // connection and waits for the client to read on
        try (Socket socket = request(iin)) {
            assertThat(new String(socket.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 200 OK");
            Thread.sleep(2000);
            List<String> sending = new ArrayList<>(TemporaryFiles.of("templates-"));
            sending.removeAll(before);
            assertThat(sending).as("the zip is still being sent").hasSize(1);
        }
        assertThat(TemporaryFiles.awaitNoneBut("templates-", before)).isEmpty();

        // the server is none the worse for it
        var whole = iin.download(ZIP);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body().length).as("larger than the connection's buffers").isGreaterThan(6_000_000);
        assertThat(TemporaryFiles.awaitNoneBut("templates-", before)).isEmpty();
    }

    @Test
    void anArchivedOriginalIsSentFromDiskClosedWhenTheClientGoesAwayAndKept() throws Exception {
        // an original larger than the connection's buffers: 8 MB that do not compress
        Map<String, Object> row = Sql.one(server.database(), "select submission_id, department_name, archived_path "
                + "from submission where archived_path is not null and department_name = '職員課' limit 1");
        Path original = server.inbox().resolve("職員課").resolve(row.get("archived_path").toString());
        byte[] content = new byte[8_000_000];
        new Random(11).nextBytes(content);
        Files.write(original, content);
        String name = original.getFileName().toString();
        String path = "/submissions/" + row.get("submission_id") + "/original";
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");

        // gone in the middle: while the server waits for the client to read on, the original is open, read as
        // it goes out (not held whole in memory); once the client has gone it is closed, and still there
        try (Socket socket = request(admin, path)) {
            assertThat(new String(socket.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 200 OK");
            Thread.sleep(2000);
            assertThat(TemporaryFiles.of(name)).as("the original is being sent from disk").isNotEmpty();
        }
        assertThat(TemporaryFiles.awaitNoneBut(name, List.of())).as("nothing holds the original open").isEmpty();
        assertThat(original).hasBinaryContent(content);

        // sent whole, it is still there, and closed
        var whole = admin.download(path);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);
        assertThat(original).hasBinaryContent(content);
        assertThat(TemporaryFiles.awaitNoneBut(name, List.of())).isEmpty();

        // a link standing at an original's name is never opened through
        Path outside = Files.writeString(home.resolve("outside.txt"), "not the department's");
        Path link = Files.createSymbolicLink(original.resolveSibling("link-" + name), outside);
        assertThatThrownBy(() -> FileDownload.kept(link)).isInstanceOf(IOException.class);
    }

    /** A GET of the zip on a raw socket that takes in little until read. */
    private static Socket request(ConsoleClient user) throws IOException {
        return request(user, ZIP);
    }

    /** A GET on a raw socket that takes in little until read. */
    private static Socket request(ConsoleClient user, String path) throws IOException {
        URI url = URI.create(server.url("/"));
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()));
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nCookie: "
                + user.cookieHeader() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }
}
