package io.livecomments.origin.dynamo;

import static io.livecomments.origin.dynamo.ModerationItems.DECISION;
import static io.livecomments.origin.dynamo.ModerationItems.META;
import static io.livecomments.origin.dynamo.ModerationItems.PK;
import static io.livecomments.origin.dynamo.ModerationItems.commentPk;
import static io.livecomments.origin.dynamo.ModerationItems.key;
import static io.livecomments.origin.dynamo.ModerationItems.n;
import static io.livecomments.origin.dynamo.ModerationItems.s;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.moderation.Decision;
import io.livecomments.moderation.ModerationStore;
import io.livecomments.moderation.QueuePage;
import io.livecomments.moderation.Report;
import io.livecomments.moderation.ReportOutcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
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
 * the queue item, and resolved in one transaction that deletes the item ({@link
 * DynamoReviewQueue}). Reads of state are strongly consistent.
 */
public final class DynamoModerationStore implements ModerationStore {
  private final ModerationTable table;
  private final DynamoReviewQueue queue;

  public DynamoModerationStore(DynamoDbClient client, String table, CommentJson json) {
    this.table = new ModerationTable(client, table);
    this.queue = new DynamoReviewQueue(this.table, json);
  }

  @Override
  public ReportOutcome report(Report report) {
    Objects.requireNonNull(report, "report");
    String pk = commentPk(report.videoId(), report.commentId());
    return table.call(
        "recording a report",
        () -> {
          boolean created =
              table.transactUnlessConditionFails(
                  TransactWriteItem.builder()
                      .put(
                          Put.builder()
                              .tableName(table.name())
                              .item(ModerationItems.reportItem(report))
                              .conditionExpression("attribute_not_exists(#pk)")
                              .expressionAttributeNames(Map.of("#pk", PK))
                              .build())
                      .build(),
                  TransactWriteItem.builder()
                      .update(
                          Update.builder()
                              .tableName(table.name())
                              .key(key(pk, META))
                              .updateExpression("ADD reporters :one")
                              .expressionAttributeValues(Map.of(":one", n(1)))
                              .build())
                      .build());
          Map<String, AttributeValue> mine = table.get(pk, "R#" + report.userId());
          Report first =
              created || mine == null
                  ? report
                  : ModerationItems.report(report.videoId(), report.commentId(), mine);
          int reporters = (int) ModerationItems.number(table.get(pk, META), "reporters", 1);
          return new ReportOutcome(first, Math.max(1, reporters), created);
        });
  }

  @Override
  public Decision decide(Decision proposed) {
    Objects.requireNonNull(proposed, "proposed");
    String pk = commentPk(proposed.videoId(), proposed.commentId());
    return table.call(
        "recording a decision",
        () -> {
          try {
            table
                .client()
                .putItem(
                    put ->
                        put.tableName(table.name())
                            .item(ModerationItems.decisionItem(proposed))
                            .conditionExpression("attribute_not_exists(#pk) OR #a <> :a")
                            .expressionAttributeNames(Map.of("#pk", PK, "#a", "action"))
                            .expressionAttributeValues(Map.of(":a", s(proposed.action().wire()))));
            return proposed.withSeq(0);
          } catch (ConditionalCheckFailedException e) {
            // The same action is in effect already: answer it unchanged.
            return ModerationItems.decision(
                proposed.videoId(), proposed.commentId(), table.get(pk, DECISION));
          }
        });
  }

  @Override
  public Decision published(Decision decision, long seq) {
    Objects.requireNonNull(decision, "decision");
    String pk = commentPk(decision.videoId(), decision.commentId());
    return table.call(
        "recording a decision's seq",
        () -> {
          try {
            Map<String, AttributeValue> updated =
                table
                    .client()
                    .updateItem(
                        update ->
                            update
                                .tableName(table.name())
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
            Map<String, AttributeValue> current = table.get(pk, DECISION);
            if (current != null && decision.id().equals(current.get("id").s())) {
              return ModerationItems.decision(decision.videoId(), decision.commentId(), current);
            }
            return decision.withSeq(seq);
          }
        });
  }

  @Override
  public Optional<Decision> decision(VideoId videoId, String commentId) {
    return table.call(
        "reading a decision",
        () ->
            Optional.ofNullable(table.get(commentPk(videoId, commentId), DECISION))
                .map(item -> ModerationItems.decision(videoId, commentId, item)));
  }

  @Override
  public boolean enqueue(Comment comment, double score, List<String> labels, long at) {
    return queue.enqueue(comment, score, labels, at);
  }

  @Override
  public void resolve(VideoId videoId, String commentId) {
    queue.resolve(videoId, commentId);
  }

  @Override
  public QueuePage queue(String cursor, int limit) {
    return queue.page(cursor, limit);
  }

  @Override
  public long queueDepth() {
    return queue.depth();
  }

  @Override
  public void close() {
    table.close();
  }
}
