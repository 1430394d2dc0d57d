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
import io.livecomments.moderation.Decision;
import io.livecomments.moderation.ModerationStore;
import io.livecomments.moderation.QueueCursor;
import io.livecomments.moderation.QueueItem;
import io.livecomments.moderation.QueuePage;
import io.livecomments.moderation.Report;
import io.livecomments.moderation.ReportOutcome;
import io.livecomments.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The production {@link ModerationStore}: one DynamoDB table with string keys {@code pk} and {@code
 * sk} (layout in {@link ModerationItems}). Thread-safe; every call blocks on HTTP, bounded by the
 * client's call timeout.
 *
 * <p>Conditional writes carry the guarantees: a report is put only where the user's report item
 * does not exist, in one transaction with the comment's reporter count; a decision replaces the one
 * in effect only when its action differs; a seq is recorded only once and only on the decision it
 * belongs to; a comment is queued only where its {@code queueKey} is unset, in one transaction with
 * the queue item, and resolved in one transaction that deletes the item. Reads of state are
 * strongly consistent. The queue is one partition ({@code QUEUE}), queried oldest first.
 */
public final class DynamoModerationStore implements ModerationStore {
  private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

  private final DynamoDbClient client;
  private final String table;
  private final CommentJson json;
  private volatile boolean closed;

