package io.livecomments.http;

import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Refuses requests that a proxy or cache in front of us might read differently than we do, before
 * any route sees them: what we would ignore, another hop might honour.
 *
 * <ul>
 *   <li>{@code ;} in the path: Jetty drops {@code ;b} from {@code /v1/videos/a;b/comments} (posting
 *       to {@code a}) while a CDN routes by the whole segment. 400 {@code path-parameter}.
 *   <li>Any {@code Content-Encoding} on a request: we decode none, and a body read as plain text
 *       while it is compressed is a different body. 415 {@code content-encoding}.
 *   <li>A transfer coding other than {@code chunked} ({@code gzip, chunked}): Jetty would read the
 *       chunks and ignore the gzip. 501 {@code transfer-coding} (RFC 9112, 6.1).
 * </ul>
 */
final class RequestChecks {
  private RequestChecks() {}

  /** Why {@code request} is refused, or empty when it may be routed. */
  static Optional<Problem> refusal(Request request) {
    String path = request.getHttpURI().getPath();
    if (path != null && path.indexOf(';') >= 0) {
      return Optional.of(
          Problem.badRequest(
              "path-parameter", "A path segment must not contain ';' (path parameters)."));
    }
    if (request.getHeaders().contains(HttpHeader.CONTENT_ENCODING)) {
      return Optional.of(
          Problem.unsupportedMediaType(
              "content-encoding", "Request bodies must not be content-encoded."));
    }
    for (HttpField field : request.getHeaders()) {
      if (field.getHeader() == HttpHeader.TRANSFER_ENCODING) {
        for (String coding : field.getValues()) {
          if (!coding.strip().toLowerCase(Locale.ROOT).equals("chunked")) {
            return Optional.of(
                Problem.of(
                    501, "transfer-coding", "The only transfer coding understood is chunked."));
          }
        }
      }
    }
    return Optional.empty();
  }
}
