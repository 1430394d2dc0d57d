package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.OriginConfig;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer page in real Chromium behind a proxy that buffers or refuses its stream ({@link
 * StreamBlockingProxy}): it falls back to polling snapshots, shows new comments within ~2 s, drops
 * a comment a snapshot's {@code hidden} list names and puts it back at its place when a later
 * snapshot's {@code restored} brings it back, spreads a second's comments over that second, and
 * returns to the stream once the proxy lets it through, every comment once and in order.
 */
@Timeout(180)
class ViewerPollingFallbackIT {
  private static ExecutorScheduler scheduler;
  private static AllInOne server;
  private static DemoApi api;
  private static ViewerTab first;

  @BeforeAll
  static void start() throws Exception {
    scheduler = new ExecutorScheduler("test", 1);
    server =
        AllInOne.start(
            OriginConfig.defaults("127.0.0.1", 0).withRateLimit(RateLimit.OFF),
            scheduler,
            Clock.systemUTC());
    api = new DemoApi("http://127.0.0.1:" + server.port());
    first = ViewerTab.start();
  }

  @AfterAll
  static void stop() throws Exception {
    RealServers.stopAll(first, server, scheduler);
  }

  private static String newVideo() {
    return "poll-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest
  @EnumSource(StreamBlockingProxy.Mode.class)
  void aBlockedStreamFallsBackToPollingAndReturnsWithNoGapOrDuplicate(StreamBlockingProxy.Mode mode)
      throws Exception {
    String video = newVideo();
    List<String> posted = new ArrayList<>();
    String before = "before the page " + UUID.randomUUID();
    api.post(video, api.token("p0-" + video, "Poster"), before);
    posted.add(before);
    try (StreamBlockingProxy proxy = new StreamBlockingProxy(server.port(), mode)) {
      ViewerTab tab = first.open("http://127.0.0.1:" + proxy.port() + "/watch/" + video);
      // The stream never delivers: the page polls instead, with the history as context.
      tab.waitForStatus("live", "poll");
      tab.waitForComment(before);
      assertThat(proxy.held()).isGreaterThan(0);
      tab.recordArrivals();

      List<Long> delays = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String text = "polled " + i + " " + UUID.randomUUID();
        long sent = System.currentTimeMillis();
        api.post(video, api.token("p" + i + "-" + video, "Poster"), text);
        posted.add(text);
        tab.waitForComment(text);
        delays.add(tab.seenAt(text) - sent);
      }
      // A closed second is served ~1.3 s after it began at worst; the page asks for it at once.
      System.err.println(mode + ": ms from POST to the polling page: " + delays);
      assertThat(delays).as("ms from POST to the polling page").allMatch(d -> d < 2500);

      // A second's comments come in one snapshot, and are shown one by one over a second.
      List<String> burstTokens = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        burstTokens.add(api.token("b" + i + "-" + video, "Burst"));
      }
      List<String> burst = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String text = "burst " + i + " " + UUID.randomUUID();
        api.post(video, burstTokens.get(i), text);
        posted.add(text);
        burst.add(text);
      }
      burst.forEach(tab::waitForComment);
      List<Long> seen = burst.stream().map(tab::seenAt).toList();
      assertThat(java.util.Collections.max(seen) - java.util.Collections.min(seen))
          .as("ms from the first of the burst shown to the last: %s", seen)
          .isGreaterThan(500);

      // A hide while polling comes in the snapshot's hidden list.
      Comment doomed = api.post(video, api.token("p4-" + video, "Poster"), "doomed " + video);
      tab.waitForComment(doomed.text());
      String moderator = api.moderatorToken("mia-" + video);
      api.hide(video, doomed.id(), moderator);
      new WebDriverWait(tab.driver, ViewerTab.WAIT)
          .withMessage(() -> "the hidden comment to leave the polling page: " + tab.texts())
          .until(d -> !tab.texts().contains(doomed.text()));

      // An unhide while polling comes in a later snapshot's restored list: back at its place.
      String after = "after the hide " + UUID.randomUUID();
      api.post(video, api.token("p5-" + video, "Poster"), after);
      tab.waitForComment(after);
      api.unhide(video, doomed.id(), moderator);
      posted.add(doomed.text());
      posted.add(after);
      new WebDriverWait(tab.driver, ViewerTab.WAIT)
          .withMessage(() -> "the unhidden comment back in its place: " + tab.texts())
          .until(d -> tab.texts().equals(reversed(posted)));

      // The stream gets through again: the page returns to it, comments flowing all along.
      proxy.unblock();
      long until = System.currentTimeMillis() + 45_000;
      int n = 6;
      while (!"stream".equals(tab.transport()) && System.currentTimeMillis() < until) {
        String text = "meanwhile " + n + " " + UUID.randomUUID();
        api.post(video, api.token("p" + n++ + "-" + video, "Poster"), text);
        posted.add(text);
        Thread.sleep(700);
      }
      tab.waitForStatus("live", "stream");
      for (int i = 0; i < 3; i++) {
        String text = "streamed " + i + " " + UUID.randomUUID();
        api.post(video, api.token("s" + i + "-" + video, "Poster"), text);
        posted.add(text);
      }
      tab.waitForComment(posted.get(posted.size() - 1));
      new WebDriverWait(tab.driver, ViewerTab.WAIT)
          .withMessage(() -> "every comment once, in order; shown: " + tab.texts())
          .until(d -> tab.texts().equals(reversed(posted)));
      assertThat(tab.ids()).doesNotHaveDuplicates();
      assertThat(tab.pageErrors()).as("console errors in the page").isEmpty();
    }
  }

  private static List<String> reversed(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
