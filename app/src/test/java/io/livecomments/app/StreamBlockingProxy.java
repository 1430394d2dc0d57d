package io.livecomments.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A reverse proxy in front of a server, as a viewer's network might have: everything passes, except
 * a request for {@code .../stream} while it blocks: {@link Mode#BUFFER} takes it and never answers,
 * as a proxy that buffers whole responses (a stream never ends, so nothing of it ever arrives);
 * {@link Mode#REFUSE} answers 502 at once, as a proxy that does not allow streams.
 */
final class StreamBlockingProxy implements AutoCloseable {
  enum Mode {
    BUFFER,
    REFUSE
  }

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final AtomicInteger held = new AtomicInteger();
  private volatile boolean blocking = true;

  StreamBlockingProxy(int upstreamPort, Mode mode) throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ProxyHandler.Reverse proxy =
        new ProxyHandler.Reverse(
            request ->
                HttpURI.build(request.getHttpURI())
                    .scheme("http")
                    .host("127.0.0.1")
                    .port(upstreamPort));
    server.setHandler(
        new Handler.Wrapper(proxy) {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            if (blocking && Request.getPathInContext(request).endsWith("/stream")) {
              held.incrementAndGet();
              if (mode == Mode.REFUSE) {
                Response.writeError(request, response, callback, 502);
              }
              return true; // buffered: the browser waits for bytes that never come
            }
            return super.handle(request, response, callback);
          }
        });
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  /** From now on streams pass (those already held stay held). */
  void unblock() {
    blocking = false;
  }

  /** Stream requests blocked so far. */
  int held() {
    return held.get();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test proxy", e);
    } catch (Exception e) {
      throw new IllegalStateException("stopping the test proxy failed", e);
    }
  }
}
