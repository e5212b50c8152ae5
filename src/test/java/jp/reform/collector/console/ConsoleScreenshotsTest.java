package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.HeadlessChrome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pictures of the console in docs/console: the status board, 職員課's page and an indicator's page, on
 * the sample inbox only, as the administrative division sees them in a {@value HeadlessChrome#WIDTH} px wide
 * window (the whole page, at least {@value HeadlessChrome#HEIGHT} px high). Runs only when asked, as it
 * writes into the project:
 * {@code mvn -B -q test -Dtest=ConsoleScreenshotsTest -Dconsole.screenshots=docs/console}.
 */
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+")
class ConsoleScreenshotsTest {

    @TempDir
    Path home;

    @Test
    void theMainPages() throws Exception {
        Path dir = Path.of(System.getProperty("console.screenshots"));
        Files.createDirectories(dir);
        ChromeDriver browser = HeadlessChrome.start();
        try (ConsoleServer server = ConsoleServer.start(home, inbox -> { })) {
            browser.get(server.url("/login"));
            browser.findElement(By.id("login")).sendKeys("admin");
            browser.findElement(By.id("password")).sendKeys(ConsoleServer.PASSWORD);
            browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("header.bar .user")));

            String shokuin = URLEncoder.encode("職員課", StandardCharsets.UTF_8);
            String indicator = URLEncoder.encode("I-1-ア-1", StandardCharsets.UTF_8);
            browser.get(server.url("/board?plan=atsugi-7-2&fy=2025"));
            fullPage(browser, dir.resolve("status-board.png"));
            browser.get(server.url("/departments/" + shokuin + "?plan=atsugi-7-2&fy=2025"));
            fullPage(browser, dir.resolve("department-shokuin.png"));
            browser.get(server.url("/indicators/atsugi-7-2/" + indicator));
            fullPage(browser, dir.resolve("indicator-I-1-a-1.png"));
            // the division's own configuration: next year's 収集期間, the plans, the 課, the users
            browser.get(server.url("/rounds?plan=atsugi-7-2&fy=2026"));
            fullPage(browser, dir.resolve("rounds-next-year.png"));
            browser.get(server.url("/plans"));
            fullPage(browser, dir.resolve("plans.png"));
            browser.get(server.url("/departments"));
            fullPage(browser, dir.resolve("departments.png"));
            browser.get(server.url("/users"));
            fullPage(browser, dir.resolve("users.png"));

            // 締切・保留: the round closed on its page, then a changed 職員課 file held for the division's decision
            browser.get(server.url("/rounds?plan=atsugi-7-2&fy=2025"));
            // the 課 still 未提出 are said beside the button, and closing takes the box saying they were seen
            browser.findElement(By.cssSelector("form[action='/rounds/close'] input[name=acknowledged]")).click();
            browser.findElement(By.cssSelector("form[action='/rounds/close'] button[type=submit]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("form[action='/rounds/reopen']")));
            jp.reform.collector.support.DepartmentFiles.xlsx(server.inbox().resolve("職員課").resolve("職員課_修正.xlsx"),
                    "令和7年度 実績報告（職員課）", jp.reform.collector.support.DepartmentFiles.HEADER,
                    java.util.List.of(java.util.List.of("I-3-ア-3", 2025, "90%", "面談を実施", "", "", "")));
            server.awaitArchived(8);
            browser.get(server.url("/rounds?plan=atsugi-7-2&fy=2025"));
            fullPage(browser, dir.resolve("rounds-held-change.png"));
        } finally {
            browser.quit();
        }
    }

    private static void fullPage(ChromeDriver browser, Path file) throws IOException {
        assertThat(browser.getTitle()).as("a page, not a refusal").doesNotStartWith("エラー");
        long height = Math.max(HeadlessChrome.HEIGHT, ((Number) browser.executeScript(
                "return document.documentElement.scrollHeight")).longValue());
        // DevTools' own capture, through chromedriver: a window screenshot would stop at the viewport
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", HeadlessChrome.WIDTH,
                        "height", height, "scale", 1)));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }
}
