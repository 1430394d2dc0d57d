package io.livecomments.origin.dynamo;

import static io.livecomments.origin.dynamo.ModerationItems.DECISION;
import static io.livecomments.origin.dynamo.ModerationItems.META;
import static io.livecomments.origin.dynamo.ModerationItems.PK;
import static io.livecomments.origin.dynamo.ModerationItems.QUEUE;
import static io.livecomments.origin.dynamo.ModerationItems.SK;
import static io.livecomments.origin.dynamo.ModerationItems.commentPk;
import static io.livecomments.origin.dynamo.ModerationItems.key;
import static io.livecomments.origin.dynamo.ModerationItems.n;
import static io.livecomments.origin.dynamo.ModerationItems.s;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.moderation.QueueCursor;
import io.livecomments.moderation.QueueItem;
import io.livecomments.moderation.QueuePage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The review queue of the {@link DynamoModerationStore}: one partition ({@code QUEUE}) of the
 * moderation table, queried oldest first. A comment is queued only where its {@code queueKey} is
 * unset, in one transaction with the queue item, and resolved in one transaction that deletes the
 * item.
 */
final class DynamoReviewQueue {
  private final ModerationTable table;
  private final CommentJson json;

  DynamoReviewQueue(ModerationTable table, CommentJson json) {
    this.table = Objects.requireNonNull(table, "table");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** Queues {@code comment} unless it was queued before; false then. */
  boolean enqueue(Comment comment, double score, List<String> labels, long at) {
    Objects.requireNonNull(comment, "comment");
    String queueKey = QueueCursor.of(at, comment.videoId(), comment.id());
    Map<String, AttributeValue> item = new HashMap<>(key(QUEUE, queueKey));
    item.put("comment", s(new String(json.comment(comment), StandardCharsets.UTF_8)));
    item.put("score", AttributeValue.fromN(Double.toString(score)));
    item.put("labels", AttributeValue.fromL(labels.stream().map(ModerationItems::s).toList()));
    item.put("queuedAt", n(at));
    return table.call(
        "queueing a comment",
        () -> {
          return table.transactUnlessConditionFails(
              TransactWriteItem.builder()
                  .update(
                      Update.builder()
                          .tableName(table.name())
                          .key(key(commentPk(comment.videoId(), comment.id()), META))
                          .updateExpression("SET #q = :q")
                          .conditionExpression("attribute_not_exists(#q)")
                          .expressionAttributeNames(Map.of("#q", "queueKey"))
                          .expressionAttributeValues(Map.of(":q", s(queueKey)))
                          .build())
                  .build(),
              TransactWriteItem.builder()
                  .put(Put.builder().tableName(table.name()).item(item).build())
                  .build());
        });
  }

  /** Resolves the comment's queue item, if it has an unresolved one. */
  void resolve(VideoId videoId, String commentId) {
    String pk = commentPk(videoId, commentId);
    table.call(
        "resolving a queue item",
        () -> {
          Map<String, AttributeValue> meta = table.get(pk, META);
          if (meta == null || !meta.containsKey("queueKey") || meta.containsKey("resolved")) {
            return null;
          }
          table.transactUnlessConditionFails(
              TransactWriteItem.builder()
                  .update(
                      Update.builder()
                          .tableName(table.name())
                          .key(key(pk, META))
                          .updateExpression("SET #r = :t")
                          .conditionExpression("attribute_not_exists(#r)")
                          .expressionAttributeNames(Map.of("#r", "resolved"))
                          .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true)))
                          .build())
                  .build(),
              TransactWriteItem.builder()
                  .delete(
                      Delete.builder()
                          .tableName(table.name())
                          .key(key(QUEUE, meta.get("queueKey").s()))
                          .build())
                  .build());
          return null;
        });
  }

  /** A page of unresolved items, oldest first, after {@code cursor} (null: from the start). */
  QueuePage page(String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    String after = cursor == null ? null : QueueCursor.check(cursor);
    return table.call(
        "reading the queue",
        () -> {
          Map<String, AttributeValue> values = new HashMap<>(Map.of(":q", s(QUEUE)));
          Map<String, String> names = new HashMap<>(Map.of("#pk", PK));
          String condition = "#pk = :q";
          if (after != null) {
            condition += " AND #sk > :after";
            values.put(":after", s(after));
            names.put("#sk", SK);
          }
          String keyCondition = condition;
          // The SDK's paginator follows LastEvaluatedKey; stopping the stream stops the reads.
          List<Map<String, AttributeValue>> found =
              table
                  .client()
                  .queryPaginator(
                      q ->
                          q.tableName(table.name())
                              .keyConditionExpression(keyCondition)
                              .expressionAttributeNames(names)
                              .expressionAttributeValues(values)
                              .consistentRead(true)
                              .limit(limit + 1))
                  .items()
                  .stream()
                  .limit(limit + 1)
                  .toList();
          boolean hasMore = found.size() > limit;
          List<QueueItem> items = found.stream().limit(limit).map(this::queueItem).toList();
          String next = hasMore ? found.get(limit - 1).get(SK).s() : null;
          return new QueuePage(items, next, hasMore);
        });
  }

  private QueueItem queueItem(Map<String, AttributeValue> item) {
    Comment comment = json.readComment(item.get("comment").s());
    String pk = commentPk(comment.videoId(), comment.id());
    Map<String, AttributeValue> meta = table.get(pk, META);
    Map<String, AttributeValue> decision = table.get(pk, DECISION);
    boolean hidden =
        decision != null && Moderation.Action.HIDE.wire().equals(decision.get("action").s());
    return new QueueItem(
        comment,
        Double.parseDouble(item.get("score").n()),
        item.get("labels").l().stream().map(AttributeValue::s).toList(),
        (int) ModerationItems.number(meta, "reporters", 0),
        hidden,
        Long.parseLong(item.get("queuedAt").n()));
  }

  /** How many items wait for review. */
  long depth() {
    return table.call(
        "counting the queue",
        () ->
            table
                .client()
                .queryPaginator(
                    q ->
                        q.tableName(table.name())
                            .keyConditionExpression("#pk = :q")
                            .expressionAttributeNames(Map.of("#pk", PK))
                            .expressionAttributeValues(Map.of(":q", s(QUEUE)))
                            .select(Select.COUNT))
                .stream()
                .mapToLong(QueryResponse::count)
                .sum());
  }
}
