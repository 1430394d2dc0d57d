package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.OriginConfig;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer page ({@code /watch/{videoId}}) in a real headless Chromium against the all-in-one
 * server in-process: a passive viewer sees comments with no sign-in, two pages see each other's
 * comments within a second, hostile text and names stay text, a refused or rate-limited commenter
 * is told why and for how long, a hidden comment leaves the pane (and an unhidden one is back only
 * for pages opened later), at most 200 comments stay, and the page is usable by keyboard, readable
 * in light and dark, and fits 360 px. Two browser windows and one server serve every test;
 * screenshots (light, dark, 360 px) go to {@code target/viewer-screenshots}. See also {@link
 * ViewerPollingFallbackIT}, {@link ViewerEmbeddingIT} and {@link ViewerOnRelayIT}.
 */
@Timeout(300)
class ViewerPageIT {
  private static ExecutorScheduler scheduler;
  private static AllInOne server;
  private static String baseUrl;
  private static DemoApi api;
  private static ViewerTab first;
  private static ViewerTab second;

  @BeforeAll
  static void start() throws Exception {
    scheduler = new ExecutorScheduler("test", 1);
    // 5 per 10 minutes: the limit of the default's shape, but no token refills while a slow CI
    // machine runs the rate-limit test.
    OriginConfig config =
        OriginConfig.defaults("127.0.0.1", 0).withRateLimit(RateLimit.parse("5/10m"));
    server = AllInOne.start(config, scheduler, Clock.systemUTC());
    baseUrl = "http://127.0.0.1:" + server.port();
    api = new DemoApi(baseUrl);
    first = ViewerTab.start();
    second = ViewerTab.start();
  }

  @AfterAll
  static void stop() throws Exception {
    RealServers.stopAll(first, second, server, scheduler);
  }

  private static String newVideo() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aPageOpenedWithNoInteractionShowsCommentsFromBeforeAndAfter() throws Exception {
    String video = newVideo();
    String before = "said before " + UUID.randomUUID();
    api.post(video, api.token("early-" + video, "Early"), before);

    ViewerTab tab = first.open(baseUrl + "/watch/" + video);
    tab.waitForComment(before);
    tab.waitForStatus("live", "stream");
    String after = "said after " + UUID.randomUUID();
    api.post(video, api.token("late-" + video, "Late"), after);
    tab.waitForComment(after);

    assertThat(tab.texts()).containsExactly(after, before); // newest first
    assertThat(tab.driver.findElement(By.id("name-row")).isDisplayed())
        .as("no name asked for while only watching")
        .isFalse();
    assertThat(tab.driver.findElement(By.id("comments")).getDomAttribute("aria-live"))
        .isEqualTo("polite");
    assertThat(tab.pageErrors()).as("console errors in the page").isEmpty();
  }

  @Test
  void aCommentPostedInOnePageAppearsInTheOtherWithinASecond() {
    String video = newVideo();
    ViewerTab alice = first.open(baseUrl + "/watch/" + video);
    ViewerTab bob = second.open(baseUrl + "/watch/" + video);
    alice.waitForStatus("live", "stream");
    bob.waitForStatus("live", "stream");
    alice.recordArrivals();
    bob.recordArrivals();

    String hello = "hello from Alice " + UUID.randomUUID();
    alice.postFirst("Alice", hello);
    alice.waitForComment(hello);
    bob.waitForComment(hello);

    // Alice's own comment shows from the POST's reply, Bob's from the stream: both clocks are
    // this machine's.
    long late = bob.seenAt(hello) - alice.seenAt(hello);
    assertThat(late).as("ms from Alice's page showing it to Bob's").isLessThan(1000);
    // Alice got it twice (the POST reply and the stream): it is shown once.
    assertThat(alice.texts()).containsOnlyOnce(hello);
    assertThat(bob.texts()).containsOnlyOnce(hello);
    assertThat(bob.authorOf(hello)).isEqualTo("Alice");
    // The name is asked only once.
    String again = "again " + UUID.randomUUID();
    alice.post(again);
    bob.waitForComment(again);
    assertThat(alice.driver.findElement(By.id("name-row")).isDisplayed()).isFalse();
    for (ViewerTab tab : List.of(alice, bob)) {
      assertThat(tab.pageErrors()).as("console errors in the page").isEmpty();
    }
  }

  @Test
  void hostileTextAndNamesShowLiterallyAndRunNothing() {
    String video = newVideo();
    String hostile = "<img src=x onerror=alert(1)>";
    ViewerTab mallory = first.open(baseUrl + "/watch/" + video);
    ViewerTab viewer = second.open(baseUrl + "/watch/" + video);
    viewer.waitForStatus("live", "stream");
    mallory.postFirst(hostile, hostile);
    mallory.waitForComment(hostile);
    viewer.waitForComment(hostile);

    for (ViewerTab tab : List.of(mallory, viewer)) {
      assertThat(tab.driver.findElements(By.tagName("img"))).as("img elements").isEmpty();
      assertThat(tab.alertText()).as("alert").isNull();
      assertThat(tab.texts()).containsExactly(hostile);
      assertThat(tab.authorOf(hostile)).isEqualTo(hostile);
      assertThat(tab.pageErrors()).as("console errors in the page").isEmpty();
    }
  }

