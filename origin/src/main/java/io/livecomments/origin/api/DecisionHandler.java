package io.livecomments.origin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livecomments.auth.Identity;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.RequestBodies;
import io.livecomments.http.Responses;
import io.livecomments.http.VideoIds;
import io.livecomments.moderation.Decision;
import io.livecomments.origin.moderation.Moderator;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/videos/{videoId}/comments/{commentId}/hide} and {@code .../unhide} (moderator),
 * body {@code {"reason":"..."}} (optional, at most 500 characters): answers {@code 200
 * {"videoId","commentId","hidden":true|false,"seq":N}} once the decision is in the log, {@code seq}
 * being its cursor. Taking the action in effect again answers the first decision unchanged. An
 * unknown comment is 404; a caller without the moderator role 403.
 */
public final class DecisionHandler implements Request.Handler {
  private static final int MAX_REASON = 500;

  private final ModerationRequests requests;
  private final Moderator moderator;
  private final Moderation.Action action;

  DecisionHandler(ModerationRequests requests, Moderator moderator, Moderation.Action action) {
    this.requests = requests;
    this.moderator = moderator;
    this.action = action;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    VideoId videoId = VideoIds.fromPath(request);
    String commentId = ModerationRequests.commentId(request);
    Identity identity = requests.moderator(request);
    RequestBodies.read(request, ModerationRequests.MAX_BODY_BYTES)
        .thenCompose(body -> decide(videoId, commentId, identity, body))
        .whenComplete(
            (decision, failure) -> {
              if (failure == null) {
                Responses.sendJson(response, callback, 200, reply(decision));
              } else {
                Responses.sendFailure(response, callback, ModerationRequests.asProblem(failure));
              }
            });
    return true;
  }

  private CompletableFuture<Decision> decide(
      VideoId videoId, String commentId, Identity identity, byte[] body) {
    String reason = ModerationRequests.optionalText(requests.object(body), "reason", "");
    if (reason.length() > MAX_REASON) {
      throw new ProblemException(
          Problem.badRequest("reason-too-long", "\"reason\" holds at most 500 characters"));
    }
    return moderator.decide(videoId, commentId, action, reason, identity.author().id());
  }

  private byte[] reply(Decision decision) {
    ObjectNode reply = requests.mapper().createObjectNode();
    reply.put("videoId", decision.videoId().value());
    reply.put("commentId", decision.commentId());
    reply.put("hidden", decision.action() == Moderation.Action.HIDE);
    reply.put("seq", decision.seq());
    try {
      return requests.mapper().writeValueAsBytes(reply);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a decision reply", e);
    }
  }
}
