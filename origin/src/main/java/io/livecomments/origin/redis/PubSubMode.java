package io.livecomments.origin.redis;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.BinaryJedisShardedPubSub;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Which pub/sub commands {@link RedisFanoutBus} uses on a server: sharded ({@code SPUBLISH}/{@code
 * SSUBSCRIBE}, Redis 7.0 and later) or plain ({@code PUBLISH}/{@code SUBSCRIBE}). The two are
 * separate namespaces on the server (a plain subscriber never sees a sharded publish), so every
 * publisher and subscriber of a server must pick the same mode; deciding by the server's {@code
 * redis_version} makes them agree without configuration.
 *
 * <p>Sharded pub/sub is preferred because on a cluster it keeps each channel's traffic on the node
 * that owns its slot instead of broadcasting it across the cluster bus; on a standalone server the
 * two behave alike.
 */
enum PubSubMode {
  PLAIN {
    @Override
    void publish(UnifiedJedis redis, byte[] channel, byte[] message) {
      redis.publish(channel, message);
    }

    @Override
    Wire wire(Events events, Runnable keepAlive) {
      return new PlainWire(events);
    }
  },
  SHARDED {
    @Override
    void publish(UnifiedJedis redis, byte[] channel, byte[] message) {
      if (redis instanceof RedisClusterClient cluster) {
        cluster.spublish(channel, message); // to the node owning the channel's slot
      } else {
        redis.executeCommand(
            new CommandArguments(Protocol.Command.SPUBLISH).add(channel).add(message));
      }
    }

    @Override
    Wire wire(Events events, Runnable keepAlive) {
      return new ShardedWire(events, keepAlive);
    }
  };

  private static final Pattern VERSION =
      Pattern.compile("^redis_version:(\\d+)\\.", Pattern.MULTILINE);
  private static final int FIRST_SHARDED_MAJOR = 7;

  /** Publishes {@code message} on {@code channel} with this mode's command. */
  abstract void publish(UnifiedJedis redis, byte[] channel, byte[] message);

  /**
   * A subscriber connection's pub/sub state in this mode, reporting to {@code events}. {@code
   * keepAlive} is how a sharded subscriber is pinged: Jedis's sharded pub/sub neither sends {@code
   * PING} nor understands its reply, so the bus publishes a message on the control channel instead,
   * and its arrival counts as the pong.
   */
  abstract Wire wire(Events events, Runnable keepAlive);

  /**
   * The mode for the server behind {@code connection}, asked once with {@code INFO server}; plain
   * when the server refuses to say (a renamed or forbidden {@code INFO}).
   *
   * @throws redis.clients.jedis.exceptions.JedisConnectionException when the connection fails
   */
  static PubSubMode of(Connection connection) {
    Object reply;
    try {
      reply = connection.executeCommand(new CommandArguments(Protocol.Command.INFO).add("server"));
    } catch (JedisDataException e) {
      return PLAIN;
    }
    return fromInfo(reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "");
  }

  /** The mode for the server that answered {@code INFO server} with {@code info}. */
  static PubSubMode fromInfo(String info) {
    Matcher version = VERSION.matcher(info);
    if (version.find() && Integer.parseInt(version.group(1)) >= FIRST_SHARDED_MAJOR) {
      return SHARDED;
    }
    return PLAIN;
  }

  /** What a subscriber connection reports; called on the thread that runs {@link Wire#listen}. */
  interface Events {
    void subscribed(byte[] channel);

    /** Redis confirmed unsubscribing {@code channel}, asked for or not (a slot that moved). */
    void unsubscribed(byte[] channel);

    void message(byte[] channel, byte[] message);

    void pong();
  }

  /**
   * One subscriber connection's pub/sub commands. {@link #listen} blocks its caller reading the
   * connection until it fails or every channel is unsubscribed; the other methods may be called
   * from any thread and are serialized so that commands never interleave on the connection.
   */
  interface Wire {
    void listen(Connection connection, byte[] firstChannel);

    void add(byte[] channel);

    void remove(byte[] channel);

    /** Asks for a sign of life that arrives through {@link Events#pong}. */
    void keepAlive();
  }

  private static final class PlainWire extends BinaryJedisPubSub implements Wire {
    private final Events events;

    PlainWire(Events events) {
      this.events = events;
    }

    @Override
    public void listen(Connection connection, byte[] firstChannel) {
      proceed(connection, new byte[][] {firstChannel});
    }

    @Override
    public synchronized void add(byte[] channel) {
      subscribe(new byte[][] {channel});
    }

    @Override
    public synchronized void remove(byte[] channel) {
      unsubscribe(new byte[][] {channel});
    }

    @Override
    public synchronized void keepAlive() {
      ping();
    }

    @Override
    public void onSubscribe(byte[] channel, int subscribedChannels) {
      events.subscribed(channel);
    }

    @Override
    public void onUnsubscribe(byte[] channel, int subscribedChannels) {
      events.unsubscribed(channel);
    }

    @Override
    public void onMessage(byte[] channel, byte[] message) {
      events.message(channel, message);
    }

    @Override
    public void onPong(byte[] pattern) {
      events.pong();
    }
  }

  private static final class ShardedWire extends BinaryJedisShardedPubSub implements Wire {
    private final Events events;
    private final Runnable keepAlive;

    ShardedWire(Events events, Runnable keepAlive) {
      this.events = events;
      this.keepAlive = keepAlive;
    }

    @Override
    public void listen(Connection connection, byte[] firstChannel) {
      proceed(connection, new byte[][] {firstChannel});
    }

    @Override
    public synchronized void add(byte[] channel) {
      ssubscribe(new byte[][] {channel});
    }

    @Override
    public synchronized void remove(byte[] channel) {
      sunsubscribe(new byte[][] {channel});
    }

    @Override
    public void keepAlive() {
      keepAlive.run();
    }

    @Override
    public void onSSubscribe(byte[] channel, int subscribedChannels) {
      events.subscribed(channel);
    }

    @Override
    public void onSUnsubscribe(byte[] channel, int subscribedChannels) {
      events.unsubscribed(channel);
    }

    @Override
    public void onSMessage(byte[] channel, byte[] message) {
      events.message(channel, message);
    }
  }
}
