package io.livecomments.http;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one way our roles serve HTTP: a Jetty server with one public connector and a {@link Router},
 * hardened alike on every role (see {@link HttpSettings}): a header deadline ({@link
 * HeaderDeadlines}), a minimum body rate ({@link MinimumBodyRate}), a cap on connections, CORS,
 * problem+json for Jetty's own errors too, no {@code Server} header, and {@code /metrics} on the
 * public port or on one of its own.
 */
public final class HttpServers {
  private static final String METRICS_CONNECTOR = "metrics";

  private HttpServers() {}

  /**
   * Starts serving {@code routes} on {@code host:port} (0: a free port) and returns once bound.
   *
   * @param idleTimeoutMillis connections silent this long are closed: longer than a stream's
   *     heartbeat interval, so a live stream is never cut
   * @param socketSendBuffer kernel send buffer per accepted socket, 0 for the OS default
   * @param metrics served as {@code GET /metrics}, where {@code settings} says
   */
  public static Server start(
      String name,
      String host,
      int port,
      long idleTimeoutMillis,
      int socketSendBuffer,
      HttpSettings settings,
      List<Route> routes,
      Request.Handler metrics)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName(name + "-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    long headerTimeout = settings.headerTimeout().toMillis();
    ServerConnector connector =
        new ServerConnector(server, new HeaderDeadlines(http, headerTimeout));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeoutMillis);
    // A reconnect storm (a relay drained elsewhere) arrives faster than the default backlog.
    connector.setAcceptQueueSize(4096);
    if (socketSendBuffer > 0) {
      connector.setAcceptedSendBufferSize(socketSendBuffer);
    }
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));
    server.setErrorHandler(new ProblemErrorHandler());

    List<Route> publicRoutes = new ArrayList<>(routes);
    Route metricsRoute = Route.get("/metrics", metrics);
    if (!settings.separateMetrics()) {
      publicRoutes.add(metricsRoute);
      server.setHandler(new Router(publicRoutes, settings));
    } else {
      ServerConnector metricsConnector =
          new ServerConnector(server, 1, 1, new HeaderDeadlines(http, headerTimeout));
      metricsConnector.setName(METRICS_CONNECTOR);
      metricsConnector.setHost(host);
      metricsConnector.setPort(settings.metricsPort());
      metricsConnector.setIdleTimeout(idleTimeoutMillis);
      server.addConnector(metricsConnector);
      server.setHandler(
          new Handler.Sequence(
              new OnConnector(
                  metricsConnector,
                  new Router(List.of(metricsRoute), settings.withCors(Cors.NONE))),
              new Router(publicRoutes, settings)));
    }
    server.start();
    return server;
  }

  /** The public port a started server is bound to. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The port {@code /metrics} is served on: its own, else the public one. */
  public static int metricsPort(Server server) {
    for (Connector connector : server.getConnectors()) {
      if (METRICS_CONNECTOR.equals(connector.getName())) {
        return ((ServerConnector) connector).getLocalPort();
      }
    }
    return port(server);
  }

  /** Hands on only the requests that came in through one connector. */
  private static final class OnConnector extends Handler.Wrapper {
    private final Connector connector;

    OnConnector(Connector connector, Handler handler) {
      super(handler);
      this.connector = connector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      return request.getConnectionMetaData().getConnector() == connector
          && super.handle(request, response, callback);
    }
  }
}
