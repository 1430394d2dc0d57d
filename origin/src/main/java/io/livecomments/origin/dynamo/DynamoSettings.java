package io.livecomments.origin.dynamo;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Where and how {@link DynamoCommentStore} talks to DynamoDB.
 *
 * @param table the comment table ({@link DynamoTables} describes its layout)
 * @param endpointOverride {@code null} for AWS itself, else e.g. DynamoDB Local's {@code
 *     http://127.0.0.1:8000}
 * @param region {@code null} for the SDK's default region chain ({@code AWS_REGION}, profile, ...)
 * @param credentials usually {@link DefaultCredentialsProvider}; static ones for DynamoDB Local
 * @param callTimeout bound on one store call including the SDK's retries; past it the call fails
 *     with {@link io.livecomments.store.StoreUnavailableException}
 */
public record DynamoSettings(
    String table,
    URI endpointOverride,
    String region,
    AwsCredentialsProvider credentials,
    Duration callTimeout) {
  public static final String DEFAULT_TABLE = "comments";

  public DynamoSettings {
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("table must not be blank: " + table);
    }
    Objects.requireNonNull(credentials, "credentials");
    if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
    }
  }

  /**
   * Table {@value #DEFAULT_TABLE} on AWS, region and credentials from the SDK's default chains,
   * calls bounded by 5 s.
   */
  public static DynamoSettings defaults() {
    return new DynamoSettings(
        DEFAULT_TABLE,
        null,
        null,
        DefaultCredentialsProvider.builder().build(),
        Duration.ofSeconds(5));
  }

  public DynamoSettings withTable(String table) {
    return new DynamoSettings(table, endpointOverride, region, credentials, callTimeout);
  }

  /** Points the client at e.g. DynamoDB Local, which needs some region and credentials too. */
  public DynamoSettings withEndpoint(
      URI endpoint, String region, AwsCredentialsProvider credentials) {
    return new DynamoSettings(table, endpoint, region, credentials, callTimeout);
  }

  public DynamoSettings withCallTimeout(Duration callTimeout) {
    return new DynamoSettings(table, endpointOverride, region, credentials, callTimeout);
  }
}
