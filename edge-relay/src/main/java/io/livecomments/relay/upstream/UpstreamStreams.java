package io.livecomments.relay.upstream;

import io.livecomments.comment.Cursor;
import io.livecomments.comment.VideoId;
import io.livecomments.lifecycle.StopSequence;
import io.livecomments.sse.GzipInflow;
import io.livecomments.sse.SseListener;
import io.livecomments.sse.SseParser;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Opens SSE streams on the upstream hop (the origin or another relay: the same contract), without
 * blocking: events are parsed as bytes arrive and handed to a listener on a client thread. One HTTP
 * connection per open stream. With gzip on it asks for the compressed stream and inflates it as it
 * arrives ({@link GzipInflow}: each frame's segment decodes at once); an upstream that answers
 * plain is read plain.
 */
public final class UpstreamStreams implements AutoCloseable {
  private final URI base;
  private final Duration idleTimeout;
  private final HttpClient client;
  private final boolean gzip;

  /** One open upstream stream; {@link #close} aborts it (its end callback then runs). */
  public interface Stream extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * @param base the upstream's base URL; streams are at {@code {base}/v1/videos/{id}/stream}
   * @param idleTimeout a stream silent this long (no heartbeat) is taken for dead
   * @param gzip whether to ask the upstream for the gzip-encoded stream
   */
  public UpstreamStreams(URI base, Duration idleTimeout, boolean gzip) throws Exception {
    this.base = base;
    this.gzip = gzip;
    this.idleTimeout = idleTimeout;
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("relay-upstream");
    client = new HttpClient();
    client.setExecutor(threads);
    // One long-lived connection per watched video, all to the same upstream.
    client.setMaxConnectionsPerDestination(100_000);
    client.setMaxRequestsQueuedPerDestination(100_000);
    client.setConnectTimeout(Math.min(5_000, idleTimeout.toMillis()));
    client.setFollowRedirects(false);
    client.start();
    // Decoding is ours (GzipInflow): the client must not ask for an encoding on its own, which it
    // would since jetty-compression-gzip is on the class path (start fills an empty list).
    client.getContentDecoderFactories().clear();
  }

  /**
   * Opens the video's stream.
   *
   * @param lastEventId the cursor to resume after, empty for a fresh join (recent context first)
   * @param events receives every parsed event, on one client thread at a time
   * @param onEnd called once when the stream ends, with the failure (a non-200 status is one) or
   *     null when the upstream closed it normally
   */
  public Stream open(
      VideoId videoId, OptionalLong lastEventId, SseListener events, Consumer<Throwable> onEnd) {
    SseParser parser = new SseParser(events);
    GzipInflow inflow = new GzipInflow(parser::feed);
    AtomicBoolean compressed = new AtomicBoolean();
    Request request =
        client
            .newRequest(base.resolve(base.getPath() + "/v1/videos/" + videoId.value() + "/stream"))
            .headers(h -> h.put(HttpHeader.ACCEPT, "text/event-stream"))
            .idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (gzip) {
      request.headers(h -> h.put(HttpHeader.ACCEPT_ENCODING, "gzip"));
    }
    lastEventId.ifPresent(
        cursor -> request.headers(h -> h.put("Last-Event-ID", Cursor.encode(cursor))));
    request
        .onResponseHeaders(
            response -> {
              if (response.getStatus() != 200) {
                response.abort(new UpstreamException("upstream answered " + response.getStatus()));
              }
              compressed.set(
                  gzip
                      && "gzip"
                          .equalsIgnoreCase(
                              response.getHeaders().get(HttpHeader.CONTENT_ENCODING)));
            })
        .onResponseContent(
            (response, content) -> {
              try {
                if (compressed.get()) {
                  inflow.feed(content);
                } else {
                  parser.feed(content);
                }
              } catch (RuntimeException e) {
                // A malformed stream or a failing listener: drop the connection and reconnect.
                response.abort(e);
              }
            })
        .send(
            result -> {
              inflow.close();
              onEnd.accept(result.getFailure());
            });
    return () -> request.abort(new UpstreamException("stream closed by the relay"));
  }

  /** Stops the HTTP client, aborting every open stream; a failure to stop is thrown unchecked. */
  @Override
  public void close() {
    new StopSequence("the relay's upstream client").stop(client::stop).finish();
  }
}
