package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.json.CommentJson;
import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.kafka.KafkaSettings;
import io.livecomments.origin.redis.RedisServerProcess;
import io.livecomments.origin.redis.RedisSettings;
import io.livecomments.origin.redis.RedisSnapshotStore;
import io.livecomments.poller.PollerConfig;
import io.livecomments.poller.PollerServer;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What operators watch exists: the three roles run as in production (origin on Kafka, Redis and
 * DynamoDB Local; a relay subscribed to it; a poller over the origin's Redis snapshots), get some
 * traffic (posts, one refused for its token, a stream, one refused by a full relay, polls), and
 * every {@code lc_} metric that deploy/'s Grafana dashboard and Prometheus rules name is in one of
 * their {@code /metrics} (a histogram as {@code _bucket}, {@code _sum} and {@code _count}, a
 * counter as {@code _total}). Each role also answers the terraform target groups' health-check path
 * with 200.
 */
class OperatorMetricsIT {
  private static final Pattern METRIC = Pattern.compile("\\blc_[a-z0-9_]+\\b");
  private static final Pattern COMMENT_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
    Path root = TerraformTree.repositoryRoot();
    String healthPath =
        (String)
            TerraformTree.map(
                    TerraformTree.of(root).resource("modules/edge", "aws_lb_target_group", "relay"),
                    "health_check")
                .get("path");
    String unique = "ops-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutorScheduler scheduler = new ExecutorScheduler("test-ops", 1);
    List<AutoCloseable> running = new ArrayList<>();
    try (KafkaBroker kafka = KafkaBroker.start();
        RedisServerProcess redis = RedisServerProcess.start();
        DynamoDbLocal dynamo = DynamoDbLocal.inMemory()) {
      try {
        RedisSettings redisSettings = redis.settings().withKeyPrefix(unique);
        RealBackendSettings settings =
            new RealBackendSettings(
                KafkaSettings.defaults(kafka.bootstrapServers()).withTopic(unique),
                redisSettings,
                // Creating the table is DynamoDB Local's slowest call, slower on a loaded machine.
                dynamo.settings(unique).withCallTimeout(Duration.ofSeconds(30)),
                true,
                3,
                RealBackendSettings.DEFAULT_REPLICATION);
        Clock clock = Clock.systemUTC();
        PrometheusRegistry registry = new PrometheusRegistry();
        OriginServer origin =
            new OriginServer(
                OriginConfig.defaults("127.0.0.1", 0).withRateLimit(RateLimit.OFF),
                Backends.real(settings, RateLimit.OFF, scheduler, clock, registry),
                scheduler,
                clock,
                List.of(),
                registry);
        running.add(origin);
        origin.start();
        URI originBase = URI.create("http://127.0.0.1:" + origin.port());
        RelayServer relay =
            new RelayServer(
                // One viewer at most, so that a second is refused (lc_stream_refused_total).
                RelayConfig.defaults("127.0.0.1", 0, originBase)
                    .withStream(StreamSettings.DEFAULT.withLimits(1, 1)),
                scheduler,
                clock,
                List.of());
        running.add(relay);
        relay.start();
        URI relayBase = URI.create("http://127.0.0.1:" + relay.port());
        RedisSnapshotStore snapshots =
            new RedisSnapshotStore(redisSettings, SnapshotStore.RETENTION, new CommentJson());
        running.add(snapshots);
        PollerServer poller =
            new PollerServer(
                PollerConfig.defaults("127.0.0.1", 0),
                snapshots,
                scheduler,
                clock,
                new PrometheusRegistry());
        running.add(poller);
        poller.start();
        URI pollerBase = URI.create("http://127.0.0.1:" + poller.port());
        List<URI> roles = List.of(originBase, relayBase, pollerBase);

        await("every role ready")
            .atMost(Duration.ofSeconds(60))
            .until(() -> allReady(roles, healthPath));
        CompletableFuture<HttpResponse<Stream<String>>> stream =
            http.sendAsync(
                HttpRequest.newBuilder(relayBase.resolve("/v1/videos/ops/stream"))
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
        try {
          // The viewer on the relay, and the relay's upstream subscription on the origin.
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      gauge(relayBase, "lc_stream_open") >= 1
                          && gauge(originBase, "lc_stream_open") >= 1);
          assertThat(
                  get(relayBase, "/v1/videos/ops/stream").headers().firstValue("X-Stream-Refused"))
              .as("a second viewer on a full relay")
              .contains("hop-full");
          assertThat(post(originBase, "not-a-token", "refused").statusCode()).isEqualTo(401);
          String token = token(originBase);
          String firstId = null;
          for (int i = 0; i < 5; i++) {
            HttpResponse<String> posted = post(originBase, token, "comment " + i);
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
            Matcher id = COMMENT_ID.matcher(posted.body());
            if (firstId == null && id.find()) {
              firstId = id.group(1);
            }
          }
          assertThat(firstId).as("the first comment's id").isNotNull();
          // The built-in blocklist hides this one (lc_moderation_*), and a viewer reports another.
          assertThat(post(originBase, token, "buy spamword now").statusCode()).isEqualTo(201);
          HttpResponse<String> reported =
              send(
                  originBase,
                  token,
                  "/v1/videos/ops/comments/" + firstId + "/reports",
                  "{\"reason\":\"spam\"}");
          assertThat(reported.statusCode()).as(reported.body()).isEqualTo(202);
          await("the blocklisted comment decided")
              .atMost(Duration.ofSeconds(60))
              .until(() -> scrape(originBase).contains("lc_moderation_decisions_total{"));
          try {
            await("delivered through the relay")
                .atMost(Duration.ofSeconds(60))
                .until(() -> gauge(relayBase, "lc_delivery_lag_seconds_count") >= 1);
          } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                "relay:\n" + scrape(relayBase) + "\norigin:\n" + scrape(originBase), e);
          }
          await("a snapshot to poll")
              .atMost(Duration.ofSeconds(30))
              .until(() -> get(pollerBase, "/v1/videos/ops/snapshots/latest").statusCode() == 200);
          await("consumer lag probed")
              .atMost(Duration.ofSeconds(30))
              .until(() -> scrape(originBase).contains("lc_kafka_consumer_lag{"));

          Set<String> exported = new TreeSet<>();
          for (URI role : roles) {
            exported.addAll(names(scrape(role)));
          }
          Set<String> used = new TreeSet<>();
          used.addAll(metricNames(root.resolve("deploy/grafana")));
          used.addAll(metricNames(root.resolve("deploy/prometheus")));

          assertThat(used).contains("lc_delivery_lag_seconds_bucket", "lc_backend_up");
          assertThat(exported).containsAll(used);
        } finally {
          stream.cancel(true);
        }
      } finally {
        // Servers before the backends they use; the last started first.
        for (int i = running.size() - 1; i >= 0; i--) {
          running.get(i).close();
        }
      }
    } finally {
      scheduler.close();
    }
  }

  private boolean allReady(List<URI> roles, String healthPath) throws Exception {
    for (URI role : roles) {
      if (get(role, healthPath).statusCode() != 200) {
        return false;
      }
    }
    return true;
  }

  /** The sample and type names a scrape exposes, with each type's sample suffixes. */
  static Set<String> names(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        String name = type.group(1);
        names.add(name);
        switch (type.group(2)) {
          case "counter" -> names.add(name.endsWith("_total") ? name : name + "_total");
          case "histogram" ->
              names.addAll(Set.of(name + "_bucket", name + "_sum", name + "_count"));
          default -> {}
        }
      } else if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static Set<String> metricNames(Path folder) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Matcher metric = METRIC.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (metric.find()) {
          names.add(metric.group());
        }
      }
    }
    return names;
  }

  private double gauge(URI base, String sample) throws Exception {
    for (String line : scrape(base).split("\n")) {
      if (line.startsWith(sample + " ") || line.startsWith(sample + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private String scrape(URI base) throws Exception {
    HttpResponse<String> metrics = get(base, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    return metrics.body();
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String token(URI origin) throws Exception {
    String reply =
        http.send(
                HttpRequest.newBuilder(origin.resolve("/dev/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ops\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher token = TOKEN.matcher(reply);
    assertThat(token.find()).as(reply).isTrue();
    return token.group(1);
  }

  private HttpResponse<String> post(URI origin, String token, String text) throws Exception {
    return send(origin, token, "/v1/videos/ops/comments", "{\"text\":\"" + text + "\"}");
  }

  private HttpResponse<String> send(URI origin, String token, String path, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(origin.resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
