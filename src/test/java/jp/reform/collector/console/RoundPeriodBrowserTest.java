package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.HeadlessChrome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The 収集期間 form in a real browser: the division opens 令和8年度's page, finds last year's round a year on in
 * the date fields, types a deadline before the opening day and gets the form back with its own values and the
 * reason, then corrects it and saves; rounds.csv has the year's line.
 */
class RoundPeriodBrowserTest {

    @TempDir
    static Path home;
    private static ChromeDriver browser;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChrome.start(); // first: without Chromium the class is skipped before serve starts
        server = ConsoleServer.start(home, inbox -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        HeadlessChrome.quitThenClose(browser, server);
    }

    @Test
    void theDivisionSetsNextYearsPeriodAndPutsRightWhatThePageRefused() throws Exception {
        HeadlessChrome.signIn(browser, server, "admin");
        browser.get(server.url("/rounds?plan=atsugi-7-2&fy=2026"));
        assertThat(field("opens").getAttribute("value")).isEqualTo("2027-05-01");
        assertThat(field("deadline").getAttribute("value")).isEqualTo("2027-06-30");
        assertThat(browser.findElement(By.id("period-in-use")).getText()).contains("まだ設定されていません");

        type("opens", "2027-07-01");
        submit(By.cssSelector("form[action='/rounds/period'] button[type=submit]"));
        assertThat(browser.findElement(By.id("period-error")).getText()).contains("今回入力した収集期間は、まだ保存していません。",
                "受付開始日（2027/07/01（木））が締切日（2027/06/30（水））より後になっています。");
        assertThat(field("opens").getAttribute("value")).isEqualTo("2027-07-01");

        type("opens", "2027-05-06");
        submit(By.cssSelector("form[action='/rounds/period'] button[type=submit]"));
        assertThat(browser.findElement(By.id("period-saved")).getText()).isEqualTo("収集期間を保存しました。");
        assertThat(Files.readString(server.home().resolve("config/rounds.csv")))
                .endsWith("atsugi-7-2,2026,2027-05-06,2027-06-30,7|1,7,14\n");
        assertThat(field("opens").getAttribute("value")).isEqualTo("2027-05-06");
    }

    private static WebElement field(String name) {
        return browser.findElement(By.cssSelector("form[action='/rounds/period'] input[name=" + name + "]"));
    }

    /** A date field set as the browser's picker sets it (its typed form follows the machine's locale). */
    private static void type(String name, String isoDate) {
        browser.executeScript("arguments[0].value = arguments[1];", field(name), isoDate);
    }

    /** Clicks a form's button and waits for the page it leads to. */
    private static void submit(By button) {
        HeadlessChrome.submit(browser, button, Duration.ofSeconds(30));
    }
}
