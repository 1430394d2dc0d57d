package io.livecomments.origin.redis;

import io.livecomments.comment.VideoId;
import java.util.Objects;

/**
 * Every Redis key and channel name the service uses, built in one place because terraform,
 * dashboards and operators read the same layout (README, "Key layout"). The layout is the same on a
 * single node and on Redis Cluster.
 *
 * <p>Each name is {@code <prefix>:{<tag>}:<kind>[:<rest>]}. The part in braces is Redis Cluster's
 * hash tag: only it decides the slot, so every key and the channel of one video live in one slot
 * (the snapshot script's two keys and the recent window are single-slot, a video's fan-out stays on
 * one shard), and a user's keys live in another.
 *
 * <table>
 *   <caption>Key layout ({@code lc} is the default prefix)</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code lc:{v1}:recent}</td><td>list</td><td>video v1's recent window, newest first
 *       (wire JSON per comment), TTL renewed per append</td></tr>
 *   <tr><td>{@code lc:{v1}:snapshot:<second>}</td><td>string</td><td>snapshot of one closed second
 *       (wire JSON), TTL the retention</td></tr>
 *   <tr><td>{@code lc:{v1}:snapshot-latest}</td><td>string</td><td>v1's newest closed second, same
 *       TTL</td></tr>
 *   <tr><td>{@code lc:{v1}:fanout}</td><td>channel</td><td>v1's batches (sharded pub/sub on Redis
 *       7 and on a cluster)</td></tr>
 *   <tr><td>{@code lc:{5:alice}:rate}</td><td>hash</td><td>user alice's token bucket; the tag is
 *       the user id's length, a colon and the id</td></tr>
 *   <tr><td>{@code lc:{5:alice}:idem:<key>}</td><td>string</td><td>alice's idempotency key: a
 *       pending marker, then the comment</td></tr>
 *   <tr><td>{@code lc:{fanout-control.0}:keepalive}</td><td>channel</td><td>a subscriber
 *       connection's keep-alives; on a cluster the number picks a slot of that node</td></tr>
 * </table>
 *
 * <p>Video ids ({@code [A-Za-z0-9_-]}) contain neither {@code :} nor {@code .}, so a video's tag
 * never equals a user's (which starts with its length and a colon) or a control tag. The length in
 * a user's tag keeps names apart whatever the id holds (a closing brace or {@code :idem:}
 * included).
 */
public final class RedisKeys {
  private final String prefix;

  /**
   * @param prefix what every name starts with, validated by {@link RedisSettings}
   */
  RedisKeys(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** The recent window's list of {@code video}. */
  public String recent(VideoId video) {
    return videoKey(video, "recent");
  }

  /** The snapshot of {@code video}'s closed {@code second}. */
  public String snapshot(VideoId video, long second) {
    return videoKey(video, "snapshot:" + second);
  }

  /** The newest closed second of {@code video} that has a snapshot. */
  public String snapshotLatest(VideoId video) {
    return videoKey(video, "snapshot-latest");
  }

  /** The fan-out channel of {@code video}. */
  public String fanout(VideoId video) {
    return videoKey(video, "fanout");
  }

  /** The token bucket of {@code userId}. */
  public String rate(String userId) {
    return userTag(userId) + ":rate";
  }

  /** {@code userId}'s idempotency key {@code key}. */
  public String idempotency(String userId, String key) {
    return userTag(userId) + ":idem:" + key;
  }

  /** The keep-alive channel numbered {@code n}; a cluster node's number picks one of its slots. */
  public String control(int n) {
    return prefix + ":{fanout-control." + n + "}:keepalive";
  }

  private String videoKey(VideoId video, String kind) {
    return prefix + ":{" + video.value() + "}:" + kind;
  }

  private String userTag(String userId) {
    return prefix + ":{" + userId.length() + ":" + userId + "}";
  }
}
