package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 課 renamed in April (職員課 → 人材育成課, the old name in former_names) keeps its history on the console:
 * the files it sent under its old name are its own files — listed for its users and under its new name, their
 * receipts open — and still nobody else's. So does DX推進課, renamed デジタル推進課 with its old name typed in full width
 * (ＤＸ推進課) in departments.csv, as the look-ups by name accept it: its history is recorded as DX推進課.
 */
class RenamedDepartmentConsoleTest {

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static long oldFile;
    private static String oldReceiptNo;
    private static long dxFile;
    private static String dxReceiptNo;

    @BeforeAll
    static void start() throws Exception {
        String dbUrl = TestDatabase.freshUrl();
        try (ConsoleServer first = ConsoleServer.start(home, inbox -> { }, dbUrl)) {
            Map<String, Object> row = Sql.one(first.database(),
                    "select submission_id, receipt_no from submission where department_name = '職員課'");
            oldFile = ((Number) row.get("submission_id")).longValue();
            oldReceiptNo = row.get("receipt_no").toString();
            Map<String, Object> dx = Sql.one(first.database(),
                    "select submission_id, receipt_no from submission where department_name = 'DX推進課'");
            dxFile = ((Number) dx.get("submission_id")).longValue();
            dxReceiptNo = dx.get("receipt_no").toString();
            // the division confirmed the 課's results of the round before April
            ConsoleClient admin = new ConsoleClient(first).signIn("admin");
            HttpResponse<String> confirmed = admin.post("/departments/" + segment("職員課") + "/review", Map.of(
                    "_csrf", admin.token(), "plan", "atsugi-7-2", "fy", "2025", "action", "confirm"));
            assertThat(confirmed.statusCode()).isEqualTo(303);
            // and asked it for FY2026's I-1-ア-1, which it has not corrected yet
            HttpResponse<String> sentBack = admin.post("/departments/" + segment("職員課") + "/review", List.of(
                    Map.entry("_csrf", admin.token()), Map.entry("plan", "atsugi-7-2"), Map.entry("fy", "2026"),
                    Map.entry("action", "send_back"), Map.entry("comment", "I-1-ア-1 の見込みを記入してください。"),
                    Map.entry("indicator", "I-1-ア-1")));
            assertThat(sentBack.statusCode()).isEqualTo(303);
        }
        Path departments = home.resolve("config").resolve("departments.csv");
        String renamed = Files.readString(departments, StandardCharsets.UTF_8).replace(
                "\n職員課,,shokuin@atsugi.example.jp,shokuin@atsugi.example.jp,",
                "\n人材育成課,職員課,jinzai@atsugi.example.jp,jinzai@atsugi.example.jp|shokuin@atsugi.example.jp,");
        renamed = renamed.replace("\nDX推進課,情報政策課,dx@atsugi.example.jp,dx@atsugi.example.jp,",
                "\nデジタル推進課,ＤＸ推進課|情報政策課,digital@atsugi.example.jp,digital@atsugi.example.jp,");
        assertThat(renamed).contains("人材育成課,職員課", "デジタル推進課,ＤＸ推進課|情報政策課");
        Files.writeString(departments, renamed, StandardCharsets.UTF_8);
        // a user of the 課 as the users' list named it before April (resolved as names are, to デジタル推進課)
        Path users = home.resolve("config").resolve("users.csv");
        String shokuinLine = Files.readAllLines(users, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("shokuin,")).findFirst().orElseThrow();
        Files.writeString(users, Files.readString(users, StandardCharsets.UTF_8)
                + shokuinLine.replace("shokuin,職員課 担当,department,職員課,", "digital,DX推進課 担当,department,DX推進課,")
                + "\n", StandardCharsets.UTF_8);
        server = ConsoleServer.restart(home, dbUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theRenamedDepartmentsUserSeesTheFilesSentUnderTheOldName() {
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");

        assertThat(shokuin.get("/api/submissions").body()).contains(oldReceiptNo);
        assertThat(shokuin.get("/submissions").body()).contains(oldReceiptNo);
        HttpResponse<String> receipt = shokuin.get("/submissions/" + oldFile + "/receipt");
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body()).contains(oldReceiptNo, "受け付けました");
        assertThat(shokuin.download("/submissions/" + oldFile + "/original").statusCode()).isEqualTo(200);
    }

    @Test
    void theDivisionFindsThemUnderTheNewName() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");

        assertThat(admin.get("/submissions?department=" + segment("人材育成課")).body()).contains(oldReceiptNo);
        assertThat(admin.get("/submissions?department=" + segment("財政課")).body()).doesNotContain(oldReceiptNo);
    }

    @Test
    void theReviewGivenUnderTheOldNameIsTheRenamedDepartmentsReview() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");

        String page = admin.get("/api/departments/" + segment("人材育成課") + "?plan=atsugi-7-2&fy=2025").body();
        assertThat(page).contains("\"state\":\"confirmed\"", "\"label\":\"確認済み\"")
                .containsPattern("\"reviewHistory\":\\[\\{\"reviewId\":\\d+,\"state\":\"confirmed\"");
        assertThat(admin.get("/api/board?plan=atsugi-7-2&fy=2025").body())
                .contains("{\"department\":\"人材育成課\"").contains("\"label\":\"確認済み\"");
    }

    @Test
    void theCorrectionAskedUnderTheOldNameIsAwaitedFromTheRenamedDepartment() {
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");

        assertThat(shokuin.get("/departments/" + segment("人材育成課") + "?plan=atsugi-7-2&fy=2026").body())
                .contains("差し戻し（修正待ち）");
        assertThat(shokuin.get("/indicators/atsugi-7-2/" + segment("I-1-ア-1") + "?fy=2026").body())
                .contains("人材育成課 に修正をお願いしています（差し戻し中）");
    }

    @Test
    void aFormerNameWrittenInAnotherWidthStillFindsTheHistory() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        assertThat(admin.get("/submissions?department=" + segment("デジタル推進課")).body()).contains(dxReceiptNo);

        ConsoleClient digital = new ConsoleClient(server).signIn("digital");
        assertThat(digital.get("/api/submissions").body()).contains(dxReceiptNo).doesNotContain(oldReceiptNo);
        HttpResponse<String> receipt = digital.get("/submissions/" + dxFile + "/receipt");
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body()).contains(dxReceiptNo, "受け付けました");
        assertThat(digital.download("/submissions/" + dxFile + "/original").statusCode()).isEqualTo(200);
        assertThat(new ConsoleClient(server).signIn("shokuin").get("/submissions/" + dxFile + "/receipt").statusCode())
                .isEqualTo(403);
    }

    @Test
    void anotherDepartmentStillGetsNothingOfThem() {
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");

        assertThat(zaisei.get("/api/submissions").body()).doesNotContain(oldReceiptNo);
        HttpResponse<String> receipt = zaisei.get("/submissions/" + oldFile + "/receipt");
        assertThat(receipt.statusCode()).isEqualTo(403);
        assertThat(receipt.body()).doesNotContain(oldReceiptNo);
    }
}
