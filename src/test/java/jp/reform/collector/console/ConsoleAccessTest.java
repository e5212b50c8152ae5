package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.csrf;
import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TemporaryFiles;
import jp.reform.collector.template.TemplateWorkbook;
import org.apache.poi.ss.usermodel.Sheet;
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
    private static final String SHARED_FILE = "行政総務課_人事配置_報告.csv";
    /** The other owner's second report, taken after 職員課's own file: the current value of the shared indicator. */
    private static final String SHARED_LATER = "行政総務課_人事配置_再報告.csv";
    /** 行政経営課's 広告料収入 (千円) in 円, in a 単位 column: stored as 15,820.5. */
    private static final String IN_YEN = "行政経営課_広告料_円.csv";

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleServer.start(home, inbox -> {
            DepartmentFiles.csv(inbox.resolve("職員課").resolve("追加報告.csv"),
                    StandardCharsets.UTF_8, true, ",", DepartmentFiles.HEADER,
                    List.of(List.of("I-1-ア-2", "2025", "5", SCRIPT, "", "", "達成")));
            // I-2-イ-2 is 行政総務課's and 職員課's: the other owner reports it too
            DepartmentFiles.csv(java.nio.file.Files.createDirectories(inbox.resolve("行政総務課")).resolve(SHARED_FILE),
                    StandardCharsets.UTF_8, true, ",", DepartmentFiles.HEADER,
                    List.of(List.of("I-2-イ-2", "2025", "95", "【行政総務課】調査を実施した。", "", "", "概ね達成")));
        });
        server.awaitArchived(9);
        DepartmentFiles.csv(server.inbox().resolve("行政総務課").resolve(SHARED_LATER),
                StandardCharsets.UTF_8, true, ",", DepartmentFiles.HEADER,
                List.of(List.of("I-2-イ-2", "2025", "97", "【行政総務課】再調査を実施した。", "", "", "達成")));
        server.awaitArchived(10);
        DepartmentFiles.csv(server.inbox().resolve("行政経営課").resolve(IN_YEN), StandardCharsets.UTF_8, true, ",",
                List.of("指標コード", "年度", "実績値", "単位", "取組状況"),
                List.of(List.of("II-2-ア-1", "2025", "15,820,500", "円", "広告枠を拡大した。")));
        server.awaitArchived(11);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void nothingAnswersWithoutSignInButHealth() {
        ConsoleClient stranger = new ConsoleClient(server);
        for (String page : List.of("/", "/board", "/departments/" + segment("職員課"),
                "/indicators/atsugi-7-2/" + segment("I-1-ア-1"),
                "/submissions", "/submissions/1/receipt", "/submissions/1/original", "/downloads",
                "/downloads/committee-workbook", "/downloads/templates/" + segment("職員課"), "/downloads/templates.zip",
                "/downloads/exception-workbook")) {
            HttpResponse<String> response = stranger.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(page).hasValueSatisfying(
                    location -> assertThat(location).startsWith("/login?next="));
            assertThat(response.body()).as(page).doesNotContain("職員課", "R2026");
        }
        for (String api : List.of("/api/board", "/api/departments/" + segment("職員課"), "/api/submissions",
                "/api/indicators/atsugi-7-2/" + segment("I-1-ア-1"))) {
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
        // every outcome's counter is there from the start, also one no file has had yet (held)
        HttpResponse<String> metrics = stranger.send(HttpRequest.newBuilder(
                URI.create(server.managementUrl("/observe/metrics"))).build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        for (String outcome : List.of("accepted", "rejected", "held", "duplicate")) {
            assertThat(metrics.body()).contains("collector_files_total{outcome=\"" + outcome + "\"");
        }
    }

    @Test
    void aDepartmentUserSeesItsOwnDepartmentOnlyWhateverTheUrl() {
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");

        HttpResponse<String> home = zaisei.get("/");
        assertThat(home.headers().firstValue("Location")).hasValue("/departments/" + segment("財政課"));
        HttpResponse<String> own = zaisei.get("/departments/" + segment("財政課"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("III-3-イ-1").doesNotContain("I-1-ア-1");
        assertThat(zaisei.get("/board").headers().firstValue("Location")).hasValue("/departments/" + segment("財政課"));

        for (String other : List.of("/departments/" + segment("職員課"), "/indicators/atsugi-7-2/" + segment("I-1-ア-2"),
                "/downloads/templates/" + segment("職員課"), "/submissions?department=" + segment("職員課"),
                "/downloads/committee-workbook", "/downloads/templates.zip", "/downloads/exception-workbook")) {
            HttpResponse<String> response = zaisei.get(other);
            assertThat(response.statusCode()).as(other).isEqualTo(403);
            assertThat(response.body()).as(other).doesNotContain("I-1-ア-2", "自主研究", SCRIPT, "R2026-");
        }
        for (String api : List.of("/api/departments/" + segment("職員課"),
                "/api/indicators/atsugi-7-2/" + segment("I-1-ア-2"),
                "/api/submissions?department=" + segment("職員課"))) {
            HttpResponse<String> response = zaisei.get(api);
            assertThat(response.statusCode()).as(api).isEqualTo(403);
            assertThat(response.body()).as(api).doesNotContain("I-1-ア-2", "R2026-");
        }
        // every received file of another department, by its number
        String list = zaisei.get("/submissions").body();
        assertThat(list).contains("財政課_実績報告.xlsx").doesNotContain("職員課_令和7年度_実績報告.xlsx", "dx_results.csv");
        // nor does its status filter offer kinds of mail no 課 sends (the division's list does)
        assertThat(list).doesNotContain("未登録の送信者", "読み取れないメール");
        assertThat(new ConsoleClient(server).signIn("admin").get("/submissions").body())
                .contains("未登録の送信者", "読み取れないメール");
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
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String board = admin.get("/board?plan=atsugi-7-2&fy=2025").body();
        for (ReportQueries.SummaryRow row : new ReportQueries(server.database()).summary("atsugi-7-2", 2025)) {
            String cells = "<td class=\"num\">" + row.set() + "</td>\n      <td class=\"num\">" + row.achieved()
                    + "</td>\n      <td class=\"num\">" + row.mostly() + "</td>\n      <td class=\"num\">"
                    + row.notAchieved() + "</td>\n      <td class=\"num\">" + row.notSubmitted() + "</td>";
            assertThat(board).as(row.goalCode()).contains("data-goal=\"" + row.goalCode() + "\"").contains(cells);
        }
    }

    /**
     * The department and indicator pages state the unit beside the actual (広告料収入（千円）, 単位 千円): a value
     * written in 円 shows as stored, 15,820.5千円, what was written under it; the history of versions keeps both.
     */
    @Test
    void aValueWrittenInYenShowsInTheIndicatorsThousandsWithWhatWasWrittenUnderIt() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String department = admin.get("/departments/" + segment("行政経営課") + "?plan=atsugi-7-2&fy=2025").body();
        String row = department.substring(department.indexOf("data-code=\"II-2-ア-1\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("（千円）");
        String actual = row.substring(row.indexOf("<td class=\"num actual\""));
        actual = actual.substring(0, actual.indexOf("</td>"));
        assertThat(text(actual)).isEqualTo("15,820.5千円記入どおり：15,820,500");
        assertThat(department).contains("<th class=\"num\">実績</th>");

        String indicator = admin.get("/indicators/atsugi-7-2/" + segment("II-2-ア-1")).body();
        // the plan writes no final goal for it: said as 「－」, not an empty line
        assertThat(indicator).containsPattern("<dt>最終目標</dt><dd>－</dd>");
        String years = indicator.substring(indicator.indexOf("id=\"years\""));
        String year = years.substring(years.indexOf("令和7年度"));
        year = year.substring(0, year.indexOf("</tr>"));
        assertThat(cells(year)).contains("15,820.5千円記入どおり：15,820,500").doesNotContain("15,820,500");
        String versions = indicator.substring(indicator.indexOf("id=\"versions\""));
        String current = versions.substring(versions.indexOf("（現在）"));
        current = current.substring(0, current.indexOf("</tr>"));
        assertThat(cells(current)).containsSubsequence("15,820,500", "15,820.5");

        // a figure written in the indicator's unit reads as before
        String other = department.substring(department.indexOf("data-code=\"II-1-ア-1\""));
        other = other.substring(0, other.indexOf("</tr>"));
        String otherActual = other.substring(other.indexOf("<td class=\"num actual\""));
        assertThat(otherActual.substring(0, otherActual.indexOf("</td>"))).doesNotContain("記入どおり");
    }

    /**
     * Targets and actuals read as in the committee workbook and `status`: separators and the unit right after the
     * number, a target written bare (I-3-ウ-1's 90) with its indicator's unit, one written with a space (5 グループ,
     * 175 時間) without it, an actual typed as a plain number (96.2) with its unit; a milestone keeps its words.
     */
    @Test
    void theDepartmentAndIndicatorPagesWriteTargetsAndActualsWithTheirUnits() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String shokuin = admin.get("/departments/" + segment("職員課") + "?plan=atsugi-7-2&fy=2025").body();
        assertThat(targetAndActual(shokuin, "I-1-ア-1")).containsExactly("100%", "96.2%");
        assertThat(targetAndActual(shokuin, "I-1-ア-2")).containsExactly("5グループ", "5グループ");
        assertThat(targetAndActual(shokuin, "I-3-ア-1")).containsExactly("175時間", "171時間");
        assertThat(targetAndActual(shokuin, "I-2-イ-3")).containsExactly("1,000人", "約1,020人");
        assertThat(targetAndActual(shokuin, "I-1-イ-2").get(0)).as("a milestone").isEqualTo("見直し・反映");
        String dx = admin.get("/departments/" + segment("DX推進課") + "?plan=atsugi-7-2&fy=2025").body();
        assertThat(targetAndActual(dx, "I-3-ウ-1")).containsExactly("90件", "91件");
        assertThat(targetAndActual(dx, "I-3-イ-1").get(0)).isEqualTo("1,560万文字");

        String indicator = admin.get("/indicators/atsugi-7-2/" + segment("I-3-ウ-1")).body();
        String years = indicator.substring(indicator.indexOf("id=\"years\""));
        String year = years.substring(years.indexOf("令和7年度"));
        assertThat(cells(year.substring(0, year.indexOf("</tr>")))).startsWith("90件", "91件");
        String before = years.substring(years.indexOf("令和6年度"));
        assertThat(cells(before.substring(0, before.indexOf("</tr>")))).startsWith("85件");
        assertThat(indicator).contains("<dt>基準値</dt><dd>67件</dd>");
    }

    /** The 目標 and 実績 cells of an indicator's row on a 課's page, as the browser shows their text. */
    private static List<String> targetAndActual(String page, String code) {
        String row = page.substring(page.indexOf("data-code=\"" + code + "\""));
        List<String> cells = cells(row.substring(0, row.indexOf("</tr>")));
        return cells.subList(2, 4);
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", "").replaceAll("\\s+", "");
    }

    private static List<String> cells(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<td[^>]*>(.*?)</td>", java.util.regex.Pattern.DOTALL)
                .matcher(html);
        List<String> cells = new ArrayList<>();
        while (m.find()) {
            cells.add(text(m.group(1)));
        }
        return cells;
    }

    @Test
    void aViewerReadsEveryDepartmentButTakesNoAdminDownload() {
        ConsoleClient iin = new ConsoleClient(server).signIn("iin");
        assertThat(iin.get("/board").statusCode()).isEqualTo(200);
        assertThat(iin.get("/departments/" + segment("職員課")).statusCode()).isEqualTo(200);
        assertThat(iin.get("/downloads/committee-workbook").statusCode()).isEqualTo(200);
        assertThat(iin.get("/downloads/exception-workbook").statusCode()).isEqualTo(403);
    }

    @Test
    void theCommitteeWorkbookArrivesWholeAndLeavesNoTemporaryFile() throws Exception {
        List<String> before = TemporaryFiles.of("committee-");
        HttpResponse<byte[]> response = new ConsoleClient(server).signIn("iin")
                .download("/downloads/committee-workbook");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename*=UTF-8''" + URLEncoder.encode("行革実績_atsugi-7-2_2025年度.xlsx", StandardCharsets.UTF_8));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            assertThat(wb.getSheetName(0)).isEqualTo("総括表");
            assertThat(wb.getSheetAt(0).getRow(3).getCell(2).getStringCellValue()).isEqualTo("目標達成項目（100％以上）");
        }
        // the workbook was streamed from a temporary file, which goes once it has been sent
        assertThat(TemporaryFiles.awaitNoneBut("committee-", before)).isEmpty();
    }

    @Test
    void theTemplatesZipHoldsEveryDepartmentsTemplateAndLeavesNoTemporaryFile() throws Exception {
        List<String> before = TemporaryFiles.of("templates-");
        HttpResponse<byte[]> response = new ConsoleClient(server).signIn("iin")
                .download("/downloads/templates.zip?plan=atsugi-7-2&fy=2025");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("filename*=UTF-8''"
                + URLEncoder.encode("実績報告様式_atsugi-7-2_2025年度.zip", StandardCharsets.UTF_8));
        MasterData master = new MasterDataLoader().load(server.home().resolve("config"));
        PlanMaster plan = master.plan("atsugi-7-2").orElseThrow();
        Map<String, String> marks = new TreeMap<>();
        List<String> shokuinCodes = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(zip.readAllBytes()))) {
                    Sheet input = wb.getSheet(TemplateWorkbook.SHEET_INPUT);
                    String mark = input.getRow(1).getCell(0).getStringCellValue();
                    String department = mark.split("\\|")[2];
                    assertThat(entry.getName()).isEqualTo("実績報告様式_令和7年度_" + department + ".xlsx");
                    marks.put(department, mark);
                    if (department.equals("職員課")) {
                        input.forEach(row -> {
                            if (row.getCell(0) != null && row.getCell(0).getStringCellValue().matches("I+-\\d-.+")) {
                                shokuinCodes.add(row.getCell(0).getStringCellValue());
                            }
                        });
                    }
                }
            }
        }
        // one template per department responsible for indicators of the plan, each its own
        List<String> responsible = master.departments().stream().map(Department::name)
                .filter(plan::responsibleFor).sorted().toList();
        assertThat(marks.keySet()).containsExactlyElementsOf(responsible).hasSizeGreaterThan(5);
        marks.forEach((department, mark) -> assertThat(mark).startsWith("様式ID: atsugi-7-2|2025|" + department + "|v"));
        assertThat(shokuinCodes).contains("I-1-ア-1", "I-1-ア-2", "I-1-イ-3")
                .allSatisfy(code -> assertThat(plan.indicator(code).orElseThrow().departments()).contains("職員課"));
        // written to a temporary file and sent from there: gone once sent, neither in the folder nor held open
        assertThat(TemporaryFiles.awaitNoneBut("templates-", before)).isEmpty();
    }

    @Test
    void aStateChangeWithoutTheSessionsTokenIsRefused() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String page = admin.get("/board").body();

        HttpResponse<String> forged = admin.post("/logout", Map.of());
        HttpResponse<String> wrong = admin.post("/logout", Map.of("_csrf", "not-the-token"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(admin.get("/board").statusCode()).as("still signed in").isEqualTo(200);
        assertThat(admin.post("/logout", Map.of("_csrf", csrf(page))).statusCode()).isEqualTo(303);
        assertThat(admin.get("/board").statusCode()).as("signed out").isEqualTo(303);

        // the sign-in form itself: a post from another site has no sign-in cookie
        ConsoleClient other = new ConsoleClient(server);
        HttpResponse<String> noCookie = other.post("/login", Map.of("_csrf", "x", "login", "admin",
                "password", ConsoleServer.PASSWORD));
        assertThat(noCookie.statusCode()).isEqualTo(403);
        assertThat(noCookie.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("collector_session="));
    }

    @Test
    void signInsAndUserChangesAreInTheAuditLogWhichOnlyTheDivisionSeesAndNobodyCanChange() throws Exception {
        new ConsoleClient(server).signIn("iin");
        ConsoleClient someone = new ConsoleClient(server);
        someone.post("/login", Map.of("_csrf", csrf(someone.get("/login").body()), "login", "zaisei",
                "password", "wrong-password", "next", "/"));
        // a change of users.csv, as the users command makes it: noticed at the next sign-in
        var master = new jp.reform.collector.master.MasterDataLoader().load(server.home().resolve("config"));
        var users = jp.reform.collector.console.auth.UserDirectory.loadForEditing(
                server.home().resolve("config/users.csv"), master);
        users.withUser(users.find("shokuin").orElseThrow().withPasswordHash(new jp.reform.collector.console.auth
                .PasswordHasher().hash("another-password-5678"))).save();
        new ConsoleClient(server).signIn("admin");

        HttpResponse<String> page = new ConsoleClient(server).signIn("admin").get("/audit");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("操作記録", "ログイン失敗", "利用者の追加", "利用者の変更",
                "システム（users.csv の変更を検出）");
        // who acted, with the role in the console's words, as the page header names it
        assertThat(page.body()).contains("（閲覧）", "（行政経営課）").doesNotContain("（viewer）", "（admin）");
        var db = server.database();
        assertThat(Sql.count(db, "select count(*) from audit_log where action = 'sign_in' and actor = 'iin' "
                + "and actor_role = 'viewer' and remote_address is not null")).isGreaterThanOrEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from audit_log where action = 'sign_in_failed' and actor = 'zaisei'"))
                .isGreaterThanOrEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from audit_log where action = 'user_added'")).isEqualTo(4);
        Map<String, Object> change = Sql.one(db, "select actor, before_state::text as b, after_state::text as a "
                + "from audit_log where action = 'user_changed' and department_name = '職員課'");
        assertThat(change.get("actor")).isEqualTo("system");
        assertThat(change.get("a").toString()).contains("\"password\": \"changed\"").doesNotContain("argon2");
        assertThat(change.get("b").toString()).contains("shokuin").doesNotContain("password");

        for (String login : List.of("iin", "zaisei")) {
            HttpResponse<String> refused = new ConsoleClient(server).signIn(login).get("/audit");
            assertThat(refused.statusCode()).as(login).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("ログイン失敗", "shokuin");
        }
        for (String change2 : List.of("update audit_log set actor = 'someone'", "delete from audit_log",
                "truncate audit_log")) {
            assertThatThrownBy(() -> {
                try (var c = db.connect(); var statement = c.createStatement()) {
                    statement.execute(change2);
                }
            }).as(change2).hasMessageContaining("append-only");
        }
    }

    @Test
    void aDepartmentUploadsItsFileAndSeesTheReceiptAtOnceWhileNoOtherRoleMayUpload() throws Exception {
        Path csv = DepartmentFiles.csv(home.resolve("upload.csv"), StandardCharsets.UTF_8, true, ",",
                DepartmentFiles.HEADER, List.of(List.of("I-1-ア-2", "2025", "7", SCRIPT + "（画面から提出）", "", "", "達成")));
        byte[] content = java.nio.file.Files.readAllBytes(csv);

        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        HttpResponse<String> page = shokuin.get("/departments/" + segment("職員課"));
        assertThat(page.body()).contains("action=\"/upload\"", "enctype=\"multipart/form-data\"", "提出する");
        String token = csrf(page.body());
        // a name with a path and a department field of another 課: neither decides anything
        HttpResponse<String> sent = shokuin.upload("/upload", Map.of("_csrf", token, "department", "財政課"),
                "..\\..\\令和7年度実績_職員課.csv", content);
        assertThat(sent.statusCode()).isEqualTo(303);
        String receiptPage = sent.headers().firstValue("Location").orElseThrow();
        assertThat(receiptPage).matches("/submissions/\\d+/receipt");
        HttpResponse<String> receipt = shokuin.get(receiptPage);
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body()).contains("受付番号", "1件の実績を登録しました", "令和7年度実績_職員課.csv");

        var db = server.database();
        Map<String, Object> submission = Sql.one(db, "select * from submission where channel = 'upload'");
        assertThat(submission).containsEntry("department_name", "職員課").containsEntry("status", "accepted");
        assertThat(Sql.one(db, "select status_text from result_current where indicator_code = 'I-1-ア-2' "
                + "and fiscal_year = 2025")).containsEntry("status_text", SCRIPT + "（画面から提出）");
        assertThat(home.resolve("inbox/職員課").resolve(submission.get("archived_path").toString())).exists();
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt' and submission_id = ?",
                submission.get("submission_id"))).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from audit_log where action = 'upload' and actor = 'shokuin' "
                + "and department_name = '職員課'")).isEqualTo(1);
        try (var staged = java.nio.file.Files.list(home.resolve("data/web-staging"))) {
            assertThat(staged).as("nothing of the upload left in staging").isEmpty();
        }

        for (String login : List.of("admin", "iin")) {
            ConsoleClient other = new ConsoleClient(server).signIn(login);
            // nobody is offered a form that would only answer 403
            assertThat(other.get("/departments/" + segment("職員課")).body()).as(login)
                    .doesNotContain("action=\"/upload\"", "を提出する");
            String otherToken = csrf(other.get("/submissions").body());
            HttpResponse<String> refused = other.upload("/upload", Map.of("_csrf", otherToken), "x.csv", content);
            assertThat(refused.statusCode()).as(login).isEqualTo(403);
        }
        HttpResponse<String> forged = shokuin.upload("/upload", Map.of("_csrf", "forged"), "x.csv", content);
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> empty = shokuin.upload("/upload", Map.of("_csrf", token), "", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("提出するファイルを一つ選んでから");
        assertThat(Sql.count(db, "select count(*) from submission where channel = 'upload'")).isEqualTo(1);
    }

    @Test
    void aMistypedAddressGetsTheConsolesPageNotTheServersEnglish() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        for (String page : List.of("/bord", "/departmentz", "/downloads/templates/x/y")) {
            HttpResponse<String> response = admin.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(404);
            assertThat(response.body()).as(page).contains("見つかりません", "最初のページへ戻る", "行政経営課 管理者")
                    .doesNotContain("Resource not found");
        }
        HttpResponse<String> stranger = new ConsoleClient(server).get("/bord");
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body()).contains("見つかりません").doesNotContain("Resource not found");
    }

    @Test
    void aWrongPasswordSignsNobodyInAndTheSessionCookieIsStrict() {
        ConsoleClient someone = new ConsoleClient(server);
        String token = csrf(someone.get("/login").body());
        HttpResponse<String> wrong = someone.post("/login", Map.of("_csrf", token, "login", "admin", "password", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("ログインIDまたはパスワードが違います");

        ConsoleClient admin = new ConsoleClient(server);
        String adminToken = csrf(admin.get("/login").body());
        HttpResponse<String> ok = admin.post("/login", Map.of("_csrf", adminToken, "login", "admin",
                "password", ConsoleServer.PASSWORD, "next", "//evil.example/"));
        assertThat(ok.headers().firstValue("Location")).hasValue("/");
        assertThat(ok.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("collector_session=").contains("HttpOnly", "SameSite=Strict"));
    }

    @Test
    void nothingWithDataIsKeptByTheBrowserAfterSignOut() throws Exception {
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        long id = ((Number) Sql.one(server.database(), "select submission_id from submission where source_name = "
                + "'追加報告.csv'").get("submission_id")).longValue();
        // a shared PC: what the 課 saw must not come back with the Back button or from the disk cache
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/departments/" + segment("職員課"), "/submissions", "/submissions/" + id + "/receipt",
                "/api/departments/" + segment("職員課"), "/api/submissions", "/departments/" + segment("財政課"))) {
            HttpResponse<String> response = shokuin.get(path);
            answers.add(path + " " + response.statusCode() + " " + response.headers().firstValue("Cache-Control"));
        }
        for (String path : List.of("/submissions/" + id + "/original", "/downloads/templates/" + segment("職員課"))) {
            HttpResponse<byte[]> response = shokuin.download(path);
            answers.add(path + " " + response.statusCode() + " " + response.headers().firstValue("Cache-Control"));
        }
        assertThat(answers).allSatisfy(answer -> assertThat(answer).endsWith("Optional[no-store]"));
        // the style sheet holds no data: it may be kept for an hour
        assertThat(shokuin.get("/assets/console.css").headers().firstValue("Cache-Control")).hasValue("max-age=3600");
    }

    @Test
    void aSharedIndicatorShowsADepartmentUserItsOwnFilesOnlyNotTheOtherOwnersFilesOrSenders() {
        Map<String, Object> other = Sql.one(server.database(), "select submission_id, receipt_no from submission "
                + "where source_name = ?", SHARED_FILE);
        String receiptNo = other.get("receipt_no").toString();
        String indicator = "/indicators/atsugi-7-2/" + segment("I-2-イ-2");
        // the division sees both owners' versions with where each came from
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        assertThat(admin.get(indicator).body()).contains(SHARED_FILE, receiptNo, "職員課_令和7年度_実績報告.xlsx");
        assertThat(admin.get("/api" + indicator).body()).contains(SHARED_FILE, receiptNo);

        // 職員課 co-owns the indicator: its page, but of the history only what 職員課 sent
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        HttpResponse<String> page = shokuin.get(indicator);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("職員課_令和7年度_実績報告.xlsx")
                .doesNotContain(SHARED_FILE, SHARED_LATER, receiptNo, "/submissions/" + other.get("submission_id") + "/");
        HttpResponse<String> api = shokuin.get("/api" + indicator);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("職員課_令和7年度_実績報告.xlsx").doesNotContain(SHARED_FILE, receiptNo,
                "\"department\":\"行政総務課\",\"sender\"");
        // the other owner is named, not linked to a page that would answer 403; its report is said to exist
        assertThat(page.body()).doesNotContain("href=\"/departments/" + segment("行政総務課"))
                .contains("href=\"/departments/" + segment("職員課"))
                .contains("行政総務課からも報告されています（提出されたファイルは、その課の画面でのみ表示されます）。");
        assertThat(admin.get(indicator).body()).doesNotContain("からも報告されています");
        // and the file itself stays refused, as before
        assertThat(shokuin.get("/submissions/" + other.get("submission_id") + "/receipt").statusCode()).isEqualTo(403);
    }

    @Test
    void aDepartmentsOwnPageShowsTheValueTheOtherOwnerReportedButNotItsFileReceiptOrTexts() {
        Map<String, Object> other = Sql.one(server.database(), "select submission_id, receipt_no from submission "
                + "where source_name = ?", SHARED_LATER);
        String receiptNo = other.get("receipt_no").toString();
        String department = "/departments/" + segment("職員課");
        String otherTexts = "【行政総務課】再調査を実施した。";

        // the division sees where the current value of the shared indicator came from
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        assertThat(admin.get(department).body()).contains(receiptNo, otherTexts);
        assertThat(admin.get("/api" + department).body()).contains(receiptNo, SHARED_LATER, otherTexts);
        // and is told, as the 課 is, that the value on 職員課's page is the other owner's report
        assertThat(row(admin.get(department).body(), "I-2-イ-2")).contains(">97%<", receiptNo, "行政総務課の報告");
        // on the reporting 課's own page the value is its own: no label
        assertThat(row(admin.get("/departments/" + segment("行政総務課")).body(), "I-2-イ-2"))
                .contains(">97%<", receiptNo).doesNotContain("の報告");

        // 職員課 sees the value and grade of its shared indicator, and who reported it, but not that 課's
        // receipt (a link answering 403), file name or texts
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        HttpResponse<String> page = shokuin.get(department);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(receiptNo, SHARED_LATER, otherTexts,
                "/submissions/" + other.get("submission_id") + "/");
        assertThat(row(page.body(), "I-2-イ-2")).contains(">97%<", "行政総務課の報告");
        HttpResponse<String> api = shokuin.get("/api" + department);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).doesNotContain(receiptNo, SHARED_LATER, otherTexts)
                .contains("\"reportedBy\":\"行政総務課\",\"reportHidden\":true");
        // what 職員課 itself sent keeps its receipt on the same page
        String own = Sql.one(server.database(), "select receipt_no from submission "
                + "where source_name = ?", "職員課_令和7年度_実績報告.xlsx").get("receipt_no").toString();
        assertThat(page.body()).contains(own);
    }

    @Test
    void a課sPlanSelectorOffersThePlansThatNameIt() throws Exception {
        // 職員課 is in 厚木市's plan only; 財政課 in both; the division sees every plan
        String shokuin = new ConsoleClient(server).signIn("shokuin").get("/departments/" + segment("職員課")).body();
        assertThat(shokuin).contains("<option value=\"atsugi-7-2\"").doesNotContain("<option value=\"minamialps-5\"");
        String zaisei = new ConsoleClient(server).signIn("zaisei").get("/departments/" + segment("財政課")).body();
        assertThat(zaisei).contains("<option value=\"atsugi-7-2\"", "<option value=\"minamialps-5\"");
        String admin = new ConsoleClient(server).signIn("admin").get("/board").body();
        assertThat(admin).contains("<option value=\"atsugi-7-2\"", "<option value=\"minamialps-5\"");
    }

    /** The row of an indicator on a 課's page. */
    private static String row(String page, String code) {
        String row = page.substring(page.indexOf("data-code=\"" + code + "\""));
        return row.substring(0, row.indexOf("</tr>"));
    }

    @Test
    void anIndicatorWithoutAUnitShowsItsDirectionOnly() throws Exception {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        // I-1-イ-2 (a milestone) has no unit in the plan
        String page = admin.get("/indicators/atsugi-7-2/" + segment("I-1-イ-2")).body();
        assertThat(page).contains("<dt>単位・方向</dt><dd>高いほど良い</dd>").doesNotContain("null");
        assertThat(admin.get("/indicators/atsugi-7-2/" + segment("I-1-ア-1")).body())
                .contains("<dt>単位・方向</dt><dd>%　高いほど良い</dd>");
        assertThat(admin.get("/departments/" + segment("職員課") + "?plan=atsugi-7-2&fy=2025").body())
                .doesNotContain("null");
        // the API says none as JSON does, not as the word
        String api = admin.get("/api/indicators/atsugi-7-2/" + segment("I-1-イ-2")).body();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(api).get("unit").isNull()).isTrue();
    }

    @Test
    void choosingAnotherPlanWithTheYearStillInTheBoxShowsThatPlansRound() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        String plan = "第5次南アルプス市行政改革実施計画";
        for (String page : List.of("/board", "/rounds", "/downloads", "/departments/" + segment("財政課"))) {
            // the year box still says 2025, the board's year of 厚木市's plan; 南アルプス市's runs 2026 to 2030
            HttpResponse<String> chosen = admin.get(page + "?plan=minamialps-5&fy=2025");
            assertThat(chosen.statusCode()).as(page).isEqualTo(200);
            assertThat(chosen.body()).as(page).contains(plan + "　令和8年度（2026年度）",
                    "「" + plan + "」は令和8年度（2026年度）～令和12年度（2030年度）の計画のため、"
                            + "令和7年度（2025年度）ではなく令和8年度（2026年度）を表示しています。",
                    "<input name=\"fy\" size=\"8\" value=\"2026\">");
            // a year of the plan: shown as asked, without a notice
            assertThat(admin.get(page + "?plan=minamialps-5&fy=2027").body()).as(page)
                    .contains(plan + "　令和9年度（2027年度）").doesNotContain("を表示しています");
        }
        // where no year is chosen on the page (a link, a download, the API) it is still refused, the plan named
        // by its name and its years as the console writes them
        String message = "「" + plan + "」の計画期間は令和8年度（2026年度）～令和12年度（2030年度）です。";
        HttpResponse<String> api = admin.get("/api/board?plan=minamialps-5&fy=2025");
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).isEqualTo("{\"error\":\"" + message + "\"}");
        HttpResponse<String> indicator = admin.get("/indicators/minamialps-5/1-1-1-1?fy=2025");
        assertThat(indicator.statusCode()).isEqualTo(400);
        assertThat(indicator.body()).contains(message).doesNotContain("minamialps-5 の計画期間");
    }

    @Test
    void aDepartmentUserChoosesThePlanAndYearOnItsOwnPageAndIsToldWhenItHasNoIndicatorsInAPlan() {
        // 財政課 reports in both plans: the board's address keeps the plan and year asked for
        ConsoleClient zaisei = new ConsoleClient(server).signIn("zaisei");
        assertThat(zaisei.get("/board?plan=minamialps-5&fy=2027").headers().firstValue("Location"))
                .hasValue("/departments/" + segment("財政課") + "?plan=minamialps-5&fy=2027");
        String own = zaisei.get("/departments/" + segment("財政課") + "?plan=minamialps-5&fy=2027").body();
        assertThat(own).contains("第5次南アルプス市行政改革実施計画　令和9年度（2027年度）", "<select name=\"plan\">",
                "<input name=\"fy\" size=\"8\" value=\"2027\">", "実績報告様式（記入済み）をダウンロード")
                .doesNotContain("id=\"no-indicators\"");
        // 職員課 has none in 南アルプス市's plan: said so, with no template to download and no form to submit
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        String none = shokuin.get("/departments/" + segment("職員課") + "?plan=minamialps-5").body();
        assertThat(none).contains("職員課には「第5次南アルプス市行政改革実施計画」の指標がありません。上の欄で別の計画を選んでください。")
                .doesNotContain("実績報告様式（記入済み）をダウンロード", "action=\"/upload\"", "id=\"review\"");
    }

    @Test
    void theDownloadsListTheTemplatesOfThePlanChosenInTheBoardsOrderOfDepartments() {
        ConsoleClient admin = new ConsoleClient(server).signIn("admin");
        for (String plan : List.of("atsugi-7-2", "minamialps-5")) {
            List<String> board = names(admin.get("/board?plan=" + plan).body(),
                    "<a href=\"/departments/([^\"?]+)\\?plan=");
            List<String> downloads = names(admin.get("/downloads?plan=" + plan).body(),
                    "<a href=\"/downloads/templates/([^\"?]+)\\?plan=" + plan);
            assertThat(board).as(plan).isNotEmpty();
            assertThat(downloads).as(plan).isEqualTo(board);
        }
        // the page has the plan-and-year form, so that another plan's downloads are a choice, not a typed address
        assertThat(admin.get("/downloads").body()).contains("<select name=\"plan\">", "第5次南アルプス市行政改革実施計画");
    }

    /** The 課 a page links to, in the page's order, by a pattern whose group is the URL-encoded name. */
    private static List<String> names(String page, String link) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(link).matcher(page);
        while (m.find()) {
            names.add(java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        }
        return names;
    }

    @Test
    void theAuditLogShowsAnAddressAsTypedNotPercentEncoded() {
        ConsoleClient viewer = new ConsoleClient(server).signIn("iin");
        assertThat(viewer.post("/departments/" + segment("DX推進課") + "/review",
                Map.of("_csrf", viewer.token(), "action", "confirm")).statusCode()).isEqualTo(403);
        String audit = new ConsoleClient(server).signIn("admin").get("/audit").body();
        assertThat(audit).contains("アドレス：/departments/DX推進課/review").doesNotContain("%E6%8E%A8");
    }

    @Test
    void textFromADepartmentFileIsShownAsText() {
        ConsoleClient shokuin = new ConsoleClient(server).signIn("shokuin");
        String page = shokuin.get("/departments/" + segment("職員課")).body();
        assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain(SCRIPT);
        String indicator = shokuin.get("/indicators/atsugi-7-2/" + segment("I-1-ア-2")).body();
        assertThat(indicator).contains("追加報告.csv").doesNotContain(SCRIPT);
    }
}