  @Test
  void aRateLimitedCommenterSeesTheReasonAndHowLongToWait() {
    String video = newVideo();
    ViewerTab dave = first.open(baseUrl + "/watch/" + video);
    dave.waitForStatus("live", "stream");
    WebDriverWait wait = new WebDriverWait(dave.driver, ViewerTab.WAIT);
    // The limit is 5 comments per user: the sixth is refused with a 429.
    dave.postFirst("Dave", "comment 1");
    dave.waitForComment("comment 1");
    for (int i = 2; i <= 6; i++) {
      dave.post("comment " + i);
      int n = i;
      wait.until(d -> dave.texts().contains("comment " + n) || !dave.errorText().isEmpty());
    }
    assertThat(dave.texts()).doesNotContain("comment 6").contains("comment 5");
    // The problem's detail; the wait from Retry-After (5 per 10 minutes: minutes) counts down
    // on the button.
    assertThat(dave.errorText()).startsWith("too many comments");
    WebElement send = dave.driver.findElement(By.id("send"));
    assertThat(send.isEnabled()).as("send disabled while rate limited").isFalse();
    assertThat(send.getText()).matches("Wait \\d+ s");
    assertThat(Integer.parseInt(send.getText().replaceAll("\\D", ""))).isBetween(60, 600);
    // The text stays in the box, to be sent again (with the same Idempotency-Key) once allowed.
    assertThat(dave.driver.findElement(By.id("text")).getDomProperty("value"))
        .isEqualTo("comment 6");
  }

  @Test
  void aCommentTheServerRefusesShowsTheProblemsDetailAndStaysInTheBox() {
    String video = newVideo();
    ViewerTab tab = first.open(baseUrl + "/watch/" + video);
    tab.waitForStatus("live", "stream");
    // Only a right-to-left override: the server strips it, and nothing is left.
    tab.postFirst("Val", "\u202E");
    new WebDriverWait(tab.driver, ViewerTab.WAIT).until(d -> !tab.errorText().isEmpty());
    assertThat(tab.errorText()).isEqualTo("text must not be empty");
    assertThat(tab.driver.findElement(By.id("text")).getDomProperty("value")).isEqualTo("\u202E");
    assertThat(tab.texts()).isEmpty();
  }

  @Test
  void aCommentAModeratorHidesLeavesThePaneButNotItsAuthorsAndAnUnhideShowsItOnlyToLaterPages()
      throws Exception {
    String video = newVideo();
    ViewerTab frank = first.open(baseUrl + "/watch/" + video);
    ViewerTab erin = second.open(baseUrl + "/watch/" + video);
    erin.waitForStatus("live", "stream");
    String fine = "a fine comment " + UUID.randomUUID();
    String rude = "a rude comment " + UUID.randomUUID();
    api.post(video, api.token("gus-" + video, "Gus"), fine);
    frank.postFirst("Frank", rude);
    erin.waitForComment(rude);
    erin.waitForComment(fine);
    String rudeId =
        (String)
            frank.js(
                "return Array.from(document.querySelectorAll('#comments li'))"
                    + ".find(li => li.querySelector('.text').textContent === arguments[0]).dataset.id;",
                rude);

    api.hide(video, rudeId, api.moderatorToken("mia-" + video));

    new WebDriverWait(erin.driver, ViewerTab.WAIT)
        .withMessage(() -> "'" + rude + "' to leave the pane; shown: " + erin.texts())
        .until(d -> !erin.texts().contains(rude));
    assertThat(erin.texts()).containsExactly(fine);
    assertThat(frank.texts()).as("its author still sees it").contains(rude, fine);
    // A late joiner never sees it.
    ViewerTab gina = second.open(baseUrl + "/watch/" + video);
    gina.waitForComment(fine);
    assertThat(gina.texts()).containsExactly(fine);

    // An unhide: a live page gets only the notice and ignores it; a page opened later shows it.
    api.unhide(video, rudeId, api.moderatorToken("mia-" + video));
    String after = "after the unhide " + UUID.randomUUID();
    api.post(video, api.token("hal-" + video, "Hal"), after);
    gina.waitForComment(after);
    assertThat(gina.texts()).as("a live page never shows it again").containsExactly(after, fine);
    ViewerTab ivy = first.open(baseUrl + "/watch/" + video);
    ivy.waitForComment(after);
    assertThat(ivy.texts()).as("back at its place").containsExactly(after, rude, fine);
  }

