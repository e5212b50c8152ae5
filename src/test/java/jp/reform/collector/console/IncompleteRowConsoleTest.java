package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line the 課 sent without its 実績値 reads 未記入 in the 判定 of its page, not 未提出: the 課 did send it, and the
 * header already counts it under 未記入あり. The committee's table and the API still count it as 未提出, as DOMAIN.md
 * counts an incomplete result.
 */
class IncompleteRowConsoleTest {

    private static final String PAGE = "/departments/" + segment("市民協働推進課") + "?plan=atsugi-7-2&fy=2025";

    @TempDir
    static Path home;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> {
            Path file = inbox.resolve("市民協働推進課/kyodo_2025.csv");
            String csv = Files.readString(file, StandardCharsets.UTF_8);
            Files.writeString(file, csv.replace(",39.8%,", ",,"), StandardCharsets.UTF_8);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String row(String page, String code) {
        String from = page.substring(page.indexOf("data-code=\"" + code + "\""));
        return from.substring(0, from.indexOf("</tr>"));
    }

    @Test
    void aLineSentWithoutItsActualReads未記入NotUnsubmitted() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get(PAGE).body();
        assertThat(row(page, "III-2-ア-1")).contains(">未記入</span>", "未記入あり").doesNotContain(">未提出<");
        assertThat(row(page, "III-1-ア-1")).contains(">達成</span>");
        // counted as the committee counts it
        assertThat(admin.get("/api/departments/" + segment("市民協働推進課") + "?plan=atsugi-7-2&fy=2025").body())
                .containsPattern("\"indicatorCode\":\"III-2-ア-1\".*?\"grade\":\"未提出\"");
    }
}
