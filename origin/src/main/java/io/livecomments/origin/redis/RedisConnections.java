package io.livecomments.origin.redis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One seam's pool of command connections to Redis, with every call bounded by the settings'
 * timeouts; on a Redis Cluster, a pool per node, each command sent to the node owning its keys'
 * slot (the keys of one call must share a slot: {@link RedisKeys}' hash tags see to it).
 *
 * <p>A call that fails on a broken connection is tried once more after the pool dropped its idle
 * connections: after a Redis restart every pooled connection is dead, and without this the first
 * call on each of them would fail although Redis is back. Callers must therefore only pass calls
 * that are harmless to repeat (idempotent, or where a repeat costs at most one extra token). A
 * second failure is thrown as {@link JedisConnectionException}; other Redis errors as other {@link
 * redis.clients.jedis.exceptions.JedisException}s.
 *
 * <p>Thread-safe. {@link #close} closes the pool.
 */
final class RedisConnections implements AutoCloseable {
  private final RedisSettings settings;
  private final UnifiedJedis client;
  private final Runnable dropIdle;

  RedisConnections(RedisSettings settings, String clientName) {
    this.settings = Objects.requireNonNull(settings, "settings");
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.maxConnections());
    pool.setMaxIdle(settings.maxConnections());
    pool.setMinIdle(0);
    // Waiting for a free connection counts against the same bound as the command itself.
    pool.setMaxWait(settings.commandTimeout());
    pool.setBlockWhenExhausted(true);
    if (settings.cluster()) {
      Set<HostAndPort> seeds = new LinkedHashSet<>();
      settings.seeds().forEach(n -> seeds.add(new HostAndPort(n.host(), n.port())));
      // The cluster client follows MOVED and ASK, and re-reads the slots after a connection
      // failure, retrying within about two command timeouts (a failover takes longer: callers see
      // the failure, as on a lone server that is down).
      this.client =
          RedisClusterClient.builder()
              .nodes(seeds)
              .clientConfig(clientConfig(settings, clientName))
              .poolConfig(pool)
              .maxAttempts(3)
              .maxTotalRetriesDuration(settings.commandTimeout().multipliedBy(2))
              .build();
      this.dropIdle = () -> {};
    } else {
      RedisClient single =
          RedisClient.builder()
              .hostAndPort(new HostAndPort(settings.host(), settings.port()))
              .clientConfig(clientConfig(settings, clientName))
              .poolConfig(pool)
              .build();
      this.client = single;
      this.dropIdle = () -> single.getPool().clear();
    }
  }

  /** The connection settings every connection of a seam uses, the subscriber's included. */
  static JedisClientConfig clientConfig(RedisSettings settings, String clientName) {
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
            .socketTimeoutMillis((int) settings.commandTimeout().toMillis())
            .clientName(clientName);
    RedisSettings.Credentials credentials = settings.credentials();
    if (credentials.present()) {
      config.user(credentials.user()).password(credentials.password());
    }
    if (settings.tls().enabled()) {
      config.sslOptions(RedisTls.sslOptions(settings.tls()));
    }
    return config.build();
  }

  RedisSettings settings() {
    return settings;
  }

  <T> T call(Function<UnifiedJedis, T> command) {
    try {
      return command.apply(client);
    } catch (JedisConnectionException e) {
      dropIdle.run();
      return command.apply(client);
    }
  }

  /** Runs {@code script} by its SHA-1, sending the source only when the server lacks it. */
  Object eval(RedisScript script, List<String> keys, List<String> args) {
    return call(
        redis -> {
          try {
            return redis.evalsha(script.sha1(), keys, args);
          } catch (JedisNoScriptException e) {
            return redis.eval(script.source(), keys, args);
          }
        });
  }

  @Override
  public void close() {
    client.close();
  }
}
