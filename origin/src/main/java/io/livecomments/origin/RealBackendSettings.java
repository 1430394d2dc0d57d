package io.livecomments.origin;

import io.livecomments.origin.dynamo.DynamoSettings;
import io.livecomments.origin.kafka.KafkaSettings;
import io.livecomments.origin.redis.RedisSettings;
import java.util.Objects;

/**
 * Where the production backends are, for {@link Backends#real}.
 *
 * @param kafka the comment log's cluster and topic
 * @param redis fan-out, recent window, rate limits and idempotency keys, under one key prefix
 * @param dynamo the comment table (an endpoint override for DynamoDB Local; credentials usually the
 *     AWS default chain)
 * @param createMissing create the topic and the table when they do not exist (tests, all-in-one);
 *     production provisions both with terraform
 * @param moderationTable the DynamoDB moderation table (reports, decisions, the review queue), in
 *     the same account and region as the comment table
 * @param topicPartitions partitions of a topic created here; fixed for the topic's life, since
 *     growing it moves videos to other partitions and breaks their seq order
 * @param topicReplication brokers holding each partition of a topic created here (at most the
 *     cluster's size; 3 on a three-zone MSK cluster)
 */
public record RealBackendSettings(
    KafkaSettings kafka,
    RedisSettings redis,
    DynamoSettings dynamo,
    boolean createMissing,
    int topicPartitions,
    short topicReplication,
    String moderationTable) {
  public static final int DEFAULT_PARTITIONS = 6;
  public static final short DEFAULT_REPLICATION = 1;
  public static final String DEFAULT_MODERATION_TABLE = "comments-moderation";

  /** Settings with the default moderation table. */
  public RealBackendSettings(
      KafkaSettings kafka,
      RedisSettings redis,
      DynamoSettings dynamo,
      boolean createMissing,
      int topicPartitions,
      short topicReplication) {
    this(
        kafka,
        redis,
        dynamo,
        createMissing,
        topicPartitions,
        topicReplication,
        DEFAULT_MODERATION_TABLE);
  }

  public RealBackendSettings {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(dynamo, "dynamo");
    if (moderationTable == null || moderationTable.isBlank()) {
      throw new IllegalArgumentException("moderationTable must not be blank: " + moderationTable);
    }
    if (topicPartitions < 1) {
      throw new IllegalArgumentException("topicPartitions must be at least 1: " + topicPartitions);
    }
    if (topicReplication < 1) {
      throw new IllegalArgumentException(
          "topicReplication must be at least 1: " + topicReplication);
    }
  }

  public RealBackendSettings withCreateMissing(boolean create) {
    return new RealBackendSettings(
        kafka, redis, dynamo, create, topicPartitions, topicReplication, moderationTable);
  }

  public RealBackendSettings withModerationTable(String table) {
    return new RealBackendSettings(
        kafka, redis, dynamo, createMissing, topicPartitions, topicReplication, table);
  }
}
