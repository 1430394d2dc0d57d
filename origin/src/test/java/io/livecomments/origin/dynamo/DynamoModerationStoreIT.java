package io.livecomments.origin.dynamo;

import io.livecomments.json.CommentJson;
import io.livecomments.moderation.ModerationStore;
import io.livecomments.moderation.ModerationStoreContract;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.SharedDynamoDbLocal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The moderation store contract against DynamoDB Local over HTTP; each test on its own table. */
@ExtendWith(SharedDynamoDbLocal.class)
class DynamoModerationStoreIT extends ModerationStoreContract {
  private final DynamoDbLocal dynamo;

  DynamoModerationStoreIT(DynamoDbLocal dynamo) {
    this.dynamo = dynamo;
  }

  @Override
  protected ModerationStore createStore() {
    DynamoSettings settings = dynamo.settings("moderation-" + UUID.randomUUID());
    // The first table of a cold DynamoDB Local on a loaded machine can take longer than a call may.
    try (DynamoDbClient admin =
        DynamoClients.create(settings.withCallTimeout(Duration.ofSeconds(30)))) {
      DynamoTables.createModerationIfMissing(admin, settings.table());
    }
    DynamoDbClient client = DynamoClients.create(settings);
    return new DynamoModerationStore(client, settings.table(), new CommentJson());
  }
}
