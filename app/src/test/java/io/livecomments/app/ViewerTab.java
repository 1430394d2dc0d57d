package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.harness.HeadlessChromium;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium window showing the viewer page, for the browser ITs. Started once per test
 * class ({@link HeadlessChromium}) and pointed at a new page per test ({@link #open}).
 */
final class ViewerTab implements AutoCloseable {
  /** How long anything in the page may take: live delivery is ~100 ms, this is slack for CI. */
  static final Duration WAIT = Duration.ofSeconds(15);

  final ChromeDriver driver;
  private final HeadlessChromium chromium;

  private ViewerTab(HeadlessChromium chromium) {
    this.chromium = chromium;
    this.driver = chromium.driver();
  }

  static ViewerTab start() {
    return new ViewerTab(HeadlessChromium.start());
  }

  /** Loads {@code url} in this window, light scheme, 1200 px wide; forgets earlier console logs. */
  ViewerTab open(String url) {
    colorScheme("light");
    driver.manage().window().setSize(new Dimension(1200, 800));
    driver.get(url);
    pageErrors();
    return this;
  }

  /**
   * Emulates {@code prefers-color-scheme} (through the DevTools protocol, which ChromeDriver
   * relays).
   */
  void colorScheme(String scheme) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Types the comment and presses Enter, as a person would; a name too when the page asks. */
  void post(String text) {
    WebElement box = driver.findElement(By.id("text"));
    new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("send")).isEnabled());
    box.clear();
    box.sendKeys(text, Keys.ENTER);
  }

  /** Posts the first comment: the page asks for a name only now, then sends it. */
  void postFirst(String name, String text) {
    post(text);
    new WebDriverWait(driver, WAIT)
        .withMessage("the page to ask for a name at the first post")
        .until(d -> d.findElement(By.id("name")).isDisplayed());
    // Keyboard only: the page moved the focus to the name; Enter there sends the comment.
    assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("name");
    driver.switchTo().activeElement().sendKeys(name, Keys.ENTER);
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
        js(
            "return Array.from(document.querySelectorAll('#comments li[data-id] .text'),"
                + " e => e.textContent);");
  }

  /** The shown comments' ids, newest first. */
  @SuppressWarnings("unchecked")
  List<String> ids() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#comments li[data-id]'), e => e.dataset.id);");
  }

  String authorOf(String text) {
    return (String)
        js(
            "const li = Array.from(document.querySelectorAll('#comments li[data-id]'))"
                + ".find(li => li.querySelector('.text').textContent === arguments[0]);"
                + "return li ? li.querySelector('.author').textContent : null;",
            text);
  }

  /** Records, in page time, when each comment text first enters the pane ({@link #seenAt}). */
  void recordArrivals() {
    js(
        "window.seenAt = {};"
            + "new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {"
            + " const t = n.querySelector && n.querySelector('.text');"
            + " if (t && !(t.textContent in window.seenAt)) window.seenAt[t.textContent] = Date.now();"
            + "}))).observe(document.getElementById('comments'), {childList: true});");
  }

  /** When {@code text} first entered the pane (epoch ms of the page's clock), or null. */
  Long seenAt(String text) {
    Object at = js("return window.seenAt ? window.seenAt[arguments[0]] : null;", text);
    return at == null ? null : ((Number) at).longValue();
  }

  String status() {
    return driver.findElement(By.id("status")).getDomAttribute("data-state");
  }

  String transport() {
    return driver.findElement(By.id("status")).getDomAttribute("data-transport");
  }

  void waitForStatus(String state, String transport) {
    new WebDriverWait(driver, WAIT.multipliedBy(2))
        .withMessage(
            () -> "status " + state + "/" + transport + "; is " + status() + "/" + transport())
        .until(d -> state.equals(status()) && transport.equals(transport()));
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

  /** Uncaught errors and Content-Security-Policy violations logged since the last call. */
  List<String> pageErrors() {
    try {
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
          .map(LogEntry::getMessage)
          // A failed request is logged as an error too: refused streams, a killed relay, 429s.
          .filter(m -> !m.contains("Failed to load resource") && !m.contains("net::ERR_"))
          .toList();
    } catch (WebDriverException e) {
      return List.of(); // this driver cannot hand out the console log
    }
  }

  void screenshot(Path file, int width, int height) throws IOException {
    driver.manage().window().setSize(new Dimension(width, height));
    Files.createDirectories(file.getParent());
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  /** The build directory ({@code target/}, or whatever {@code -Dlc.target} names). */
  static Path buildDirectory() {
    try {
      Path classes =
          Path.of(ViewerTab.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    chromium.close();
  }
}
