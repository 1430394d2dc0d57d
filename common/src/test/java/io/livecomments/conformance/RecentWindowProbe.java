package io.livecomments.conformance;

import io.livecomments.comment.Comment;
import io.livecomments.json.CommentJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Waits on an origin's first history page, which is its recent window. */
public final class RecentWindowProbe {
  private static final CommentJson JSON = new CommentJson();

  private RecentWindowProbe() {}

  /**
   * Waits until the first history page of {@code video} at {@code origin} shows {@code comment}:
   * from then on it has been fanned out and belongs to the context a joining viewer gets, not to
   * what reaches a viewer live.
   */
  public static void awaitFannedOut(
      HttpClient http, URI origin, String video, Comment comment, Duration wait) {
    HttpRequest firstPage =
        HttpRequest.newBuilder(origin.resolve("/v1/videos/" + video + "/comments?limit=1")).build();
    Awaitility.await("comment " + comment.id() + " in the recent window")
        .atMost(wait)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              HttpResponse<String> page =
                  http.send(firstPage, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
              return page.statusCode() == 200
                  && JSON.readPage(page.body()).comments().stream()
                      .anyMatch(c -> c.id().equals(comment.id()));
            });
  }
}
