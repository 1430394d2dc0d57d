package io.livecomments.stream;

import io.livecomments.comment.Cursor;
import io.livecomments.comment.VideoId;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.QueryParams;
import io.livecomments.http.VideoIds;
import java.util.OptionalLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/videos/{videoId}/stream}: the live stream, the same at the origin and at every
 * relay. Joins the viewer to its video's channel and keeps the request open until the stream ends;
 * the handler itself never writes or blocks. A stream the hop will not take now is answered as a
 * {@link StreamRefusal} (browsers retry it); a bad or far-future cursor is a 400 problem.
 *
 * <p>When gzip is on, a viewer that accepts it gets the stream {@link GzipSegments compressed}, and
 * every answer says {@code Vary: Accept-Encoding}; refusals and problems stay plain (a few hundred
 * bytes, once).
 */
public final class StreamHandler implements Request.Handler {
  private static final HttpField EVENT_STREAM =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store, no-transform");
  // Tells nginx-style proxies not to buffer the stream.
  private static final HttpField NO_BUFFERING = new PreEncodedHttpField("X-Accel-Buffering", "no");
  private static final HttpField CLOSE =
      new PreEncodedHttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());

  private final ChannelRegistry channels;
  private final StreamAdmission admission;
  private final RetryHints retryHints;
  private final ViewerLimits limits;
  private static final HttpField GZIP =
      new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
  private static final HttpField VARY =
      new PreEncodedHttpField(HttpHeader.VARY, HttpHeader.ACCEPT_ENCODING.asString());

  private final StreamMetrics metrics;
  private final boolean gzip;

  /**
   * @param gzip whether viewers that accept gzip get it
   */
  public StreamHandler(
      ChannelRegistry channels,
      StreamAdmission admission,
      RetryHints retryHints,
      ViewerLimits limits,
      StreamMetrics metrics,
      boolean gzip) {
    this.gzip = gzip;
    this.channels = channels;
    this.admission = admission;
    this.retryHints = retryHints;
    this.limits = limits;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    VideoId videoId = VideoIds.fromPath(request);
    OptionalLong resumeAfter = resumeCursor(request);
    if (gzip) {
      response.getHeaders().put(VARY);
    }
    StreamAdmission.Ticket ticket;
    VideoChannel channel;
    try {
      ticket = admission.admit(Request.getRemoteAddr(request), videoId);
    } catch (ProblemException refused) {
      StreamRefusal.send(response, callback, refused, retryHints.next());
      return true;
    }
    try {
      channel = channels.acquire(videoId);
    } catch (ProblemException refused) {
      ticket.release();
      StreamRefusal.send(response, callback, refused, retryHints.next());
      return true;
    }
    if (resumeAfter.isPresent() && channel.isFarAhead(resumeAfter.getAsLong())) {
      channels.release(channel);
      ticket.release();
      throw new ProblemException(
          Problem.badRequest(
              "cursor-ahead", "Last-Event-ID is far beyond the newest event of this stream"));
    }

    response.setStatus(200);
    response.getHeaders().put(EVENT_STREAM).put(NO_STORE).put(NO_BUFFERING);
    boolean compressed = gzip && GzipSegments.accepted(request.getHeaders());
    if (compressed) {
      response.getHeaders().put(GZIP);
    }
    boolean http11 = request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1;
    if (http11) {
      // The close watch below holds the connection's reads: it cannot carry a next request.
      response.getHeaders().put(CLOSE);
    }
    metrics.streamOpened();
    Viewer viewer =
        new Viewer(
            ChunkedSocketSink.of(request, response, callback),
            limits,
            metrics,
            ended -> {
              channel.leave(ended);
              channels.release(channel);
              ticket.release();
              metrics.streamClosed();
            },
            compressed);
    request.addFailureListener(viewer::abort);
    // Written with the backlog once the channel has queued it (join starts the write).
    viewer.enqueue(retryHints.next());
    channel.join(viewer, resumeAfter);
    if (http11) {
      // After the join: a viewer that ends leaves its channel, so it must be in it first.
      PeerCloseWatch.start(
          request.getConnectionMetaData().getConnection().getEndPoint(), viewer::abort);
    }
    return true;
  }

  /** The {@code Last-Event-ID} header, else the {@code lastEventId} query parameter (for tools). */
  private static OptionalLong resumeCursor(Request request) {
    String cursor = request.getHeaders().get("Last-Event-ID");
    if (cursor == null) {
      cursor = QueryParams.of(request).get("lastEventId").orElse(null);
    }
    if (cursor == null || cursor.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Cursor.decode(cursor));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.badRequest("invalid-cursor", "Last-Event-ID is not a cursor of this stream"));
    }
  }
}
