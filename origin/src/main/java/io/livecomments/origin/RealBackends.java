package io.livecomments.origin;

import io.livecomments.json.CommentJson;
import io.livecomments.origin.dynamo.DynamoClients;
import io.livecomments.origin.dynamo.DynamoCommentStore;
import io.livecomments.origin.dynamo.DynamoModerationStore;
import io.livecomments.origin.dynamo.DynamoTableProbe;
import io.livecomments.origin.dynamo.DynamoTables;
import io.livecomments.origin.health.Probe;
import io.livecomments.origin.health.ProbedHealth;
import io.livecomments.origin.kafka.KafkaAccess;
import io.livecomments.origin.kafka.KafkaCommentLog;
import io.livecomments.origin.kafka.KafkaLagProbe;
import io.livecomments.origin.kafka.KafkaSettings;
import io.livecomments.origin.kafka.KafkaTopics;
import io.livecomments.origin.redis.RedisFanoutBus;
import io.livecomments.origin.redis.RedisIdempotencyKeys;
import io.livecomments.origin.redis.RedisMetrics;
import io.livecomments.origin.redis.RedisPing;
import io.livecomments.origin.redis.RedisRateLimiter;
import io.livecomments.origin.redis.RedisRecentWindow;
import io.livecomments.origin.redis.RedisSettings;
import io.livecomments.origin.redis.RedisSnapshotStore;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds {@link Backends#real}: opens every client, and on any failure closes what it had opened
 * before rethrowing, so a bad flag never leaks threads or connections.
 *
 * <p>Both log groups start new from the topic's start, since a new group would otherwise begin at
 * the end as of its assignment (seconds after the origin starts) and never persist or fan out what
 * was posted before. The health probes run every {@link #PROBE_INTERVAL}, each bounded by {@link
 * #PROBE_TIMEOUT}.
 *
 * <p>Kafka is reached once before anything is opened ({@link KafkaAccess#verify}): a refused
 * password or certificate stops the start with its cause named, while a cluster that does not
 * answer within {@link #ACCESS_TIMEOUT} is left to the health probe.
 */
final class RealBackends {
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ACCESS_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TABLE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RECENT_TTL = Duration.ofHours(1);
  private static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

  private RealBackends() {}

  static Backends open(
      RealBackendSettings settings,
      RateLimit rateLimit,
      RateLimit reportLimit,
      Scheduler scheduler,
      InstantSource clock,
      PrometheusRegistry registry) {
    KafkaSettings kafka = settings.kafka().withNewGroupsFromStart();
    RedisSettings redis = settings.redis();
    CommentJson json = new CommentJson();
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      KafkaAccess.verify(kafka, ACCESS_TIMEOUT);
      if (settings.createMissing()) {
        KafkaTopics.createIfMissing(
            kafka, settings.topicPartitions(), settings.topicReplication(), TOPIC_TIMEOUT);
      }
      DynamoDbClient dynamo = open(opened, DynamoClients.create(settings.dynamo()));
      if (settings.createMissing()) {
        // Creating a table takes longer than a store call may.
        try (DynamoDbClient admin =
            DynamoClients.create(settings.dynamo().withCallTimeout(TABLE_TIMEOUT))) {
          DynamoTables.createIfMissing(admin, settings.dynamo().table());
          DynamoTables.createModerationIfMissing(admin, settings.moderationTable());
        }
      }
      DynamoCommentStore store =
          open(opened, new DynamoCommentStore(dynamo, settings.dynamo().table()));
      RedisMetrics redisMetrics = new RedisMetrics(registry);
      RedisRecentWindow recent = open(opened, new RedisRecentWindow(redis, RECENT_TTL, json));
      RedisFanoutBus bus =
          open(
              opened,
              new RedisFanoutBus(
                  redis, json, scheduler, redisMetrics, RedisFanoutBus.Tuning.DEFAULT));
      RedisRateLimiter limiter =
          open(
              opened,
              new RedisRateLimiter(
                  redis, rateLimit, clock, redis.commandTimeout().multipliedBy(10), redisMetrics));
      RedisIdempotencyKeys keys =
          open(
              opened,
              // Threads of its own: one Redis round trip per keyed comment must not queue
              // behind (or delay) the batcher and fan-out on the shared scheduler.
              RedisIdempotencyKeys.onOwnThreads(
                  redis,
                  IDEMPOTENCY_TTL,
                  kafka.sendTimeout().multipliedBy(2),
                  Duration.ofMillis(20),
                  json,
                  2,
                  clock,
                  redisMetrics));
      // Its own client: closing one store must not close the other's.
      DynamoModerationStore moderation =
          open(
              opened,
              new DynamoModerationStore(
                  DynamoClients.create(settings.dynamo()), settings.moderationTable(), json));
      // Reports' buckets apart from the comments' ones: the same limiter under its own prefix.
      RedisRateLimiter reportLimiter =
          open(
              opened,
              new RedisRateLimiter(
                  redis.withKeyPrefix(redis.keyPrefix() + "-reports"),
                  reportLimit,
                  clock,
                  redis.commandTimeout().multipliedBy(10),
                  redisMetrics));
      RedisSnapshotStore snapshots =
          open(opened, new RedisSnapshotStore(redis, SnapshotStore.RETENTION, json));
      KafkaLagProbe kafkaProbe =
          open(
              opened,
              new KafkaLagProbe(
                  kafka,
                  List.of(
                      Backends.PERSISTER_GROUP, Backends.FANOUT_GROUP, Backends.MODERATION_GROUP),
                  PROBE_TIMEOUT,
                  registry));
      RedisPing ping = open(opened, new RedisPing(redis));
      DynamoTableProbe table =
          open(opened, new DynamoTableProbe(settings.dynamo().withCallTimeout(PROBE_TIMEOUT)));
      Map<String, Probe> probes = new LinkedHashMap<>();
      probes.put("kafka", kafkaProbe::check);
      probes.put("redis", ping::check);
      probes.put("dynamodb", table::check);
      ProbedHealth health =
          new ProbedHealth(probes, List.of(kafkaProbe, ping, table), PROBE_INTERVAL, registry);
      // From here the health owns the probes' clients.
      opened.removeAll(List.of(kafkaProbe, ping, table));
      opened.push(health);
      KafkaCommentLog log = new KafkaCommentLog(kafka);
      return new Backends(
          log, store, bus, recent, limiter, keys, snapshots, moderation, reportLimiter, health);
    } catch (RuntimeException | Error e) {
      while (!opened.isEmpty()) {
        try {
          opened.pop().close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T open(Deque<AutoCloseable> opened, T closeable) {
    opened.push(closeable);
    return closeable;
  }
}
