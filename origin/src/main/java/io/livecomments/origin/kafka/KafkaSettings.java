package io.livecomments.origin.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where and how {@link KafkaCommentLog} talks to Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topic the comment topic; every video maps to one of its partitions by key
 * @param clientId prefix of the producer's and consumers' {@code client.id}
 * @param sendTimeout bound on an append: how long it may block the caller (metadata unknown, buffer
 *     full) and, separately, how long its future may wait for the broker's acknowledgement
 * @param assignmentTimeout how long {@link KafkaCommentLog#subscribe} waits for its group to assign
 *     partitions before returning anyway
 * @param redeliveryBackoff how long a subscription waits before redelivering a run its listener
 *     failed on
 * @param newGroupsFromStart where a group without committed offsets starts: at the start of each
 *     partition (what the origin's own groups need: nothing posted before their first assignment is
 *     skipped) or, when false, at its end as of the assignment (the {@link
 *     io.livecomments.log.CommentLog} contract for new groups)
 * @param maxUnhandled comments a subscription's listener may hold taken but not handled before the
 *     subscription pauses its partitions (it may exceed this by one poll's records less one)
 * @param security TLS and authentication of every client's connections
 */
public record KafkaSettings(
    String bootstrapServers,
    String topic,
    String clientId,
    Duration sendTimeout,
    Duration assignmentTimeout,
    Duration redeliveryBackoff,
    boolean newGroupsFromStart,
    int maxUnhandled,
    KafkaSecurity security) {
  public static final String DEFAULT_TOPIC = "comments";
  public static final int DEFAULT_MAX_UNHANDLED = 10_000;

  public KafkaSettings {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(topic, "topic");
    requireText(clientId, "clientId");
    requirePositive(sendTimeout, "sendTimeout");
    requirePositive(assignmentTimeout, "assignmentTimeout");
    Objects.requireNonNull(redeliveryBackoff, "redeliveryBackoff");
    if (redeliveryBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "redeliveryBackoff must not be negative: " + redeliveryBackoff);
    }
    if (maxUnhandled < 1) {
      throw new IllegalArgumentException("maxUnhandled must be at least 1: " + maxUnhandled);
    }
    Objects.requireNonNull(security, "security");
  }

  /**
   * Topic {@value #DEFAULT_TOPIC}, appends bounded by 3 s, listeners holding up to {@value
   * #DEFAULT_MAX_UNHANDLED} comments unhandled, over plaintext.
   */
  public static KafkaSettings defaults(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers,
        DEFAULT_TOPIC,
        "live-comments",
        Duration.ofSeconds(3),
        Duration.ofSeconds(15),
        Duration.ofMillis(100),
        false,
        DEFAULT_MAX_UNHANDLED,
        KafkaSecurity.PLAINTEXT);
  }

  public KafkaSettings withTopic(String topic) {
    return copy(topic, sendTimeout, newGroupsFromStart, maxUnhandled, security);
  }

  public KafkaSettings withSendTimeout(Duration sendTimeout) {
    return copy(topic, sendTimeout, newGroupsFromStart, maxUnhandled, security);
  }

  /** Groups that never committed start at the start of the topic, not at its end. */
  public KafkaSettings withNewGroupsFromStart() {
    return copy(topic, sendTimeout, true, maxUnhandled, security);
  }

  /** A subscription pauses while its listener holds this many comments unhandled, or more. */
  public KafkaSettings withMaxUnhandled(int maxUnhandled) {
    return copy(topic, sendTimeout, newGroupsFromStart, maxUnhandled, security);
  }

  public KafkaSettings withSecurity(KafkaSecurity security) {
    return copy(topic, sendTimeout, newGroupsFromStart, maxUnhandled, security);
  }

  /**
   * A client's whole configuration: {@code own} (its serializers, group, timeouts), the bootstrap
   * servers and the {@link KafkaSecurity#clientProperties security properties}, which every client
   * of the cluster shares and {@code own} cannot override.
   */
  public Map<String, Object> clientConfig(Map<String, Object> own) {
    Map<String, Object> config = new HashMap<>(own);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.putAll(security.clientProperties());
    return Map.copyOf(config);
  }

  /** These settings with the components the withers change replaced. */
  private KafkaSettings copy(
      String topic,
      Duration sendTimeout,
      boolean newGroupsFromStart,
      int maxUnhandled,
      KafkaSecurity security) {
    return new KafkaSettings(
        bootstrapServers,
        topic,
        clientId,
        sendTimeout,
        assignmentTimeout,
        redeliveryBackoff,
        newGroupsFromStart,
        maxUnhandled,
        security);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank: " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
