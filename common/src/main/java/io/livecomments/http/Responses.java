package io.livecomments.http;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes complete JSON and problem replies in one last write. Every reply here is {@code
 * Cache-Control: no-store}: API answers are per-request and must never be shared by a cache (the
 * cacheable snapshot replies set their own headers).
 */
public final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

  // Encoded once: the same header bytes go out with every reply.
  private static final HttpField JSON_TYPE =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
  private static final HttpField PROBLEM_TYPE =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/problem+json");
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");

  private static final Problem INTERNAL_ERROR =
      Problem.internalError("internal-error", "The server failed to handle the request.");

  private Responses() {}

  /** Sends {@code json} (UTF-8 bytes) with {@code status} and completes {@code callback}. */
  public static void sendJson(Response response, Callback callback, int status, byte[] json) {
    Objects.requireNonNull(json, "json");
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(JSON_TYPE);
    headers.put(NO_STORE);
    headers.put(HttpHeader.CONTENT_LENGTH, json.length);
    response.write(true, ByteBuffer.wrap(json), callback);
  }

  /** Sends {@code problem} as {@code application/problem+json} and completes {@code callback}. */
  public static void sendProblem(Response response, Callback callback, Problem problem) {
    sendProblem(response, callback, problem, Map.of());
  }

  /** Sends the exception's problem with its extra headers. */
  public static void sendProblem(Response response, Callback callback, ProblemException problem) {
    sendProblem(response, callback, problem.problem(), problem.headers());
  }

  /**
   * Sends {@code problem} as {@code application/problem+json} with {@code extraHeaders} (for
   * example {@code Retry-After}) and completes {@code callback}.
   */
  public static void sendProblem(
      Response response, Callback callback, Problem problem, Map<String, String> extraHeaders) {
    byte[] body = problem.toJson();
    response.setStatus(problem.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(PROBLEM_TYPE);
    headers.put(NO_STORE);
    extraHeaders.forEach(headers::put);
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Ends a request that failed with {@code failure}, which may be wrapped in a {@link
   * CompletionException}: a {@link ProblemException} becomes its problem; a Jetty 4xx (a broken
   * request body, say) becomes a problem of that status; a peer that is gone gets nothing; anything
   * else is logged and answered with a 500 that reveals nothing of the cause. When the response is
   * already committed no reply is possible and {@code callback} fails instead.
   */
  public static void sendFailure(Response response, Callback callback, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (isClientGone(cause)) {
      callback.failed(cause);
      return;
    }
    if (response.isCommitted()) {
      if (!(cause instanceof ProblemException)) {
        LOG.error("Failure after the response was committed: {}", describe(response), cause);
      }
      callback.failed(cause);
      return;
    }
    // Drop whatever a failed handler had set (status, content type) before replying afresh, but
    // not a decision to close the connection.
    boolean closing = response.getHeaders().contains(HttpHeader.CONNECTION, "close");
    response.reset();
    if (closing) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    } else {
      closeIfBodyUnread(response.getRequest(), response);
    }
    if (cause instanceof ProblemException) {
      sendProblem(response, callback, (ProblemException) cause);
    } else if (cause instanceof HttpException
        && ((HttpException) cause).getCode() >= 400
        && ((HttpException) cause).getCode() < 500) {
      sendProblem(
          response,
          callback,
          Problem.of(
              ((HttpException) cause).getCode(),
              "invalid-request",
              "The request could not be read."));
    } else {
      LOG.error("Unhandled failure: {}", describe(response), cause);
      sendProblem(response, callback, INTERNAL_ERROR);
    }
  }

  /**
   * Whether {@code failure} (possibly wrapped in a {@link CompletionException}) means the client
   * went away (closed or reset the connection, or ended a body early): an outcome to count, not an
   * error of ours to log or alert on.
   */
  public static boolean isClientGone(Throwable failure) {
    return unwrap(failure) instanceof EofException;
  }

  /**
   * A request answered before its body was all read leaves the rest on the connection, so Jetty
   * closes the connection after the answer. Saying so in the answer keeps a client from sending its
   * next request on a connection that is about to close. A chunked body's end is not known without
   * reading it, so one counts as unread.
   */
  static void closeIfBodyUnread(Request request, Response response) {
    long length = request.getLength();
    boolean unread =
        length > 0
            ? Request.getContentBytesRead(request) < length
            : request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (unread) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = Objects.requireNonNull(failure, "failure");
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String describe(Response response) {
    Request request = response.getRequest();
    return request.getMethod() + " " + request.getHttpURI().getPath();
  }
}
