package io.livecomments.origin.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * DynamoDB's health check for {@code /readyz}: {@code DescribeTable} on the comment table with a
 * client of its own, bounded by the settings' call timeout. Thread-safe; {@link #close} closes the
 * client.
 */
public final class DynamoTableProbe implements AutoCloseable {
  private final DynamoDbClient client;
  private final String table;

  public DynamoTableProbe(DynamoSettings settings) {
    this.client = DynamoClients.create(settings);
    this.table = settings.table();
  }

  /**
   * @throws software.amazon.awssdk.core.exception.SdkException when DynamoDB does not answer or the
   *     table is missing
   */
  public void check() {
    TableStatus status = client.describeTable(d -> d.tableName(table)).table().tableStatus();
    if (status != TableStatus.ACTIVE && status != TableStatus.UPDATING) {
      throw new IllegalStateException("table " + table + " is " + status);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
