package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.conformance.CommentApiClient;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer page served by a relay (as every relay serves it) in real Chromium: the relay is
 * stopped and started again on its port while comments are posted at the origin; the page says it
 * is reconnecting, then shows every comment of the outage once, in order (the browser resumes with
 * {@code Last-Event-ID} and the new relay fetches the gap from its upstream).
 */
@Timeout(180)
class ViewerRelayRestartIT {
  private final String video = "restart-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aRestartedRelayShowsReconnectingThenEveryMissedCommentOnceInOrder() throws Exception {
    try (RunningOrigin origin = new RunningOrigin(RateLimit.OFF);
        ExecutorScheduler scheduler = new ExecutorScheduler("test-relay", 1);
        ViewerTab tab = ViewerTab.start()) {
      CommentApiClient api =
          new CommentApiClient(HttpClient.newHttpClient(), origin.base(), origin::token);
      RelayConfig config = RelayConfig.defaults("127.0.0.1", 0, origin.base());
      RelayServer relay = new RelayServer(config, scheduler, Clock.systemUTC(), List.of()).start();
      int port = relay.port();
      List<String> posted = new ArrayList<>();
      try {
        String first = "before the restart " + UUID.randomUUID();
        api.post(video, "ann", first);
        posted.add(first);
        tab.open("http://127.0.0.1:" + port + "/watch/" + video);
        tab.waitForComment(first);
        tab.waitForStatus("live", "stream");

        relay.close();
        new WebDriverWait(tab.driver, ViewerTab.WAIT)
            .withMessage(() -> "the page to say it is reconnecting; is " + tab.status())
            .until(d -> "reconnecting".equals(tab.status()));
        assertThat(tab.driver.findElement(org.openqa.selenium.By.id("status")).getText())
            .isEqualTo("reconnecting…");
        for (int i = 1; i <= 5; i++) {
          String text = "during the outage " + i + " " + UUID.randomUUID();
          api.post(video, "user-" + i, text);
          posted.add(text);
        }
        relay =
            new RelayServer(
                    RelayConfig.defaults("127.0.0.1", port, origin.base()),
                    scheduler,
                    Clock.systemUTC(),
                    List.of())
                .start();

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
  }
}
