package io.livecomments.origin.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.json.HostileTexts;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CommentItemsTest {
  @Test
  void commentsRoundTripThroughItems() {
    for (String text : HostileTexts.all()) {
      Comment comment =
          new Comment("c-1", new VideoId("v1"), Long.MAX_VALUE, new Author("u1", "U"), text, 42L);

      assertThat(CommentItems.comment(CommentItems.item(comment))).isEqualTo(comment);
    }
  }

  @Test
  void theKeyIsVideoAndNumericSeq() {
    assertThat(CommentItems.key(new VideoId("v1"), 12))
        .isEqualTo(
            Map.of("videoId", AttributeValue.fromS("v1"), "seq", AttributeValue.fromN("12")));
  }

  @Test
  void anItemThatIsNotACommentIsNamed() {
    Map<String, AttributeValue> item =
        new HashMap<>(
            CommentItems.item(new Comment("c", new VideoId("v"), 1, new Author("u", "n"), "t", 1)));
    item.remove("text");

    assertThatThrownBy(() -> CommentItems.comment(item)).hasMessageContaining("text");
  }
}
