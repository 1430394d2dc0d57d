package io.livecomments.origin.real;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Cursor;
import io.livecomments.json.CommentJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads a video's whole history from the store, page by page, through the origin's API. */
final class History {
  private History() {}

  /**
   * The ids of every stored comment of the video, oldest first ({@code after} pages: the store).
   */
  static List<String> storedIds(HttpClient http, URI origin, String videoId)
      throws IOException, InterruptedException {
    CommentJson json = new CommentJson();
    List<String> ids = new ArrayList<>();
    String cursor = Cursor.encode(0);
    for (int pages = 0; pages < 1_000; pages++) {
      HttpResponse<String> response = get(http, origin, videoId, "after=" + cursor + "&limit=100");
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "history answered " + response.statusCode() + ": " + response.body());
      }
      CommentJson.HistoryPage page = json.readPage(response.body());
      page.comments().stream().map(Comment::id).forEach(ids::add);
      if (!page.hasMore()) {
        return ids;
      }
      cursor = page.nextCursor();
    }
    throw new IllegalStateException("more than 1,000 pages of history");
  }

  static HttpResponse<String> get(HttpClient http, URI origin, String videoId, String query)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(origin.resolve("/v1/videos/" + videoId + "/comments?" + query))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
