package io.livecomments.origin.redis;

import io.livecomments.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One subscriber connection to one Redis server, owned by one thread: it holds a set of channels
 * and keeps them subscribed across reconnects.
 *
 * <p>The connection also holds a control channel, so it stays subscribed while no other channel is,
 * and is pinged every {@code pingInterval}: three unanswered pings close it as dead. A plain
 * subscriber is pinged with {@code PING}; a sharded one, which Jedis cannot ping, by publishing a
 * keep-alive on the control channel ({@link KeepAlive}), whose arrival counts as the answer. The
 * pub/sub mode is the server's ({@link PubSubMode#of}), asked on every connection, unless forced.
 *
 * <p>When the connection drops the thread reconnects with jittered exponential backoff (settings'
 * min to max), subscribes every held channel again and reports each as a gap once Redis confirmed
 * it; so are channels added while the connection was down.
 *
 * <p>{@link Trouble} hears of failed connections and of channels the server unsubscribed on its own
 * (on a cluster: their slot moved), so that a caller routing channels over several nodes can move
 * them; a lone server needs neither.
 *
 * <p>The constructor starts the thread and returns; {@link #close} stops it and closes the socket.
 */
final class SubscriberConnection implements ChannelSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriberConnection.class);
  private static final int MAX_UNANSWERED_PINGS = 3;

  /** How a sharded subscriber is pinged: by publishing on its own control channel. */
  interface KeepAlive {
    void publish(PubSubMode mode, String controlChannel);
  }

  /** What a caller routing channels over several servers needs to hear, on the thread. */
  interface Trouble {
    Trouble NONE =
        new Trouble() {
          @Override
          public void lost(HostAndPort address, JedisException cause) {}

          @Override
          public void dropped(HostAndPort address, String channel) {}
        };

    /** The connection failed, or could not be opened. */
    void lost(HostAndPort address, JedisException cause);

    /** The server unsubscribed {@code channel} without being asked to. */
    void dropped(HostAndPort address, String channel);
  }

  private final HostAndPort address;
  private final RedisSettings settings;
  private final JedisClientConfig config;
  private final String controlChannel;
  private final PubSubMode forcedMode;
  private final KeepAlive keepAlive;
  private final Events events;
  private final Trouble trouble;
  private final Thread thread;
  private final Scheduler.Cancellable pings;
  private final Object lock = new Object();
  private final Set<String> channels = new LinkedHashSet<>(); // guarded by lock
  // Channels unsubscribed on request whose confirmation is still to come; guarded by lock.
  private final Map<String, Integer> leaving = new HashMap<>();
  private Subscriber live; // guarded by lock: the connection's pub/sub once it is subscribed
  private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
  private volatile Connection connection;
  private volatile boolean closed;

  /**
   * @param controlChannel held for keep-alives; on a cluster, one the node at {@code address} owns
   * @param forcedMode the mode to use instead of the server's, or null for the server's
   */
  SubscriberConnection(
      HostAndPort address,
      RedisSettings settings,
      String controlChannel,
      PubSubMode forcedMode,
      Scheduler scheduler,
      Duration pingInterval,
      KeepAlive keepAlive,
      Events events,
      Trouble trouble) {
    this.address = Objects.requireNonNull(address, "address");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.config = RedisConnections.clientConfig(settings, "lc-fanout-subscriber");
    this.controlChannel = Objects.requireNonNull(controlChannel, "controlChannel");
    this.forcedMode = forcedMode;
    this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    this.events = Objects.requireNonNull(events, "events");
    this.trouble = Objects.requireNonNull(trouble, "trouble");
    this.thread = new Thread(this::subscribeLoop, "lc-redis-fanout-subscriber-" + address);
    thread.setDaemon(true);
    thread.start();
    this.pings = scheduler.scheduleAtFixedRate(pingInterval, this::ping);
  }

  HostAndPort address() {
    return address;
  }

  String controlChannel() {
    return controlChannel;
  }

  @Override
  public CompletableFuture<Void> add(String channel) {
    synchronized (lock) {
      if (closed || !channels.add(channel)) {
        return null;
      }
      return live == null ? null : live.add(channel);
    }
  }

  @Override
  public void remove(String channel) {
    synchronized (lock) {
      if (channels.remove(channel) && live != null) {
        leaving.merge(channel, 1, Integer::sum);
        live.remove(channel);
      }
    }
  }

  /** The channels held now, control channel aside. */
  List<String> channels() {
    synchronized (lock) {
      return List.copyOf(channels);
    }
  }

  @Override
  public CompletableFuture<Void> firstConnection() {
    return firstConnection;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
    }
    pings.cancel();
    closeQuietly(connection);
    try {
      thread.join(settings.commandTimeout().toMillis() * 4);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void subscribeLoop() {
    long backoffMillis = settings.minReconnectBackoff().toMillis();
    boolean everConnected = false;
    while (!closed) {
      Subscriber subscriber = null;
      try {
        Connection opened = new Connection(address, config);
        connection = opened;
        if (closed) {
          closeQuietly(opened);
          break;
        }
        PubSubMode mode = forcedMode != null ? forcedMode : PubSubMode.of(opened);
        subscriber = new Subscriber(everConnected, mode);
        backoffMillis = settings.minReconnectBackoff().toMillis();
        everConnected = true;
        subscriber.wire.listen(opened, controlChannel.getBytes(StandardCharsets.UTF_8));
      } catch (JedisException e) {
        if (!closed) {
          LOG.warn("fan-out subscriber lost Redis at {}; reconnecting", address, e);
          trouble.lost(address, e);
        }
      } finally {
        closeQuietly(connection);
        synchronized (lock) {
          if (live == subscriber) {
            live = null;
          }
          leaving.clear();
        }
        events.down();
        if (subscriber != null) {
          subscriber.abandon();
        }
      }
      backoffMillis = waitBeforeReconnect(backoffMillis);
    }
  }

  /** Waits about {@code millis} (jittered, cut short by close) and returns the next backoff. */
  private long waitBeforeReconnect(long millis) {
    long jittered = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    synchronized (lock) {
      if (!closed) {
        try {
          lock.wait(Math.max(1, jittered));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          closed = true;
        }
      }
    }
    return Math.min(millis * 2, settings.maxReconnectBackoff().toMillis());
  }

  private void ping() {
    Subscriber subscriber;
    synchronized (lock) {
      subscriber = live;
    }
    if (subscriber == null) {
      return;
    }
    if (subscriber.unansweredPings.incrementAndGet() <= MAX_UNANSWERED_PINGS) {
      try {
        subscriber.wire.keepAlive();
        return;
      } catch (JedisException e) {
        LOG.warn("fan-out subscriber could not ping Redis at {}", address, e);
      }
    } else {
      LOG.warn(
          "fan-out subscriber got no answer to {} pings from {}", MAX_UNANSWERED_PINGS, address);
    }
    // Closing the socket makes the subscriber thread's read fail and reconnect.
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a broken Redis connection failed", e);
      }
    }
  }

  /**
   * The pub/sub state of one connection: its events run on the subscriber thread; its wire keeps
   * commands from interleaving on the connection, and channels are added and removed under the lock
   * so that they match {@code channels}.
   */
  private final class Subscriber implements PubSubMode.Events {
    private final boolean reconnected;
    private final PubSubMode mode;
    final PubSubMode.Wire wire;
    private final Confirmations pending = new Confirmations();
    final AtomicInteger unansweredPings = new AtomicInteger();

    Subscriber(boolean reconnected, PubSubMode mode) {
      this.reconnected = reconnected;
      this.mode = mode;
      this.wire = mode.wire(this, () -> keepAlive.publish(mode, controlChannel));
    }

    /** Sends SUBSCRIBE for {@code name}; the future completes when Redis confirms it. */
    CompletableFuture<Void> add(String name) {
      CompletableFuture<Void> confirmed = pending.expect(name);
      try {
        wire.add(name.getBytes(StandardCharsets.UTF_8));
      } catch (JedisException e) {
        // The connection is going; the reconnect subscribes the channel again and reports a gap.
        confirmed.complete(null);
      }
      return confirmed;
    }

    void remove(String name) {
      try {
        wire.remove(name.getBytes(StandardCharsets.UTF_8));
      } catch (JedisException e) {
        LOG.debug("unsubscribing {} on a broken connection; the reconnect skips it", name, e);
      }
    }

    void abandon() {
      pending.abandon();
    }

    @Override
    public void subscribed(byte[] channel) {
      String name = new String(channel, StandardCharsets.UTF_8);
      if (name.equals(controlChannel)) {
        connected();
        return;
      }
      pending.confirmed(name);
    }

    @Override
    public void unsubscribed(byte[] channel) {
      String name = new String(channel, StandardCharsets.UTF_8);
      synchronized (lock) {
        Integer asked = leaving.get(name);
        if (asked != null) {
          if (asked == 1) {
            leaving.remove(name);
          } else {
            leaving.put(name, asked - 1);
          }
          return;
        }
      }
      LOG.info("Redis at {} unsubscribed {} on its own", address, name);
      trouble.dropped(address, name);
    }

    @Override
    public void message(byte[] channel, byte[] message) {
      String name = new String(channel, StandardCharsets.UTF_8);
      if (name.equals(controlChannel)) {
        pong(); // A keep-alive, from this subscriber or another on the same server.
        return;
      }
      events.message(name, message);
    }

    @Override
    public void pong() {
      unansweredPings.set(0);
    }

    /** Subscribes every held channel again; each reports a gap once Redis confirmed it. */
    private void connected() {
      synchronized (lock) {
        if (closed) {
          return;
        }
        live = this;
        for (String name : channels) {
          // Whatever was published while this channel was not subscribed is lost.
          add(name).thenRun(() -> events.gap(name));
        }
      }
      events.up(mode, reconnected);
      firstConnection.complete(null);
      LOG.info("fan-out subscriber connected to Redis at {} ({} pub/sub)", address, mode);
    }
  }
}
