package io.livecomments.origin.dynamo;

import io.livecomments.store.StoreUnavailableException;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The comment table's layout, and its creation for tests and the all-in-one "real" mode (production
 * tables come from terraform, which must match this).
 *
 * <pre>
 * table:  PK videoId (S), SK seq (N)          on-demand billing
 * item:   id (S), authorId (S), authorName (S), text (S, absent when empty), createdAt (N),
 *         hidden (BOOL, once hidden)
 *         a moderation decision also: moderation (S: hide|unhide), commentIds (L of S), reason (S,
 *         absent when empty)
 * index:  byCommentId: PK id (S), keys only   (hide looks a comment up by id)
 * </pre>
 */
public final class DynamoTables {
  static final String VIDEO_ID = "videoId";
  static final String SEQ = "seq";
  static final String ID = "id";
  static final String AUTHOR_ID = "authorId";
  static final String AUTHOR_NAME = "authorName";
  static final String TEXT = "text";
  static final String CREATED_AT = "createdAt";
  static final String HIDDEN = "hidden";
  static final String MODERATION = "moderation";
  static final String COMMENT_IDS = "commentIds";
  static final String REASON = "reason";
  static final String BY_COMMENT_ID = "byCommentId";

  private DynamoTables() {}

  /**
   * Creates the comment table unless it exists and waits until it is active.
   *
   * @throws StoreUnavailableException when DynamoDB cannot be reached
   */
  public static void createIfMissing(DynamoDbClient client, String table) {
    createAndWait(
        client,
        table,
        create ->
            create
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    attribute(VIDEO_ID, ScalarAttributeType.S),
                    attribute(SEQ, ScalarAttributeType.N),
                    attribute(ID, ScalarAttributeType.S))
                .keySchema(key(VIDEO_ID, KeyType.HASH), key(SEQ, KeyType.RANGE))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(BY_COMMENT_ID)
                        .keySchema(key(ID, KeyType.HASH))
                        .projection(
                            Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build()));
  }

  /**
   * Creates the moderation table unless it exists ({@link ModerationItems} describes it: string
   * partition key {@code pk}, string sort key {@code sk}, no index) and waits until it is active.
   *
   * @throws StoreUnavailableException when DynamoDB cannot be reached
   */
  public static void createModerationIfMissing(DynamoDbClient client, String table) {
    createAndWait(
        client,
        table,
        create ->
            create
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    attribute(ModerationItems.PK, ScalarAttributeType.S),
                    attribute(ModerationItems.SK, ScalarAttributeType.S))
                .keySchema(
                    key(ModerationItems.PK, KeyType.HASH), key(ModerationItems.SK, KeyType.RANGE)));
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  /**
   * Creates {@code table} as {@code layout} says unless it exists, and waits until it is active.
   */
  private static void createAndWait(
      DynamoDbClient client, String table, Consumer<CreateTableRequest.Builder> layout) {
    try {
      client.createTable(create -> layout.accept(create.tableName(table)));
    } catch (ResourceInUseException e) {
      // Exists already (or is being created): wait for it below like for our own.
    } catch (SdkException e) {
      throw new StoreUnavailableException("creating table " + table + " failed", e);
    }
    try {
      client.waiter().waitUntilTableExists(describe -> describe.tableName(table));
    } catch (SdkException e) {
      throw new StoreUnavailableException("table " + table + " did not become active", e);
    }
  }
}
