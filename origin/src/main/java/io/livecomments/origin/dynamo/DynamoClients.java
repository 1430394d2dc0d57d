package io.livecomments.origin.dynamo;

import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds the synchronous DynamoDB client the store uses from {@link DynamoSettings}. */
public final class DynamoClients {
  private DynamoClients() {}

  /**
   * A client whose every call (retries included) is bounded by the settings' call timeout. The HTTP
   * client is named explicitly: DynamoDB Local brings a second one onto test classpaths, and the
   * SDK refuses to guess between two.
   */
  public static DynamoDbClient create(DynamoSettings settings) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(settings.callTimeout())
                    .socketTimeout(settings.callTimeout()))
            .credentialsProvider(settings.credentials())
            .overrideConfiguration(
                config ->
                    config
                        .apiCallTimeout(settings.callTimeout())
                        .apiCallAttemptTimeout(settings.callTimeout()));
    if (settings.endpointOverride() != null) {
      builder.endpointOverride(settings.endpointOverride());
    }
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    return builder.build();
  }
}
