package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.HeadlessChrome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * 課の設定 and 連絡先 in a real browser: their forms are at the foot of long pages (every 課 of departments.csv, every
 * indicator of a 課), so the answer to a press opens where the division looks: a refusal at its reason beside the
 * form as typed, a change made at the notice that says so. Before, every answer opened at the top of the page, the
 * reason far below the window, as if the press had done nothing.
 */
class DepartmentsBrowserTest {

    @TempDir
    static Path home;
    private static ChromeDriver browser;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChrome.start(); // first: without Chromium the class is skipped before serve starts
        server = ConsoleServer.start(home, config -> { }, inbox -> { }, Map.of("config.check-seconds", 3600));
        HeadlessChrome.signIn(browser, server, "admin");
    }

    @AfterAll
    static void stop() throws Exception {
        HeadlessChrome.quitThenClose(browser, server);
    }

    @Test
    void aRefusedRenameOpensAtItsReasonAndAnAdditionAtItsNotice() {
        browser.get(server.url("/departments"));
        new Select(browser.findElement(By.cssSelector("#rename-department select[name=department]")))
                .selectByVisibleText("職員課");
        browser.findElement(By.cssSelector("#rename-department input[name=name]")).sendKeys("財政課");
        submit(By.cssSelector("#rename-department button[type=submit]"));
        assertThat(browser.findElement(By.id("rename-error")).getText()).contains("課名はまだ変更していません。",
                "「財政課」は、既に財政課の課名として登録されています。");
        assertThat(inWindow("rename-error")).as("the reason is in the window, not below it").isTrue();

        browser.findElement(By.cssSelector("#add-department input[name=name]")).sendKeys("こども未来課");
        submit(By.cssSelector("#add-department button[type=submit]"));
        assertThat(browser.findElement(By.id("add-error")).getText()).contains("課はまだ追加していません。",
                "「宛先」のアドレスを1つ以上入力してください。");
        assertThat(inWindow("add-error")).as("the reason is in the window, not below it").isTrue();

        browser.findElement(By.cssSelector("#add-department textarea[name=emails]")).sendKeys("kodomo@atsugi.example.jp");
        submit(By.cssSelector("#add-department button[type=submit]"));
        assertThat(browser.findElement(By.id("departments-notice")).getText()).startsWith("課「こども未来課」を追加しました。");
        assertThat(inWindow("departments-notice")).as("the notice is in the window").isTrue();
    }

    @Test
    void aRefused連絡先OpensAtItsReason() {
        browser.get(server.url("/departments/" + ConsoleClient.segment("行政経営課") + "?plan=atsugi-7-2&fy=2025"));
        WebElement emails = browser.findElement(By.cssSelector("#contacts textarea[name=emails]"));
        emails.clear();
        emails.sendKeys("gyoseikeiei@");
        submit(By.cssSelector("#contacts button[type=submit]"));
        assertThat(browser.findElement(By.id("contacts-error")).getText()).contains("メールアドレスはまだ保存していません。");
        assertThat(inWindow("contacts-error")).as("the reason is in the window, not below it").isTrue();
    }

    /** Whether the element is within the browser's window as the page opened (not scrolled to by the test). */
    private static boolean inWindow(String id) {
        return (Boolean) browser.executeScript("var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                + " return r.top >= 0 && r.bottom <= window.innerHeight;", id);
    }

    private static void submit(By button) {
        HeadlessChrome.submit(browser, button, Duration.ofSeconds(30));
    }
}
