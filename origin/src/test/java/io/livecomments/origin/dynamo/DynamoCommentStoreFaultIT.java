package io.livecomments.origin.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.store.PageQuery;
import io.livecomments.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB outage: every call fails with {@link StoreUnavailableException} while the server is
 * down; after a restart the same store works again and nothing stored before is lost. Runs its own
 * on-disk DynamoDB Local, which it stops.
 */
class DynamoCommentStoreFaultIT {
  private static DynamoDbLocal dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = DynamoDbLocal.onDisk();
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void downDynamoIsUnavailableAndARestartLosesNothing() throws Exception {
    // A short bound: while the server is down every call waits out its timeout.
    DynamoSettings settings =
        dynamo.settings("comments-" + UUID.randomUUID()).withCallTimeout(Duration.ofSeconds(1));
    VideoId video = new VideoId("v-" + UUID.randomUUID());
    List<Comment> stored = comments(video, 1, 5);
    try (DynamoDbClient admin = DynamoClients.create(dynamo.settings(settings.table()))) {
      DynamoTables.createIfMissing(admin, settings.table());
    }
    try (DynamoCommentStore store =
        new DynamoCommentStore(DynamoClients.create(settings), settings.table())) {
      store.putAll(stored);

      dynamo.stop();

      assertThatThrownBy(() -> store.page(video, PageQuery.newest(10)))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.putAll(comments(video, 6, 6)))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.hide(video, List.of(stored.get(0).id())))
          .isInstanceOf(StoreUnavailableException.class);

      dynamo.startAgain();
      List<Comment> later = comments(video, 6, 8);
      await("a write after the restart")
          .atMost(Duration.ofSeconds(30))
          .ignoreException(StoreUnavailableException.class)
          .untilAsserted(() -> store.putAll(later));

      List<Comment> all = new ArrayList<>(stored);
      all.addAll(later);
      assertThat(store.page(video, new PageQuery(PageQuery.Direction.AFTER, 0, 100)).comments())
          .containsExactlyElementsOf(all);
    }
  }

  private static List<Comment> comments(VideoId video, long fromSeq, long toSeq) {
    List<Comment> comments = new ArrayList<>();
    for (long seq = fromSeq; seq <= toSeq; seq++) {
      comments.add(
          new Comment(
              UUID.randomUUID().toString(),
              video,
              seq,
              new Author("u1", "User One"),
              "c" + seq,
              seq));
    }
    return comments;
  }
}
