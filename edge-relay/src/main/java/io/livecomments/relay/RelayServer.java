package io.livecomments.relay;

import io.livecomments.http.HealthHandler;
import io.livecomments.http.HttpServers;
import io.livecomments.http.HttpSettings;
import io.livecomments.http.MetricsHandler;
import io.livecomments.http.Route;
import io.livecomments.json.CommentJson;
import io.livecomments.lifecycle.StopSequence;
import io.livecomments.relay.drain.Drain;
import io.livecomments.relay.upstream.UpstreamChannelSource;
import io.livecomments.relay.upstream.UpstreamStreams;
import io.livecomments.relay.viewer.ViewerPages;
import io.livecomments.sse.SseFrames;
import io.livecomments.stream.StreamHop;
import io.livecomments.stream.StreamMetrics;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Server;

/**
 * The relay's composition root: viewers' streams served from channels fed by one upstream
 * subscription per video, the viewer page ({@link ViewerPages}), health, readiness and metrics, on
 * one Jetty connector.
 */
public final class RelayServer implements AutoCloseable {
  private final RelayConfig config;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final List<Route> extraRoutes;
  private final HttpSettings http;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private UpstreamStreams upstream;
  private StreamHop hop;
  private Drain drain;
  private Server server;

  /**
   * @param extraRoutes more routes on the same port (posts, history and snapshots in {@code
   *     all-in-one})
   */
  public RelayServer(
      RelayConfig config, Scheduler scheduler, InstantSource clock, List<Route> extraRoutes) {
    this(config, scheduler, clock, extraRoutes, HttpSettings.defaults());
  }

  /**
   * @param extraRoutes more routes on the same port (posts, history and snapshots in {@code
   *     all-in-one})
   * @param http how the HTTP server treats clients (CORS, caps, deadlines, the metrics port)
   */
  public RelayServer(
      RelayConfig config,
      Scheduler scheduler,
      InstantSource clock,
      List<Route> extraRoutes,
      HttpSettings http) {
    this.http = http;
    this.config = config;
    this.scheduler = scheduler;
    this.clock = clock;
    this.extraRoutes = List.copyOf(extraRoutes);
  }

  /** Starts serving; returns once the port is bound. Upstreams open as viewers arrive. */
  public RelayServer start() throws Exception {
    CommentJson json = new CommentJson();
    SseFrames frames = new SseFrames(json);
    upstream =
        new UpstreamStreams(config.upstream(), config.upstreamIdle(), config.stream().gzip());
    UpstreamChannelSource source =
        new UpstreamChannelSource(
            upstream,
            scheduler,
            config.reconnect(),
            config.sampleBudget(),
            config.stream().maxCatchUp(),
            json,
            frames,
            new RelayMetrics(registry));
    hop =
        new StreamHop(
            source, config.stream(), frames, new StreamMetrics(registry), clock, scheduler);
    drain = new Drain(hop, scheduler, config.drain());

    HealthHandler health =
        new HealthHandler(() -> server.isStarted() && !hop.admission().draining());
    List<Route> routes = new ArrayList<>(extraRoutes);
    routes.addAll(new ViewerPages(http.cors()).routes());
    routes.add(Route.get("/v1/videos/{videoId}/stream", hop.handler()));
    routes.add(Route.get("/healthz", health.liveness()));
    routes.add(Route.get("/readyz", health.readiness()));

    server =
        HttpServers.start(
            "relay",
            config.host(),
            config.port(),
            config.stream().idleTimeoutMillis(),
            config.socketSendBuffer(),
            http,
            routes,
            new MetricsHandler(registry));
    return this;
  }

  public int port() {
    return HttpServers.port(server);
  }

  public String host() {
    return config.host();
  }

  /** Where {@code /metrics} is served: its own port, else {@link #port}. */
  public int metricsPort() {
    return HttpServers.metricsPort(server);
  }

  /** Stops taking streams and closes the open ones over the drain window; see {@link Drain}. */
  public CompletableFuture<Void> drain() {
    return drain.start();
  }

  /**
   * Stops serving, then the streams, then the upstream client; goes on past a part that fails and
   * throws the first failure at the end (see {@link StopSequence}).
   */
  @Override
  public void close() {
    StopSequence stopping = new StopSequence("the relay");
    if (server != null) {
      stopping.stop(server::stop);
    }
    if (hop != null) {
      stopping.stop(hop::close);
    }
    if (upstream != null) {
      stopping.stop(upstream::close);
    }
    stopping.finish();
  }
}
