package jp.reform.collector.support;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium (Debian packages chromium and chromium-driver, installed by .ci/run) driven
 * headless by Selenium. Both paths are given, so Selenium Manager is never asked to find or download a
 * browser or driver (there is no internet on the build machines). Override them with
 * {@code -Dchrome.binary=…} and {@code -Dchromedriver=…}.
 */
public final class HeadlessChrome {

    public static final int WIDTH = 1400;
    public static final int HEIGHT = 1000;

    private static final String BINARY = System.getProperty("chrome.binary", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("chromedriver", "/usr/bin/chromedriver");
    /**
     * Quiet: without the selenium-devtools jars (not needed, CDP commands go through chromedriver) every start
     * warns that no DevTools implementation matches the browser. Held here, as JUL keeps loggers weakly.
     */
    private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS.setLevel(Level.SEVERE);
    }

    private HeadlessChrome() {
    }

    /**
     * A new browser with a window of {@value #WIDTH}×{@value #HEIGHT}. Without Chromium installed the
     * calling tests are skipped on a developer's machine, but fail on CI (CI=true), where .ci/run installs it.
     */
    public static ChromeDriver start() {
        File binary = new File(BINARY);
        File driver = new File(DRIVER);
        boolean installed = binary.canExecute() && driver.canExecute();
        if (!installed && !"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.abort("No Chromium at " + BINARY + " / " + DRIVER
                    + ": apt-get install chromium chromium-driver fonts-noto-cjk (see .ci/run)");
        }
        if (!installed) {
            throw new IllegalStateException("CI needs Chromium at " + BINARY + " and " + DRIVER + " (see .ci/run)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        // --no-sandbox: CI runs as root; --disable-dev-shm-usage: containers have a small /dev/shm
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=ja-JP", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver)
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return chrome;
    }

    /** Signs {@code login} in with the test password on the sign-in page and waits for the signed-in header. */
    public static void signIn(ChromeDriver browser, ConsoleServer server, String login) {
        browser.get(server.url("/login"));
        browser.findElement(By.id("login")).sendKeys(login);
        browser.findElement(By.id("password")).sendKeys(ConsoleServer.PASSWORD);
        browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("header.bar .user"))
                .isEmpty());
    }

    /** A browser test class's end: the browser quit, then its serve closed, whichever of them was started. */
    public static void quitThenClose(ChromeDriver browser, ConsoleServer server) throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Clicks a form's button and waits for the page it leads to (which may look like the one it replaces). */
    public static void submit(ChromeDriver browser, By button, Duration patience) {
        WebElement page = browser.findElement(By.tagName("main"));
        browser.findElement(button).click();
        new WebDriverWait(browser, patience).until(d -> isGone(page));
    }

    /**
     * Whether an element of the page left behind is gone. Chromium may answer a node it is just detaching with
     * "does not belong to the document" instead of the stale-element error Selenium's own condition expects.
     */
    public static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
