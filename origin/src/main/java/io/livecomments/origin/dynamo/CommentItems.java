package io.livecomments.origin.dynamo;

import static io.livecomments.origin.dynamo.DynamoTables.AUTHOR_ID;
import static io.livecomments.origin.dynamo.DynamoTables.AUTHOR_NAME;
import static io.livecomments.origin.dynamo.DynamoTables.CREATED_AT;
import static io.livecomments.origin.dynamo.DynamoTables.ID;
import static io.livecomments.origin.dynamo.DynamoTables.SEQ;
import static io.livecomments.origin.dynamo.DynamoTables.TEXT;
import static io.livecomments.origin.dynamo.DynamoTables.VIDEO_ID;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Comments to and from table items ({@link DynamoTables} has the layout). */
final class CommentItems {
  private CommentItems() {}

  static Map<String, AttributeValue> key(VideoId videoId, long seq) {
    return Map.of(VIDEO_ID, s(videoId.value()), SEQ, n(seq));
  }

  static Map<String, AttributeValue> item(Comment comment) {
    return Map.of(
        VIDEO_ID, s(comment.videoId().value()),
        SEQ, n(comment.seq()),
        ID, s(comment.id()),
        AUTHOR_ID, s(comment.author().id()),
        AUTHOR_NAME, s(comment.author().name()),
        TEXT, s(comment.text()),
        CREATED_AT, n(comment.createdAt()));
  }

  /**
   * @throws IllegalStateException naming the attribute when the item is not a comment
   */
  static Comment comment(Map<String, AttributeValue> item) {
    return new Comment(
        string(item, ID),
        new VideoId(string(item, VIDEO_ID)),
        number(item, SEQ),
        new Author(string(item, AUTHOR_ID), string(item, AUTHOR_NAME)),
        string(item, TEXT),
        number(item, CREATED_AT));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.n() == null) {
      throw new IllegalStateException("item attribute " + name + " is not a number: " + value);
    }
    return Long.parseLong(value.n());
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.s() == null) {
      throw new IllegalStateException("item attribute " + name + " is not a string: " + value);
    }
    return value.s();
  }
}
