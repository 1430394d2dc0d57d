package io.livecomments.origin.dynamo;

import static io.livecomments.origin.dynamo.DynamoTables.AUTHOR_ID;
import static io.livecomments.origin.dynamo.DynamoTables.AUTHOR_NAME;
import static io.livecomments.origin.dynamo.DynamoTables.COMMENT_IDS;
import static io.livecomments.origin.dynamo.DynamoTables.CREATED_AT;
import static io.livecomments.origin.dynamo.DynamoTables.ID;
import static io.livecomments.origin.dynamo.DynamoTables.MODERATION;
import static io.livecomments.origin.dynamo.DynamoTables.REASON;
import static io.livecomments.origin.dynamo.DynamoTables.SEQ;
import static io.livecomments.origin.dynamo.DynamoTables.TEXT;
import static io.livecomments.origin.dynamo.DynamoTables.VIDEO_ID;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Comments to and from table items ({@link DynamoTables} has the layout). */
final class CommentItems {
  private CommentItems() {}

  static Map<String, AttributeValue> key(VideoId videoId, long seq) {
    return Map.of(VIDEO_ID, s(videoId.value()), SEQ, n(seq));
  }

  /**
   * A comment's item, or a decision's: its action, ids and reason as well. A decision's empty text
   * and empty reason are left out.
   */
  static Map<String, AttributeValue> item(Comment comment) {
    Moderation decision = comment.moderation();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(VIDEO_ID, s(comment.videoId().value()));
    item.put(SEQ, n(comment.seq()));
    item.put(ID, s(comment.id()));
    item.put(AUTHOR_ID, s(comment.author().id()));
    item.put(AUTHOR_NAME, s(comment.author().name()));
    if (decision == null || !comment.text().isEmpty()) {
      item.put(TEXT, s(comment.text()));
    }
    item.put(CREATED_AT, n(comment.createdAt()));
    if (decision != null) {
      item.put(MODERATION, s(decision.action().wire()));
      item.put(
          COMMENT_IDS,
          AttributeValue.fromL(decision.commentIds().stream().map(CommentItems::s).toList()));
      if (!decision.reason().isEmpty()) {
        item.put(REASON, s(decision.reason()));
      }
    }
    return Map.copyOf(item);
  }

  /**
   * @throws IllegalStateException naming the attribute when the item is neither a comment nor a
   *     decision
   */
  static Comment comment(Map<String, AttributeValue> item) {
    return new Comment(
        string(item, ID),
        new VideoId(string(item, VIDEO_ID)),
        number(item, SEQ),
        new Author(string(item, AUTHOR_ID), string(item, AUTHOR_NAME)),
        // A decision's text is empty, and left out; a comment's never is.
        item.containsKey(MODERATION) && !item.containsKey(TEXT) ? "" : string(item, TEXT),
        number(item, CREATED_AT),
        item.containsKey(MODERATION) ? moderation(item) : null);
  }

  private static Moderation moderation(Map<String, AttributeValue> item) {
    AttributeValue ids = item.get(COMMENT_IDS);
    if (ids == null || !ids.hasL()) {
      throw new IllegalStateException("item attribute " + COMMENT_IDS + " is not a list: " + ids);
    }
    List<String> commentIds = ids.l().stream().map(AttributeValue::s).toList();
    if (commentIds.contains(null)) {
      throw new IllegalStateException("item attribute " + COMMENT_IDS + " holds a non-string");
    }
    try {
      return new Moderation(
          Moderation.Action.fromWire(string(item, MODERATION)),
          commentIds,
          item.containsKey(REASON) ? string(item, REASON) : "");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("item is not a decision: " + e.getMessage(), e);
    }
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
