package io.livecomments.stream;

import io.livecomments.http.ProblemException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A stream this hop will not serve now (draining, or past a {@link StreamLimits limit}), answered
 * so that every client comes back: a browser's {@code EventSource} gives up for good on any status
 * but 200, so the refusal is a {@code 200 text/event-stream} that holds a jittered {@code retry:}
 * hint and one {@code refused} event, then ends. The client reconnects after the hint with its
 * {@code Last-Event-ID}, as after any dropped stream.
 *
 * <p>The {@code refused} event's data is the problem+json the refusal would otherwise have been
 * (status 503 and a {@code reason} such as {@code hop-full}); {@code Retry-After} and {@code
 * X-Stream-Refused: <reason>} say the same in headers, for tools and load balancers.
 */
final class StreamRefusal {
  static final String REASON_HEADER = "X-Stream-Refused";
  private static final byte[] EVENT_HEAD =
      "event: refused\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
  private static final HttpField EVENT_STREAM =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store, no-transform");
  private static final HttpField CLOSE =
      new PreEncodedHttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());

  private StreamRefusal() {}

  /** Answers {@code refusal} (a 503 problem) with {@code retryHint} first, and ends the stream. */
  static void send(
      Response response, Callback callback, ProblemException refusal, WireFrame retryHint) {
    byte[] problem = refusal.problem().toJson();
    ByteBuffer hint = retryHint.payload();
    ByteBuffer body =
        ByteBuffer.allocate(hint.remaining() + EVENT_HEAD.length + problem.length + END.length);
    body.put(hint).put(EVENT_HEAD).put(problem).put(END).flip();
    response.setStatus(200);
    response.getHeaders().put(EVENT_STREAM).put(NO_STORE).put(CLOSE);
    refusal.headers().forEach(response.getHeaders()::put);
    response.getHeaders().put(REASON_HEADER, refusal.problem().reason());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
    response.write(true, body, callback);
  }
}
