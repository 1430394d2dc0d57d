package io.livecomments.origin.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where Redis is and how long the origin waits for it: one value shared by every Redis seam.
 *
 * @param host Redis host name or address (on a cluster: the first seed node)
 * @param port Redis port
 * @param keyPrefix prefix of every key and channel, e.g. {@code lc}; lets deployments (and tests)
 *     share one Redis without colliding
 * @param credentials what every connection authenticates with, {@link Credentials#NONE} for no AUTH
 * @param tls whether connections use TLS, and which certificate authorities they trust
 * @param connectTimeout bound on opening a connection
 * @param commandTimeout bound on one command's reply (also on waiting for a pooled connection)
 * @param minReconnectBackoff first wait before the subscriber reconnects; doubles per failure
 * @param maxReconnectBackoff the longest wait between reconnect attempts
 * @param maxConnections pooled command connections per seam (the subscriber has its own); on a
 *     cluster, per node
 * @param moreSeeds the cluster's seed nodes after {@code host:port}; empty for a single node
 * @param cluster whether Redis is a Redis Cluster (ElastiCache cluster mode): commands go to the
 *     node owning each key's slot, pub/sub is sharded with one subscriber per shard node
 */
public record RedisSettings(
    String host,
    int port,
    String keyPrefix,
    Credentials credentials,
    Tls tls,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration minReconnectBackoff,
    Duration maxReconnectBackoff,
    int maxConnections,
    List<Node> moreSeeds,
    boolean cluster) {
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
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(tls, "tls");
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
    moreSeeds = List.copyOf(moreSeeds);
    if (!cluster && !moreSeeds.isEmpty()) {
      throw new IllegalArgumentException(
          "several Redis hosts name a cluster: turn on cluster mode (--redis-cluster) or give one: "
              + moreSeeds);
    }
  }

  /** Every seed node: {@code host:port} first, then {@link #moreSeeds}. */
  public List<Node> seeds() {
    List<Node> seeds = new ArrayList<>();
    seeds.add(new Node(host, port));
    seeds.addAll(moreSeeds);
    return List.copyOf(seeds);
  }

  /**
   * {@code host:port} without credentials, with the defaults: 500 ms timeouts, backoff 100 ms to 5
   * s, 16 connections.
   */
  public static RedisSettings of(String host, int port, String keyPrefix) {
    return new RedisSettings(
        host,
        port,
        keyPrefix,
        Credentials.NONE,
        Tls.OFF,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_COMMAND_TIMEOUT,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        16,
        List.of(),
        false);
  }

  /**
   * Reads {@code redis[s]://[[user]:password@]host[:port][,host[:port]...][/keyPrefix]} (port 6379
   * and prefix {@code lc} when left out) with the default timeouts. Several hosts are a cluster's
   * seed nodes, refused here: read them with {@link #fromUri(String, boolean)}. {@code rediss://}
   * is TLS, trusting the JVM's certificate authorities ({@link #withTls} for others) and checking
   * the host name. Without a user the password is Redis's default user's ({@code requirepass});
   * characters such as {@code @}, {@code /} or {@code %} in either are percent-encoded. No message
   * ever shows the password.
   */
  public static RedisSettings fromUri(String uri) {
    return fromUri(uri, false);
  }

  /** As {@link #fromUri(String)}, as a Redis Cluster when {@code cluster}. */
  public static RedisSettings fromUri(String uri, boolean cluster) {
    return RedisUri.parse(uri, cluster);
  }

  /**
   * {@code uri} with the password of its user info, if any, replaced by {@code ***}; user info
   * without a colon may be a misplaced password and is hidden whole.
   */
  public static String redacted(String uri) {
    return RedisUri.redacted(uri);
  }

  public RedisSettings withCredentials(Credentials credentials) {
    return copy(
        keyPrefix, credentials, tls, minReconnectBackoff, maxReconnectBackoff, moreSeeds, cluster);
  }

  /**
   * These settings with {@code password} (e.g. {@code LC_REDIS_PASSWORD}, an ElastiCache AUTH
   * token) instead of any in the URI, for the URI's user if it named one.
   */
  public RedisSettings withPassword(String password) {
    return withCredentials(new Credentials(credentials.user(), password));
  }

  /** These settings as a Redis Cluster ({@code cluster}) or a single node. */
  public RedisSettings withCluster(boolean cluster) {
    return copy(
        keyPrefix, credentials, tls, minReconnectBackoff, maxReconnectBackoff, moreSeeds, cluster);
  }

  /** These settings with {@code seeds} after {@code host:port}. */
  RedisSettings withSeeds(List<Node> seeds) {
    return copy(
        keyPrefix, credentials, tls, minReconnectBackoff, maxReconnectBackoff, seeds, cluster);
  }

  public RedisSettings withTls(Tls tls) {
    return copy(
        keyPrefix, credentials, tls, minReconnectBackoff, maxReconnectBackoff, moreSeeds, cluster);
  }

  public RedisSettings withKeyPrefix(String prefix) {
    return copy(
        prefix, credentials, tls, minReconnectBackoff, maxReconnectBackoff, moreSeeds, cluster);
  }

  public RedisSettings withReconnectBackoff(Duration min, Duration max) {
    return copy(keyPrefix, credentials, tls, min, max, moreSeeds, cluster);
  }

  /** These settings with the components the withers change replaced. */
  private RedisSettings copy(
      String prefix,
      Credentials credentials,
      Tls tls,
      Duration minBackoff,
      Duration maxBackoff,
      List<Node> seeds,
      boolean clusterMode) {
    return new RedisSettings(
        host,
        port,
        prefix,
        credentials,
        tls,
        connectTimeout,
        commandTimeout,
        minBackoff,
        maxBackoff,
        maxConnections,
        seeds,
        clusterMode);
  }

  /** A Redis node's address. */
  public record Node(String host, int port) {
    public Node {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank: " + host);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535: " + port);
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * What a connection authenticates with ({@code AUTH [user] password}). Its {@link #toString}
   * never shows the password, so settings can be logged.
   *
   * @param user the ACL user; null for Redis's default user
   * @param password null only in {@link #NONE}, which sends no AUTH
   */
  public record Credentials(String user, String password) {
    public static final Credentials NONE = new Credentials(null, null);

    public Credentials {
      if (password == null && user != null) {
        throw new IllegalArgumentException("a Redis user needs a password: " + user);
      }
      if (user != null && user.isEmpty()) {
        throw new IllegalArgumentException("a Redis user name must not be empty");
      }
      if (password != null && password.isEmpty()) {
        throw new IllegalArgumentException("a Redis password must not be empty");
      }
    }

    /** Whether connections send AUTH at all. */
    public boolean present() {
      return password != null;
    }

    @Override
    public String toString() {
      return present() ? (user == null ? "default" : user) + ":***" : "none";
    }
  }

  /**
   * TLS to Redis: off, or on with the server's certificate checked against the JVM's certificate
   * authorities or those of a PEM file, and its host name against the one connected to.
   *
   * @param enabled whether connections use TLS
   * @param caFile PEM file of the certificate authorities to trust instead of the JVM's; null for
   *     the JVM's (and always null when off)
   */
  public record Tls(boolean enabled, Path caFile) {
    public static final Tls OFF = new Tls(false, null);
    public static final Tls JVM_TRUST = new Tls(true, null);

    public Tls {
      if (!enabled && caFile != null) {
        throw new IllegalArgumentException("a CA file needs TLS (rediss://): " + caFile);
      }
    }

    /** TLS trusting only the certificate authorities in {@code caFile} (PEM). */
    public static Tls trusting(Path caFile) {
      return new Tls(true, Objects.requireNonNull(caFile, "caFile"));
    }
  }

  /** The names of every key and channel under {@link #keyPrefix}. */
  public RedisKeys keys() {
    return new RedisKeys(keyPrefix);
  }

  private static void positiveMillis(String name, Duration value) {
    if (value == null || value.toMillis() < 1 || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be 1 ms .. 24 days: " + value);
    }
  }
}