  @Test
  void thePickerAtTheRootOpensAVideo() {
    String video = newVideo();
    ViewerTab tab = first.open(baseUrl + "/");
    WebElement id = tab.driver.findElement(By.id("video-id"));
    id.clear();
    id.sendKeys(video, Keys.ENTER);
    new WebDriverWait(tab.driver, ViewerTab.WAIT)
        .until(d -> d.getCurrentUrl().equals(baseUrl + "/watch/" + video));
    tab.waitForStatus("live", "stream");
    // An old link (/?v=) lands on the video's page too.
    tab.open(baseUrl + "/?v=" + video);
    new WebDriverWait(tab.driver, ViewerTab.WAIT)
        .until(d -> d.getCurrentUrl().equals(baseUrl + "/watch/" + video));
  }

  @Test
  void screenshotsInLightDarkAndAt360PixelsAndUsableByKeyboard() throws Exception {
    String video = "demo"; // as README's quick start opens it
    String[][] lines = {
      {"Ada", "What a finish! Did anyone catch the replay?"},
      {"Bo", "Audio is a bit out of sync on my side"},
      {"Chen", "Greetings from Lisbon!"},
      {"Dee", "This is the best stream this week"},
    };
    for (int i = 0; i < lines.length; i++) {
      api.post(video, api.token("shot" + i + "-" + video, lines[i][0]), lines[i][1]);
    }
    ViewerTab tab = first.open(baseUrl + "/watch/" + video);
    tab.waitForComment(lines[lines.length - 1][1]);
    tab.waitForStatus("live", "stream");
    // Keyboard: the comment box is the first stop, Enter sends (the name is asked then).
    tab.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertThat(tab.driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("text");

    Path shots = ViewerTab.buildDirectory().resolve("viewer-screenshots");
    tab.screenshot(shots.resolve("viewer-light.png"), 1000, 700);
    assertThat(contrasts(tab)).as("contrast of text in light").allMatch(c -> c.ratio() >= 4.5);
    tab.colorScheme("dark");
    tab.screenshot(shots.resolve("viewer-dark.png"), 1000, 700);
    assertThat(contrasts(tab)).as("contrast of text in dark").allMatch(c -> c.ratio() >= 4.5);
    tab.colorScheme("light");
    tab.screenshot(shots.resolve("viewer-360.png"), 360, 740);
    long overflow =
        (Long) tab.js("return document.documentElement.scrollWidth - window.innerWidth;");
    assertThat(overflow).as("horizontal overflow at 360 px").isLessThanOrEqualTo(0);
    assertThat(tab.pageErrors()).as("console errors in the page").isEmpty();
  }

  @Test
  void atMost200CommentsStayInThePaneWhateverIsLoadedOrArrives() throws Exception {
    String video = newVideo();
    List<String> users = new ArrayList<>();
    for (int u = 0; u < 50; u++) {
      users.add(api.token("many" + u + "-" + video, "Many " + u));
    }
    Comment last = null;
    for (int i = 0; i < 250; i++) {
      last = api.post(video, users.get(i / 5), "old " + i);
    }
    api.awaitFannedOut(video, last);
    ViewerTab tab = first.open(baseUrl + "/watch/" + video);
    tab.waitForComment("old 249");
    assertThat(tab.texts()).hasSize(100); // the join context
    WebElement older = tab.driver.findElement(By.id("older"));
    for (int expected : new int[] {150, 200}) {
      older.click();
      new WebDriverWait(tab.driver, ViewerTab.WAIT).until(d -> tab.texts().size() == expected);
    }
    assertThat(older.isDisplayed()).as("no more older once the pane is full").isFalse();
    String fresh = "fresh " + UUID.randomUUID();
    api.post(video, api.token("fresh-" + video, "Fresh"), fresh);
    tab.waitForComment(fresh);
    List<String> texts = tab.texts();
    assertThat(texts).hasSize(200).startsWith(fresh, "old 249").doesNotContain("old 50");
    assertThat(texts.get(199)).isEqualTo("old 51");
    assertThat(tab.ids()).doesNotHaveDuplicates();
  }

  record Contrast(String element, double ratio) {}

  /** WCAG contrast of each kind of text on the page against the background it is drawn on. */
  private static List<Contrast> contrasts(ViewerTab tab) {
    @SuppressWarnings("unchecked")
    List<List<Object>> measured =
        (List<List<Object>>)
            tab.js(
                """
                const lum = (c) => {
                  const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => {
                    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                };
                const bg = (e) => {
                  for (; e; e = e.parentElement) {
                    const c = getComputedStyle(e).backgroundColor, m = c.match(/[\\d.]+/g);
                    if (m && (m.length < 4 || Number(m[3]) > 0)) return c;
                  }
                  return 'rgb(255, 255, 255)';
                };
                return Array.from(document.querySelectorAll(arguments[0]), (e) => {
                  const a = lum(getComputedStyle(e).color), b = lum(bg(e));
                  return [e.tagName + '.' + e.className + '#' + e.id,
                          (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
                });
                """,
                "h1, h1 .video, label, .author, .text, .at, #send, #status, #older, #empty");
    return measured.stream()
        .map(m -> new Contrast((String) m.get(0), ((Number) m.get(1)).doubleValue()))
        .toList();
  }
}
