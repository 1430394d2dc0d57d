package io.livecomments.origin.redis;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The production {@link SnapshotStore}: one key per (video, second), {@link RedisKeys#snapshot},
 * holding the snapshot's wire JSON with a TTL of {@code retention}, and one key per video, {@link
 * RedisKeys#snapshotLatest}, holding its newest closed second with the same TTL.
 *
 * <p>A put is one Lua script, so the snapshot and the latest second move together and the latest
 * second never goes back even with a stale writer. Durability is Redis's: a restart without
 * persistence loses the snapshots, which then read as absent.
 *
 * <p>Thread-safe; calls block for at most about two command timeouts (one retry on a broken
 * connection) and then throw {@link redis.clients.jedis.exceptions.JedisException}. {@link #close}
 * closes the connection pool.
 */
public final class RedisSnapshotStore implements SnapshotStore {
  private static final RedisScript PUT =
      RedisScript.of(
          """
          -- KEYS[1] snapshot, KEYS[2] latest; ARGV[1] json, ARGV[2] second, ARGV[3] ttl ms
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
          local held = redis.call('GET', KEYS[2])
          if (not held) or tonumber(held) <= tonumber(ARGV[2]) then
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
          end
          return 1
          """);

  private final RedisConnections redis;
  private final CommentJson json;
  private final String ttlMillis;

  /**
   * @param retention how long a snapshot and a video's latest second are kept after the put
   */
  public RedisSnapshotStore(RedisSettings settings, Duration retention, CommentJson json) {
    if (retention == null || retention.toMillis() < 1) {
      throw new IllegalArgumentException("retention must be at least 1 ms: " + retention);
    }
    this.ttlMillis = Long.toString(retention.toMillis());
    this.json = Objects.requireNonNull(json, "json");
    this.redis = new RedisConnections(settings, "lc-snapshots");
  }

  @Override
  public void put(Snapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    redis.eval(
        PUT,
        List.of(key(snapshot.videoId(), snapshot.second()), latestKey(snapshot.videoId())),
        List.of(
            new String(json.snapshot(snapshot), StandardCharsets.UTF_8),
            Long.toString(snapshot.second()),
            ttlMillis));
  }

  @Override
  public Optional<Snapshot> get(VideoId videoId, long second) {
    Objects.requireNonNull(videoId, "videoId");
    String stored = redis.call(r -> r.get(key(videoId, second)));
    return stored == null ? Optional.empty() : Optional.of(json.readSnapshot(stored));
  }

  @Override
  public OptionalLong latestSecond(VideoId videoId) {
    Objects.requireNonNull(videoId, "videoId");
    String stored = redis.call(r -> r.get(latestKey(videoId)));
    return stored == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(stored));
  }

  @Override
  public void close() {
    redis.close();
  }

  private String key(VideoId videoId, long second) {
    return redis.settings().keys().snapshot(videoId, second);
  }

  private String latestKey(VideoId videoId) {
    return redis.settings().keys().snapshotLatest(videoId);
  }
}
