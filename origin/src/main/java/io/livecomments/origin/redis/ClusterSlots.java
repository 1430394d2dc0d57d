package io.livecomments.origin.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Which master node owns each of a Redis Cluster's 16384 slots, as one node answered {@code CLUSTER
 * SLOTS}: what {@link ClusterSubscriber} routes channels by. A slot no node serves (during a
 * failover's election, say) has no owner. Immutable.
 */
final class ClusterSlots {
  static final int SLOTS = 16384;
  static final ClusterSlots NONE = new ClusterSlots(new HostAndPort[SLOTS]);

  private final HostAndPort[] owners;

  private ClusterSlots(HostAndPort[] owners) {
    this.owners = owners;
  }

  /** The slot of a key or channel name (its hash tag's, if it has one). */
  static int slot(String name) {
    return JedisClusterCRC16.getSlot(name);
  }

  /** The master serving {@code slot}, or null when none does. */
  HostAndPort owner(int slot) {
    return owners[slot];
  }

  /** The master serving the slot of {@code name}, or null. */
  HostAndPort ownerOf(String name) {
    return owners[slot(name)];
  }

  /** Every master that serves at least one slot. */
  Set<HostAndPort> masters() {
    Set<HostAndPort> masters = new LinkedHashSet<>();
    for (HostAndPort owner : owners) {
      if (owner != null) {
        masters.add(owner);
      }
    }
    return masters;
  }

  /**
   * Asks each of {@code nodes} in turn until one answers.
   *
   * @throws JedisException when none does
   */
  static ClusterSlots read(Collection<HostAndPort> nodes, JedisClientConfig config) {
    JedisException last = new JedisException("no Redis Cluster node to ask for its slots");
    for (HostAndPort node : nodes) {
      try (Connection connection = new Connection(node, config)) {
        Object reply =
            connection.executeCommand(new CommandArguments(Protocol.Command.CLUSTER).add("SLOTS"));
        return parse((List<?>) reply);
      } catch (JedisException e) {
        last = e;
      }
    }
    throw last;
  }

  /** {@code CLUSTER SLOTS}: per range, start, end, then the master as (host, port, id, ...). */
  static ClusterSlots parse(List<?> reply) {
    HostAndPort[] owners = new HostAndPort[SLOTS];
    for (Object entry : reply) {
      List<?> range = (List<?>) entry;
      int start = ((Long) range.get(0)).intValue();
      int end = ((Long) range.get(1)).intValue();
      List<?> master = (List<?>) range.get(2);
      HostAndPort owner =
          new HostAndPort(
              new String((byte[]) master.get(0), StandardCharsets.UTF_8),
              ((Long) master.get(1)).intValue());
      for (int slot = start; slot <= end; slot++) {
        owners[slot] = owner;
      }
    }
    return new ClusterSlots(owners);
  }

  /** Every node worth asking next time: {@code seeds}, then the masters known now. */
  List<HostAndPort> askNext(Collection<HostAndPort> seeds) {
    Set<HostAndPort> nodes = new LinkedHashSet<>(seeds);
    nodes.addAll(masters());
    return new ArrayList<>(nodes);
  }
}
