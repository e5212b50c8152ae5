package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.reform.collector.store.ReportQueries;
import jp.reform.collector.store.ReportQueries.StatusRow;
import jp.reform.collector.store.ReportQueries.SummaryRow;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.HeadlessChrome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless Chromium), used as people use it: signing in through the form,
 * following links, choosing filters, typing addresses they should not reach. One server and one browser
 * for the class; each test signs in afresh as its user. Expectations come from ReportQueries, the stored
 * rows and the archived receipts, never from the console's own queries.
 *
 * <p>With {@code -Dconsole.pdf=FILE} the board's printout is kept there to be looked at; without it nothing is
 * written outside temporary folders. The pictures in docs/console come from {@link ConsoleScreenshotsTest}.
 */
class ConsoleBrowserTest {

    private static final String PLAN = "atsugi-7-2";
    private static final int FY = 2025;
    private static final String SCRIPT = "<script>window.xssRan = true; alert('xss')</script>";
    private static final String REFUSED = "このページを表示する権限がありません。";
    private static final String BAD_TOKEN = "画面の有効期限が切れたか、不正な送信です。もう一度操作してください。";

    @TempDir
    static Path home;
    private static ChromeDriver browser;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChrome.start(); // first: without Chromium the class is skipped before serve starts
        server = ConsoleServer.start(home, inbox -> {
            Path file = DepartmentFiles.csv(inbox.resolve("職員課").resolve("追加報告.csv"), StandardCharsets.UTF_8,
                    true, ",", DepartmentFiles.HEADER, List.of(List.of("I-1-ア-2", "2025", "5", SCRIPT, "", "", "達成")));
            // the folder is read oldest first: this correction must come after the sample workbook
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        });
        server.awaitArchived(8);
    }

    @AfterAll
    static void stop() throws Exception {
        HeadlessChrome.quitThenClose(browser, server);
    }

    // --- the status board -------------------------------------------------------------------------------

    @Test
    void theBoardShowsTheCommitteesTableAsSummaryCountsIt() throws SQLException {
        signIn("admin");
        assertThat(browser.getCurrentUrl()).endsWith("/board");
        new Select(browser.findElement(By.name("plan"))).selectByValue(PLAN);
        WebElement year = browser.findElement(By.name("fy"));
        year.clear();
        year.sendKeys("R7");
        submit(By.cssSelector("form.filters button[type=submit]"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("令和7年度");

        List<SummaryRow> summary = new ReportQueries(server.database()).summary(PLAN, FY);
        List<WebElement> rows = browser.findElements(By.cssSelector("table#committee tbody tr"));
        assertThat(rows).hasSameSizeAs(summary);
        for (int i = 0; i < summary.size(); i++) {
            SummaryRow expected = summary.get(i);
            List<String> cells = cells(rows.get(i));
            assertThat(cells.get(0)).as("goal of row " + i)
                    .isEqualTo(expected.goalCode().equals("total") ? "合計" : expected.goalCode() + " " + expected.goalTitle());
            assertThat(cells.subList(1, 6)).as(expected.goalCode()).containsExactly(
                    Integer.toString(expected.set()), Integer.toString(expected.achieved()),
                    Integer.toString(expected.mostly()), Integer.toString(expected.notAchieved()),
                    Integer.toString(expected.notSubmitted()));
            if (expected.mostlyRate() == null) {
                assertThat(cells.get(6)).isEqualTo("－");
            } else {
                assertThat(cells.get(6)).as(expected.goalCode()).endsWith("%");
                assertThat(new BigDecimal(cells.get(6).replace("%", ""))).as(expected.goalCode())
                        .isEqualByComparingTo(expected.mostlyRate());
            }
        }
        assertThat(cells(rows.get(rows.size() - 1)).get(1)).as("the total has items")
                .isNotEqualTo("0");
    }

    @Test
    void theBoardCountsEachDepartmentsItemsAsStatusDoes() throws SQLException {
        signIn("admin");
        open("/board?plan=" + PLAN + "&fy=" + FY);

        // expectation from the status command's rows: an item with a target is owed by each of its
        // departments (A|B for a shared one); a missing one carries the flag "missing" (grade 未提出)
        List<StatusRow> status = new ReportQueries(server.database()).status(PLAN, FY);
        Map<String, int[]> expected = new LinkedHashMap<>();
        Set<String> owedTotal = new TreeSet<>();
        Set<String> missingTotal = new TreeSet<>();
        for (StatusRow row : status) {
            boolean missing = Arrays.asList(row.flags() == null ? new String[0] : row.flags().split(";")).contains("missing");
            if (missing) {
                assertThat(row.grade()).as(row.indicatorCode()).isEqualTo("未提出");
            }
            for (String department : row.departments().split("\\|")) {
                int[] counts = expected.computeIfAbsent(department, d -> new int[3]);
                if (row.targetSet()) {
                    counts[0]++;
                    counts[missing ? 2 : 1]++;
                }
            }
            if (row.targetSet()) {
                owedTotal.add(row.indicatorCode());
                if (missing) {
                    missingTotal.add(row.indicatorCode());
                }
            }
        }

        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("table#departments tbody tr[data-department]"))) {
            shown.put(row.getAttribute("data-department"), cells(row));
        }
        assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((department, counts) -> {
            List<String> cells = shown.get(department);
            assertThat(cells.get(0)).as("department link").isEqualTo(department);
            assertThat(cells.subList(1, 4)).as(department + ": 対象指標, 受付済み, 未提出")
                    .containsExactly(Integer.toString(counts[0]), Integer.toString(counts[1]), Integer.toString(counts[2]));
        });
        List<String> total = cells(browser.findElement(By.cssSelector("table#departments tbody tr.total")));
        assertThat(total.subList(0, 4)).as("合計: each shared item once").containsExactly("合計",
                Integer.toString(owedTotal.size()), Integer.toString(owedTotal.size() - missingTotal.size()),
                Integer.toString(missingTotal.size()));
        assertThat(missingTotal).as("the samples leave items missing").isNotEmpty();
    }

    // --- who sees what ----------------------------------------------------------------------------------

    @Test
    void aViewerReadsTheBoardAndADepartmentButNotTheExceptionWorkbook() {
        signIn("iin");
        assertThat(browser.getCurrentUrl()).endsWith("/board");
        assertThat(browser.findElement(By.cssSelector("header.bar .user")).getText()).contains("委員 山田", "閲覧");
        assertThat(browser.findElements(By.cssSelector("table#committee tbody tr"))).isNotEmpty();

        click(By.linkText("職員課"));
        waitFor(By.cssSelector("table#indicators"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("職員課");
        assertThat(browser.findElements(By.cssSelector("table#indicators tbody tr[data-code='I-1-ア-1']"))).hasSize(1);

        click(By.linkText("ダウンロード"));
        waitFor(By.xpath("//h1[starts-with(., 'ダウンロード')]"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("委員会資料")
                .doesNotContain("例外レポート");

        open("/downloads/exception-workbook?plan=" + PLAN);
        assertRefused(REFUSED);
    }

    @Test
    void aDepartmentUserTypingAnotherDepartmentsAddressesSeesOnlyTheRefusal() throws SQLException {
        signIn("zaisei");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("財政課");
        assertThat(browser.getPageSource()).doesNotContain("職員課");

        List<String[]> shokuinFiles = submissions("職員課");
        assertThat(shokuinFiles).as("職員課's files: the sample workbook and the correction").hasSize(2);
        List<String> addresses = new ArrayList<>(List.of("/departments/" + segment("職員課"),
                "/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=" + FY,
                "/indicators/" + PLAN + "/" + segment("I-1-ア-1"),
                "/downloads/templates/" + segment("職員課") + "?plan=" + PLAN + "&fy=" + FY,
                "/submissions?department=" + segment("職員課")));
        for (String[] file : shokuinFiles) {
            addresses.add("/submissions/" + file[0] + "/original");
            addresses.add("/submissions/" + file[0] + "/receipt");
        }
        for (String address : addresses) {
            open(address);
            assertRefused(REFUSED);
            String source = browser.getPageSource();
            assertThat(source).as(address).doesNotContain("職員課", "I-1-ア", "研修報告", "xssRan");
            for (String[] file : shokuinFiles) {
                assertThat(source).as(address).doesNotContain(file[1], file[2]);
            }
        }
        // and the list of received files shows its own only
        open("/submissions");
        assertThat(column("table#submissions", 3)).isNotEmpty().containsOnly("財政課");
    }

    @Test
    void aFormSentWithoutItsTokenIsRefusedAndTheUserStaysSignedIn() {
        signIn("admin");
        Object removed = browser.executeScript("var input = document.querySelector(\"form[action='/logout'] input[name='_csrf']\");"
                + " input.remove(); return document.querySelectorAll(\"form[action='/logout'] input[name='_csrf']\").length;");
        assertThat(removed).isEqualTo(0L);
        click(By.xpath("//form[@action='/logout']/button"));
        waitFor(By.cssSelector("p.notice"));
        assertRefused("操作できません", BAD_TOKEN);

        open("/board");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("状況一覧");
        assertThat(browser.findElement(By.cssSelector("header.bar .user")).getText()).contains("行政経営課 管理者");

        // with its token the same form signs out
        click(By.xpath("//form[@action='/logout']/button"));
        waitFor(By.id("password"));
        open("/board");
        assertThat(browser.getCurrentUrl()).contains("/login?next=");
    }

    // --- what departments wrote ---------------------------------------------------------------------------

    @Test
    void aScriptWrittenInADepartmentFileIsShownAsText() {
        signIn("shokuin");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("職員課");
        WebElement status = browser.findElement(By.cssSelector("table#indicators tr[data-code='I-1-ア-2'] td.text"));
        assertThat(status.getText()).isEqualTo(SCRIPT);
        assertThat(browser.findElements(By.tagName("script"))).as("no script element in the page").isEmpty();
        assertThat(browser.executeScript("return typeof window.xssRan")).isEqualTo("undefined");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        click(By.linkText("I-1-ア-2"));
        waitFor(By.cssSelector("table#versions"));
        assertThat(column("table#versions", 6)).contains("追加報告.csv");
        assertThat(browser.executeScript("return typeof window.xssRan")).isEqualTo("undefined");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void anIndicatorPageShowsItsChartAndWhereItsValueCameFrom() throws IOException {
        signIn("shokuin");
        click(By.linkText("I-1-ア-1"));
        waitFor(By.cssSelector("table#versions"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("I-1-ア-1 研修報告");

        WebElement chart = browser.findElement(By.cssSelector("svg.chart"));
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(chart.findElements(By.tagName("rect"))).as("a bar for the year reported").isNotEmpty();
        assertThat(chart.getText()).contains("目標");

        List<WebElement> versions = browser.findElements(By.cssSelector("table#versions tbody tr"));
        assertThat(versions).hasSize(1);
        List<String> cells = cells(versions.get(0));
        assertThat(cells.get(0)).isEqualTo("令和7年度（2025年度）");
        assertThat(cells.get(1)).isEqualTo("1（現在）");
        assertThat(cells.get(5)).isEqualTo("職員課_令和7年度_実績報告.xlsx");
        assertThat(cells.get(6)).isEqualTo("共有フォルダ");
        String receiptNo = cells.get(4);
        assertThat(receiptNo).matches("R\\d{4}-\\d{6}");

        versions.get(0).findElement(By.linkText(receiptNo)).click();
        waitFor(By.id("receipt"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("受付結果 " + receiptNo);
        Path receiptFile;
        try (Stream<Path> files = Files.walk(server.inbox().resolve("職員課"))) {
            receiptFile = files.filter(p -> p.getFileName().toString().startsWith(receiptNo)
                    && p.getFileName().toString().endsWith("_受付結果.txt")).findFirst().orElseThrow();
        }
        assertThat(lines(browser.findElement(By.id("receipt")).getText()))
                .isEqualTo(lines(Files.readString(receiptFile, StandardCharsets.UTF_8).replace("\uFEFF", "")));
    }

    @Test
    void theListOfReceivedFilesFiltersByDepartmentAndStatus() throws SQLException {
        signIn("admin");
        click(By.linkText("提出ファイル"));
        waitFor(By.cssSelector("table#submissions"));
        assertThat(rows("table#submissions")).hasSize(countSubmissions(null, null)).hasSize(8);

        filter("職員課", "受付");
        assertThat(browser.getCurrentUrl()).contains("status=accepted");
        assertThat(rows("table#submissions")).hasSize(countSubmissions("職員課", "accepted")).hasSize(2);
        assertThat(column("table#submissions", 3)).containsOnly("職員課");
        assertThat(column("table#submissions", 7)).containsOnly("受付");
        assertThat(new Select(browser.findElement(By.name("department"))).getFirstSelectedOption().getText())
                .as("the form keeps the choice").isEqualTo("職員課");

        filter("財政課", "受付不可");
        assertThat(rows("table#submissions")).hasSize(countSubmissions("財政課", "rejected")).hasSize(1);
        assertThat(column("table#submissions", 4)).containsExactly("財政課_実績報告.xlsx");

        filter("財政課", "受付");
        assertThat(rows("table#submissions")).isEmpty();
        assertThat(browser.findElement(By.cssSelector("table#submissions tbody")).getText())
                .isEqualTo("該当する提出はありません。");
    }

    // --- printing and pictures -----------------------------------------------------------------------------

    @Test
    void theBoardPrintsOnA4Landscape() throws IOException {
        signIn("admin");
        open("/board?plan=" + PLAN + "&fy=" + FY);
        PrintOptions options = new PrintOptions();
        options.setPageSize(new PageSize(21.0, 29.7));
        options.setOrientation(PrintOptions.Orientation.LANDSCAPE);
        options.setBackground(true);
        Pdf pdf = browser.print(options);
        byte[] bytes = Base64.getDecoder().decode(pdf.getContent());

        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-");
        Matcher box = Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)\\s*]").matcher(text);
        assertThat(box.find()).as("a page with a media box").isTrue();
        // A4 landscape in points: 842 × 595
        assertThat(Double.parseDouble(box.group(1))).isCloseTo(841.9, org.assertj.core.data.Offset.offset(2.0));
        assertThat(Double.parseDouble(box.group(2))).isCloseTo(595.3, org.assertj.core.data.Offset.offset(2.0));
        String pdfOut = System.getProperty("console.pdf");
        if (pdfOut != null && !pdfOut.isBlank()) {
            Files.write(Path.of(pdfOut), bytes); // opt-in, to look at the printout
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** Signs in through the form as a person does, as a new visitor (no cookies of an earlier test). */
    private static void signIn(String login) {
        open("/login");
        browser.manage().deleteAllCookies();
        HeadlessChrome.signIn(browser, server, login);
    }

    private static void open(String path) {
        browser.get(server.url(path));
    }

    private static void click(By by) {
        browser.findElement(by).click();
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private static void filter(String department, String statusLabel) {
        new Select(browser.findElement(By.name("department"))).selectByVisibleText(department);
        new Select(browser.findElement(By.name("status"))).selectByVisibleText(statusLabel);
        submit(By.cssSelector("form.filters button[type=submit]"));
    }

    /** Clicks a form's button and waits for the page it leads to (which may look like the one it replaces). */
    private static void submit(By button) {
        HeadlessChrome.submit(browser, button, Duration.ofSeconds(10));
    }

    /**
     * Whether an element of the page left behind is gone. Chromium may answer a node it is just detaching with
     * "does not belong to the document" instead of the stale-element error Selenium's own condition expects.
     */

    /** The refusal page of a page asked for: its heading and message, no data. */
    private static void assertRefused(String message) {
        assertRefused("表示できません", message);
    }

    /** The refusal page: its heading (表示できません for a page, 操作できません for a form sent), message, no data. */
    private static void assertRefused(String heading, String message) {
        assertThat(browser.getTitle()).isEqualTo("エラー - 行政改革 実績収集");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(heading);
        assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).isEqualTo(message);
        assertThat(browser.findElements(By.tagName("table"))).isEmpty();
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    /** The data rows of a table (not the "nothing found" row). */
    private static List<WebElement> rows(String table) {
        return browser.findElements(By.cssSelector(table + " tbody tr")).stream()
                .filter(r -> r.findElements(By.cssSelector("td.muted[colspan]")).isEmpty()).toList();
    }

    /** The texts of one column (1-based) of a table's data rows. */
    private static List<String> column(String table, int column) {
        return rows(table).stream().map(r -> cells(r).get(column - 1)).toList();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> lines(String text) {
        return text.replace("\r\n", "\n").strip().lines().map(String::stripTrailing).collect(Collectors.toList());
    }

    /** A department's received files: id, receipt number, original name. */
    private static List<String[]> submissions(String department) throws SQLException {
        List<String[]> files = new ArrayList<>();
        try (Connection c = server.database().connect(); PreparedStatement ps = c.prepareStatement(
                "select submission_id, receipt_no, source_name from submission where department_name = ? order by 1")) {
            ps.setString(1, department);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return files;
    }

    private static int countSubmissions(String department, String status) throws SQLException {
        try (Connection c = server.database().connect(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from submission where (?::text is null or department_name = ?)"
                        + " and (?::text is null or status = ?)")) {
            ps.setString(1, department);
            ps.setString(2, department);
            ps.setString(3, status);
            ps.setString(4, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
