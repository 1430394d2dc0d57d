package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.VideoId;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisKeysTest {
  private final RedisKeys keys = new RedisKeys("lc");
  private final VideoId video = new VideoId("v1");

  @Test
  void everyKeyAndTheChannelOfAVideoCarryItsTagAndShareOneSlot() {
    assertThat(keys.recent(video)).isEqualTo("lc:{v1}:recent");
    assertThat(keys.snapshot(video, 42)).isEqualTo("lc:{v1}:snapshot:42");
    assertThat(keys.snapshotLatest(video)).isEqualTo("lc:{v1}:snapshot-latest");
    assertThat(keys.fanout(video)).isEqualTo("lc:{v1}:fanout");

    int slot = JedisClusterCRC16.getSlot("v1");
    assertThat(keys.recent(video)).satisfies(k -> assertThat(slotOf(k)).isEqualTo(slot));
    assertThat(slotOf(keys.snapshot(video, 42))).isEqualTo(slot);
    assertThat(slotOf(keys.snapshotLatest(video))).isEqualTo(slot);
    assertThat(slotOf(keys.fanout(video))).isEqualTo(slot);
  }

  @Test
  void aUsersKeysShareTheUsersSlot() {
    assertThat(keys.rate("alice")).isEqualTo("lc:{5:alice}:rate");
    assertThat(keys.idempotency("alice", "k1")).isEqualTo("lc:{5:alice}:idem:k1");
    assertThat(slotOf(keys.rate("alice"))).isEqualTo(slotOf(keys.idempotency("alice", "k9")));
  }

  @Test
  void userIdsThatLookLikeKeysCannotCollide() {
    assertThat(keys.idempotency("a}:idem:b", "c")).isNotEqualTo(keys.idempotency("a", "b}:idem:c"));
    assertThat(keys.idempotency("a:b", "c")).isNotEqualTo(keys.idempotency("a", "b:c"));
    assertThat(keys.rate("v1")).isNotEqualTo(keys.fanout(video));
    assertThat(keys.control(0)).isNotEqualTo(keys.fanout(new VideoId("fanout-control")));
  }

  private static int slotOf(String key) {
    return JedisClusterCRC16.getSlot(key);
  }
}
