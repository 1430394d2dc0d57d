package io.livecomments.origin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.livecomments.auth.AuthenticationException;
import io.livecomments.auth.JwtVerifier;
import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.RequestBodies;
import io.livecomments.http.Responses;
import io.livecomments.http.VideoIds;
import io.livecomments.idempotency.IdempotencyKeyReusedException;
import io.livecomments.json.CommentJson;
import io.livecomments.log.LogUnavailableException;
import io.livecomments.origin.write.CommentWriter;
import io.livecomments.origin.write.InflightPosts;
import io.livecomments.origin.write.InvalidCommentException;
import io.livecomments.origin.write.RateLimitedException;
import io.livecomments.origin.write.WriteMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/videos/{videoId}/comments}: checks the video id, the token, the media type and
 * the body, in that order, then answers 201 with the comment once the log has durably accepted it.
 *
 * <p>No Jetty thread waits for the log: the body is read, and the answer written, from callbacks,
 * and the 201 is sent from the log's acknowledgement (for Kafka, its send callback), so a slow
 * broker holds requests, never Jetty's threads. (The idempotency key's claim is still one
 * synchronous Redis round trip on the request's thread, and Kafka's {@code send} may block while it
 * has no metadata for the topic.) What it holds is bounded: a valid POST past {@link
 * InflightPosts}' bound is refused at once with 503 {@code inflight-posts-full} and {@code
 * Retry-After}.
 */
public final class PostCommentHandler implements Request.Handler {
  /** Larger bodies are refused unread: 500 characters of text fit in far less. */
  public static final int MAX_BODY_BYTES = 8 * 1024;

  /** The problem's reason when {@link InflightPosts} is full. */
  public static final String INFLIGHT_FULL = "inflight-posts-full";

  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final Duration LOG_RETRY_AFTER = Duration.ofSeconds(2);
  private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

  private final JwtVerifier verifier;
  private final CommentWriter writer;
  private final CommentJson json;
  private final WriteMetrics metrics;
  private final InflightPosts inflight;

  public PostCommentHandler(
      JwtVerifier verifier,
      CommentWriter writer,
      CommentJson json,
      WriteMetrics metrics,
      InflightPosts inflight) {
    this.verifier = verifier;
    this.writer = writer;
    this.json = json;
    this.metrics = metrics;
    this.inflight = inflight;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long arrived = System.nanoTime();
    VideoId videoId;
    Author author;
    String idempotencyKey;
    try {
      videoId = VideoIds.fromPath(request);
      author = authenticate(request);
      RequestBodies.requireJson(request);
      idempotencyKey = idempotencyKey(request);
    } catch (ProblemException e) {
      metrics.rejected(e.problem().reason());
      throw e;
    }
    if (!inflight.tryAcquire()) {
      metrics.rejected(INFLIGHT_FULL);
      throw ProblemException.retryAfter(
          Problem.serviceUnavailable(
              INFLIGHT_FULL,
              "the origin holds "
                  + inflight.max()
                  + " comment posts waiting for the log already; retry shortly"),
          BUSY_RETRY_AFTER);
    }
    CompletableFuture<Comment> posted;
    try {
      posted =
          RequestBodies.read(request, MAX_BODY_BYTES)
              .thenCompose(body -> writer.post(author, videoId, text(body), idempotencyKey));
    } catch (RuntimeException | Error e) {
      inflight.release();
      throw e;
    }
    posted.whenComplete(
        (comment, failure) -> {
          inflight.release();
          if (failure == null) {
            metrics.accepted(System.nanoTime() - arrived);
            Responses.sendJson(response, callback, 201, json.comment(comment));
          } else {
            Throwable cause = asProblem(failure);
            metrics.rejected(rejectionReason(cause));
            Responses.sendFailure(response, callback, cause);
          }
        });
    return true;
  }

  private Author authenticate(Request request) {
    try {
      return verifier.verify(request.getHeaders().get("Authorization"));
    } catch (AuthenticationException e) {
      throw ProblemException.unauthorized("invalid-token", e.getMessage());
    }
  }

  private static String idempotencyKey(Request request) {
    String key = request.getHeaders().get("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw new ProblemException(
          Problem.badRequest(
              "invalid-idempotency-key",
              "Idempotency-Key must be 1 to 128 visible ASCII characters"));
    }
    return key;
  }

  private static String text(byte[] body) {
    JsonNode root = RequestBodies.jsonObject(body);
    JsonNode text = root.get("text");
    if (text == null || !text.isTextual()) {
      throw new ProblemException(
          Problem.badRequest("text-missing", "the body needs a string field \"text\""));
    }
    return text.textValue();
  }

  /** The metric's reason: the problem's, else whether the client left or we failed. */
  private static String rejectionReason(Throwable cause) {
    if (cause instanceof ProblemException problem) {
      return problem.problem().reason();
    }
    return Responses.isClientGone(cause) ? "client-aborted" : "internal-error";
  }

  /** The problem a failure of the write path means to the commenter, else the failure itself. */
  private static Throwable asProblem(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ProblemException problem) {
      return problem;
    }
    if (cause instanceof InvalidCommentException invalid) {
      return new ProblemException(Problem.badRequest(invalid.reason(), invalid.getMessage()));
    }
    if (cause instanceof IdempotencyKeyReusedException reused) {
      return new ProblemException(
          Problem.unprocessableContent("idempotency-key-reused", reused.getMessage()));
    }
    if (cause instanceof RateLimitedException limited) {
      return ProblemException.retryAfter(
          Problem.tooManyRequests("rate-limited", limited.getMessage()), limited.retryAfter());
    }
    if (cause instanceof LogUnavailableException) {
      return ProblemException.retryAfter(
          Problem.serviceUnavailable(
              "log-unavailable", "comments cannot be accepted right now; retry shortly"),
          LOG_RETRY_AFTER);
    }
    return cause;
  }
}
