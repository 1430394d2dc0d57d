package io.livecomments.origin.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where Redis is and how long the origin waits for it: one value shared by every Redis seam.
 *
 * @param host Redis host name or address
 * @param port Redis port
 * @param keyPrefix prefix of every key and channel, e.g. {@code lc}; lets deployments (and tests)
 *     share one Redis without colliding
 * @param connectTimeout bound on opening a connection
 * @param commandTimeout bound on one command's reply (also on waiting for a pooled connection)
 * @param minReconnectBackoff first wait before the subscriber reconnects; doubles per failure
 * @param maxReconnectBackoff the longest wait between reconnect attempts
 * @param maxConnections pooled command connections per seam (the subscriber has its own)
 */
public record RedisSettings(
    String host,
    int port,
    String keyPrefix,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration minReconnectBackoff,
    Duration maxReconnectBackoff,
    int maxConnections) {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);

  public RedisSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank: " + host);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    if (keyPrefix == null || !PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException("keyPrefix must match " + PREFIX + ": " + keyPrefix);
    }
    positiveMillis("connectTimeout", connectTimeout);
    positiveMillis("commandTimeout", commandTimeout);
    positiveMillis("minReconnectBackoff", minReconnectBackoff);
    positiveMillis("maxReconnectBackoff", maxReconnectBackoff);
    if (maxReconnectBackoff.compareTo(minReconnectBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxReconnectBackoff must be at least minReconnectBackoff: " + maxReconnectBackoff);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
  }

  /** {@code host:port} with the defaults: 500 ms timeouts, backoff 100 ms to 5 s, 16 connections. */
  public static RedisSettings of(String host, int port, String keyPrefix) {
    return new RedisSettings(
        host,
        port,
        keyPrefix,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_COMMAND_TIMEOUT,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        16);
  }

  /**
   * Reads {@code redis://host[:port][/keyPrefix]} (port 6379 and prefix {@code lc} when left out)
   * with the default timeouts. Credentials and TLS are not supported yet: a URI carrying user info
   * or another scheme is refused rather than silently ignored.
   */
  public static RedisSettings fromUri(String uri) {
    URI parsed;
    try {
      parsed = URI.create(Objects.requireNonNull(uri, "uri"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a redis:// URI: " + uri, e);
    }
    if (!"redis".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException("expected redis://host[:port][/keyPrefix]: " + uri);
    }
    if (parsed.getUserInfo() != null) {
      throw new IllegalArgumentException("credentials in the Redis URI are not supported: " + uri);
    }
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    String prefix = path.isEmpty() || "/".equals(path) ? "lc" : path.substring(1);
    return of(parsed.getHost(), parsed.getPort() == -1 ? 6379 : parsed.getPort(), prefix);
  }

  public RedisSettings withKeyPrefix(String prefix) {
    return new RedisSettings(
        host,
        port,
        prefix,
        connectTimeout,
        commandTimeout,
        minReconnectBackoff,
        maxReconnectBackoff,
        maxConnections);
  }

  public RedisSettings withReconnectBackoff(Duration min, Duration max) {
    return new RedisSettings(
        host, port, keyPrefix, connectTimeout, commandTimeout, min, max, maxConnections);
  }

  /** {@code <keyPrefix>:<kind>:<id>}: every key and channel the seams use is built here. */
  String key(String kind, String id) {
    return keyPrefix + ":" + kind + ":" + id;
  }

  private static void positiveMillis(String name, Duration value) {
    if (value == null || value.toMillis() < 1 || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be 1 ms .. 24 days: " + value);
    }
  }
}
