package io.livecomments.http;

import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The one way our roles serve HTTP: a Jetty server with one connector and a {@link Router}. */
public final class HttpServers {
  private HttpServers() {}

  /**
   * Starts serving {@code routes} on {@code host:port} (0: a free port) and returns once bound.
   *
   * @param idleTimeoutMillis connections silent this long are closed: longer than a stream's
   *     heartbeat interval, so a live stream is never cut
   * @param socketSendBuffer kernel send buffer per accepted socket, 0 for the OS default
   */
  public static Server start(
      String name,
      String host,
      int port,
      long idleTimeoutMillis,
      int socketSendBuffer,
      List<Route> routes)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName(name + "-http");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeoutMillis);
    // A reconnect storm (a relay drained elsewhere) arrives faster than the default backlog.
    connector.setAcceptQueueSize(4096);
    if (socketSendBuffer > 0) {
      connector.setAcceptedSendBufferSize(socketSendBuffer);
    }
    server.addConnector(connector);
    server.setHandler(new Router(routes));
    server.start();
    return server;
  }

  /** The port a started server is bound to. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }
}
