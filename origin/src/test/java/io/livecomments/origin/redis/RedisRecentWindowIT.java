package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.json.HostileTexts;
import io.livecomments.recent.RecentWindow;
import io.livecomments.recent.RecentWindowContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRecentWindowIT extends RecentWindowContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Override
  protected RecentWindow createWindow() {
    return new RedisRecentWindow(redis.settings(), Duration.ofMinutes(10), new CommentJson());
  }

  @Test
  void twoFanOutWorkersShareOneWindow() {
    RedisSettings shared = redis.settings();
    try (RedisRecentWindow first =
            new RedisRecentWindow(shared, Duration.ofMinutes(1), new CommentJson());
        RedisRecentWindow second =
            new RedisRecentWindow(shared, Duration.ofMinutes(1), new CommentJson())) {
      VideoId video = newVideo();
      CommentBatch batch = CommentBatch.of(video, comments(video, 1, 5));

      first.append(batch);
      second.append(batch);

      assertThat(second.recent(video)).containsExactlyElementsOf(batch.comments());
    }
  }

  @Test
  void idleVideoExpiresAfterTheTtl() {
    try (RedisRecentWindow shortLived =
        new RedisRecentWindow(redis.settings(), Duration.ofMillis(200), new CommentJson())) {
      VideoId video = newVideo();
      shortLived.append(CommentBatch.of(video, comments(video, 1, 3)));
      assertThat(shortLived.recent(video)).hasSize(3);

      await().atMost(Duration.ofSeconds(5)).until(() -> shortLived.recent(video).isEmpty());
    }
  }

  @Test
  void hostileTextsRoundTrip() {
    VideoId video = newVideo();
    List<Comment> hostile = new ArrayList<>();
    long seq = 1;
    for (String text : HostileTexts.all()) {
      Comment c = comments(video, seq++, 1).get(0);
      hostile.add(new Comment(c.id(), video, c.seq(), c.author(), text, c.createdAt()));
    }

    window.append(CommentBatch.of(video, hostile));

    assertThat(window.recent(video)).containsExactlyElementsOf(hostile);
  }
}
