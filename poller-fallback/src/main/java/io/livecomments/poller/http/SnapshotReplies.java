package io.livecomments.poller.http;

import io.livecomments.http.Problem;
import io.livecomments.http.Responses;
import io.livecomments.poller.snapshot.EncodedSnapshot;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The poller's replies and their cache headers. Every reply varies only by {@code Accept-Encoding}
 * (the URL already names the video and second); closed seconds are immutable for a minute, anything
 * that cannot be proved closed is cacheable for one second, problems never.
 */
final class SnapshotReplies {
  static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
  static final HttpField IMMUTABLE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=60, immutable");
  static final HttpField ONE_SECOND =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=1");
  private static final HttpField JSON_TYPE =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");

  private SnapshotReplies() {}

  /**
   * 200 with the snapshot, or 304 when the request's {@code If-None-Match} names its ETag.
   *
   * @param contentLocation the second's own URL for {@code latest}; null otherwise
   */
  static void send(
      Request request,
      Response response,
      Callback callback,
      EncodedSnapshot snapshot,
      HttpField cacheControl,
      String contentLocation) {
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(VARY);
    headers.put(cacheControl);
    headers.put(HttpHeader.ETAG, snapshot.etag());
    if (contentLocation != null) {
      headers.put(HttpHeader.CONTENT_LOCATION, contentLocation);
    }
    if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), snapshot.etag())) {
      response.setStatus(304);
      response.write(true, null, callback);
      return;
    }
    response.setStatus(200);
    headers.put(JSON_TYPE);
    headers.put(HttpHeader.CONTENT_LENGTH, snapshot.body().length);
    response.write(true, ByteBuffer.wrap(snapshot.body()).asReadOnlyBuffer(), callback);
  }

  /**
   * A problem, never cached, with {@code Vary} and any extra headers (e.g. {@code Retry-After}).
   */
  static void problem(
      Response response, Callback callback, Problem problem, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put(HttpHeader.VARY.asString(), VARY.getValue());
    Responses.sendProblem(response, callback, problem, headers);
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
