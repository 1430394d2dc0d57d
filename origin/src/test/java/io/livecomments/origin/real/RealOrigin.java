package io.livecomments.origin.real;

import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.kafka.KafkaSettings;
import io.livecomments.origin.redis.RedisServerProcess;
import io.livecomments.origin.redis.RedisSettings;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An origin on real backends (Kafka, Redis, DynamoDB Local) on a free loopback port, rate limit
 * off, for ITs. Several of them on the same {@link #settings} share one topic, key prefix and
 * table: they are one deployment, with no balancer in front.
 */
final class RealOrigin implements AutoCloseable {
  private final ExecutorScheduler scheduler = new ExecutorScheduler("test-real-origin", 1);
  private final OriginServer server;
  private final DevTokenIssuer tokens = new DevTokenIssuer(RunningOrigin.SECRET, Clock.systemUTC());

  RealOrigin(RealBackendSettings settings) throws Exception {
    this(settings, StreamSettings.DEFAULT.grace());
  }

  /** With {@code grace} as how long a video's channel outlives its last stream. */
  RealOrigin(RealBackendSettings settings, Duration grace) throws Exception {
    this(settings, grace, UnaryOperator.identity());
  }

  /**
   * With the test's configuration: {@code tweak} is given the one above and returns the one used.
   */
  RealOrigin(RealBackendSettings settings, UnaryOperator<OriginConfig> tweak) throws Exception {
    this(settings, StreamSettings.DEFAULT.grace(), tweak);
  }

  private RealOrigin(
      RealBackendSettings settings, Duration grace, UnaryOperator<OriginConfig> tweak)
      throws Exception {
    StreamSettings stream = StreamSettings.DEFAULT.withHeartbeat(RunningOrigin.HEARTBEAT);
    OriginConfig config =
        tweak.apply(
            OriginConfig.defaults("127.0.0.1", 0)
                .withJwtSecret(RunningOrigin.SECRET)
                .withRateLimit(RateLimit.OFF)
                .withStream(stream.withGrace(grace)));
    PrometheusRegistry registry = new PrometheusRegistry();
    Clock clock = Clock.systemUTC();
    server =
        new OriginServer(
            config,
            Backends.real(settings, RateLimit.OFF, scheduler, clock, registry),
            scheduler,
            clock,
            List.of(),
            registry);
    try {
      server.start();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** A deployment of its own: topic, table and key prefix named after {@code name} and a UUID. */
  static RealBackendSettings settings(
      String name, KafkaBroker kafka, RedisServerProcess redis, DynamoDbLocal dynamo) {
    return settings(
        name, KafkaSettings.defaults(kafka.bootstrapServers()), redis.settings(), dynamo);
  }

  /** As above, on the Redis (a cluster, say) of {@code redis}, under a key prefix of its own. */
  static RealBackendSettings settings(
      String name, KafkaBroker kafka, RedisSettings redis, DynamoDbLocal dynamo) {
    return settings(name, KafkaSettings.defaults(kafka.bootstrapServers()), redis, dynamo);
  }

  /** The same, on the cluster (and its security) of {@code kafka}. */
  static RealBackendSettings settings(
      String name, KafkaSettings kafka, RedisServerProcess redis, DynamoDbLocal dynamo) {
    return settings(name, kafka, redis.settings(), dynamo);
  }

  /** The same, on the Kafka of {@code kafka} and the Redis of {@code redis}. */
  static RealBackendSettings settings(
      String name, KafkaSettings kafka, RedisSettings redis, DynamoDbLocal dynamo) {
    String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    return new RealBackendSettings(
        kafka.withTopic(unique).withSendTimeout(Duration.ofSeconds(3)),
        redis.withKeyPrefix(unique),
        dynamo.settings(unique),
        true,
        3,
        (short) 1,
        unique + "-moderation");
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  String token(String user) {
    return tokens.issue(user, user, Duration.ofMinutes(10));
  }

  String moderatorToken(String user) {
    return tokens.issue(user, user, Duration.ofMinutes(10), false, java.util.Set.of("moderator"));
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the origin failed", e);
    } finally {
      scheduler.close();
    }
  }
}
