package io.livecomments.origin.api;

import io.livecomments.auth.AuthenticationException;
import io.livecomments.auth.Identity;
import io.livecomments.auth.JwtVerifier;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Cursor;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.QueryParams;
import io.livecomments.http.Responses;
import io.livecomments.http.VideoIds;
import io.livecomments.json.CommentJson;
import io.livecomments.recent.RecentWindow;
import io.livecomments.store.CommentStore;
import io.livecomments.store.Page;
import io.livecomments.store.PageQuery;
import io.livecomments.store.PageQuery.Direction;
import io.livecomments.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/videos/{videoId}/comments?before=|after=&limit=}: history by opaque cursor. {@code
 * before} pages backwards (newest first), {@code after} forwards (oldest first). The first page (no
 * cursor) is the newest comments, read from the recent window so it is fresh even while the store
 * catches up, and filled from the store when the window holds fewer than asked. Hidden comments are
 * left out: the store's once the persister applied the decision, the window's (and the fill's) as
 * soon as the decision is in the window. A moderator may add {@code includeHidden=true} to see them
 * too, marked {@code "hidden":true} (401/403 problem+json without a moderator's token).
 */
public final class HistoryHandler implements Request.Handler {
  static final int DEFAULT_LIMIT = 50;
  private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(2);

  private final RecentWindow recentWindow;
  private final CommentStore store;
  private final CommentJson json;
  private final JwtVerifier verifier;

  /**
   * @param verifier checks the moderator's token of {@code includeHidden=true}
   */
  public HistoryHandler(
      RecentWindow recentWindow, CommentStore store, CommentJson json, JwtVerifier verifier) {
    this.recentWindow = recentWindow;
    this.store = store;
    this.json = json;
    this.verifier = verifier;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    VideoId videoId = VideoIds.fromPath(request);
    QueryParams query = QueryParams.of(request);
    String before = query.get("before").orElse(null);
    String after = query.get("after").orElse(null);
    if (before != null && after != null) {
      throw new ProblemException(
          Problem.badRequest("invalid-query", "give either before or after, not both"));
    }
    int limit = query.getInt("limit", 1, PageQuery.MAX_LIMIT).orElse(DEFAULT_LIMIT);
    boolean includeHidden = includeHidden(request, query);
    try {
      byte[] body;
      if (includeHidden) {
        body = withHidden(videoId, before, after, limit);
      } else if (after != null) {
        long seq = cursor(after);
        Page page = store.page(videoId, new PageQuery(Direction.AFTER, seq, limit));
        String next = page.comments().isEmpty() ? after : lastCursor(page.comments());
        body = json.page(page.comments(), next, page.hasMore());
      } else if (before != null) {
        Page page = store.page(videoId, new PageQuery(Direction.BEFORE, cursor(before), limit));
        body = json.page(page.comments(), lastCursorOrNull(page.comments()), page.hasMore());
      } else {
        body = newest(videoId, limit);
      }
      Responses.sendJson(response, callback, 200, body);
    } catch (StoreUnavailableException e) {
      throw ProblemException.retryAfter(
          Problem.serviceUnavailable("store-unavailable", "history is unavailable right now"),
          STORE_RETRY_AFTER);
    }
    return true;
  }

  /**
   * {@code includeHidden=true}: a moderator's view, from the store alone (a decision shows there
   * once the persister applied it), hidden comments marked {@code "hidden":true}.
   */
  private byte[] withHidden(VideoId videoId, String before, String after, int limit) {
    PageQuery pageQuery =
        after != null
            ? new PageQuery(Direction.AFTER, cursor(after), limit, true)
            : new PageQuery(
                Direction.BEFORE, before == null ? Long.MAX_VALUE : cursor(before), limit, true);
    Page page = store.page(videoId, pageQuery);
    String next = page.comments().isEmpty() ? after : lastCursor(page.comments());
    return json.page(page.comments(), next, page.hasMore(), page.hidden());
  }

  private boolean includeHidden(Request request, QueryParams query) {
    String value = query.get("includeHidden").orElse("false");
    if (!value.equals("true") && !value.equals("false")) {
      throw new ProblemException(
          Problem.badRequest("invalid-query", "includeHidden must be true or false"));
    }
    if (value.equals("false")) {
      return false;
    }
    Identity identity;
    try {
      identity = verifier.identify(request.getHeaders().get("Authorization"));
    } catch (AuthenticationException e) {
      throw ProblemException.unauthorized("invalid-token", e.getMessage());
    }
    if (!identity.isModerator()) {
      throw new ProblemException(
          Problem.forbidden("not-a-moderator", "includeHidden=true needs the moderator role"));
    }
    return true;
  }

  private byte[] newest(VideoId videoId, int limit) {
    List<Comment> entries = recentWindow.recent(videoId);
    // The window holds decisions too: the persister may not have applied them to the store yet.
    Set<String> hidden = new HashSet<>(Moderation.hiddenBy(entries));
    List<Comment> window = Moderation.visible(entries);
    List<Comment> page = new ArrayList<>(limit);
    for (int i = window.size() - 1; i >= 0 && page.size() < limit; i--) {
      page.add(window.get(i));
    }
    boolean hasMore;
    if (window.size() > limit) {
      hasMore = true;
    } else {
      long oldest = entries.isEmpty() ? Long.MAX_VALUE : entries.get(0).seq();
      int need = limit - page.size();
      // Ask for one more than needed: it tells whether older comments remain.
      Page older =
          store.page(
              videoId,
              new PageQuery(Direction.BEFORE, oldest, Math.min(PageQuery.MAX_LIMIT, need + 1)));
      List<Comment> fill = older.comments().stream().filter(c -> !hidden.contains(c.id())).toList();
      page.addAll(fill.subList(0, Math.min(need, fill.size())));
      hasMore = fill.size() > need || older.hasMore();
    }
    return json.page(page, lastCursorOrNull(page), hasMore);
  }

  private static long cursor(String value) {
    try {
      return Cursor.decode(value);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.badRequest("invalid-cursor", "the cursor is not one this API handed out"));
    }
  }

  private static String lastCursor(List<Comment> comments) {
    return Cursor.encode(comments.get(comments.size() - 1).seq());
  }

  private static String lastCursorOrNull(List<Comment> comments) {
    return comments.isEmpty() ? null : lastCursor(comments);
  }
}
