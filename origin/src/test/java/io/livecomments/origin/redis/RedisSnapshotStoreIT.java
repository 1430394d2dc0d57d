package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.snapshot.SnapshotStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisSnapshotStoreIT extends SnapshotStoreContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Override
  protected SnapshotStore createStore() {
    return new RedisSnapshotStore(redis.settings(), SnapshotStore.RETENTION, new CommentJson());
  }

  @Test
  void snapshotsExpireAfterRetention() {
    try (RedisSnapshotStore shortLived =
        new RedisSnapshotStore(redis.settings(), Duration.ofMillis(200), new CommentJson())) {
      VideoId video = newVideo();
      shortLived.put(Snapshot.empty(video, SECOND, 1));
      assertThat(shortLived.latestSecond(video)).hasValue(SECOND);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  shortLived.get(video, SECOND).isEmpty()
                      && shortLived.latestSecond(video).isEmpty());
    }
  }
}
