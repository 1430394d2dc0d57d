package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.conformance.CommentApiClient;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.time.ExecutorScheduler;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer page served by a relay (as every relay serves it) in real Chromium, one origin and one
 * browser for the class: the relay, run from the jar in a JVM of its own, is killed (SIGKILL) and
 * started again on its port while comments are posted at the origin, and the page says it is
 * reconnecting, then shows every comment of the outage once, in order (the browser resumes with
 * {@code Last-Event-ID} and the new relay fetches the gap from its upstream); a relay that samples
 * a hot video makes the page say how much it shows.
 */
@Timeout(180)
class ViewerOnRelayIT {
  private static RunningOrigin origin;
  private static ExecutorScheduler scheduler;
  private static ViewerTab tab;
  private static CommentApiClient api;

  private final String video = "relay-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    origin = new RunningOrigin(RateLimit.OFF);
    scheduler = new ExecutorScheduler("test-relay", 1);
    api = new CommentApiClient(HttpClient.newHttpClient(), origin.base(), origin::token);
    tab = ViewerTab.start();
  }

  @AfterAll
  static void stop() {
    RealServers.stopAll(tab, scheduler, origin);
  }

  private RelayServer relay(int sampleBudget) throws Exception {
    return new RelayServer(
            RelayConfig.defaults("127.0.0.1", 0, origin.base()).withSampleBudget(sampleBudget),
            scheduler,
            Clock.systemUTC(),
            List.of())
        .start();
  }

  @Test
  void aKilledAndRestartedRelayShowsReconnectingThenEveryMissedCommentOnceInOrder()
      throws Exception {
    int port = RealServers.freeLoopbackPort();
    RelayProcess relay = RelayProcess.start(port, origin.base());
    List<String> posted = new ArrayList<>();
    try {
      String first = "before the restart " + UUID.randomUUID();
      api.post(video, "ann", first);
      posted.add(first);
      tab.open("http://127.0.0.1:" + port + "/watch/" + video);
      tab.waitForComment(first);
      tab.waitForStatus("live", "stream");

      relay.kill();
      new WebDriverWait(tab.driver, ViewerTab.WAIT)
          .withMessage(() -> "the page to say it is reconnecting; is " + tab.status())
          .until(d -> "reconnecting".equals(tab.status()));
      assertThat(tab.driver.findElement(By.id("status")).getText()).isEqualTo("reconnecting…");
      for (int i = 1; i <= 5; i++) {
        String text = "during the outage " + i + " " + UUID.randomUUID();
        api.post(video, "user-" + i, text);
        posted.add(text);
      }
      relay = RelayProcess.start(port, origin.base());

      tab.waitForComment(posted.get(posted.size() - 1));
      tab.waitForStatus("live", "stream");
      List<String> expected = new ArrayList<>(posted);
      Collections.reverse(expected);
      assertThat(tab.texts()).containsExactlyElementsOf(expected);
      assertThat(tab.ids()).doesNotHaveDuplicates();
    } finally {
      relay.close();
    }
  }

  @Test
  void aSampledStreamSaysHowManyCommentsPerSecondItShowsOfHowMany() throws Exception {
    // A budget of 2 comments/s: ~20/s is hot even on a slow machine.
    try (RelayServer relay = relay(2)) {
      tab.open("http://127.0.0.1:" + relay.port() + "/watch/" + video);
      tab.waitForStatus("live", "stream");
      tab.js(
          "window.notes = [];"
              + "const n = document.getElementById('sampled');"
              + "new MutationObserver(() => { if (!n.hidden) window.notes.push(n.textContent); })"
              + ".observe(n, {attributes: true, childList: true, characterData: true,"
              + " subtree: true});");
      int count = 60;
      for (int i = 0; i < count; i++) {
        api.post(video, "rush-" + i, "rush " + i);
        Thread.sleep(40);
      }
      api.post(video, "last", "the last one");
      new WebDriverWait(tab.driver, ViewerTab.WAIT)
          .withMessage(() -> "the sampled note; notes so far: " + tab.js("return window.notes;"))
          .until(d -> !((List<?>) tab.js("return window.notes;")).isEmpty());
      @SuppressWarnings("unchecked")
      List<String> notes = (List<String>) tab.js("return window.notes;");
      assertThat(notes).allMatch(n -> n.matches("showing \\d+ of \\d+ comments/s"), "the note");
      assertThat(tab.texts()).as("sampled: fewer shown than posted").hasSizeLessThan(count);
      assertThat(tab.ids()).doesNotHaveDuplicates();
    }
  }
}
