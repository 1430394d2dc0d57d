package io.livecomments.origin.redis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
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
 * <p>A cluster's client reads the slots from a seed node when it is made; if none answers at
 * construction, each call tries again (and fails as if Redis were down) until one does, so an
 * origin starts while the cluster is unreachable, as it does beside a lone server that is down.
 *
 * <p>Thread-safe. {@link #close} closes the pool.
 */
final class RedisConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);
  private final RedisSettings settings;
  private final Supplier<UnifiedJedis> connect;
  private final Runnable dropIdle;
  private volatile UnifiedJedis client; // null on a cluster until a seed node answered
  private boolean closed; // guarded by this

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
      this.connect =
          () ->
              RedisClusterClient.builder()
                  .nodes(seeds)
                  .clientConfig(clientConfig(settings, clientName))
                  .poolConfig(pool)
                  .maxAttempts(3)
                  .maxTotalRetriesDuration(settings.commandTimeout().multipliedBy(2))
                  .build();
      this.dropIdle = () -> {};
      try {
        client();
      } catch (JedisException e) {
        // Started while the cluster is unreachable: calls fail, as on a lone server that is
        // down, and each asks the seed nodes again.
        LOG.warn("no Redis Cluster seed node answered {}; trying again on use", seeds, e);
      }
    } else {
      RedisClient single =
          RedisClient.builder()
              .hostAndPort(new HostAndPort(settings.host(), settings.port()))
              .clientConfig(clientConfig(settings, clientName))
              .poolConfig(pool)
              .build();
      this.client = single;
      this.connect = () -> single;
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
    UnifiedJedis redis = client();
    try {
      return command.apply(redis);
    } catch (JedisConnectionException e) {
      dropIdle.run();
      return command.apply(redis);
    }
  }

  /**
   * The client, made now if none was yet (a cluster's, which reads the slots from a seed node).
   *
   * @throws JedisException when no seed node answers
   */
  private UnifiedJedis client() {
    UnifiedJedis known = client;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (closed) {
        throw new JedisConnectionException("Redis connections are closed");
      }
      if (client == null) {
        client = connect.get();
      }
      return client;
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
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
    }
  }
}
