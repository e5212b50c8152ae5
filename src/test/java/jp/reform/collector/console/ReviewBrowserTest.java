package jp.reform.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jp.reform.collector.support.ConsoleServer;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.HeadlessChrome;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review in a real browser, as the division and a 課 go through it: the admin sends 財政課 back with a
 * comment, the mail waits in the outbox with the comment and the template, 財政課's user signs in, reads the
 * comment, uploads a corrected file and sees its receipt, the admin marks it 確認済み; the status board shows
 * each step. 財政課's user then tries the admin's action by URL and by a forged form: refused and recorded.
 */
class ReviewBrowserTest {

    private static final String COMMENT = "取組状況に、見直した基準と調書の内容を具体的に記入してください。";

    @TempDir
    static Path home;
    private static ChromeDriver browser;
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChrome.start(); // first: without Chromium the class is skipped before serve starts
        server = ConsoleServer.start(home, inbox -> {
            // 財政課's sample is rejected; this file, read after it, is accepted: 財政課 is 提出済み
            Path file = DepartmentFiles.csv(inbox.resolve("財政課").resolve("財政課_再提出.csv"),
                    StandardCharsets.UTF_8, true, ",", DepartmentFiles.HEADER,
                    List.of(List.of("III-3-イ-1", "2025", "", "見直しを行った", "", "", "達成")));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        });
        server.awaitArchived(8);
    }

    @AfterAll
    static void stop() throws Exception {
        HeadlessChrome.quitThenClose(browser, server);
    }

    @Test
    void theAdminSendsBack財政課WhichCorrectsItsFileAndIsConfirmed() throws Exception {
        signIn("admin");
        assertThat(boardState("財政課")).isEqualTo("提出済み");

        // 差し戻し with a comment naming III-3-イ-1
        click(By.cssSelector("table#departments tr[data-department='財政課'] a"));
        waitFor(By.id("review-state"));
        assertThat(text(By.id("review-state"))).isEqualTo("提出済み");
        browser.findElement(By.cssSelector("#review-send-back textarea[name=comment]")).sendKeys(COMMENT);
        click(By.cssSelector("#review-send-back input[name=indicator][value='III-3-イ-1']"));
        submit(By.cssSelector("#review-send-back button[type=submit]"));
        assertThat(text(By.id("review-state"))).isEqualTo("差し戻し");
        assertThat(text(By.cssSelector("#review-history tbody tr td:nth-child(3)"))).isEqualTo(COMMENT);
        assertThat(text(By.cssSelector("table#indicators tr[data-code='III-3-イ-1']"))).contains("差し戻し（修正待ち）");
        open("/board");
        assertThat(boardState("財政課")).isEqualTo("差し戻し");

        // the mail to 財政課 in the outbox: the comment, the indicator, and its template attached
        Map<String, Object> row = Sql.one(server.database(), "select recipients_to::text as rcpt, mime from outbox_mail "
                + "where kind = 'sent_back'");
        assertThat(row.get("rcpt")).isEqualTo("{zaisei@city.example.jp}");
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream((byte[]) row.get("mime")));
        assertThat(MailServer.text(mail)).contains("財政課ご担当者様", "お疲れさまです。", COMMENT, "・III-3-イ-1 ");
        Map<String, byte[]> attached = MailServer.attachments(mail);
        assertThat(attached).hasSize(1);
        try (XSSFWorkbook template = new XSSFWorkbook(new ByteArrayInputStream(attached.values().iterator().next()))) {
            assertThat(template.getSheet("実績報告")).isNotNull();
        }

        // 財政課 reads the comment on its page and uploads a corrected file
        signIn("zaisei");
        assertThat(browser.getCurrentUrl()).contains("/departments/");
        assertThat(text(By.id("review-state"))).isEqualTo("差し戻し");
        assertThat(text(By.id("sent-back"))).contains(COMMENT, "III-3-イ-1");
        assertThat(browser.findElements(By.id("review-send-back"))).as("no review form for the 課").isEmpty();
        Path corrected = DepartmentFiles.csv(home.resolve("財政課_修正.csv"), StandardCharsets.UTF_8, true, ",",
                DepartmentFiles.HEADER, List.of(List.of("III-3-イ-1", "2025", "",
                        "補助金の交付基準と調書を改定し、令和8年度予算編成に反映した", "", "", "達成")));
        browser.findElement(By.cssSelector("form.upload input[type=file]")).sendKeys(corrected.toAbsolutePath().toString());
        submit(By.cssSelector("form.upload button[type=submit]"));
        waitFor(By.id("receipt"));
        assertThat(browser.getTitle()).startsWith("受付結果 R");
        assertThat(text(By.cssSelector("main p.lead"))).contains("財政課", "財政課_修正.csv", "受付");
        open("/");
        assertThat(text(By.id("review-state"))).isEqualTo("提出済み");
        assertThat(text(By.cssSelector("#review-history tbody tr td:nth-child(3)"))).as("the history keeps the comment")
                .isEqualTo(COMMENT);
        assertThat(browser.findElements(By.id("sent-back"))).isEmpty();

        // the admin sees it 提出済み again and marks it 確認済み
        signIn("admin");
        assertThat(boardState("財政課")).isEqualTo("提出済み");
        click(By.cssSelector("table#departments tr[data-department='財政課'] a"));
        waitFor(By.id("review-confirm"));
        submit(By.cssSelector("#review-confirm button[type=submit]"));
        assertThat(text(By.id("review-state"))).isEqualTo("確認済み");
        assertThat(browser.findElements(By.id("review-confirm"))).as("nothing more to confirm").isEmpty();
        assertThat(browser.findElements(By.id("review-send-back"))).as("a 差し戻し is still possible").isNotEmpty();
        open("/board");
        assertThat(boardState("財政課")).isEqualTo("確認済み");
        assertThat(Sql.rows(server.database(), "select action, before_state ->> 'state' as b, after_state ->> 'state' as a "
                + "from audit_log where action like 'review%' and department_name = '財政課' order by audit_id"))
                .extracting(r -> r.get("action") + ":" + r.get("b") + "→" + r.get("a"))
                .containsExactly("review_sent_back:submitted→sent_back", "review_confirmed:submitted→confirmed");

        // 財政課's user tries the admin's action: by URL, and by a forged form carrying its own token
        signIn("zaisei");
        open("/audit");
        assertThat(text(By.tagName("h1"))).isEqualTo("表示できません");
        open("/");
        browser.executeScript("var f = document.createElement('form'); f.method = 'post';"
                + " f.action = '/departments/' + encodeURIComponent('財政課') + '/review';"
                + " for (const [k, v] of [['_csrf', document.querySelector(\"input[name='_csrf']\").value],"
                + " ['action', 'send_back'], ['comment', '勝手に差し戻し']]) {"
                + " const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }"
                + " document.body.appendChild(f); f.submit();");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/review"));
        waitFor(By.cssSelector("p.notice"));
        assertThat(text(By.cssSelector("p.notice"))).isEqualTo("この操作を行う権限がありません。");
        assertThat(Sql.rows(server.database(), "select after_state ->> 'method' as m from audit_log "
                + "where action = 'action_refused' and actor = 'zaisei' order by audit_id"))
                .extracting(r -> r.get("m")).containsExactly("GET", "POST");
        open("/");
        assertThat(text(By.id("review-state"))).as("nothing changed").isEqualTo("確認済み");
    }

    private static String boardState(String department) {
        if (!browser.getCurrentUrl().endsWith("/board")) {
            open("/board");
        }
        return text(By.cssSelector("table#departments tr[data-department='" + department + "'] td.review"));
    }

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

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** Clicks a form's button and waits for the page it leads to. */
    private static void submit(By button) {
        HeadlessChrome.submit(browser, button, Duration.ofSeconds(30));
    }

}
