package io.livecomments.app;

import io.livecomments.origin.redis.RedisSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Redis is and how to reach it, shared by the roles that use it. */
final class RedisOptions {
  /** The Redis password or AUTH token: a variable only, never a flag, never printed. */
  static final String PASSWORD_VARIABLE = "LC_REDIS_PASSWORD";

  // No ${DEFAULT-VALUE} here: the variable may hold a password, and --help would print it.
  @Option(
      names = "--redis-uri",
      defaultValue = "${env:LC_REDIS_URI:-redis://127.0.0.1:6379}",
      description =
          "Redis, redis://[[user]:password@]host[:port], or rediss:// for TLS; a cluster's seed nodes as host:port,host:port with --redis-cluster. The password may come from LC_REDIS_PASSWORD instead (LC_REDIS_URI, default redis://127.0.0.1:6379).")
  String uri;

  @Option(
      names = "--redis-cluster",
      defaultValue = "${env:LC_REDIS_CLUSTER:-false}",
      fallbackValue = "true",
      arity = "0..1",
      description =
          "Redis is a Redis Cluster (ElastiCache cluster mode): keys by slot, sharded pub/sub per shard (LC_REDIS_CLUSTER, default ${DEFAULT-VALUE}).")
  boolean cluster;

  @Option(
      names = "--redis-key-prefix",
      defaultValue = "${env:LC_REDIS_KEY_PREFIX:-lc}",
      description =
          "Prefix of every Redis key and channel; the poller reads the origin's (LC_REDIS_KEY_PREFIX, default ${DEFAULT-VALUE}).")
  String keyPrefix;

  @Option(
      names = "--redis-ca-file",
      defaultValue = "${env:LC_REDIS_CA_FILE}",
      description =
          "PEM file of the certificate authorities a rediss:// server's certificate must come from (LC_REDIS_CA_FILE; default: the JVM's).")
  Path caFile;

  /**
   * The settings these options describe, with the password of {@code LC_REDIS_PASSWORD} if set.
   *
   * @throws IllegalArgumentException for a URI that is not one, a CA file without rediss://, or
   *     several hosts without --redis-cluster
   */
  RedisSettings settings() {
    return settings(System.getenv(PASSWORD_VARIABLE));
  }

  /**
   * The settings these options describe, with {@code password} (an AUTH token; never a flag, so it
   * stays out of process listings) instead of any in the URI when it is neither null nor empty.
   */
  RedisSettings settings(String password) {
    RedisSettings settings = RedisSettings.fromUri(uri, cluster).withKeyPrefix(keyPrefix);
    if (password != null && !password.isEmpty()) {
      settings = settings.withPassword(password);
    }
    if (caFile == null) {
      return settings;
    }
    if (!settings.tls().enabled()) {
      throw new IllegalArgumentException(
          "--redis-ca-file needs TLS: a rediss:// URI, not " + RedisSettings.redacted(uri));
    }
    return settings.withTls(RedisSettings.Tls.trusting(caFile));
  }

  /** The URI as it may be logged: without its password. */
  String shown() {
    return RedisSettings.redacted(uri);
  }
}
