package io.livecomments.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium with a profile of its own, deleted when it quits: the one way the browser
 * tests start a browser.
 *
 * <p>Chromium and ChromeDriver are Debian's ({@code apt-get install chromium chromium-driver}); the
 * driver path is set explicitly so Selenium Manager never looks for, let alone downloads, anything.
 * When they are missing or cannot start, the test fails on CI ({@code CI=true}) and is skipped
 * elsewhere ({@link RealServers#cannotStart}). The browser's console is recorded (read it with
 * {@code driver().manage().logs().get(LogType.BROWSER)}); alerts are left open for the test to see.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static HeadlessChromium start() {
    // Belt and braces: Selenium Manager is skipped anyway because the driver path is explicit.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
    System.setProperty("SE_OFFLINE", "true");
    // Selenium knows CDP only up to some Chromium version and warns about newer ones; not used.
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      throw unavailable(CHROMIUM + " or " + CHROMEDRIVER + " is missing", null);
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("lc-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
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
      return new HeadlessChromium(new ChromeDriver(service, options), profile);
    } catch (WebDriverException e) {
      service.stop();
      deleteTree(profile);
      throw unavailable("Chromium did not start: " + e.getMessage(), e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } catch (WebDriverException e) {
      // Already gone: the profile is all that is left to clean up.
    } finally {
      deleteTree(profile);
    }
  }

  private static RuntimeException unavailable(String why, Throwable cause) {
    return RealServers.cannotStart(
        why + ". Install Debian's browser: apt-get install -y chromium chromium-driver", cause);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A profile left in the temporary folder is harmless; the test's result matters more.
    }
  }
}
