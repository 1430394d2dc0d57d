package io.livecomments.origin.dynamo;

import static io.livecomments.origin.dynamo.ModerationItems.key;

import io.livecomments.store.StoreUnavailableException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The moderation table as {@link DynamoModerationStore} and {@link DynamoReviewQueue} use it: its
 * client and name, strongly consistent reads, conditional transactions, and one rule for failures
 * (an SDK failure is a {@link StoreUnavailableException} naming what was being done).
 */
final class ModerationTable implements AutoCloseable {
  private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

  private final DynamoDbClient client;
  private final String name;
  private volatile boolean closed;

  ModerationTable(DynamoDbClient client, String name) {
    this.client = Objects.requireNonNull(client, "client");
    this.name = Objects.requireNonNull(name, "name");
  }

  DynamoDbClient client() {
    return client;
  }

  String name() {
    return name;
  }

  /** The item at ({@code pk}, {@code sk}), read strongly consistent; null when there is none. */
  Map<String, AttributeValue> get(String pk, String sk) {
    Map<String, AttributeValue> item =
        client.getItem(get -> get.tableName(name).key(key(pk, sk)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }

  /** Writes {@code items} as one transaction; false (nothing written) when a condition failed. */
  boolean transactUnlessConditionFails(TransactWriteItem... items) {
    try {
      client.transactWriteItems(t -> t.transactItems(items));
      return true;
    } catch (TransactionCanceledException e) {
      if (!conditionFailed(e)) {
        throw e;
      }
      return false;
    }
  }

  private static boolean conditionFailed(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        && e.cancellationReasons().stream()
            .anyMatch(r -> CONDITIONAL_CHECK_FAILED.equals(r.code()));
  }

  /**
   * Runs {@code body}, its SDK failures reported as the store being unavailable for {@code what}.
   */
  <T> T call(String what, Supplier<T> body) {
    if (closed) {
      throw new IllegalStateException("moderation store is closed");
    }
    try {
      return body.get();
    } catch (SdkException e) {
      throw new StoreUnavailableException(what + " failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
