package io.livecomments.relay;

import io.livecomments.lifecycle.StopSequence;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.ExecutorScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A relay on a free loopback port in front of {@code upstream}, with a short heartbeat, for tests.
 * Sampling is off unless a test turns it on: the stream contract promises every comment.
 */
final class RunningRelay implements AutoCloseable {
  /** The origin's, so that one heartbeat holds for every hop of a chain. */
  static final Duration HEARTBEAT = RunningOrigin.HEARTBEAT;

  private final ExecutorScheduler scheduler = new ExecutorScheduler("test-relay", 1);
  private final RelayServer server;

  RunningRelay(URI upstream) throws Exception {
    this(upstream, UnaryOperator.identity());
  }

  RunningRelay(URI upstream, UnaryOperator<RelayConfig> tweak) throws Exception {
    this(upstream, 0, tweak);
  }

  /** A relay on {@code port} (0: a free one); a fixed port lets a test restart it in place. */
  RunningRelay(URI upstream, int port, UnaryOperator<RelayConfig> tweak) throws Exception {
    RelayConfig config =
        tweak.apply(
            RelayConfig.defaults("127.0.0.1", port, upstream)
                .withStream(StreamSettings.DEFAULT.withHeartbeat(HEARTBEAT))
                .withUpstreamIdle(Duration.ofSeconds(2))
                .withSampleBudget(Integer.MAX_VALUE));
    server = new RelayServer(config, scheduler, Clock.systemUTC(), List.of()).start();
  }

  /** A tweak that turns the relay's gzip (served and asked of its upstream) on or off. */
  static UnaryOperator<RelayConfig> withGzip(boolean on) {
    return config -> config.withStream(config.stream().withGzip(on));
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  RelayServer server() {
    return server;
  }

  int port() {
    return server.port();
  }

  /** The relay's {@code /metrics} text, as a scraper sees it. */
  String metricsText() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  @Override
  public void close() {
    new StopSequence("the test relay").stop(server::close).stop(scheduler::close).finish();
  }
}
