package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.harness.RealServers;
import io.livecomments.origin.OriginConfig;
import io.livecomments.time.ExecutorScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page left open while the in-memory all-in-one restarts on its port: the new server's log starts
 * over, so the page's cursor lies beyond every seq it hands out for a while and a stream resumed
 * from it stays silent. The page sees the closed snapshots stay behind its cursor, forgets the old
 * log's comments and joins afresh, showing what is said after the restart.
 */
@Timeout(120)
class ViewerLogRestartIT {
  private static ExecutorScheduler scheduler;
  private static ViewerTab tab;

  @BeforeAll
  static void start() throws Exception {
    scheduler = new ExecutorScheduler("test", 1);
    tab = ViewerTab.start();
  }

  @AfterAll
  static void stop() {
    RealServers.stopAll(tab, scheduler);
  }

  /** Seqs 300,000 lower: within what a hop takes for lag, so a resumed stream just stays silent. */
  @Test
  void aPageOpenAcrossARestartWhoseLogWentBackALittleShowsWhatIsSaidAfterIt() throws Exception {
    restartUnderAnOpenPage(Duration.ofMillis(300));
  }

  /** Seqs an hour's worth lower: the cursor is refused as far ahead (400, or a reset). */
  @Test
  void aPageOpenAcrossARestartWhoseLogWentFarBackShowsWhatIsSaidAfterIt() throws Exception {
    restartUnderAnOpenPage(Duration.ofHours(1));
  }

  /**
   * The in-memory log takes its first seq from the clock at its start, so a server whose clock
   * reads {@code back} before the first one's start hands out lower seqs than the first one did, as
   * a Kafka topic made anew would.
   */
  private void restartUnderAnOpenPage(Duration back) throws Exception {
    String video = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    long firstStart = System.currentTimeMillis();
    AllInOne server =
        AllInOne.start(OriginConfig.defaults("127.0.0.1", 0), scheduler, Clock.systemUTC());
    int port = server.port();
    String base = "http://127.0.0.1:" + port;
    try {
      DemoApi api = new DemoApi(base);
      String last = null;
      for (int i = 0; i < 3; i++) {
        last = "before the restart " + i;
        api.post(video, api.token("before" + i, "Before " + i), last);
      }
      tab.open(base + "/watch/" + video);
      tab.waitForComment(last);
      tab.waitForStatus("live", "stream");

      server.close();
      server =
          AllInOne.start(
              OriginConfig.defaults("127.0.0.1", port),
              scheduler,
              Clock.offset(
                  Clock.systemUTC(),
                  Duration.ofMillis(firstStart - System.currentTimeMillis()).minus(back)));
      api = new DemoApi(base);
      String after = "after the restart " + UUID.randomUUID();
      api.post(video, api.token("after", "After"), after);

      new WebDriverWait(tab.driver, Duration.ofSeconds(30))
          .withMessage(() -> "the comment said after the restart; shown: " + tab.texts())
          .until(d -> tab.texts().contains(after));
      assertThat(tab.texts()).as("the old log's comments are gone").containsExactly(after);
      // Away and back through the back/forward cache: the page resumes from its own cursor,
      // which must now be the new log's.
      tab.js("window.keptInTheCache = true;");
      tab.driver.navigate().to(base + "/");
      tab.driver.navigate().back();
      assertThat(tab.js("return window.keptInTheCache === true;"))
          .as("restored from the back/forward cache")
          .isEqualTo(true);
      String next = "and then " + UUID.randomUUID();
      api.post(video, api.token("next", "Next"), next);
      tab.waitForComment(next);
      tab.waitForStatus("live", "stream");
    } finally {
      server.close();
    }
  }
}