  public DynamoModerationStore(DynamoDbClient client, String table, CommentJson json) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.json = Objects.requireNonNull(json, "json");
  }

  @Override
  public ReportOutcome report(Report report) {
    Objects.requireNonNull(report, "report");
    String pk = commentPk(report.videoId(), report.commentId());
    return call(
        "recording a report",
        () -> {
          boolean created =
              transactUnlessConditionFails(
                  TransactWriteItem.builder()
                      .put(
                          Put.builder()
                              .tableName(table)
                              .item(ModerationItems.reportItem(report))
                              .conditionExpression("attribute_not_exists(#pk)")
                              .expressionAttributeNames(Map.of("#pk", PK))
                              .build())
                      .build(),
                  TransactWriteItem.builder()
                      .update(
                          Update.builder()
                              .tableName(table)
                              .key(key(pk, META))
                              .updateExpression("ADD reporters :one")
                              .expressionAttributeValues(Map.of(":one", n(1)))
                              .build())
                      .build());
          Map<String, AttributeValue> mine = get(pk, "R#" + report.userId());
          Report first =
              created || mine == null
                  ? report
                  : ModerationItems.report(report.videoId(), report.commentId(), mine);
          int reporters = (int) ModerationItems.number(get(pk, META), "reporters", 1);
          return new ReportOutcome(first, Math.max(1, reporters), created);
        });
  }

  @Override
  public Decision decide(Decision proposed) {
    Objects.requireNonNull(proposed, "proposed");
    String pk = commentPk(proposed.videoId(), proposed.commentId());
    return call(
        "recording a decision",
        () -> {
          try {
            client.putItem(
                put ->
                    put.tableName(table)
                        .item(ModerationItems.decisionItem(proposed))
                        .conditionExpression("attribute_not_exists(#pk) OR #a <> :a")
                        .expressionAttributeNames(Map.of("#pk", PK, "#a", "action"))
                        .expressionAttributeValues(Map.of(":a", s(proposed.action().wire()))));
            return proposed.withSeq(0);
          } catch (ConditionalCheckFailedException e) {
            // The same action is in effect already: answer it unchanged.
            return ModerationItems.decision(
                proposed.videoId(), proposed.commentId(), get(pk, DECISION));
          }
        });
  }

  @Override
  public Decision published(Decision decision, long seq) {
    Objects.requireNonNull(decision, "decision");
    String pk = commentPk(decision.videoId(), decision.commentId());
    return call(
        "recording a decision's seq",
        () -> {
          try {
            Map<String, AttributeValue> updated =
                client
                    .updateItem(
                        update ->
                            update
                                .tableName(table)
                                .key(key(pk, DECISION))
                                .updateExpression("SET #s = :s")
                                .conditionExpression("#id = :id AND attribute_not_exists(#s)")
                                .expressionAttributeNames(Map.of("#s", "seq", "#id", "id"))
                                .expressionAttributeValues(
                                    Map.of(":s", n(seq), ":id", s(decision.id())))
                                .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return ModerationItems.decision(decision.videoId(), decision.commentId(), updated);
          } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = get(pk, DECISION);
            if (current != null && decision.id().equals(current.get("id").s())) {
              return ModerationItems.decision(decision.videoId(), decision.commentId(), current);
            }
            return decision.withSeq(seq);
          }
        });
  }

  @Override
  public Optional<Decision> decision(VideoId videoId, String commentId) {
    return call(
        "reading a decision",
        () ->
            Optional.ofNullable(get(commentPk(videoId, commentId), DECISION))
                .map(item -> ModerationItems.decision(videoId, commentId, item)));
  }

  @Override
  public boolean enqueue(Comment comment, double score, List<String> labels, long at) {
    Objects.requireNonNull(comment, "comment");
    String queueKey = QueueCursor.of(at, comment.videoId(), comment.id());
    Map<String, AttributeValue> item = new HashMap<>(key(QUEUE, queueKey));
    item.put("comment", s(new String(json.comment(comment), StandardCharsets.UTF_8)));
    item.put("score", AttributeValue.fromN(Double.toString(score)));
    item.put("labels", AttributeValue.fromL(labels.stream().map(ModerationItems::s).toList()));
    item.put("queuedAt", n(at));
    return call(
        "queueing a comment",
        () -> {
          return transactUnlessConditionFails(
              TransactWriteItem.builder()
                  .update(
                      Update.builder()
                          .tableName(table)
                          .key(key(commentPk(comment.videoId(), comment.id()), META))
                          .updateExpression("SET #q = :q")
                          .conditionExpression("attribute_not_exists(#q)")
                          .expressionAttributeNames(Map.of("#q", "queueKey"))
                          .expressionAttributeValues(Map.of(":q", s(queueKey)))
                          .build())
                  .build(),
              TransactWriteItem.builder()
                  .put(Put.builder().tableName(table).item(item).build())
                  .build());
        });
  }

  @Override
  public void resolve(VideoId videoId, String commentId) {
    String pk = commentPk(videoId, commentId);
    call(
        "resolving a queue item",
        () -> {
          Map<String, AttributeValue> meta = get(pk, META);
          if (meta == null || !meta.containsKey("queueKey") || meta.containsKey("resolved")) {
            return null;
          }
          transactUnlessConditionFails(
              TransactWriteItem.builder()
                  .update(
                      Update.builder()
                          .tableName(table)
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
                          .tableName(table)
                          .key(key(QUEUE, meta.get("queueKey").s()))
                          .build())
                  .build());
          return null;
        });
  }

  @Override
  public QueuePage queue(String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    String after = cursor == null ? null : QueueCursor.check(cursor);
    return call(
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
          List<Map<String, AttributeValue>> found = new ArrayList<>(limit + 1);
          Map<String, AttributeValue> start = null;
          do {
            Map<String, AttributeValue> from = start;
            QueryResponse response =
                client.query(
                    q ->
                        q.tableName(table)
                            .keyConditionExpression(keyCondition)
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)
                            .consistentRead(true)
                            .limit(limit + 1 - found.size())
                            .exclusiveStartKey(from));
            found.addAll(response.items());
            start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
          } while (found.size() <= limit && start != null && !start.isEmpty());
          boolean hasMore = found.size() > limit;
          List<QueueItem> items = new ArrayList<>(Math.min(limit, found.size()));
          for (Map<String, AttributeValue> item : found.subList(0, Math.min(limit, found.size()))) {
            items.add(queueItem(item));
          }
          String next = hasMore ? found.get(limit - 1).get(SK).s() : null;
          return new QueuePage(items, next, hasMore);
        });
  }

  private QueueItem queueItem(Map<String, AttributeValue> item) {
    Comment comment = json.readComment(item.get("comment").s());
    String pk = commentPk(comment.videoId(), comment.id());
    Map<String, AttributeValue> meta = get(pk, META);
    Map<String, AttributeValue> decision = get(pk, DECISION);
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

  @Override
  public long queueDepth() {
    return call(
        "counting the queue",
        () -> {
          long count = 0;
          Map<String, AttributeValue> start = null;
          do {
            Map<String, AttributeValue> from = start;
            QueryResponse response =
                client.query(
                    q ->
                        q.tableName(table)
                            .keyConditionExpression("#pk = :q")
                            .expressionAttributeNames(Map.of("#pk", PK))
                            .expressionAttributeValues(Map.of(":q", s(QUEUE)))
                            .select(Select.COUNT)
                            .exclusiveStartKey(from));
            count += response.count();
            start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
          } while (start != null && !start.isEmpty());
          return count;
        });
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }

  private Map<String, AttributeValue> get(String pk, String sk) {
    Map<String, AttributeValue> item =
        client.getItem(get -> get.tableName(table).key(key(pk, sk)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }

  /** Writes {@code items} as one transaction; false (nothing written) when a condition failed. */
  private boolean transactUnlessConditionFails(TransactWriteItem... items) {
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

  private <T> T call(String what, Supplier<T> body) {
    if (closed) {
      throw new IllegalStateException("moderation store is closed");
    }
    try {
      return body.get();
    } catch (SdkException e) {
      throw new StoreUnavailableException(what + " failed", e);
    }
  }
}
