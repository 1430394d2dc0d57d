package io.livecomments.origin.dynamo;

import static io.livecomments.origin.dynamo.DynamoTables.BY_COMMENT_ID;
import static io.livecomments.origin.dynamo.DynamoTables.HIDDEN;
import static io.livecomments.origin.dynamo.DynamoTables.ID;
import static io.livecomments.origin.dynamo.DynamoTables.MODERATION;
import static io.livecomments.origin.dynamo.DynamoTables.SEQ;
import static io.livecomments.origin.dynamo.DynamoTables.VIDEO_ID;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.store.CommentStore;
import io.livecomments.store.Page;
import io.livecomments.store.PageQuery;
import io.livecomments.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The production {@link CommentStore}: one DynamoDB table, PK video id, SK seq (layout in {@link
 * DynamoTables}). Thread-safe; every call blocks on HTTP and is bounded by the client's call
 * timeout.
 *
 * <p>Writes: {@link #putAll} first reads which keys exist (consistent BatchGetItem, 100 keys a
 * call) and writes only the missing ones with BatchWriteItem, 25 items a call, so the first comment
 * at a seq stays and a replayed put never clears {@code hidden}. Items DynamoDB leaves unprocessed
 * (throttling) are retried with exponential backoff; the SDK itself retries throttled calls too.
 * Durable when the call returns. BatchWriteItem has no conditions: two writers putting the same
 * missing comment at once both write it (the same item), and a hide landing between one's read and
 * its write is undone; the log gives each seq one comment and one persister per partition, so
 * neither happens in practice.
 *
 * <p>Decisions: the persister stores moderation decisions as items at their own seq (with {@code
 * moderation}, {@code commentIds}, {@code reason}); pages filter them out, {@link #entriesAfter}
 * (the catch-up from history) reads them with the comments.
 *
 * <p>Reads: {@link #page} queries the video's partition from the cursor's seq (exclusive) in the
 * page's direction, filtering hidden comments and decisions out, and continues from {@code
 * LastEvaluatedKey} until it holds {@code limit + 1} visible comments or the partition ends, so a
 * page is full and {@link Page#hasMore()} exact however many comments are hidden. The cursor is the
 * seq of the last comment of the previous page (a {@link io.livecomments.comment.Cursor}), which
 * names the same position as DynamoDB's own {@code ExclusiveStartKey} would. Reads are eventually
 * consistent (half the price): a comment written a moment ago may be missing from a page for a
 * moment.
 *
 * <p>Hiding: looks each id up in the {@code byCommentId} index (eventually consistent: a comment
 * persisted a moment ago may not be found yet, like one not persisted at all) and sets {@code
 * hidden} on the items of {@code videoId} found there.
 *
 * <p>Failures: anything the SDK throws (DynamoDB down, timeout, throttling past the retries,
 * missing table) is a {@link StoreUnavailableException}. {@link #close} closes the client the store
 * was given; using the store afterwards throws {@link IllegalStateException}.
 */
public final class DynamoCommentStore implements CommentStore {
  private static final int MAX_WRITE_BATCH = 25;
  private static final int MAX_GET_BATCH = 100;
  private static final AttributeValue TRUE = AttributeValue.fromBool(true);

  private final DynamoDbClient client;
  private final String table;
  private final UnprocessedRetry retry;
  private volatile boolean closed;

  /** A store that owns {@code client} (it closes it) and uses {@code table}. */
  public DynamoCommentStore(DynamoDbClient client, String table) {
    this(client, table, UnprocessedRetry.standard());
  }

  DynamoCommentStore(DynamoDbClient client, String table, UnprocessedRetry retry) {
    this.client = Objects.requireNonNull(client, "client");
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("table must not be blank: " + table);
    }
    this.table = table;
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  @Override
  public void putAll(List<Comment> comments) {
    Objects.requireNonNull(comments, "comments");
    checkOpen();
    // One call may not name a key twice; the first comment at a key is the one that counts.
    Map<Map<String, AttributeValue>, Comment> byKey = new LinkedHashMap<>();
    for (Comment comment : comments) {
      byKey.putIfAbsent(CommentItems.key(comment.videoId(), comment.seq()), comment);
    }
    try {
      List<Map<String, AttributeValue>> keys = new ArrayList<>(byKey.keySet());
      for (int from = 0; from < keys.size(); from += MAX_GET_BATCH) {
        byKey
            .keySet()
            .removeAll(existing(keys.subList(from, Math.min(keys.size(), from + MAX_GET_BATCH))));
      }
      List<WriteRequest> writes = new ArrayList<>(byKey.size());
      for (Comment comment : byKey.values()) {
        writes.add(
            WriteRequest.builder()
                .putRequest(PutRequest.builder().item(CommentItems.item(comment)).build())
                .build());
      }
      for (int from = 0; from < writes.size(); from += MAX_WRITE_BATCH) {
        write(writes.subList(from, Math.min(writes.size(), from + MAX_WRITE_BATCH)));
      }
    } catch (SdkException e) {
      throw new StoreUnavailableException("writing " + comments.size() + " comments failed", e);
    }
  }

  private Set<Map<String, AttributeValue>> existing(List<Map<String, AttributeValue>> keys) {
    Set<Map<String, AttributeValue>> found = new HashSet<>();
    Map<String, KeysAndAttributes> pending =
        Map.of(
            table,
            KeysAndAttributes.builder()
                .keys(keys)
                .consistentRead(true)
                .projectionExpression("#v, #s")
                .expressionAttributeNames(Map.of("#v", VIDEO_ID, "#s", SEQ))
                .build());
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      retry.pauseBefore(attempt, "reading keys from " + table);
      Map<String, KeysAndAttributes> request = pending;
      var response = client.batchGetItem(get -> get.requestItems(request));
      for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
        found.add(Map.of(VIDEO_ID, item.get(VIDEO_ID), SEQ, item.get(SEQ)));
      }
      pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
    }
    return found;
  }

  private void write(List<WriteRequest> chunk) {
    Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      retry.pauseBefore(attempt, "writing comments to " + table);
      Map<String, List<WriteRequest>> request = pending;
      var response = client.batchWriteItem(batch -> batch.requestItems(request));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
    }
  }

  @Override
  public Page page(VideoId videoId, PageQuery query) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(query, "query");
    checkOpen();
    return query(
        videoId,
        query.direction() == PageQuery.Direction.AFTER,
        query.seq(),
        query.limit(),
        query.includeHidden()
            ? "attribute_not_exists(#m)"
            : "attribute_not_exists(#m) AND attribute_not_exists(#h)");
  }

  @Override
  public Page entriesAfter(VideoId videoId, long after, int limit) {
    Objects.requireNonNull(videoId, "videoId");
    CommentStore.checkEntriesAfter(after, limit);
    checkOpen();
    return query(videoId, true, after, limit, null);
  }

  /**
   * Up to {@code limit} items of the video's partition past {@code seq} that pass {@code filter}
   * (none: every item), reading on until {@code limit + 1} passed or the partition ends.
   */
  private Page query(VideoId videoId, boolean forwards, long seq, int limit, String filter) {
    Map<String, AttributeValue> values =
        Map.of(":v", CommentItems.s(videoId.value()), ":s", CommentItems.n(seq));
    String condition = "#v = :v AND #s " + (forwards ? ">" : "<") + " :s";
    List<Comment> listed = new ArrayList<>(limit);
    Set<String> hidden = new HashSet<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        Map<String, AttributeValue> from = start;
        // limit + 1 listed ones tell whether there is more; filtered ones cost another round.
        int want = limit + 1 - listed.size();
        QueryResponse response =
            client.query(
                q -> {
                  q.tableName(table)
                      .keyConditionExpression(condition)
                      .expressionAttributeValues(values)
                      .scanIndexForward(forwards)
                      .limit(want)
                      .exclusiveStartKey(from);
                  if (filter == null) {
                    q.expressionAttributeNames(Map.of("#v", VIDEO_ID, "#s", SEQ));
                  } else {
                    q.filterExpression(filter).expressionAttributeNames(names(filter));
                  }
                });
        for (Map<String, AttributeValue> item : response.items()) {
          if (listed.size() == limit) {
            return new Page(listed, true, hidden);
          }
          Comment comment = CommentItems.comment(item);
          listed.add(comment);
          if (item.containsKey(HIDDEN)) {
            hidden.add(comment.id());
          }
        }
        start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
      } while (start != null && !start.isEmpty());
    } catch (SdkException e) {
      throw new StoreUnavailableException("reading history of " + videoId + " failed", e);
    }
    return new Page(listed, false, hidden);
  }

  private static Map<String, String> names(String filter) {
    Map<String, String> names = new HashMap<>(Map.of("#v", VIDEO_ID, "#s", SEQ, "#m", MODERATION));
    if (filter.contains("#h")) {
      names.put("#h", HIDDEN);
    }
    return names;
  }

  @Override
  public void hide(VideoId videoId, Collection<String> commentIds) {
    setHidden(videoId, commentIds, true);
  }

  @Override
  public void unhide(VideoId videoId, Collection<String> commentIds) {
    setHidden(videoId, commentIds, false);
  }

  private void setHidden(VideoId videoId, Collection<String> commentIds, boolean hidden) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(commentIds, "commentIds");
    checkOpen();
    try {
      for (String id : new LinkedHashSet<>(commentIds)) {
        for (long seq : seqsOf(videoId, id)) {
          setHiddenAt(videoId, seq, hidden);
        }
      }
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          (hidden ? "hiding" : "unhiding") + " comments of " + videoId + " failed", e);
    }
  }

  @Override
  public Optional<Comment> find(VideoId videoId, String commentId) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(commentId, "commentId");
    checkOpen();
    try {
      for (long seq : seqsOf(videoId, commentId)) {
        Map<String, AttributeValue> item =
            client.getItem(get -> get.tableName(table).key(CommentItems.key(videoId, seq))).item();
        if (item != null && !item.isEmpty() && !item.containsKey(MODERATION)) {
          return Optional.of(CommentItems.comment(item));
        }
      }
      return Optional.empty();
    } catch (SdkException e) {
      throw new StoreUnavailableException("reading comment " + commentId + " failed", e);
    }
  }

  private List<Long> seqsOf(VideoId videoId, String commentId) {
    List<Long> seqs = new ArrayList<>(1);
    QueryResponse response =
        client.query(
            q ->
                q.tableName(table)
                    .indexName(BY_COMMENT_ID)
                    .keyConditionExpression("#i = :i")
                    .expressionAttributeNames(Map.of("#i", ID))
                    .expressionAttributeValues(Map.of(":i", CommentItems.s(commentId))));
    for (Map<String, AttributeValue> item : response.items()) {
      if (videoId.value().equals(item.get(VIDEO_ID).s())) {
        seqs.add(CommentItems.number(item, SEQ));
      }
    }
    return seqs;
  }

  private void setHiddenAt(VideoId videoId, long seq, boolean hidden) {
    try {
      client.updateItem(
          update -> {
            update
                .tableName(table)
                .key(CommentItems.key(videoId, seq))
                // Never create a bare item for a comment that is gone, nor hide a decision.
                .conditionExpression("attribute_exists(#v) AND attribute_not_exists(#m)")
                .expressionAttributeNames(Map.of("#h", HIDDEN, "#v", VIDEO_ID, "#m", MODERATION));
            if (hidden) {
              update.updateExpression("SET #h = :t").expressionAttributeValues(Map.of(":t", TRUE));
            } else {
              update.updateExpression("REMOVE #h");
            }
          });
    } catch (ConditionalCheckFailedException e) {
      // Unknown or since deleted ids, and decisions' ids, are ignored, as the seam says.
    }
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("comment store is closed");
    }
  }
}
