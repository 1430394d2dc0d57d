package io.livecomments.relay;

import io.livecomments.relay.upstream.Backoff;
import io.livecomments.stream.StreamSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a relay can be told.
 *
 * @param upstream base URL of the hop this relay subscribes to: the origin or another relay
 * @param stream how this relay serves its viewers
 * @param sampleBudget comments per second a viewer of a hot video gets at most, on average
 * @param drain how long a draining relay takes to close its viewers
 * @param upstreamIdle an upstream stream silent this long (several missed heartbeats) is
 *     reconnected
 * @param reconnect backoff between upstream reconnects
 * @param socketSendBuffer bytes of kernel send buffer per viewer socket, 0 for the OS default: a
 *     smaller one finds slow viewers sooner and holds less memory per idle viewer
 */
public record RelayConfig(
    String host,
    int port,
    URI upstream,
    StreamSettings stream,
    int sampleBudget,
    Duration drain,
    Duration upstreamIdle,
    Backoff reconnect,
    int socketSendBuffer) {
  public static final int DEFAULT_SAMPLE_BUDGET = 20;

  public RelayConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(upstream, "upstream");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if (!"http".equals(upstream.getScheme()) && !"https".equals(upstream.getScheme())) {
      throw new IllegalArgumentException("upstream must be an http(s) URL: " + upstream);
    }
    if (sampleBudget < 1) {
      throw new IllegalArgumentException("sample budget must be positive: " + sampleBudget);
    }
  }

  /** A relay on {@code host:port} in front of {@code upstream}, with the defaults. */
  public static RelayConfig defaults(String host, int port, URI upstream) {
    return new RelayConfig(
        host,
        port,
        upstream,
        StreamSettings.DEFAULT,
        DEFAULT_SAMPLE_BUDGET,
        Duration.ofSeconds(30),
        Duration.ofSeconds(45),
        new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10)),
        0);
  }

  public RelayConfig withStream(StreamSettings settings) {
    return copy(settings, sampleBudget, drain, upstreamIdle, socketSendBuffer);
  }

  public RelayConfig withSampleBudget(int budget) {
    return copy(stream, budget, drain, upstreamIdle, socketSendBuffer);
  }

  public RelayConfig withDrain(Duration window) {
    return copy(stream, sampleBudget, window, upstreamIdle, socketSendBuffer);
  }

  public RelayConfig withSocketSendBuffer(int bytes) {
    return copy(stream, sampleBudget, drain, upstreamIdle, bytes);
  }

  public RelayConfig withUpstreamIdle(Duration idle) {
    return copy(stream, sampleBudget, drain, idle, socketSendBuffer);
  }

  /** This configuration with the components the withers change replaced. */
  private RelayConfig copy(
      StreamSettings stream,
      int sampleBudget,
      Duration drain,
      Duration upstreamIdle,
      int socketSendBuffer) {
    return new RelayConfig(
        host,
        port,
        upstream,
        stream,
        sampleBudget,
        drain,
        upstreamIdle,
        reconnect,
        socketSendBuffer);
  }
}
