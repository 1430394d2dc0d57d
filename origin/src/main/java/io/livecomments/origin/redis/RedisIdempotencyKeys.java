package io.livecomments.origin.redis;

import io.livecomments.comment.Comment;
import io.livecomments.idempotency.IdempotencyKeys;
import io.livecomments.idempotency.IdempotentPost;
import io.livecomments.idempotency.InMemoryIdempotencyKeys;
import io.livecomments.json.CommentJson;
import io.livecomments.time.ExecutorScheduler;
import io.livecomments.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The production {@link IdempotencyKeys}: one Redis string per (user, key) ({@link
 * RedisKeys#idempotency}), shared by every origin; the comment it holds is checked against each
 * post's video and text ({@link IdempotentPost}).
 *
 * <p>The first caller claims the key with {@code SET NX} of a "pending" marker carrying a random
 * token, with a TTL of {@code pendingTimeout}; it then runs {@code append}. On success the marker
 * is replaced by the comment (wire JSON), kept for {@code ttl}; on failure the marker is deleted,
 * so a retry appends again. Both steps are Lua compare-and-set on the token, so a caller whose
 * marker expired can never overwrite or delete another caller's claim. The marker expires on its
 * own rather than after {@code ttl} so that an origin that dies mid-append blocks the key only
 * briefly; {@code pendingTimeout} must exceed the log's own bound on an append.
 *
 * <p>Waiting: callers in this process share the first caller's future (and so its failure, as the
 * interface asks). A caller on another origin that finds a pending marker polls every {@code
 * pollInterval} until it reads the comment, or until the marker is gone (the first append failed or
 * its origin died) and it claims the key itself; after {@code pendingTimeout} of waiting it fails
 * with {@link IllegalStateException} (the client may retry). {@code append} runs on the caller's
 * thread or, after polling, on a scheduler thread. A successful append completes the caller's
 * future at once, on the thread that completed the append's; recording the comment in Redis follows
 * on a scheduler thread (never on the log's I/O thread), so the caller does not wait for it. At
 * most {@code maxUnrecorded} such early answers wait for their recording at a time: past that
 * (Redis slow), callers wait for the recording too, so a slow Redis holds their POSTs in flight,
 * where the server's bound on posts in flight refuses more, instead of piling recordings up here
 * without bound. A failed append completes the caller's future only after its marker is deleted, so
 * that a retry made on seeing the failure starts afresh.
 *
 * <p>Failures: Redis being unreachable never refuses a comment. A claim that cannot reach Redis is
 * handled by an in-memory {@link InMemoryIdempotencyKeys} in this process (counted in {@link
 * RedisMetrics}): retries reaching the same origin are still answered once, retries reaching
 * another origin during the outage may append twice. If Redis is lost after the append, the caller
 * still gets its comment and the key stays pending until its marker expires.
 *
 * <p>{@link #close} closes the pool and the local keys; later calls fail.
 */
public final class RedisIdempotencyKeys implements IdempotencyKeys {
  private static final Logger LOG = LoggerFactory.getLogger(RedisIdempotencyKeys.class);
  private static final String PENDING = "p:";
  private static final String DONE = "d:";

  /** Early answers whose recording may be pending at once, by default. */
  static final int MAX_UNRECORDED = 10_000;

  private static final RedisScript FINISH =
      RedisScript.of(
          """
          -- KEYS[1]; ARGV[1] our pending marker, ARGV[2] the result, ARGV[3] ttl ms
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
          end
          return 0
          """);
  private static final RedisScript FORGET =
      RedisScript.of(
          """
          -- KEYS[1]; ARGV[1] our pending marker
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
          end
          return 0
          """);

  private final RedisConnections redis;
  private final CommentJson json;
  private final Duration ttl;
  private final Duration pendingTimeout;
  private final Duration pollInterval;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final RedisMetrics metrics;
  private final InMemoryIdempotencyKeys local;
  private final ConcurrentMap<String, CompletableFuture<Comment>> inFlight =
      new ConcurrentHashMap<>();
  private final AutoCloseable ownThreads;
  private final Semaphore unrecorded;
  private volatile boolean closed;

  /**
   * As the constructor, on {@code threads} threads of its own (closed with the keys) instead of a
   * shared scheduler: recording every keyed comment is a Redis round trip, which on a shared
   * single-threaded scheduler would delay whatever else it runs (the batcher's windows, fan-out)
   * under a flood of posts.
   */
  public static RedisIdempotencyKeys onOwnThreads(
      RedisSettings settings,
      Duration ttl,
      Duration pendingTimeout,
      Duration pollInterval,
      CommentJson json,
      int threads,
      InstantSource clock,
      RedisMetrics metrics) {
    ExecutorScheduler own = new ExecutorScheduler("lc-idempotency", threads);
    try {
      return new RedisIdempotencyKeys(
          settings,
          ttl,
          pendingTimeout,
          pollInterval,
          json,
          own,
          clock,
          metrics,
          own,
          MAX_UNRECORDED);
    } catch (RuntimeException | Error e) {
      own.close();
      throw e;
    }
  }

  /**
   * @param ttl how long a key's comment is remembered ({@code PT24H} in production)
   * @param pendingTimeout how long a claim lasts without a result, and how long others wait for it
   * @param pollInterval how often a caller waiting on another origin's claim looks again
   */
  public RedisIdempotencyKeys(
      RedisSettings settings,
      Duration ttl,
      Duration pendingTimeout,
      Duration pollInterval,
      CommentJson json,
      Scheduler scheduler,
      InstantSource clock,
      RedisMetrics metrics) {
    this(
        settings,
        ttl,
        pendingTimeout,
        pollInterval,
        json,
        scheduler,
        clock,
        metrics,
        () -> {},
        MAX_UNRECORDED);
  }

  /**
   * @param ownThreads closed with the keys
   * @param maxUnrecorded how many callers may have their answer while its recording is pending
   */
  RedisIdempotencyKeys(
      RedisSettings settings,
      Duration ttl,
      Duration pendingTimeout,
      Duration pollInterval,
      CommentJson json,
      Scheduler scheduler,
      InstantSource clock,
      RedisMetrics metrics,
      AutoCloseable ownThreads,
      int maxUnrecorded) {
    if (maxUnrecorded < 0) {
      throw new IllegalArgumentException("maxUnrecorded must not be negative: " + maxUnrecorded);
    }
    this.ownThreads = ownThreads;
    this.unrecorded = new Semaphore(maxUnrecorded);
    this.ttl = positive("ttl", ttl);
    this.pendingTimeout = positive("pendingTimeout", pendingTimeout);
    this.pollInterval = positive("pollInterval", pollInterval);
    this.json = Objects.requireNonNull(json, "json");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.local = new InMemoryIdempotencyKeys(ttl, 100_000, clock);
    this.redis = new RedisConnections(settings, "lc-idempotency");
  }

  @Override
  public CompletableFuture<Comment> firstOrAppend(
      IdempotentPost post, Supplier<CompletableFuture<Comment>> append) {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(append, "append");
    String userId = post.userId();
    String key = post.key();
    if (closed) {
      throw new IllegalStateException("idempotency keys are closed");
    }
    Claim claim =
        new Claim(
            redis.settings().keys().idempotency(userId, key),
            post,
            append,
            PENDING + UUID.randomUUID(),
            clock.instant().plus(pendingTimeout));
    CompletableFuture<Comment> first = inFlight.putIfAbsent(claim.redisKey, claim.result);
    if (first != null) {
      return first.thenApply(post::sameAs);
    }
    claim.attempt();
    return claim.result.thenApply(post::sameAs);
  }

  @Override
  public void close() {
    closed = true;
    redis.close();
    local.close();
    try {
      ownThreads.close();
    } catch (Exception e) {
      LOG.warn("could not stop the idempotency keys' threads", e);
    }
  }

  /** One caller's way to a result for one key; only the caller that registered it drives it. */
  private final class Claim {
    final String redisKey;
    final IdempotentPost post;
    final Supplier<CompletableFuture<Comment>> append;
    final String marker;
    final Instant giveUpAt;
    final CompletableFuture<Comment> result = new CompletableFuture<>();

    Claim(
        String redisKey,
        IdempotentPost post,
        Supplier<CompletableFuture<Comment>> append,
        String marker,
        Instant giveUpAt) {
      this.redisKey = redisKey;
      this.post = post;
      this.append = append;
      this.marker = marker;
      this.giveUpAt = giveUpAt;
    }

    void attempt() {
      if (closed) {
        settle(null, new IllegalStateException("idempotency keys are closed"));
        return;
      }
      String held;
      try {
        String set =
            redis.call(
                r -> r.set(redisKey, marker, SetParams.setParams().nx().px(pendingMillis())));
        // A lost reply to our own SET is retried by RedisConnections: the marker is then ours.
        held = "OK".equals(set) ? marker : redis.call(r -> r.get(redisKey));
      } catch (JedisDataException e) {
        settle(null, e);
        return;
      } catch (JedisException e) {
        LOG.warn("Redis unreachable for idempotency key; holding it in this process only", e);
        metrics.idempotencyFallback();
        local.firstOrAppend(post, append).whenComplete(this::settle);
        return;
      }
      if (marker.equals(held)) {
        runAppend();
      } else if (held != null && held.startsWith(DONE)) {
        settle(json.readComment(held.substring(DONE.length())), null);
      } else if (clock.instant().isAfter(giveUpAt)) {
        settle(
            null,
            new IllegalStateException(
                "a request with this idempotency key is still pending after " + pendingTimeout));
      } else if (held == null) {
        // The holder failed or vanished between our SET and GET: claim it now.
        attempt();
      } else {
        scheduler.schedule(pollInterval, this::attempt);
      }
    }

    private void runAppend() {
      CompletableFuture<Comment> appended;
      try {
        appended = Objects.requireNonNull(append.get(), "append returned null");
      } catch (RuntimeException e) {
        appended = CompletableFuture.failedFuture(e);
      }
      appended.whenComplete(
          (comment, failure) -> {
            // The comment is in the log: the caller hears at once, not after a Redis round trip
            // on the scheduler, unless too many recordings are pending already. Until record()
            // ends, a retry here shares this completed future and one on another origin waits on
            // the pending marker for the same comment.
            boolean early = failure == null && unrecorded.tryAcquire();
            if (early) {
              result.complete(comment);
            }
            scheduler.schedule(
                Duration.ZERO,
                () -> {
                  try {
                    record(comment, failure);
                  } finally {
                    if (early) {
                      unrecorded.release();
                    }
                  }
                });
          });
    }

    private void record(Comment comment, Throwable failure) {
      try {
        if (failure == null) {
          String done = DONE + new String(json.comment(comment), StandardCharsets.UTF_8);
          redis.eval(
              FINISH, List.of(redisKey), List.of(marker, done, Long.toString(ttl.toMillis())));
        } else {
          redis.eval(FORGET, List.of(redisKey), List.of(marker));
        }
      } catch (JedisException e) {
        // The comment is in the log (or the append failed) either way: the caller must hear so.
        LOG.warn("could not record idempotency key outcome; its marker expires on its own", e);
      }
      settle(comment, failure);
    }

    private void settle(Comment comment, Throwable failure) {
      // Forget before completing, so that a retry made on seeing the outcome starts afresh.
      inFlight.remove(redisKey, result);
      if (failure == null) {
        result.complete(comment);
      } else {
        result.completeExceptionally(failure);
      }
    }

    private long pendingMillis() {
      return pendingTimeout.toMillis();
    }
  }

  private static Duration positive(String name, Duration value) {
    if (value == null || value.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + value);
    }
    return value;
  }
}
