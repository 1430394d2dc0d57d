package io.livecomments.origin.dynamo;

import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.SharedDynamoDbLocal;
import io.livecomments.store.CommentStore;
import io.livecomments.store.CommentStoreContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store contract against DynamoDB Local over HTTP; each test on its own table. */
@ExtendWith(SharedDynamoDbLocal.class)
class DynamoCommentStoreIT extends CommentStoreContract {
  private final DynamoDbLocal dynamo;

  DynamoCommentStoreIT(DynamoDbLocal dynamo) {
    this.dynamo = dynamo;
  }

  @Override
  protected CommentStore createStore() {
    DynamoSettings settings = dynamo.settings("comments-" + UUID.randomUUID());
    // Creating a table (with its index) on a loaded machine can take longer than a call may.
    try (DynamoDbClient admin =
        DynamoClients.create(settings.withCallTimeout(Duration.ofSeconds(30)))) {
      DynamoTables.createIfMissing(admin, settings.table());
    }
    DynamoDbClient client = DynamoClients.create(settings);
    return new DynamoCommentStore(client, settings.table());
  }
}
