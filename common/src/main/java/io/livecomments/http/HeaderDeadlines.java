package io.livecomments.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * HTTP/1.1 connections whose every request must have its request line and headers complete within a
 * deadline of their first byte; one that does not gets 408 problem+json and is closed.
 *
 * <p>The idle timeout restarts on every byte, so without this a client that sends one header byte a
 * minute holds a connection (and a file descriptor) for hours, and Jetty 12 has no header deadline
 * of its own. An idle keep-alive connection is not affected (the idle timeout governs it): the
 * clock starts with a request's first byte and stops once its headers are parsed.
 *
 * <p>Hooks Jetty's parser ({@link HttpParser#parseNext}, which every HTTP/1 read goes through)
 * through the connection's protected factory method; the connection class is Jetty's internal one,
 * so a Jetty upgrade must keep {@code HeaderDeadlineIT} green.
 */
final class HeaderDeadlines extends HttpConnectionFactory {
  private static final byte[] TIMED_OUT = timedOut();

  private final long timeoutMillis;

  HeaderDeadlines(HttpConfiguration configuration, long timeoutMillis) {
    super(configuration);
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    DeadlineConnection connection =
        new DeadlineConnection(getHttpConfiguration(), connector, endPoint);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  private static byte[] timedOut() {
    byte[] body =
        Problem.of(408, "header-timeout", "The request's headers did not arrive in time.").toJson();
    String head =
        "HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: application/problem+json\r\n"
            + "Cache-Control: no-store\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  /** Jetty's HTTP/1 connection with a {@link DeadlineParser}. */
  private final class DeadlineConnection extends HttpConnection {
    DeadlineConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
      super(configuration, connector, endPoint);
    }

    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
      // Runs inside Jetty's constructor: only the arguments and what the base class has set are
      // usable here (the end point, the connector, the request handler of Jetty's own parser).
      HttpParser jetty = super.newHttpParser(compliance);
      DeadlineParser parser =
          new DeadlineParser(
              (HttpParser.RequestHandler) jetty.getHandler(),
              getHttpConfiguration().getRequestHeaderSize(),
              compliance,
              getEndPoint(),
              getConnector().getScheduler());
      parser.setHeaderCacheSize(jetty.getHeaderCacheSize());
      parser.setHeaderCacheCaseSensitive(jetty.isHeaderCacheCaseSensitive());
      return parser;
    }
  }

  /** Arms a timer when a request's first byte is parsed and cancels it once its headers are. */
  private final class DeadlineParser extends HttpParser {
    private final EndPoint endPoint;
    private final Scheduler scheduler;
    // The armed deadline's token: set by the parsing thread; the timer claims it to expire, the
    // parser to cancel, so exactly one of them acts.
    private final AtomicReference<Object> armed = new AtomicReference<>();
    private Scheduler.Task timer;

    DeadlineParser(
        RequestHandler handler,
        int maxHeaderBytes,
        HttpCompliance compliance,
        EndPoint endPoint,
        Scheduler scheduler) {
      super(handler, maxHeaderBytes, compliance);
      this.endPoint = endPoint;
      this.scheduler = scheduler;
    }

    @Override
    public boolean parseNext(ByteBuffer buffer) {
      if (armed.get() == null && isStart() && buffer.hasRemaining()) {
        Object token = new Object();
        armed.set(token);
        timer =
            scheduler.schedule(
                () -> {
                  if (armed.compareAndSet(token, null)) {
                    expire();
                  }
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
      }
      boolean handle = super.parseNext(buffer);
      if (!inHeaderState() && armed.getAndSet(null) != null) {
        timer.cancel();
      }
      return handle;
    }

    private void expire() {
      try {
        endPoint.write(Callback.from(endPoint::close, endPoint::close), ByteBuffer.wrap(TIMED_OUT));
      } catch (RuntimeException e) {
        // A write already pending (a pipelined reply): the close alone must do.
        endPoint.close(e);
      }
    }
  }
}
