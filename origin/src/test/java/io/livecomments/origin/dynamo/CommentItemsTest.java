package io.livecomments.origin.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.json.HostileTexts;
import java.util.HashMap;
import java.util.List;
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

  @Test
  void decisionsRoundTripThroughItemsWithOrWithoutAReason() {
    for (String reason : new String[] {"", "spam"}) {
      Comment decision =
          new Comment(
              "d-1",
              new VideoId("v1"),
              7,
              new Author("mod", "Mod"),
              "",
              42L,
              new Moderation(Moderation.Action.UNHIDE, List.of("c-1", "c-2"), reason));

      Map<String, AttributeValue> item = CommentItems.item(decision);

      assertThat(CommentItems.comment(item)).isEqualTo(decision);
      assertThat(item).containsEntry("moderation", AttributeValue.fromS("unhide"));
    }
  }

  @Test
  void anItemThatIsNotADecisionIsNamed() {
    Map<String, AttributeValue> item =
        new HashMap<>(
            CommentItems.item(
                new Comment(
                    "d",
                    new VideoId("v"),
                    1,
                    new Author("u", "n"),
                    "",
                    1,
                    new Moderation(Moderation.Action.HIDE, List.of("c"), ""))));
    item.put("moderation", AttributeValue.fromS("delete"));

    assertThatThrownBy(() -> CommentItems.comment(item)).hasMessageContaining("delete");
  }
}
