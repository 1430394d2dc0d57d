package io.livecomments.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How a role's HTTP server treats its clients, beyond its routes: the same on every role.
 *
 * @param cors which other sites' pages may read the replies (see {@link Cors})
 * @param maxConnections connections held at once on the public port; past it Jetty stops accepting
 *     until one closes (the rest wait in the accept queue)
 * @param headerTimeout a request's line and headers must arrive within this of their first byte, or
 *     the connection gets 408 and is closed; also a body's grace period before {@code minBodyRate}
 *     applies
 * @param minBodyRate bytes per second a request body must average once the grace period is over, or
 *     the request gets 408 and the connection is closed
 * @param metricsPort where {@code /metrics} is served: -1 on the public port, else only on this
 *     port (0 picks a free one)
 */
public record HttpSettings(
    Cors cors, int maxConnections, Duration headerTimeout, long minBodyRate, int metricsPort) {
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final long DEFAULT_MIN_BODY_RATE = 1024;

  public HttpSettings {
    Objects.requireNonNull(cors, "cors");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("headerTimeout must be positive: " + headerTimeout);
    }
    if (minBodyRate < 1) {
      throw new IllegalArgumentException("minBodyRate must be positive: " + minBodyRate);
    }
    if (metricsPort < -1 || metricsPort > 65535) {
      throw new IllegalArgumentException("metricsPort must be -1 or 0..65535: " + metricsPort);
    }
  }

  /**
   * No other site allowed, the connection cap derived from this process's open-file limit ({@link
   * OpenFileLimit#defaultMaxConnections}), 10 s for headers, 1 KiB/s for bodies, metrics on the
   * public port.
   */
  public static HttpSettings defaults() {
    return new HttpSettings(
        Cors.NONE,
        OpenFileLimit.current().defaultMaxConnections(),
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_MIN_BODY_RATE,
        -1);
  }

  /** Whether {@code /metrics} has a port of its own. */
  public boolean separateMetrics() {
    return metricsPort >= 0;
  }

  public HttpSettings withCors(Cors value) {
    return new HttpSettings(value, maxConnections, headerTimeout, minBodyRate, metricsPort);
  }

  public HttpSettings withMaxConnections(int value) {
    return new HttpSettings(cors, value, headerTimeout, minBodyRate, metricsPort);
  }

  public HttpSettings withHeaderTimeout(Duration value) {
    return new HttpSettings(cors, maxConnections, value, minBodyRate, metricsPort);
  }

  public HttpSettings withMinBodyRate(long value) {
    return new HttpSettings(cors, maxConnections, headerTimeout, value, metricsPort);
  }

  public HttpSettings withMetricsPort(int value) {
    return new HttpSettings(cors, maxConnections, headerTimeout, minBodyRate, value);
  }
}
