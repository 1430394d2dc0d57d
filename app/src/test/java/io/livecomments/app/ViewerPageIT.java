package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.harness.RealServers;
import io.livecomments.origin.OriginConfig;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer page ({@code GET /}) in a real headless Chromium, against the all-in-one server
 * in-process: two viewers see each other's comments live, hostile text stays text, a late joiner
 * sees what was said before, and a rate-limited commenter is told to wait.
 *
 * <p>Chromium and ChromeDriver are Debian's ({@code apt-get install chromium chromium-driver}); the
 * driver path is set explicitly so Selenium Manager never looks for, let alone downloads, anything.
 * When they are missing or cannot start, the test fails on CI ({@code CI=true}) and is skipped
 * elsewhere.
 */
@Timeout(180)
class ViewerPageIT {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /**
   * How long anything in the page may take: live delivery is ~100 ms, this is slack for slow CI.
   */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ExecutorScheduler scheduler;
  private static AllInOne server;
  private static String baseUrl;

  private final List<Browser> browsers = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    // Belt and braces: Selenium Manager is skipped anyway because the driver path is explicit.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
    System.setProperty("SE_OFFLINE", "true");
    // Selenium knows CDP only up to some Chromium version and warns about newer ones; not used
    // here.
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    scheduler = new ExecutorScheduler("test", 1);
    // 5 per 10 minutes: the limit of the default's shape, but no token refills while a slow CI
    // machine runs the rate-limit test.
    OriginConfig config =
        OriginConfig.defaults("127.0.0.1", 0).withRateLimit(RateLimit.parse("5/10m"));
    server = AllInOne.start(config, scheduler, Clock.systemUTC());
    baseUrl = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(Browser::close);
    browsers.clear();
  }

  @Test
  void viewersSeeEachOthersCommentsLiveAndHostileTextStaysText() throws IOException {
    String video = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Browser alice = open(video);
    Browser bob = open(video);
    alice.join("Alice");
    bob.join("Bob");

    String hello = "hello from Alice " + UUID.randomUUID();
    alice.post(hello);
    alice.waitForComment(hello);
    bob.waitForComment(hello);
    // Alice got her comment twice (the POST reply and the stream): it is shown once.
    assertThat(alice.texts()).containsOnlyOnce(hello);
    assertThat(bob.texts()).containsOnlyOnce(hello);
    assertThat(bob.authorOf(hello)).isEqualTo("Alice");
    assertThat(bob.driver.findElement(By.id("lag")).getText()).matches("lag \\d+(\\.\\d)? m?s.*");

    String hostile = "<img src=x onerror=alert(1)>";
    bob.post(hostile);
    alice.waitForComment(hostile);
    bob.waitForComment(hostile);
    for (Browser b : List.of(alice, bob)) {
      assertThat(b.driver.findElements(By.tagName("img"))).as("img elements").isEmpty();
      assertThat(b.alertText()).as("alert").isNull();
      assertThat(b.rawText(hostile)).isEqualTo(hostile);
    }

    // A late joiner gets the earlier comments at once, from the stream's first event and history.
    Browser carol = open(video);
    carol.join("Carol");
    carol.waitForComment(hello);
    carol.waitForComment(hostile);
    assertThat(carol.texts()).containsExactly(hostile, hello); // newest first
    assertThat(carol.driver.findElements(By.tagName("img"))).isEmpty();

    for (Browser b : List.of(alice, bob, carol)) {
      assertThat(b.statusState()).isEqualTo("live");
      assertThat(b.pageErrors()).as("console errors in the page").isEmpty();
    }

    Path shots = buildDirectory().resolve("viewer-screenshots");
    Files.createDirectories(shots);
    carol.screenshot(shots.resolve("viewer-wide.png"), 1200, 800);
    carol.screenshot(shots.resolve("viewer-narrow.png"), 390, 760);
  }

  @Test
  void aHiddenCommentLeavesEveryoneElsesPaneButItsAuthorsOwn() {
    String video = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Browser erin = open(video);
    Browser frank = open(video);
    erin.join("Erin");
    frank.join("Frank");
    String fine = "a fine comment " + UUID.randomUUID();
    String blocked = "buy spamword now " + UUID.randomUUID();

    frank.post(fine);
    erin.waitForComment(fine);
    // Records every comment Erin's pane ever shows, so the test sees it come and go.
    ((JavascriptExecutor) erin.driver)
        .executeScript(
            "window.seen = [];"
                + "new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n =>"
                + " n.querySelector && window.seen.push(n.querySelector('.text').textContent))))"
                + ".observe(document.getElementById('comments'), {childList: true});");
    frank.post(blocked);
    // The built-in blocklist hides it: shown at once, then taken out of Erin's pane.
    new WebDriverWait(erin.driver, WAIT)
        .withMessage(() -> "'" + blocked + "' to come and leave the pane; shown: " + erin.texts())
        .until(
            d ->
                ((List<?>) ((JavascriptExecutor) d).executeScript("return window.seen;"))
                        .contains(blocked)
                    && !erin.texts().contains(blocked));
    assertThat(erin.texts()).contains(fine);
    frank.waitForComment(blocked);

    Browser gina = open(video);
    gina.join("Gina");
    gina.waitForComment(fine);
    assertThat(gina.texts()).as("a late joiner never sees it").doesNotContain(blocked);
    assertThat(frank.texts()).as("its author still does").contains(blocked, fine);
    for (Browser b : List.of(erin, frank, gina)) {
      assertThat(b.pageErrors()).as("console errors in the page").isEmpty();
    }
  }

  @Test
  void aRateLimitedCommenterSeesTheReasonAndMustWait() {
    String video = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Browser dave = open(video);
    dave.join("Dave");
    WebDriverWait wait = new WebDriverWait(dave.driver, WAIT);
    // The limit is 5 comments per user: the sixth is refused with a 429.
    for (int i = 1; i <= 6; i++) {
      dave.post("comment " + i);
      int n = i;
      wait.until(d -> dave.texts().contains("comment " + n) || !dave.errorText().isEmpty());
    }
    assertThat(dave.texts()).doesNotContain("comment 6").contains("comment 5");
    assertThat(dave.errorText()).isNotBlank();
    WebElement send = dave.driver.findElement(By.id("send"));
    assertThat(send.isEnabled()).as("send disabled while rate limited").isFalse();
    assertThat(send.getText()).startsWith("Wait");
    // The text stays in the box, to be sent again (with the same Idempotency-Key) once allowed.
    assertThat(dave.driver.findElement(By.id("text")).getDomProperty("value"))
        .isEqualTo("comment 6");
  }

  // ---- a browser tab -------------------------------------------------------------------------

  private Browser open(String video) {
    Browser browser = Browser.start();
    browsers.add(browser);
    browser.driver.get(baseUrl + "/?v=" + video);
    return browser;
  }

  private static Path buildDirectory() {
    try {
      // .../<build directory>/test-classes: works whatever -Dlc.target names the build directory.
      Path classes =
          Path.of(ViewerPageIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Browser {
    final WebDriver driver;
    final Path profile;

    private Browser(WebDriver driver, Path profile) {
      this.driver = driver;
      this.profile = profile;
    }

    static Browser start() {
      if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
        unavailable(CHROMIUM + " or " + CHROMEDRIVER + " is missing", null);
      }
      Path profile;
      try {
        profile = Files.createTempDirectory("lc-chromium-");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          "--disable-sync",
          "--window-size=1200,800",
          "--user-data-dir=" + profile);
      options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(CHROMEDRIVER))
              .usingAnyFreePort()
              .build();
      try {
        return new Browser(new ChromeDriver(service, options), profile);
      } catch (WebDriverException e) {
        service.stop();
        deleteTree(profile);
        unavailable("Chromium did not start: " + e.getMessage(), e);
        throw e;
      }
    }

    /** Fails on CI, where the browser must be there; skips elsewhere. */
    private static void unavailable(String why, Throwable cause) {
      throw RealServers.cannotStart(
          why + ". Install Debian's browser: apt-get install -y chromium chromium-driver", cause);
    }

    void join(String name) {
      driver.findElement(By.id("name")).sendKeys(name);
      driver.findElement(By.id("join")).click();
      new WebDriverWait(driver, WAIT)
          .until(d -> d.findElement(By.id("text")).isDisplayed() && "live".equals(statusState()));
    }

    /** Types the comment and presses Enter, as a person would. */
    void post(String text) {
      WebElement box = driver.findElement(By.id("text"));
      new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("send")).isEnabled());
      box.clear();
      box.sendKeys(text, Keys.ENTER);
    }

    void waitForComment(String text) {
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "comment '" + text + "' to show; shown: " + texts())
          .until(d -> texts().contains(text));
    }

    /** The comments' texts as the page shows them, newest first. */
    @SuppressWarnings("unchecked")
    List<String> texts() {
      return (List<String>)
          ((JavascriptExecutor) driver)
              .executeScript(
                  "return Array.from(document.querySelectorAll('#comments li[data-id] .text'),"
                      + " e => e.textContent);");
    }

    String rawText(String text) {
      return texts().stream().filter(text::equals).findFirst().orElseThrow();
    }

    String authorOf(String text) {
      return (String)
          ((JavascriptExecutor) driver)
              .executeScript(
                  "const li = Array.from(document.querySelectorAll('#comments li[data-id]'))"
                      + ".find(li => li.querySelector('.text').textContent === arguments[0]);"
                      + "return li ? li.querySelector('.author').textContent : null;",
                  text);
    }

    String statusState() {
      return driver.findElement(By.id("status")).getDomAttribute("data-state");
    }

    String errorText() {
      return driver.findElement(By.id("error")).getDomProperty("textContent");
    }

    String alertText() {
      try {
        return driver.switchTo().alert().getText();
      } catch (NoAlertPresentException e) {
        return null;
      }
    }

    /** Uncaught errors and Content-Security-Policy violations logged by the page. */
    List<String> pageErrors() {
      try {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter(m -> !m.contains("Failed to load resource")) // e.g. /favicon.ico
            .toList();
      } catch (WebDriverException e) {
        return List.of(); // this driver cannot hand out the console log
      }
    }

    void screenshot(Path file, int width, int height) throws IOException {
      driver.manage().window().setSize(new Dimension(width, height));
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    void close() {
      try {
        driver.quit();
      } catch (WebDriverException e) {
        // already gone
      }
      deleteTree(profile);
    }

    private static void deleteTree(Path root) {
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp folder left behind is harmless
      }
    }
  }
}
