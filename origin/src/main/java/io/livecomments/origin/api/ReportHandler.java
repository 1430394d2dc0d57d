package io.livecomments.origin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livecomments.auth.Identity;
import io.livecomments.comment.VideoId;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.RequestBodies;
import io.livecomments.http.Responses;
import io.livecomments.http.VideoIds;
import io.livecomments.moderation.Report;
import io.livecomments.moderation.ReportOutcome;
import io.livecomments.origin.moderation.Moderator;
import io.livecomments.ratelimit.RateDecision;
import io.livecomments.ratelimit.RateLimiter;
import java.io.IOException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/videos/{videoId}/comments/{commentId}/reports}, any signed-in user, body {@code
 * {"reason":"spam"|"abuse"|"other","note":"..."}} (note optional, at most 500 characters): answers
 * {@code 202 {"reportId","commentId","reports":N}}, or {@code 200} with the user's first report
 * when they reported the comment before (nothing changes). Reports have their own per-user rate
 * limit (429 with {@code Retry-After}); an unknown comment is 404; a bad reason, id or note is 400.
 */
public final class ReportHandler implements Request.Handler {
  private final ModerationRequests requests;
  private final Moderator moderator;
  private final RateLimiter limiter;

  ReportHandler(ModerationRequests requests, Moderator moderator, RateLimiter limiter) {
    this.requests = requests;
    this.moderator = moderator;
    this.limiter = limiter;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    VideoId videoId = VideoIds.fromPath(request);
    String commentId = ModerationRequests.commentId(request);
    Identity identity = requests.identify(request);
    RequestBodies.requireJson(request);
    RequestBodies.read(request, ModerationRequests.MAX_BODY_BYTES)
        .thenApply(body -> report(videoId, commentId, identity, requests.object(body)))
        .whenComplete(
            (reply, failure) -> {
              if (failure == null) {
                Responses.sendJson(response, callback, reply.status(), reply.body());
              } else {
                Responses.sendFailure(response, callback, ModerationRequests.asProblem(failure));
              }
            });
    return true;
  }

  private record Reply(int status, byte[] body) {}

  private Reply report(VideoId videoId, String commentId, Identity identity, JsonNode body) {
    Report.Reason reason;
    try {
      reason = Report.Reason.fromWire(ModerationRequests.optionalText(body, "reason", null));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.badRequest(
              "invalid-reason", "\"reason\" must be \"spam\", \"abuse\" or \"other\""));
    }
    String note = ModerationRequests.optionalText(body, "note", "");
    if (note.length() > Report.MAX_NOTE) {
      throw new ProblemException(
          Problem.badRequest("note-too-long", "\"note\" holds at most 500 characters"));
    }
    RateDecision decision = limiter.tryAcquire(identity.author().id());
    if (!decision.allowed()) {
      throw ProblemException.retryAfter(
          Problem.tooManyRequests("rate-limited", "too many reports; retry later"),
          decision.retryAfter());
    }
    ReportOutcome outcome =
        moderator.report(videoId, commentId, identity.author().id(), reason, note);
    ObjectNode reply = requests.mapper().createObjectNode();
    reply.put("reportId", outcome.report().reportId());
    reply.put("commentId", commentId);
    reply.put("reports", outcome.reporters());
    try {
      return new Reply(outcome.created() ? 202 : 200, requests.mapper().writeValueAsBytes(reply));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a report reply", e);
    }
  }
}
