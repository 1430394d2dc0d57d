package io.livecomments.app;

import io.livecomments.http.BufferedUploads;
import io.livecomments.http.HttpSettings;
import io.livecomments.http.Route;
import io.livecomments.lifecycle.StopSequence;
import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.origin.api.PostCommentHandler;
import io.livecomments.poller.PollerConfig;
import io.livecomments.poller.PollerServer;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.stream.StreamLimits;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;

/**
 * The whole service in one process, laid out as in production: an origin on a private loopback
 * port, and in front of it a relay on the public port that serves the viewer page and the streams
 * (through its real upstream client) and passes comment posts and history to the origin, as a CDN
 * would. The same public port serves the poller's snapshot routes, read from the origin's in-memory
 * snapshot store.
 */
final class AllInOne implements AutoCloseable {
  private final OriginServer origin;
  private final PollerServer poller;
  private final RelayServer relay;

  private AllInOne(OriginServer origin, PollerServer poller, RelayServer relay) {
    this.origin = origin;
    this.poller = poller;
    this.relay = relay;
  }

  /**
   * Uploads one address may have in flight through the public port at once: a browser posts one at
   * a time, and a household or office behind one address rarely more than a few.
   */
  static final int MAX_UPLOADS_PER_ADDRESS = 16;

  /** Starts both in memory; {@code config}'s host and port are the public ones. */
  static AllInOne start(OriginConfig config, Scheduler scheduler, InstantSource clock)
      throws Exception {
    return start(config, HttpSettings.defaults(), scheduler, clock);
  }

  /** Starts both in memory, the public port served as {@code http} says. */
  static AllInOne start(
      OriginConfig config, HttpSettings http, Scheduler scheduler, InstantSource clock)
      throws Exception {
    return start(
        config,
        Backends.inMemory(config.rateLimit(), config.moderation().reportRateLimit(), clock),
        new PrometheusRegistry(),
        http,
        scheduler,
        clock,
        StreamSettings.DEFAULT.limits());
  }

  /**
   * Starts both on {@code backends} (closed with the service, or here if starting fails).
   *
   * @param registry the origin's {@code /metrics}, where the backends registered theirs
   * @param http how the public port treats clients; the internal origin keeps the defaults
   * @param viewerCaps the public port's stream caps (the internal origin's are for its relay)
   */
  static AllInOne start(
      OriginConfig config,
      Backends backends,
      PrometheusRegistry registry,
      HttpSettings http,
      Scheduler scheduler,
      InstantSource clock,
      StreamLimits viewerCaps)
      throws Exception {
    OriginConfig internal = config.withAddress("127.0.0.1", 0);
    OriginServer origin =
        new OriginServer(internal, backends, scheduler, clock, List.of(), registry);
    try {
      origin.start();
    } catch (Exception | Error e) {
      // Closes whatever started, and the backends.
      origin.close();
      throw e;
    }
    PollerServer poller = null;
    try {
      poller =
          new PollerServer(
              PollerConfig.defaults(config.host(), config.port()),
              backends.snapshots(),
              scheduler,
              clock,
              new PrometheusRegistry());
      List<Route> publicRoutes = new ArrayList<>(poller.routes());
      URI originBase = URI.create("http://127.0.0.1:" + origin.port());
      ProxyHandler.Reverse toOrigin =
          new ProxyHandler.Reverse(
              request ->
                  HttpURI.build(request.getHttpURI())
                      .scheme("http")
                      .host(originBase.getHost())
                      .port(originBase.getPort()));
      // Bodies are read whole here first: the proxy streams a body as it comes, and a slow sender
      // would hold one of its ~64 connections to the origin for as long as it liked.
      BufferedUploads uploads =
          new BufferedUploads(toOrigin, PostCommentHandler.MAX_BODY_BYTES, MAX_UPLOADS_PER_ADDRESS);
      publicRoutes.add(Route.post("/v1/videos/{videoId}/comments", uploads));
      publicRoutes.add(Route.get("/v1/videos/{videoId}/comments", toOrigin));
      publicRoutes.add(Route.post("/dev/token", uploads));
      for (String action : List.of("reports", "hide", "unhide")) {
        publicRoutes.add(
            Route.post("/v1/videos/{videoId}/comments/{commentId}/" + action, uploads));
      }
      publicRoutes.add(Route.get("/v1/moderation/queue", toOrigin));
      RelayConfig relayConfig =
          RelayConfig.defaults(config.host(), config.port(), originBase)
              .withStream(config.stream().withLimits(viewerCaps));
      RelayServer relay =
          new RelayServer(relayConfig, scheduler, clock, publicRoutes, http).start();
      return new AllInOne(origin, poller, relay);
    } catch (Exception | Error e) {
      if (poller != null) {
        poller.close();
      }
      origin.close();
      throw e;
    }
  }

  /** The public port. */
  int port() {
    return relay.port();
  }

  /** Where the public side's {@code /metrics} is served: its own port, else {@link #port}. */
  int metricsPort() {
    return relay.metricsPort();
  }

  String host() {
    return relay.host();
  }

  /** Stops the relay, the poller, then the origin, each even if an earlier one failed. */
  @Override
  public void close() {
    new StopSequence("the all-in-one service")
        .stop(relay::close)
        .stop(poller::close)
        .stop(origin::close)
        .finish();
  }
}
