package io.livecomments.origin.redis;

import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Subscribing on a Redis Cluster with sharded pub/sub: each channel is held by a {@link
 * SubscriberConnection} to the master that owns its slot, one connection per master (not per
 * channel), each keeping a control channel of a slot that master owns.
 *
 * <p>Slots move: a master fails and its replica takes over, or an operator reshards. The routing
 * ({@link ClusterSlots}) is read again from the seed nodes whenever a connection is lost or fails
 * to reconnect, whenever a server unsubscribes a channel on its own (Redis does when its slot
 * leaves the node) and every {@code pingInterval} regardless. A channel whose slot has a new owner
 * is unsubscribed from the old connection and subscribed on the new owner's, and reported as a gap
 * once confirmed, exactly as after a reconnect: subscribers repair from the recent window. A
 * connection to a node that no longer owns slots, or whose control channel's slot left it, is
 * replaced. Refreshes run one at a time on their own thread ({@code lc-redis-cluster-routing}).
 *
 * <p>The constructor reads the slots and opens a connection to each master; {@link
 * #firstConnection} completes when all are up. {@link #close} closes every connection.
 */
final class ClusterSubscriber implements ChannelSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSubscriber.class);
  private static final int MAX_CONTROL_TRIES = 1_000_000;

  private final RedisSettings settings;
  private final Scheduler scheduler;
  private final Duration pingInterval;
  private final SubscriberConnection.KeepAlive keepAlive;
  private final Events events;
  private final List<HostAndPort> seeds = new ArrayList<>();
  private final JedisClientConfig config;
  private final ExecutorService routing;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private final Scheduler.Cancellable periodic;
  private final Object lock = new Object();
  private final Map<String, SubscriberConnection> routes = new HashMap<>(); // guarded by lock
  private final Map<HostAndPort, SubscriberConnection> nodes = new HashMap<>(); // guarded by lock
  private final Set<HostAndPort> up = new HashSet<>(); // guarded by lock
  private final CompletableFuture<Void> firstConnection;
  private volatile ClusterSlots slots = ClusterSlots.NONE;
  private volatile boolean closed;

  ClusterSubscriber(
      RedisSettings settings,
      Scheduler scheduler,
      Duration pingInterval,
      SubscriberConnection.KeepAlive keepAlive,
      Events events) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.pingInterval = Objects.requireNonNull(pingInterval, "pingInterval");
    this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    this.events = Objects.requireNonNull(events, "events");
    settings.seeds().forEach(n -> seeds.add(new HostAndPort(n.host(), n.port())));
    this.config = RedisConnections.clientConfig(settings, "lc-fanout-routing");
    this.routing =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "lc-redis-cluster-routing");
              t.setDaemon(true);
              return t;
            });
    List<CompletableFuture<Void>> connecting = new ArrayList<>();
    try {
      slots = ClusterSlots.read(seeds, config);
    } catch (JedisException e) {
      LOG.warn("no Redis Cluster node answered {}; retrying in the background", seeds, e);
    }
    synchronized (lock) {
      for (HostAndPort master : slots.masters()) {
        connecting.add(connection(master).firstConnection());
      }
    }
    this.firstConnection =
        connecting.isEmpty()
            ? new CompletableFuture<>()
            : CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new));
    this.periodic = scheduler.scheduleAtFixedRate(pingInterval, this::requestRefresh);
  }

  @Override
  public CompletableFuture<Void> add(String channel) {
    synchronized (lock) {
      if (closed || routes.containsKey(channel)) {
        return null;
      }
      HostAndPort owner = slots.ownerOf(channel);
      if (owner == null) {
        routes.put(channel, null); // Routed, and reported as a gap, by the next refresh.
        requestRefresh();
        return null;
      }
      SubscriberConnection connection = connection(owner);
      routes.put(channel, connection);
      return connection.add(channel);
    }
  }

  @Override
  public void remove(String channel) {
    synchronized (lock) {
      SubscriberConnection connection = routes.remove(channel);
      if (connection != null) {
        connection.remove(channel);
      }
    }
  }

  @Override
  public CompletableFuture<Void> firstConnection() {
    return firstConnection;
  }

  @Override
  public void close() {
    List<SubscriberConnection> open;
    synchronized (lock) {
      closed = true;
      open = new ArrayList<>(nodes.values());
      nodes.clear();
      routes.clear();
    }
    periodic.cancel();
    routing.shutdownNow();
    open.forEach(SubscriberConnection::close);
  }

  /** Queues one refresh of the routing unless one is queued already. */
  private void requestRefresh() {
    if (closed || !refreshQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      routing.execute(this::refresh);
    } catch (RejectedExecutionException e) {
      refreshQueued.set(false); // Closing.
    }
  }

  /** Reads the slots again and moves every channel, and connection, that is now misplaced. */
  private void refresh() {
    refreshQueued.set(false);
    ClusterSlots now;
    try {
      now = ClusterSlots.read(slots.askNext(seeds), config);
    } catch (JedisException e) {
      LOG.warn("no Redis Cluster node answered; keeping the routing as it was", e);
      return;
    }
    List<SubscriberConnection> retired = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      slots = now;
      for (Map.Entry<HostAndPort, SubscriberConnection> node : Map.copyOf(nodes).entrySet()) {
        SubscriberConnection connection = node.getValue();
        if (!node.getKey().equals(now.ownerOf(connection.controlChannel()))) {
          // Not a master any more, or its control channel's slot left it: start afresh.
          nodes.remove(node.getKey());
          up.remove(node.getKey());
          retired.add(connection);
        }
      }
      for (HostAndPort master : now.masters()) {
        connection(master);
      }
      for (Map.Entry<String, SubscriberConnection> route : routes.entrySet()) {
        String channel = route.getKey();
        HostAndPort owner = now.ownerOf(channel);
        SubscriberConnection held = route.getValue();
        if (owner == null || (held != null && nodes.get(owner) == held)) {
          continue;
        }
        if (held != null) {
          held.remove(channel);
        }
        SubscriberConnection moved = connection(owner);
        route.setValue(moved);
        LOG.info("fan-out channel {} moves to {}", channel, owner);
        CompletableFuture<Void> confirmed = moved.add(channel);
        if (confirmed != null) {
          confirmed.thenRun(() -> events.gap(channel));
        } // else: reported as a gap when that connection comes up.
      }
    }
    retired.forEach(SubscriberConnection::close);
  }

  /** The connection to {@code master}, opened if there is none; under the lock. */
  private SubscriberConnection connection(HostAndPort master) {
    SubscriberConnection existing = nodes.get(master);
    if (existing != null) {
      return existing;
    }
    SubscriberConnection opened =
        new SubscriberConnection(
            master,
            settings,
            controlChannelOn(master),
            PubSubMode.SHARDED,
            scheduler,
            pingInterval,
            keepAlive,
            new NodeEvents(master),
            new Trouble());
    nodes.put(master, opened);
    return opened;
  }

  /** A control channel whose slot {@code master} owns now. */
  private String controlChannelOn(HostAndPort master) {
    RedisKeys keys = settings.keys();
    for (int n = 0; n < MAX_CONTROL_TRIES; n++) {
      String candidate = keys.control(n);
      if (master.equals(slots.ownerOf(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException(master + " owns no slot");
  }

  /** One node's events: messages and gaps as they are, connection state summed over nodes. */
  private final class NodeEvents implements Events {
    private final HostAndPort node;

    NodeEvents(HostAndPort node) {
      this.node = node;
    }

    @Override
    public void message(String channel, byte[] message) {
      events.message(channel, message);
    }

    @Override
    public void gap(String channel) {
      events.gap(channel);
    }

    @Override
    public void up(PubSubMode mode, boolean reconnected) {
      boolean all;
      synchronized (lock) {
        if (nodes.containsKey(node)) {
          up.add(node);
        }
        all = up.containsAll(nodes.keySet());
      }
      if (all) {
        events.up(mode, reconnected);
      }
    }

    @Override
    public void down() {
      synchronized (lock) {
        up.remove(node);
      }
      events.down();
    }
  }

  /** Any trouble on a connection may mean slots moved: look again. */
  private final class Trouble implements SubscriberConnection.Trouble {
    @Override
    public void lost(HostAndPort address, JedisException cause) {
      requestRefresh();
    }

    @Override
    public void dropped(HostAndPort address, String channel) {
      requestRefresh();
    }
  }
}
