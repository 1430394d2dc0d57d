package io.livecomments.origin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.auth.AuthenticationException;
import io.livecomments.auth.Identity;
import io.livecomments.auth.JwtVerifier;
import io.livecomments.http.PathParams;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.RequestBodies;
import io.livecomments.origin.moderation.UnknownCommentException;
import io.livecomments.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * What the moderation routes share: who is asking (401 without a valid token, 403 problem+json
 * without the {@code moderator} role where it is needed), the comment id from the path, strict JSON
 * bodies, and the problems that moderation failures mean.
 */
final class ModerationRequests {
  static final int MAX_BODY_BYTES = 4 * 1024;
  private static final Pattern COMMENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(2);

  private final JwtVerifier verifier;
  private final ObjectMapper mapper = new ObjectMapper();

  ModerationRequests(JwtVerifier verifier) {
    this.verifier = verifier;
  }

  Identity identify(Request request) {
    try {
      return verifier.identify(request.getHeaders().get("Authorization"));
    } catch (AuthenticationException e) {
      throw ProblemException.unauthorized("invalid-token", e.getMessage());
    }
  }

  Identity moderator(Request request) {
    Identity identity = identify(request);
    if (!identity.isModerator()) {
      throw new ProblemException(
          Problem.forbidden("not-a-moderator", "this route needs the moderator role"));
    }
    return identity;
  }

  static String commentId(Request request) {
    String id = PathParams.of(request).get("commentId");
    if (!COMMENT_ID.matcher(id).matches()) {
      throw new ProblemException(
          Problem.badRequest("invalid-comment-id", "comment ids match [A-Za-z0-9_-]{1,128}"));
    }
    return id;
  }

  /**
   * The body as a JSON object ({@link RequestBodies#jsonObject}); an empty body reads as {@code
   * {}}.
   */
  JsonNode object(byte[] body) {
    if (body.length == 0) {
      return mapper.createObjectNode();
    }
    // The one strict reader: no trailing data, no duplicate keys, as for comments.
    return RequestBodies.jsonObject(body);
  }

  /** An optional string field, or {@code absent}; a field of another type is a 400. */
  static String optionalText(JsonNode root, String field, String absent) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isTextual()) {
      throw new ProblemException(
          Problem.badRequest("invalid-" + field, "\"" + field + "\" must be a string"));
    }
    return value.textValue();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** The problem a moderation failure means to the caller, else the failure itself. */
  static Throwable asProblem(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof UnknownCommentException unknown) {
      return new ProblemException(Problem.notFound("unknown-comment", unknown.getMessage()));
    }
    if (cause instanceof StoreUnavailableException) {
      return ProblemException.retryAfter(
          Problem.serviceUnavailable("moderation-unavailable", "moderation is unavailable now"),
          STORE_RETRY_AFTER);
    }
    if (cause instanceof io.livecomments.log.LogUnavailableException) {
      return ProblemException.retryAfter(
          Problem.serviceUnavailable("log-unavailable", "the decision cannot be logged now"),
          STORE_RETRY_AFTER);
    }
    return cause;
  }
}
