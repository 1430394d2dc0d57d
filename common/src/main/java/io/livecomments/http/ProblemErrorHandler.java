package io.livecomments.http;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server's error handler: Jetty's own refusals (431 headers too large, 414 URI too long, 505
 * version, 400 bad request line, ...) answered as {@code application/problem+json} like ours,
 * instead of Jetty's HTML page, and never naming Jetty or echoing the request.
 */
final class ProblemErrorHandler implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException failure) {
      status = failure.getCode();
    }
    if (status < 400 || status > 599) {
      status = 500;
    }
    if (HttpStatus.hasNoBody(status)) {
      callback.succeeded();
      return true;
    }
    Responses.sendProblem(response, callback, Problem.of(status, reason(status), detail(status)));
    return true;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 408 -> "request-timeout";
      case 413 -> "body-too-large";
      case 414 -> "uri-too-long";
      case 431 -> "headers-too-large";
      case 501 -> "not-implemented";
      case 505 -> "http-version-not-supported";
      default -> status < 500 ? "invalid-request" : "internal-error";
    };
  }

  private static String detail(int status) {
    return switch (status) {
      case 400 -> "The request could not be parsed.";
      case 414 -> "The request URI is too long.";
      case 431 -> "The request's headers are too large.";
      case 505 -> "Only HTTP/1.0 and HTTP/1.1 are served.";
      default -> status < 500 ? "The request could not be read." : "The server failed.";
    };
  }
}
