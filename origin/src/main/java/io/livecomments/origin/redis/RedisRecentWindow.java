package io.livecomments.origin.redis;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.recent.RecentWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The production {@link RecentWindow}: one Redis list per video ({@link RedisKeys#recent}), newest
 * first, each element a comment in the wire JSON.
 *
 * <p>An append is one Lua script, so the seq check and the push are atomic even with several
 * fan-out workers: it pushes only the comments newer than the newest one held (read from the head
 * of the list), trims to {@value RecentWindow#SIZE} and renews the TTL. A replayed or late batch
 * therefore leaves the window as it was. Only a batch's newest {@value RecentWindow#SIZE} comments
 * are sent, the rest would be trimmed anyway.
 *
 * <p>Expiry: a video's list expires {@code ttl} after its last append (reads do not renew it,
 * unlike the in-memory window: a video nobody comments on is not worth keeping). Durability is
 * Redis's: a Redis restart without persistence empties every window, which then reads as empty
 * until the next append (streams start from the store, as for an expired video).
 *
 * <p>Thread-safe; calls block for at most about two command timeouts (one retry on a broken
 * connection) and then throw {@link redis.clients.jedis.exceptions.JedisException}. {@link #close}
 * closes the connection pool.
 */
public final class RedisRecentWindow implements RecentWindow {
  private static final RedisScript APPEND =
      RedisScript.of(
          """
          -- KEYS[1] the list; ARGV[1] size, ARGV[2] ttl ms, then (seq, json) pairs oldest first
          local newest = -1
          local head = redis.call('LINDEX', KEYS[1], 0)
          if head then newest = tonumber(cjson.decode(head)['seq']) end
          local fresh = {}
          for i = 3, #ARGV, 2 do
            local seq = tonumber(ARGV[i])
            if seq > newest then
              fresh[#fresh + 1] = ARGV[i + 1]
              newest = seq
            end
          end
          if #fresh > 0 then
            redis.call('LPUSH', KEYS[1], unpack(fresh))
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[1]) - 1)
          end
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return #fresh
          """);

  private final RedisConnections redis;
  private final CommentJson json;
  private final long ttlMillis;

  /**
   * @param ttl how long a video's window is kept after its last append
   */
  public RedisRecentWindow(RedisSettings settings, Duration ttl, CommentJson json) {
    if (ttl == null || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
    }
    this.ttlMillis = ttl.toMillis();
    this.json = Objects.requireNonNull(json, "json");
    this.redis = new RedisConnections(settings, "lc-recent-window");
  }

  @Override
  public void append(CommentBatch batch) {
    Objects.requireNonNull(batch, "batch");
    List<Comment> comments = batch.comments();
    List<Comment> newest = comments.subList(Math.max(0, comments.size() - SIZE), comments.size());
    List<String> args = new ArrayList<>(2 + 2 * newest.size());
    args.add(Integer.toString(SIZE));
    args.add(Long.toString(ttlMillis));
    for (Comment comment : newest) {
      args.add(Long.toString(comment.seq()));
      args.add(new String(json.comment(comment), StandardCharsets.UTF_8));
    }
    redis.eval(APPEND, List.of(key(batch.videoId())), args);
  }

  @Override
  public List<Comment> recent(VideoId videoId) {
    Objects.requireNonNull(videoId, "videoId");
    List<String> stored = redis.call(r -> r.lrange(key(videoId), 0, SIZE - 1));
    List<Comment> comments = new ArrayList<>(stored.size());
    for (String element : stored) {
      comments.add(json.readComment(element));
    }
    Collections.reverse(comments);
    return List.copyOf(comments);
  }

  @Override
  public void close() {
    redis.close();
  }

  private String key(VideoId videoId) {
    return redis.settings().keys().recent(videoId);
  }
}
