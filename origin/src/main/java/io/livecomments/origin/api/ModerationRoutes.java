package io.livecomments.origin.api;

import io.livecomments.auth.JwtVerifier;
import io.livecomments.comment.Moderation;
import io.livecomments.http.Route;
import io.livecomments.json.CommentJson;
import io.livecomments.moderation.ModerationStore;
import io.livecomments.origin.moderation.Moderator;
import io.livecomments.ratelimit.RateLimiter;
import java.util.List;

/** The moderation API's routes: reports (any user), the review queue, hide and unhide. */
public final class ModerationRoutes {
  private ModerationRoutes() {}

  public static List<Route> of(
      JwtVerifier verifier,
      Moderator moderator,
      ModerationStore store,
      RateLimiter reportLimiter,
      CommentJson json) {
    ModerationRequests requests = new ModerationRequests(verifier);
    String comment = "/v1/videos/{videoId}/comments/{commentId}";
    return List.of(
        Route.post(comment + "/reports", new ReportHandler(requests, moderator, reportLimiter)),
        Route.post(
            comment + "/hide", new DecisionHandler(requests, moderator, Moderation.Action.HIDE)),
        Route.post(
            comment + "/unhide",
            new DecisionHandler(requests, moderator, Moderation.Action.UNHIDE)),
        Route.get("/v1/moderation/queue", new QueueHandler(requests, store, json)));
  }
}
