package io.livecomments.origin.dynamo;

import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.moderation.Decision;
import io.livecomments.moderation.Report;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The moderation table's layout (single table, string keys {@code pk} and {@code sk}) and the item
 * codecs of {@link DynamoModerationStore}.
 *
 * <pre>
 * pk C#&lt;videoId&gt;#&lt;commentId&gt;   sk R#&lt;userId&gt;  a report: reportId, reason, note, at
 *                                sk META       reporters (N), queueKey (S, once queued), resolved
 *                                sk DECISION   the decision in effect: id, action, reason,
 *                                              moderator, at, seq (once published)
 * pk QUEUE                       sk &lt;QueueCursor&gt;  a queued comment: comment (S, comment JSON),
 *                                              score (N), labels (L of S), queuedAt (N)
 * </pre>
 */
final class ModerationItems {
  static final String PK = "pk";
  static final String SK = "sk";
  static final String META = "META";
  static final String DECISION = "DECISION";
  static final String QUEUE = "QUEUE";

  private ModerationItems() {}

  static String commentPk(VideoId videoId, String commentId) {
    return "C#" + videoId.value() + "#" + commentId;
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, s(pk), SK, s(sk));
  }

  static Map<String, AttributeValue> reportItem(Report report) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.putAll(key(commentPk(report.videoId(), report.commentId()), "R#" + report.userId()));
    item.put("reportId", s(report.reportId()));
    item.put("userId", s(report.userId()));
    item.put("reason", s(report.reason().wire()));
    item.put("note", s(report.note()));
    item.put("at", n(report.at()));
    return item;
  }

  static Report report(VideoId videoId, String commentId, Map<String, AttributeValue> item) {
    return new Report(
        item.get("reportId").s(),
        videoId,
        commentId,
        item.get("userId").s(),
        Report.Reason.fromWire(item.get("reason").s()),
        item.get("note").s(),
        Long.parseLong(item.get("at").n()));
  }

  static Map<String, AttributeValue> decisionItem(Decision decision) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.putAll(key(commentPk(decision.videoId(), decision.commentId()), DECISION));
    item.put("id", s(decision.id()));
    item.put("action", s(decision.action().wire()));
    item.put("reason", s(decision.reason()));
    item.put("moderator", s(decision.moderator()));
    item.put("at", n(decision.at()));
    return item;
  }

  static Decision decision(VideoId videoId, String commentId, Map<String, AttributeValue> item) {
    AttributeValue seq = item.get("seq");
    return new Decision(
        item.get("id").s(),
        videoId,
        commentId,
        Moderation.Action.fromWire(item.get("action").s()),
        item.get("reason").s(),
        item.get("moderator").s(),
        Long.parseLong(item.get("at").n()),
        seq == null ? 0 : Long.parseLong(seq.n()));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static long number(Map<String, AttributeValue> item, String name, long absent) {
    AttributeValue value = item == null ? null : item.get(name);
    return value == null ? absent : Long.parseLong(value.n());
  }
}
