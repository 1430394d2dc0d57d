package io.livecomments.origin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.QueryParams;
import io.livecomments.http.Responses;
import io.livecomments.json.CommentJson;
import io.livecomments.moderation.ModerationStore;
import io.livecomments.moderation.QueueItem;
import io.livecomments.moderation.QueuePage;
import io.livecomments.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/moderation/queue?limit=N&cursor=C} (moderator): the review queue oldest first,
 * {@code {"items":[...],"nextCursor":...,"hasMore":...}}, each item {@code {"comment":{...},
 * "score":0.93,"labels":[...],"reports":N,"state":"visible"|"hidden","queuedAt":ms}} (the comment
 * in the stream's comment shape).
 */
public final class QueueHandler implements Request.Handler {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private final ModerationRequests requests;
  private final ModerationStore store;
  private final CommentJson json;

  QueueHandler(ModerationRequests requests, ModerationStore store, CommentJson json) {
    this.requests = requests;
    this.store = store;
    this.json = json;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    requests.moderator(request);
    QueryParams query = QueryParams.of(request);
    int limit = query.getInt("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
    String cursor = query.get("cursor").orElse(null);
    QueuePage page;
    try {
      page = store.queue(cursor, limit);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.badRequest("invalid-cursor", "the cursor is not one this API handed out"));
    } catch (StoreUnavailableException e) {
      throw (ProblemException) ModerationRequests.asProblem(e);
    }
    Responses.sendJson(response, callback, 200, encode(page));
    return true;
  }

  private byte[] encode(QueuePage page) {
    ObjectNode root = requests.mapper().createObjectNode();
    ArrayNode items = root.putArray("items");
    for (QueueItem item : page.items()) {
      ObjectNode node = items.addObject();
      node.putRawValue(
          "comment",
          new RawValue(new String(json.comment(item.comment()), StandardCharsets.UTF_8)));
      node.put("score", item.score());
      ArrayNode labels = node.putArray("labels");
      item.labels().forEach(labels::add);
      node.put("reports", item.reports());
      node.put("state", item.hidden() ? "hidden" : "visible");
      node.put("queuedAt", item.queuedAt());
    }
    if (page.nextCursor() == null) {
      root.putNull("nextCursor");
    } else {
      root.put("nextCursor", page.nextCursor());
    }
    root.put("hasMore", page.hasMore());
    try {
      return requests.mapper().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the queue", e);
    }
  }
}
