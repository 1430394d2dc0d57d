package io.livecomments.origin.redis;

import static org.awaitility.Awaitility.await;

import io.livecomments.harness.RealServers;
import io.livecomments.origin.backends.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.MigrateParams;

/**
 * A real Redis Cluster for one test class: three masters with one replica each, six {@code
 * redis-server}s (the Debian package) on free loopback ports, joined with {@code redis-cli
 * --cluster create}. A peer is declared failed after one second, so a replica takes over from a
 * stopped master within a few. {@link #close} stops every node. When it cannot start, the test
 * class fails under {@code CI=true} and is skipped otherwise ({@link TestServers#cannotStart}).
 */
public final class RedisClusterProcess implements AutoCloseable {
  static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final int NODES = 6;

  private final List<RedisServerProcess> nodes = new ArrayList<>();

  private RedisClusterProcess() {}

  /** Starts the six nodes and joins them, or fails (CI) / skips (elsewhere) the test class. */
  public static RedisClusterProcess start() {
    RedisClusterProcess cluster = new RedisClusterProcess();
    try {
      for (int i = 0; i < NODES; i++) {
        cluster.nodes.add(
            RedisServerProcess.startClusterNode(
                RealServers.freeLoopbackPort(), RealServers.freeLoopbackPort(), NODE_TIMEOUT));
      }
      cluster.create();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw TestServers.cannotStart("Redis Cluster (apt-get install -y redis-server)", e);
    } catch (InterruptedException e) {
      cluster.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Cluster-mode settings naming every node as a seed, with a key prefix of their own, as {@code
   * redis://h1:p1,h2:p2,...} with {@code --redis-cluster} reads.
   */
  public RedisSettings settings() {
    String seeds =
        nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    return RedisSettings.fromUri("redis://" + seeds + "/" + prefix, true)
        .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  /** The master serving the slot of {@code key} now, as a live node sees it. */
  public HostAndPort masterOf(String key) {
    return slots().ownerOf(key);
  }

  /** The masters serving slots now, as a live node sees them. */
  public List<HostAndPort> masters() {
    return List.copyOf(slots().masters());
  }

  /**
   * Kills the node at {@code node} (SIGKILL): a crash, not a shutdown, which on Redis 7 would first
   * let its replicas catch up.
   */
  public void crash(HostAndPort node) {
    nodes.stream().filter(n -> n.port() == node.getPort()).forEach(RedisServerProcess::crash);
  }

  /** Waits until a live node names a master for {@code key} other than {@code old}. */
  public HostAndPort awaitNewMasterOf(String key, HostAndPort old, Duration within) {
    await("a new master for " + key)
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> masterOf(key) != null && !old.equals(masterOf(key)));
    return masterOf(key);
  }

  /**
   * Moves the slot of {@code key}, keys and all, from its master to {@code target}, the steps
   * {@code redis-cli --cluster reshard} takes for each slot: IMPORTING and MIGRATING, {@code
   * MIGRATE} of the slot's keys, then {@code SETSLOT NODE} on every master.
   */
  public void migrateSlotOf(String key, HostAndPort target) {
    int slot = ClusterSlots.slot(key);
    HostAndPort source = masterOf(key);
    try (Jedis from = jedis(source);
        Jedis to = jedis(target)) {
      String sourceId = from.clusterMyId();
      String targetId = to.clusterMyId();
      to.clusterSetSlotImporting(slot, sourceId);
      from.clusterSetSlotMigrating(slot, targetId);
      List<String> keys;
      while (!(keys = from.clusterGetKeysInSlot(slot, 100)).isEmpty()) {
        from.migrate(
            target.getHost(),
            target.getPort(),
            5_000,
            MigrateParams.migrateParams(),
            keys.toArray(String[]::new));
      }
      to.clusterSetSlotNode(slot, targetId);
      from.clusterSetSlotNode(slot, targetId);
      for (HostAndPort master : masters()) {
        if (!master.equals(source) && !master.equals(target)) {
          try (Jedis other = jedis(master)) {
            other.clusterSetSlotNode(slot, targetId);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    nodes.forEach(RedisServerProcess::close);
  }

  private ClusterSlots slots() {
    List<HostAndPort> live = new ArrayList<>();
    for (RedisServerProcess node : nodes) {
      if (node.isRunning()) {
        live.add(new HostAndPort("127.0.0.1", node.port()));
      }
    }
    return ClusterSlots.read(
        live, DefaultJedisClientConfig.builder().socketTimeoutMillis(500).build());
  }

  private void create() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = create.getInputStream().readAllBytes();
    if (!create.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || create.exitValue() != 0) {
      create.destroyForcibly();
      throw new IllegalStateException(
          "redis-cli --cluster create failed: " + new String(output, StandardCharsets.UTF_8));
    }
    // Every node must agree the cluster is whole, replicas included, before tests fail it over.
    await("Redis Cluster ready")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(this::ready);
  }

  private boolean ready() {
    for (RedisServerProcess node : nodes) {
      try (Jedis jedis = jedis(new HostAndPort("127.0.0.1", node.port()))) {
        String info = jedis.clusterInfo();
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:6")) {
          return false;
        }
        String replication = jedis.info("replication");
        if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
          return false;
        }
      } catch (JedisException e) {
        return false;
      }
    }
    return true;
  }

  private static Jedis jedis(HostAndPort node) {
    return new Jedis(node.getHost(), node.getPort(), 2_000);
  }
}
