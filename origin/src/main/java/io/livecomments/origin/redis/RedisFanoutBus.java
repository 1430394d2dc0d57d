package io.livecomments.origin.redis;

import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.fanout.BusSubscription;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.json.CommentJson;
import io.livecomments.time.DaemonThreads;
import io.livecomments.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The production {@link FanoutBus}: Redis pub/sub, one channel per video ({@code
 * <prefix>:fanout:<videoId>}) carrying each batch as its wire JSON. The channels are sharded
 * ({@code SPUBLISH}/{@code SSUBSCRIBE}) on Redis 7.0 and later and plain ({@code PUBLISH}/{@code
 * SUBSCRIBE}) before, decided from the server's version ({@link PubSubMode}) on every subscriber
 * connection and on the first publish, so all buses on one server use the same namespace.
 *
 * <p>Subscribing: all subscriptions of the bus share one subscriber connection, owned by one thread
 * ({@code lc-redis-fanout-subscriber}). A video's channel is subscribed with its first subscription
 * and unsubscribed with its last, so an origin only receives the videos it streams. {@code
 * subscribe} returns once Redis confirmed the channel (bounded by the command timeout), so every
 * batch published afterwards reaches it. The connection also holds a control channel, so it stays
 * subscribed while no video is, and is pinged every {@code pingInterval}: three unanswered pings
 * close it as dead. A plain subscriber is pinged with {@code PING}; a sharded one, which Jedis
 * cannot ping, by publishing a keep-alive on the control channel, whose arrival counts as the
 * answer.
 *
 * <p>Delivery is at most once. When the connection drops the thread reconnects with jittered
 * exponential backoff (settings' min to max), subscribes every live channel again and then calls
 * each subscription's {@code onGap}; batches published meanwhile are lost and must be repaired from
 * the recent window or the store. Listeners run on the bus's delivery threads, each subscription in
 * order and never concurrently with itself, through a bounded queue ({@link SerialDelivery}); a
 * subscription that falls behind by {@code queuePerSubscription} batches loses the newest ones and
 * is told of a gap. Batches of one video published from one thread arrive in publish order.
 *
 * <p>Publishing: {@code SPUBLISH} (or {@code PUBLISH}) over a pooled connection, bounded by the
 * command timeout, retried once on a broken connection (a duplicate is harmless: subscribers drop
 * seqs they have). When Redis cannot be reached the batch is dropped and counted in {@link
 * RedisMetrics}: the bus is at most once, and subscribers learn of the outage through {@code onGap}
 * when their connection comes back.
 *
 * <p>One shared subscriber connection to a standalone Redis (or one node) is what this class does:
 * on Redis Cluster sharded pub/sub needs one subscriber connection per shard and re-subscribing
 * when slots move, which it does not do.
 *
 * <p>The constructor starts the subscriber and waits up to the connect timeout for its first
 * connection; if Redis is down it returns anyway and keeps trying in the background.
 *
 * <p>{@link #close} stops the subscriber, drops every subscription (no listener is called after it
 * returns, bar one already running) and closes the connections; publishing afterwards does nothing.
 */
public final class RedisFanoutBus implements FanoutBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisFanoutBus.class);
  private static final int MAX_UNANSWERED_PINGS = 3;
  private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.UTF_8);

  /** Threads and bounds of the bus. */
  public record Tuning(int deliveryThreads, int queuePerSubscription, Duration pingInterval) {
    public static final Tuning DEFAULT = new Tuning(2, 1_000, Duration.ofSeconds(5));

    public Tuning {
      if (deliveryThreads < 1) {
        throw new IllegalArgumentException(
            "deliveryThreads must be at least 1: " + deliveryThreads);
      }
      if (queuePerSubscription < 1) {
        throw new IllegalArgumentException(
            "queuePerSubscription must be at least 1: " + queuePerSubscription);
      }
      if (pingInterval == null || pingInterval.toMillis() < 1) {
        throw new IllegalArgumentException("pingInterval must be at least 1 ms: " + pingInterval);
      }
    }
  }

  private final RedisSettings settings;
  private final RedisConnections publisher;
  private final CommentJson json;
  private final RedisMetrics metrics;
  private final Tuning tuning;
  private final JedisClientConfig subscriberConfig;
  private final String controlChannel;
  private final PubSubMode forcedMode;
  private final ExecutorService delivery;
  private final Thread subscriberThread;
  private final Scheduler.Cancellable pings;
  private final Object lock = new Object();
  // Written under lock; read without it by the subscriber thread to dispatch messages.
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private Subscriber live; // guarded by lock: the connection's pub/sub once it is subscribed
  private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
  private volatile Connection connection;
  private volatile PubSubMode mode; // the server's, once a connection asked it
  private volatile boolean closed;

  public RedisFanoutBus(
      RedisSettings settings,
      CommentJson json,
      Scheduler scheduler,
      RedisMetrics metrics,
      Tuning tuning) {
    this(settings, json, scheduler, metrics, tuning, null);
  }

  /** As the public one, but with {@code forcedMode} instead of the server's when not null. */
  RedisFanoutBus(
      RedisSettings settings,
      CommentJson json,
      Scheduler scheduler,
      RedisMetrics metrics,
      Tuning tuning,
      PubSubMode forcedMode) {
    this.forcedMode = forcedMode;
    this.mode = forcedMode;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.json = Objects.requireNonNull(json, "json");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
    this.subscriberConfig = RedisConnections.clientConfig(settings, "lc-fanout-subscriber");
    this.controlChannel = settings.key("fanout-control", "keepalive");
    this.delivery =
        Executors.newFixedThreadPool(
            tuning.deliveryThreads(), DaemonThreads.numbered("lc-redis-fanout"));
    this.publisher = new RedisConnections(settings, "lc-fanout-publisher");
    metrics.fanoutConnected(false);
    this.subscriberThread = new Thread(this::subscribeLoop, "lc-redis-fanout-subscriber");
    subscriberThread.setDaemon(true);
    subscriberThread.start();
    this.pings = scheduler.scheduleAtFixedRate(tuning.pingInterval(), this::ping);
    // So that subscriptions made right away on a healthy Redis see every later batch.
    awaitConfirmation(
        "the first connection",
        firstConnection,
        settings.connectTimeout().plus(settings.commandTimeout()));
  }

  @Override
  public void publish(CommentBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed) {
      return;
    }
    byte[] channel = channelName(batch.videoId()).getBytes(StandardCharsets.UTF_8);
    byte[] payload = json.batch(batch);
    try {
      PubSubMode m = mode();
      publisher.call(
          r -> {
            m.publish(r, channel, payload);
            return null;
          });
    } catch (JedisException e) {
      metrics.publishFailed();
      LOG.warn(
          "batch {}..{} of {} not published (at most once)",
          batch.firstSeq(),
          batch.lastSeq(),
          batch.videoId(),
          e);
    }
  }

  @Override
  public BusSubscription subscribe(VideoId videoId, Consumer<CommentBatch> listener) {
    return subscribe(videoId, listener, () -> {});
  }

  @Override
  public BusSubscription subscribe(
      VideoId videoId, Consumer<CommentBatch> listener, Runnable onGap) {
    Objects.requireNonNull(videoId, "videoId");
    String name = channelName(videoId);
    SerialDelivery subscription =
        new SerialDelivery(name, listener, onGap, delivery, tuning.queuePerSubscription());
    CompletableFuture<Void> confirmed;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("fan-out bus is closed");
      }
      Channel channel = channels.get(name);
      if (channel == null) {
        channel = new Channel();
        channels.put(name, channel);
        channel.confirmed = live == null ? null : live.add(name);
      }
      channel.subscriptions.add(subscription);
      confirmed = channel.confirmed;
    }
    awaitConfirmation(name, confirmed, settings.commandTimeout());
    return () -> unsubscribe(name, subscription);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      channels.values().forEach(c -> c.subscriptions.forEach(SerialDelivery::close));
      channels.clear();
      lock.notifyAll();
    }
    pings.cancel();
    closeQuietly(connection);
    try {
      subscriberThread.join(settings.commandTimeout().toMillis() * 4);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    delivery.shutdown();
    publisher.close();
  }

  private void unsubscribe(String name, SerialDelivery subscription) {
    subscription.close();
    synchronized (lock) {
      Channel channel = channels.get(name);
      if (channel == null
          || !channel.subscriptions.remove(subscription)
          || !channel.subscriptions.isEmpty()) {
        return;
      }
      channels.remove(name);
      if (live != null) {
        live.remove(name);
      }
    }
  }

  /** The server's pub/sub mode, asked over the publisher's pool if no subscriber connected yet. */
  private PubSubMode mode() {
    PubSubMode known = mode;
    if (known == null) {
      known = publisher.call(r -> PubSubMode.fromInfo(r.info("server")));
      mode = known;
    }
    return known;
  }

  private static void awaitConfirmation(
      String what, CompletableFuture<Void> confirmed, Duration timeout) {
    if (confirmed == null) {
      return; // Not connected: the channel is subscribed on reconnect and told of the gap.
    }
    try {
      confirmed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("Redis did not confirm subscribing {} within {}", what, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void subscribeLoop() {
    HostAndPort address = new HostAndPort(settings.host(), settings.port());
    long backoffMillis = settings.minReconnectBackoff().toMillis();
    boolean everConnected = false;
    while (!closed) {
      Subscriber subscriber = null;
      try {
        Connection opened = new Connection(address, subscriberConfig);
        connection = opened;
        if (closed) {
          closeQuietly(opened);
          break;
        }
        PubSubMode detected = forcedMode != null ? forcedMode : PubSubMode.of(opened);
        mode = detected;
        subscriber = new Subscriber(everConnected, detected);
        backoffMillis = settings.minReconnectBackoff().toMillis();
        everConnected = true;
        subscriber.wire.listen(opened, controlChannel.getBytes(StandardCharsets.UTF_8));
      } catch (JedisException e) {
        if (!closed) {
          LOG.warn("fan-out subscriber lost Redis at {}; reconnecting", address, e);
        }
      } finally {
        closeQuietly(connection);
        synchronized (lock) {
          if (live == subscriber) {
            live = null;
          }
        }
        metrics.fanoutConnected(false);
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
        LOG.warn("fan-out subscriber could not ping Redis", e);
      }
    } else {
      LOG.warn("fan-out subscriber got no answer to {} pings", MAX_UNANSWERED_PINGS);
    }
    // Closing the socket makes the subscriber thread's read fail and reconnect.
    closeQuietly(connection);
  }

  private void dispatch(String name, byte[] message) {
    Channel channel = channels.get(name);
    if (channel == null) {
      return; // Unsubscribed while the message was on its way.
    }
    CommentBatch batch;
    try {
      batch = json.readBatch(new String(message, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      LOG.warn("unreadable message on {}; its subscribers are told of a gap", name, e);
      gap(channel);
      return;
    }
    for (SerialDelivery subscription : channel.subscriptions) {
      if (!subscription.offer(batch)) {
        metrics.fanoutGap();
      }
    }
  }

  private void gap(Channel channel) {
    for (SerialDelivery subscription : channel.subscriptions) {
      subscription.gap();
      metrics.fanoutGap();
    }
  }

  /** A sharded subscriber's ping: unanswered while Redis is unreachable, like a lost PING. */
  private void publishKeepAlive(PubSubMode m) {
    byte[] channel = controlChannel.getBytes(StandardCharsets.UTF_8);
    try {
      publisher.call(
          r -> {
            m.publish(r, channel, KEEP_ALIVE);
            return null;
          });
    } catch (JedisException e) {
      LOG.debug("fan-out keep-alive not published", e);
    }
  }

  private String channelName(VideoId videoId) {
    return settings.key("fanout", videoId.value());
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

  /** A subscribed video: its subscriptions and whether Redis confirmed the channel yet. */
  private static final class Channel {
    final CopyOnWriteArrayList<SerialDelivery> subscriptions = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> confirmed; // guarded by lock
  }

  /**
   * The pub/sub state of one connection: its events run on the subscriber thread; its wire keeps
   * commands from interleaving on the connection, and channels are added and removed under the
   * bus's lock so that they match {@code channels}.
   */
  private final class Subscriber implements PubSubMode.Events {
    private final boolean reconnected;
    final PubSubMode.Wire wire;
    // Redis confirms the SUBSCRIBEs of one channel in the order they were sent.
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> pending = new HashMap<>();
    final AtomicInteger unansweredPings = new AtomicInteger();

    Subscriber(boolean reconnected, PubSubMode mode) {
      this.reconnected = reconnected;
      this.wire = mode.wire(this, () -> publishKeepAlive(mode));
    }

    /** Sends SUBSCRIBE for {@code name}; the future completes when Redis confirms it. */
    CompletableFuture<Void> add(String name) {
      CompletableFuture<Void> confirmed = new CompletableFuture<>();
      synchronized (pending) {
        pending.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(confirmed);
      }
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

    /** Releases everyone waiting for a confirmation that will not come on this connection. */
    void abandon() {
      synchronized (pending) {
        pending.values().forEach(q -> q.forEach(f -> f.complete(null)));
        pending.clear();
      }
    }

    @Override
    public void subscribed(byte[] channel) {
      String name = new String(channel, StandardCharsets.UTF_8);
      if (name.equals(controlChannel)) {
        connected();
        return;
      }
      CompletableFuture<Void> confirmed;
      synchronized (pending) {
        ArrayDeque<CompletableFuture<Void>> queue = pending.get(name);
        confirmed = queue == null ? null : queue.pollFirst();
        if (queue != null && queue.isEmpty()) {
          pending.remove(name);
        }
      }
      if (confirmed != null) {
        confirmed.complete(null);
      }
    }

    @Override
    public void message(byte[] channel, byte[] message) {
      String name = new String(channel, StandardCharsets.UTF_8);
      if (name.equals(controlChannel)) {
        pong(); // A keep-alive, from this bus or another on the same server.
        return;
      }
      dispatch(name, message);
    }

    @Override
    public void pong() {
      unansweredPings.set(0);
    }

    /** Subscribes every live channel again; each reports a gap once Redis confirmed it. */
    private void connected() {
      synchronized (lock) {
        if (closed) {
          return;
        }
        live = this;
        for (Map.Entry<String, Channel> entry : channels.entrySet()) {
          Channel channel = entry.getValue();
          CompletableFuture<Void> confirmed = add(entry.getKey());
          channel.confirmed = confirmed;
          // Whatever was published while this channel was not subscribed is lost.
          confirmed.thenRun(() -> gap(channel));
        }
      }
      metrics.fanoutConnected(true);
      firstConnection.complete(null);
      if (reconnected) {
        metrics.fanoutReconnected();
      }
      LOG.info(
          "fan-out subscriber connected to Redis at {}:{} ({} pub/sub)",
          settings.host(),
          settings.port(),
          mode);
    }
  }
}
