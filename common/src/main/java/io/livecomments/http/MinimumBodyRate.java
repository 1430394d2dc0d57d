package io.livecomments.http;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One request whose body must arrive at an average of at least {@code bytesPerSecond} once {@code
 * grace} has passed since its headers; connection-scoped, like the request it wraps.
 *
 * <p>The idle timeout restarts on every byte, so it cannot stop a sender that trickles one byte
 * every few seconds and holds a connection (and, behind a proxy, an upstream one) for hours. Here
 * each wait for more body bytes is given a timer at the moment the bytes read so far fall below the
 * rate; if no byte comes first, the waiting reader is woken and reads a 408 {@link
 * ProblemException} ({@code body-too-slow}). Handlers that read with {@link RequestBodies#read}
 * answer it through {@link Responses#sendFailure}, which closes the connection since the body is
 * left unread.
 */
final class MinimumBodyRate extends Request.Wrapper {
  private static final ProblemException TOO_SLOW =
      new ProblemException(
          Problem.of(408, "body-too-slow", "The request body arrived too slowly."),
          Map.of("Connection", "close"));

  private final long startNanos;
  private final long graceNanos;
  private final long bytesPerSecond;
  private final Scheduler scheduler;
  private volatile boolean expired;

  MinimumBodyRate(Request request, long graceMillis, long bytesPerSecond) {
    super(request);
    this.startNanos = NanoTime.now();
    this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
    this.bytesPerSecond = bytesPerSecond;
    this.scheduler = request.getComponents().getScheduler();
  }

  /** Whether {@code request} has a body to pace: a length above zero, or chunks. */
  static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  @Override
  public Content.Chunk read() {
    if (expired) {
      return Content.Chunk.from(TOO_SLOW, true);
    }
    return super.read();
  }

  @Override
  public void demand(Runnable demandCallback) {
    if (expired) {
      demandCallback.run();
      return;
    }
    // The bytes read so far stay enough until this instant; a byte that comes first re-arms.
    long read = Request.getContentBytesRead(getWrapped());
    long dueNanos = startNanos + graceNanos + TimeUnit.SECONDS.toNanos(read) / bytesPerSecond;
    long delayNanos = Math.max(0, NanoTime.until(dueNanos));
    AtomicBoolean once = new AtomicBoolean();
    Scheduler.Task timer =
        scheduler.schedule(
            () -> {
              if (once.compareAndSet(false, true)) {
                expired = true;
                demandCallback.run();
              }
            },
            delayNanos,
            TimeUnit.NANOSECONDS);
    super.demand(
        () -> {
          timer.cancel();
          if (once.compareAndSet(false, true)) {
            demandCallback.run();
          }
        });
  }
}
