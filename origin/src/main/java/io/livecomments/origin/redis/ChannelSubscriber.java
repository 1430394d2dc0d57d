package io.livecomments.origin.redis;

import java.util.concurrent.CompletableFuture;

/**
 * The subscribing half of {@link RedisFanoutBus}: holds the set of channels the bus wants and keeps
 * them subscribed on Redis across reconnects (one server: {@link SubscriberConnection}; a Redis
 * Cluster: {@link ClusterSubscriber}, one connection per shard master). What arrives, and what was
 * lost, is reported to a {@link Events} given at construction.
 *
 * <p>Thread-safe; {@link #add} and {@link #remove} never wait for a reply from Redis. {@link
 * #close} stops the connections; no event is reported after it returns, bar one already running.
 */
interface ChannelSubscriber extends AutoCloseable {

  /**
   * Subscribes {@code channel} (not held yet).
   *
   * @return completes when Redis confirmed it, or is left to a coming reconnect; null when no
   *     connection is up: the channel is subscribed on connect and reported as a gap then
   */
  CompletableFuture<Void> add(String channel);

  /** Unsubscribes {@code channel}; nothing more arrives on it once Redis confirmed. */
  void remove(String channel);

  /** Completes when the first connection is up (all of them, on a cluster). */
  CompletableFuture<Void> firstConnection();

  @Override
  void close();

  /**
   * What the subscriber reports, on a subscriber thread; implementations must not block on the
   * subscriber's own calls.
   */
  interface Events {
    void message(String channel, byte[] message);

    /**
     * {@code channel} is subscribed (again) after a time it was not: a reconnect, a channel added
     * while down, or a slot that moved to another node. Whatever was published meanwhile is lost.
     */
    void gap(String channel);

    /** The connection is up in {@code mode}; {@code reconnected} when not for the first time. */
    void up(PubSubMode mode, boolean reconnected);

    /** The connection is down (or, on a cluster, one of them). */
    void down();
  }
}
