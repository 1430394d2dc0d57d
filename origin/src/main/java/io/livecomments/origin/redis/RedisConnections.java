package io.livecomments.origin.redis;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One seam's pool of command connections to Redis, with every call bounded by the settings'
 * timeouts.
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
  private final RedisClient client;

  RedisConnections(RedisSettings settings, String clientName) {
    this.settings = Objects.requireNonNull(settings, "settings");
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.maxConnections());
    pool.setMaxIdle(settings.maxConnections());
    pool.setMinIdle(0);
    // Waiting for a free connection counts against the same bound as the command itself.
    pool.setMaxWait(settings.commandTimeout());
    pool.setBlockWhenExhausted(true);
    this.client =
        RedisClient.builder()
            .hostAndPort(new HostAndPort(settings.host(), settings.port()))
            .clientConfig(clientConfig(settings, clientName))
            .poolConfig(pool)
            .build();
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
      client.getPool().clear();
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
