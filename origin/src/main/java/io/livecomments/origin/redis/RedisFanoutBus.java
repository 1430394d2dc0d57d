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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The production {@link FanoutBus}: Redis pub/sub, one channel per video ({@link RedisKeys#fanout})
 * carrying each batch as its wire JSON. The channels are sharded ({@code SPUBLISH}/{@code
 * SSUBSCRIBE}) on Redis 7.0 and later and plain ({@code PUBLISH}/{@code SUBSCRIBE}) before, decided
 * from the server's version ({@link PubSubMode}) on every subscriber connection and on the first
 * publish, so all buses on one server use the same namespace.
 *
 * <p>Subscribing: all subscriptions of the bus share one {@link SubscriberConnection} (its own
 * thread, reconnects, keep-alives); on a Redis Cluster, one per shard master ({@link
 * ClusterSubscriber}, which follows slots that move). A video's channel is subscribed with its
 * first subscription and unsubscribed with its last, so an origin only receives the videos it
 * streams. {@code subscribe} returns once Redis confirmed the channel (bounded by the command
 * timeout), so every batch published afterwards reaches it.
 *
 * <p>Delivery is at most once. When the connection drops it reconnects, subscribes every live
 * channel again and then each subscription's {@code onGap} is called; batches published meanwhile
 * are lost and must be repaired from the recent window or the store. Listeners run on the bus's
 * delivery threads, each subscription in order and never concurrently with itself, through a
 * bounded queue ({@link SerialDelivery}); a subscription that falls behind by {@code
 * queuePerSubscription} batches loses the newest ones and is told of a gap. Batches of one video
 * published from one thread arrive in publish order.
 *
 * <p>Publishing: {@code SPUBLISH} (or {@code PUBLISH}) over a pooled connection, bounded by the
 * command timeout, retried once on a broken connection (a duplicate is harmless: subscribers drop
 * seqs they have). When Redis cannot be reached the batch is dropped and counted in {@link
 * RedisMetrics}: the bus is at most once, and subscribers learn of the outage through {@code onGap}
 * when their connection comes back.
 *
 * <p>The constructor starts the subscriber and waits up to the connect timeout for its first
 * connection; if Redis is down it returns anyway and keeps trying in the background.
 *
 * <p>{@link #close} stops the subscriber, drops every subscription (no listener is called after it
 * returns, bar one already running) and closes the connections; publishing afterwards does nothing.
 */
public final class RedisFanoutBus implements FanoutBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisFanoutBus.class);
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
  private final ExecutorService delivery;
  private final ChannelSubscriber subscriber;
  private final Object lock = new Object();
  // Written under lock; read without it by the subscriber threads to dispatch messages.
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
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
    // A cluster has sharded pub/sub (Redis 7+); publishing with PUBLISH would flood every node.
    this.mode = settings.cluster() ? PubSubMode.SHARDED : forcedMode;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.json = Objects.requireNonNull(json, "json");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
    this.delivery =
        Executors.newFixedThreadPool(
            tuning.deliveryThreads(), DaemonThreads.numbered("lc-redis-fanout"));
    this.publisher = new RedisConnections(settings, "lc-fanout-publisher");
    metrics.fanoutConnected(false);
    this.subscriber =
        settings.cluster()
            ? new ClusterSubscriber(
                settings, scheduler, tuning.pingInterval(), this::publishKeepAlive, new Events())
            : new SubscriberConnection(
                new HostAndPort(settings.host(), settings.port()),
                settings,
                settings.keys().control(0),
                forcedMode,
                scheduler,
                tuning.pingInterval(),
                this::publishKeepAlive,
                new Events(),
                SubscriberConnection.Trouble.NONE);
    // So that subscriptions made right away on a healthy Redis see every later batch.
    awaitConfirmation(
        "the first connection",
        subscriber.firstConnection(),
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
        channel.confirmed = subscriber.add(name);
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
    }
    subscriber.close();
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
      subscriber.remove(name);
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
  private void publishKeepAlive(PubSubMode m, String controlChannel) {
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
    return settings.keys().fanout(videoId);
  }

  /** A subscribed video: its subscriptions and whether Redis confirmed the channel yet. */
  private static final class Channel {
    final CopyOnWriteArrayList<SerialDelivery> subscriptions = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> confirmed; // guarded by lock
  }

  /** What the subscriber reports: batches to dispatch, gaps, and its connection for metrics. */
  private final class Events implements ChannelSubscriber.Events {
    @Override
    public void message(String channel, byte[] message) {
      dispatch(channel, message);
    }

    @Override
    public void gap(String name) {
      Channel channel = channels.get(name);
      if (channel != null) {
        RedisFanoutBus.this.gap(channel);
      }
    }

    @Override
    public void up(PubSubMode connectedMode, boolean reconnected) {
      mode = connectedMode;
      metrics.fanoutConnected(true);
      if (reconnected) {
        metrics.fanoutReconnected();
      }
    }

    @Override
    public void down() {
      metrics.fanoutConnected(false);
    }
  }
}
