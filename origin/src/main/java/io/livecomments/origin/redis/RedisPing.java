package io.livecomments.origin.redis;

/**
 * Redis's health check for {@code /readyz}: one {@code PING} on a connection of its own, bounded by
 * the settings' command timeout. Thread-safe; {@link #close} closes the connection.
 */
public final class RedisPing implements AutoCloseable {
  private final RedisConnections redis;

  public RedisPing(RedisSettings settings) {
    this.redis = new RedisConnections(settings, "lc-health");
  }

  /**
   * @throws redis.clients.jedis.exceptions.JedisException when Redis does not answer
   */
  public void check() {
    String reply = redis.call(r -> r.ping());
    if (!"PONG".equals(reply)) {
      throw new IllegalStateException("Redis answered PING with " + reply);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
