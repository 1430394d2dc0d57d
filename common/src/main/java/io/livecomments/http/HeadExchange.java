package io.livecomments.http;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A {@code HEAD} request answered by its {@code GET} route's handler; connection-scoped, like the
 * request. The handler's first write sends the head (Jetty drops the body of a reply to {@code
 * HEAD}, keeping {@code Content-Length}) and ends the exchange; the handler then learns from that
 * write, and any later one, that the peer takes no body ({@link EofException}), so that a handler
 * that would go on writing (a stream) stops as if the client had left. The request completes once,
 * whatever the handler does with its callback afterwards.
 */
final class HeadExchange {
  private static final EofException NO_BODY = new EofException("HEAD: no body");

  private final Callback done;
  private final AtomicBoolean completed = new AtomicBoolean();
  private final Response response;
  private final Callback callback;

  HeadExchange(Request request, Response response, Callback callback) {
    this.done = callback;
    this.response = new HeadResponse(request, response);
    this.callback =
        Callback.from(
            callback.getInvocationType(), () -> complete(null), failure -> complete(failure));
  }

  Response response() {
    return response;
  }

  Callback callback() {
    return callback;
  }

  private void complete(Throwable failure) {
    if (completed.compareAndSet(false, true)) {
      if (failure == null) {
        done.succeeded();
      } else {
        done.failed(failure);
      }
    }
  }

  private final class HeadResponse extends Response.Wrapper {
    private final AtomicBoolean headSent = new AtomicBoolean();

    HeadResponse(Request request, Response wrapped) {
      super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback written) {
      if (!headSent.compareAndSet(false, true)) {
        written.failed(NO_BODY);
        return;
      }
      super.write(
          true,
          content,
          Callback.from(
              () -> {
                complete(null);
                written.failed(NO_BODY);
              },
              failure -> {
                complete(failure);
                written.failed(failure);
              }));
    }
  }
}
