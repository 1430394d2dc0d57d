package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.harness.RealServers;
import io.livecomments.http.Cors;
import io.livecomments.http.HttpSettings;
import io.livecomments.http.RawHttp;
import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.poller.PollerConfig;
import io.livecomments.poller.PollerServer;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.snapshot.InMemorySnapshotStore;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box: origin, relay and poller each serve with the {@link HttpSettings} they are given —
 * CORS, metrics on their own port, HEAD, strict paths, no {@code Server} header — since all three
 * start Jetty through the same code.
 */
class EveryRoleHttpIT {
  private static final Duration READ = Duration.ofSeconds(5);
  private static final String SITE = "https://site.example";
  private static final HttpSettings HTTP =
      HttpSettings.defaults().withCors(Cors.parse(SITE)).withMetricsPort(0);

  private static ExecutorScheduler scheduler;
  private static OriginServer origin;
  private static RelayServer relay;
  private static PollerServer poller;

  @BeforeAll
  static void start() throws Exception {
    Clock clock = Clock.systemUTC();
    scheduler = new ExecutorScheduler("test", 1);
    origin =
        new OriginServer(
                OriginConfig.defaults("127.0.0.1", 0),
                Backends.inMemory(RateLimit.OFF, clock),
                scheduler,
                clock,
                List.of(),
                new PrometheusRegistry(),
                HTTP)
            .start();
    relay =
        new RelayServer(
                RelayConfig.defaults(
                    "127.0.0.1", 0, URI.create("http://127.0.0.1:" + origin.port())),
                scheduler,
                clock,
                List.of(),
                HTTP)
            .start();
    poller =
        new PollerServer(
                PollerConfig.defaults("127.0.0.1", 0),
                new InMemorySnapshotStore(Duration.ofMinutes(1), 1_000, clock),
                scheduler,
                clock,
                new PrometheusRegistry(),
                HTTP)
            .start();
  }

  @AfterAll
  static void stop() {
    RealServers.stopAll(poller, relay, origin, scheduler);
  }

  @Test
  void originServesItsSettings() throws Exception {
    assertServes(origin::port, origin::metricsPort);
  }

  @Test
  void relayServesItsSettings() throws Exception {
    assertServes(relay::port, relay::metricsPort);
  }

  @Test
  void pollerServesItsSettings() throws Exception {
    assertServes(poller::port, poller::metricsPort);
  }

  private static void assertServes(IntSupplier port, IntSupplier metricsPort) throws Exception {
    RawHttp.Reply health =
        exchange(port.getAsInt(), "GET /healthz HTTP/1.1\r\nHost: a\r\nOrigin: " + SITE);
    RawHttp.Reply head;
    try (RawHttp client = RawHttp.connect(port.getAsInt(), READ)) {
      head = client.send("HEAD /healthz HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
    }
    RawHttp.Reply semicolon =
        exchange(port.getAsInt(), "GET /v1/videos/a;b/snapshots/latest HTTP/1.1\r\nHost: a");
    RawHttp.Reply publicMetrics = exchange(port.getAsInt(), "GET /metrics HTTP/1.1\r\nHost: a");
    RawHttp.Reply metrics = exchange(metricsPort.getAsInt(), "GET /metrics HTTP/1.1\r\nHost: a");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(health.header("Server")).isNull();
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(health.header("Content-Length"));
    assertThat(semicolon.status()).isEqualTo(400);
    assertThat(semicolon.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(publicMetrics.status()).isEqualTo(404);
    assertThat(metrics.status()).isEqualTo(200);
  }

  private static RawHttp.Reply exchange(int port, String head) throws Exception {
    try (RawHttp client = RawHttp.connect(port, READ)) {
      return client.send(head + "\r\n\r\n").read();
    }
  }
}
