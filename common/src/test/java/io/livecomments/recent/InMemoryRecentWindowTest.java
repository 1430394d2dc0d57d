package io.livecomments.recent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRecentWindowTest extends RecentWindowContract {
  private static final Duration IDLE = Duration.ofMinutes(10);
  private final ManualClock clock = new ManualClock();

  @Override
  protected RecentWindow createWindow() {
    return new InMemoryRecentWindow(IDLE, 1_000, clock);
  }

  @Test
  void idleVideoExpiresAndStartsOverOnItsNextAppend() {
    VideoId video = newVideo();
    window.append(CommentBatch.of(video, comments(video, 1, 3)));

    clock.advance(IDLE.minusSeconds(1));
    assertThat(window.recent(video)).hasSize(3);
    clock.advance(IDLE.minusSeconds(1));
    assertThat(window.recent(video)).as("a read keeps the video alive").hasSize(3);
    clock.advance(IDLE);
    assertThat(window.recent(video)).isEmpty();

    // Expired means forgotten, including the newest seq: an old replay is accepted again.
    window.append(CommentBatch.of(video, comments(video, 1, 2)));
    assertThat(window.recent(video)).hasSize(2);
  }

  @Test
  void keepsAtMostMaxVideos() {
    try (InMemoryRecentWindow small = new InMemoryRecentWindow(IDLE, 5, clock)) {
      List<VideoId> videos = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        VideoId video = newVideo();
        videos.add(video);
        small.append(CommentBatch.of(video, comments(video, 1, 1)));
      }

      assertThat(videos.stream().filter(v -> !small.recent(v).isEmpty()).count()).isBetween(1L, 5L);
    }
  }

  @Test
  void closedWindowRefusesUse() {
    InMemoryRecentWindow closed = new InMemoryRecentWindow(IDLE, 1, clock);
    closed.close();

    assertThatThrownBy(() -> closed.recent(newVideo())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new InMemoryRecentWindow(Duration.ZERO, 1, clock))
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> new InMemoryRecentWindow(IDLE, 0, clock)).hasMessageContaining(": 0");
  }
}
