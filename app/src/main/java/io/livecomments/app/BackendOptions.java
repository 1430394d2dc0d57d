package io.livecomments.app;

import io.livecomments.origin.Backends;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.dynamo.DynamoSettings;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.InstantSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which backends the origin runs on, shared by {@code origin} and {@code all-in-one}. */
final class BackendOptions {
  /** In this process (the quick start), or Kafka, Redis and DynamoDB. */
  enum Kind {
    memory,
    real
  }

  @Option(
      names = "--backend",
      defaultValue = "${env:LC_BACKEND:-memory}",
      description =
          "memory (in this process, lost on exit) or real (Kafka, Redis, DynamoDB) (LC_BACKEND, default ${DEFAULT-VALUE}).")
  Kind backend;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Mixin RedisOptions redis = new RedisOptions();

  @Option(
      names = "--dynamo-table",
      defaultValue = "${env:LC_DYNAMO_TABLE:-comments}",
      description = "The DynamoDB comment table (LC_DYNAMO_TABLE, default ${DEFAULT-VALUE}).")
  String dynamoTable;

  @Option(
      names = "--dynamo-moderation-table",
      defaultValue = "${env:LC_DYNAMO_MODERATION_TABLE:-comments-moderation}",
      description =
          "The DynamoDB moderation table: reports, decisions, review queue (LC_DYNAMO_MODERATION_TABLE, default ${DEFAULT-VALUE}).")
  String dynamoModerationTable;

  @Option(
      names = "--dynamo-endpoint",
      defaultValue = "${env:LC_DYNAMO_ENDPOINT}",
      description =
          "DynamoDB endpoint override, e.g. http://127.0.0.1:8000 for DynamoDB Local (LC_DYNAMO_ENDPOINT; default: AWS).")
  URI dynamoEndpoint;

  @Option(
      names = "--aws-region",
      defaultValue = "${env:LC_AWS_REGION}",
      description =
          "AWS region (LC_AWS_REGION; default: the SDK's chain, e.g. AWS_REGION). Credentials always come from the AWS default chain.")
  String awsRegion;

  @Option(
      names = "--create-missing",
      negatable = true,
      defaultValue = "${env:LC_CREATE_MISSING}",
      fallbackValue = "true",
      description =
          "Create the Kafka topic (--kafka-partitions, --kafka-replication) and the DynamoDB tables if missing (LC_CREATE_MISSING; default: on for all-in-one, off for origin).")
  Boolean createMissing;

  /**
   * Opens the chosen backends; real ones register their metrics in {@code registry}.
   *
   * @param createByDefault whether to create a missing topic and table unless told otherwise
   */
  Backends open(
      RateLimit rateLimit,
      RateLimit reportLimit,
      Scheduler scheduler,
      InstantSource clock,
      PrometheusRegistry registry,
      boolean createByDefault) {
    if (backend == Kind.memory) {
      return Backends.inMemory(rateLimit, reportLimit, clock);
    }
    return Backends.real(
        settings(createByDefault), rateLimit, reportLimit, scheduler, clock, registry);
  }

  /** The settings these options describe, the Kafka password from its variable. */
  RealBackendSettings settings(boolean createByDefault) {
    return settings(createByDefault, System.getenv(KafkaOptions.PASSWORD_VARIABLE));
  }

  /** The settings these options describe, with {@code kafkaPassword} as the SCRAM password. */
  RealBackendSettings settings(boolean createByDefault, String kafkaPassword) {
    DynamoSettings dynamo = DynamoSettings.defaults().withTable(dynamoTable);
    if (dynamoEndpoint != null || awsRegion != null) {
      dynamo = dynamo.withEndpoint(dynamoEndpoint, awsRegion, dynamo.credentials());
    }
    return new RealBackendSettings(
        kafka.settings(kafkaPassword),
        redis.settings(),
        dynamo,
        createMissing == null ? createByDefault : createMissing,
        kafka.partitions,
        kafka.replication,
        dynamoModerationTable);
  }
}
