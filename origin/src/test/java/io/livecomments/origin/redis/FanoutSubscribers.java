package io.livecomments.origin.redis;

import io.livecomments.comment.VideoId;
import redis.clients.jedis.Jedis;

/**
 * How many connections Redis itself counts on a video's fan-out channel, in each pub/sub namespace:
 * what an origin subscribed, seen from the server rather than from the bus's own bookkeeping.
 */
public record FanoutSubscribers(long plain, long sharded) {
  public static final FanoutSubscribers NONE = new FanoutSubscribers(0, 0);

  /** Asks the Redis of {@code settings}: {@code PUBSUB NUMSUB} and {@code PUBSUB SHARDNUMSUB}. */
  public static FanoutSubscribers of(RedisSettings settings, VideoId video) {
    String channel = settings.keys().fanout(video);
    try (Jedis jedis = new Jedis(settings.host(), settings.port())) {
      return new FanoutSubscribers(
          jedis.pubsubNumSub(channel).getOrDefault(channel, 0L),
          jedis.pubsubShardNumSub(channel).getOrDefault(channel, 0L));
    }
  }

  /** Whether the server has sharded pub/sub, that is, the bus uses it there. */
  public static boolean shardedOn(RedisSettings settings) {
    try (Jedis jedis = new Jedis(settings.host(), settings.port())) {
      return PubSubMode.fromInfo(jedis.info("server")) == PubSubMode.SHARDED;
    }
  }
}
