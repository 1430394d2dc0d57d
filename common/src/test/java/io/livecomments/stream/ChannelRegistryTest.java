package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.VideoId;
import io.livecomments.http.ProblemException;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseFrames;
import io.livecomments.time.ManualClock;
import io.livecomments.time.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRegistryTest {
  private static final VideoId VIDEO = new VideoId("v");

  private final ManualScheduler scheduler = new ManualScheduler(new ManualClock());
  private final List<String> feedEvents = new ArrayList<>();
  private final ChannelSource source =
      (videoId, channel) -> {
        feedEvents.add("open " + videoId);
        return () -> feedEvents.add("close " + videoId);
      };
  private final ChannelRegistry registry =
      new ChannelRegistry(
          source,
          new SseFrames(new CommentJson()),
          new StreamMetrics(new PrometheusRegistry()),
          scheduler.clock(),
          scheduler,
          Duration.ofSeconds(5),
          150,
          ViewerWriters.inline(),
          2,
          Duration.ofSeconds(1));

  @Test
  void theFirstViewerOpensOneFeedPerVideoAndTheLastClosesItAfterTheGrace() {
    VideoChannel first = registry.acquire(VIDEO);
    VideoChannel second = registry.acquire(VIDEO);
    assertThat(second).isSameAs(first);

    registry.release(first);
    registry.release(second);
    scheduler.advance(Duration.ofSeconds(4));
    assertThat(feedEvents).containsExactly("open v");

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(feedEvents).containsExactly("open v", "close v");
  }

  @Test
  void aViewerWhoComesBackWithinTheGraceKeepsTheSameFeed() {
    registry.release(registry.acquire(VIDEO));
    scheduler.advance(Duration.ofSeconds(3));

    VideoChannel again = registry.acquire(VIDEO);
    scheduler.advance(Duration.ofSeconds(10));

    assertThat(feedEvents).containsExactly("open v");
    registry.release(again);
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(feedEvents).containsExactly("open v", "close v");
    assertThat(registry.acquire(VIDEO)).isNotSameAs(again);
    assertThat(feedEvents).containsExactly("open v", "close v", "open v");
  }

  @Test
  void pastItsVideoCapTheRegistryClosesAnUnusedChannelEarlyOrRefusesTheNewVideo() {
    VideoChannel a = registry.acquire(new VideoId("a"));
    registry.acquire(new VideoId("b"));
    registry.release(a);

    registry.acquire(new VideoId("c"));
    assertThat(feedEvents).containsExactly("open a", "open b", "close a", "open c");

    assertThatThrownBy(() -> registry.acquire(new VideoId("d")))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(503);
              assertThat(e.problem().reason()).isEqualTo("videos-full");
            });
    assertThat(registry.acquire(new VideoId("b"))).isNotNull();
  }
}
