package io.livecomments.origin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.harness.RealServers;
import io.livecomments.log.CommentLogContract;
import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.origin.backends.SecureListeners;
import io.livecomments.origin.backends.SharedSecuredKafka;
import io.livecomments.origin.dynamo.DynamoSettings;
import io.livecomments.origin.health.ProbedHealth;
import io.livecomments.origin.redis.RedisSettings;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The secured broker's TLS listener carries the log, and each way of getting the security wrong is
 * named: at start-up (the origin refuses to start) and, while a running origin's checks fail, in
 * {@code /readyz}. No message shows the password.
 */
@ExtendWith(SharedSecuredKafka.class)
class KafkaSecurityIT {
  private static final Duration ACCESS = Duration.ofSeconds(10);
  private static final String WRONG_PASSWORD = "not-the-password-42";

  private final SecureListeners broker;

  KafkaSecurityIT(SecureListeners broker) {
    this.broker = broker;
  }

  @Test
  void tlsWithTheCaFileCreatesTheTopicAppendsAndDelivers() throws Exception {
    KafkaSettings tls =
        KafkaSettings.defaults(broker.tlsBootstrapServers())
            .withSecurity(broker.tls())
            .withTopic("tls-" + UUID.randomUUID())
            .withNewGroupsFromStart()
            .withSendTimeout(ACCESS);
    KafkaAccess.verify(tls, ACCESS);
    KafkaTopics.createIfMissing(tls, 1, (short) 1, Duration.ofSeconds(30));
    BlockingQueue<Comment> delivered = new LinkedBlockingQueue<>();
    try (KafkaCommentLog log = new KafkaCommentLog(tls)) {
      Comment appended =
          log.append(CommentLogContract.draft(new VideoId("tls-v"), "over TLS"))
              .get(ACCESS.toSeconds(), TimeUnit.SECONDS);
      log.subscribe(
          "tls-group",
          (comments, handled) -> {
            delivered.addAll(comments);
            handled.run();
          });

      assertThat(delivered.poll(30, TimeUnit.SECONDS)).isEqualTo(appended);
    }
  }

  @Test
  void aWrongPasswordStopsTheOriginStartingAndNamesTheUser() throws Exception {
    RealBackendSettings settings =
        new RealBackendSettings(
            wrongPassword(),
            // Never reached: Kafka is checked before anything else is opened.
            RedisSettings.of("127.0.0.1", RealServers.freeLoopbackPort(), "unused"),
            DynamoSettings.defaults(),
            true,
            1,
            (short) 1);

    try (ExecutorScheduler scheduler = new ExecutorScheduler("kafka-security-it", 1)) {
      assertThatThrownBy(
              () ->
                  Backends.real(
                      settings,
                      RateLimit.OFF,
                      scheduler,
                      Clock.systemUTC(),
                      new PrometheusRegistry()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Kafka at " + broker.saslBootstrapServers())
          .hasMessageContaining("refused user '" + SecureListeners.USER + "' (SCRAM-SHA-512)")
          .hasMessageContaining("wrong user name or password")
          .hasMessageNotContaining(WRONG_PASSWORD);
    }
  }

  @Test
  void aCertificateFromAnAuthorityNotTrustedIsNamed() {
    // The JVM's trust store knows nothing of the test authority.
    KafkaSettings jvmTrust =
        KafkaSettings.defaults(broker.tlsBootstrapServers()).withSecurity(KafkaSecurity.tls(null));

    assertThatThrownBy(() -> KafkaAccess.verify(jvmTrust, ACCESS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the TLS certificate of Kafka at " + broker.tlsBootstrapServers())
        .hasMessageContaining("does not come from an authority in the JVM's trust store")
        .hasMessageContaining("PKIX path building failed");
  }

  @Test
  void aCertificateThatDoesNotNameTheHostIsNamed() {
    // The same listener by a name its certificate (IP 127.0.0.1 only) does not carry.
    KafkaSettings otherName =
        KafkaSettings.defaults("localhost:" + broker.tlsPort()).withSecurity(broker.tls());

    assertThatThrownBy(() -> KafkaAccess.verify(otherName, ACCESS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not name the host connected to")
        .hasMessageContaining("localhost");
  }

  @Test
  void readyzNamesKafkaWhileTheBrokerRefusesTheOrigin() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    KafkaSettings wrong = wrongPassword();
    KafkaLagProbe probe = new KafkaLagProbe(wrong, List.of("fanout"), ACCESS, registry);
    ProbedHealth health =
        new ProbedHealth(
            Map.of("kafka", probe::check), List.of(probe), Duration.ofMillis(200), registry);
    Clock clock = Clock.systemUTC();
    Backends memory = Backends.inMemory(RateLimit.OFF, clock);
    Backends backends =
        new Backends(
            memory.log(),
            memory.store(),
            memory.bus(),
            memory.recentWindow(),
            memory.rateLimiter(),
            memory.idempotencyKeys(),
            memory.snapshots(),
            memory.moderation(),
            memory.reportLimiter(),
            health);
    HttpClient http = HttpClient.newHttpClient();
    try (ExecutorScheduler scheduler = new ExecutorScheduler("kafka-security-it", 1)) {
      OriginServer server =
          new OriginServer(
              OriginConfig.defaults("127.0.0.1", 0).withJwtSecret(RunningOrigin.SECRET),
              backends,
              scheduler,
              clock,
              List.of(),
              registry);
      try {
        server.start();
        URI readyz = URI.create("http://127.0.0.1:" + server.port() + "/readyz");
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  HttpResponse<String> reply =
                      http.send(
                          HttpRequest.newBuilder(readyz).GET().build(),
                          HttpResponse.BodyHandlers.ofString());
                  assertThat(reply.statusCode()).isEqualTo(503);
                  assertThat(reply.body())
                      .contains("backend down: kafka (Kafka at " + broker.saslBootstrapServers())
                      .contains("refused user '" + SecureListeners.USER + "'")
                      .doesNotContain(WRONG_PASSWORD);
                });
      } finally {
        server.close();
      }
    }
  }

  private KafkaSettings wrongPassword() {
    return KafkaSettings.defaults(broker.saslBootstrapServers())
        .withSecurity(KafkaSecurity.scram(broker.caFile(), SecureListeners.USER, WRONG_PASSWORD));
  }
}
