package io.livecomments.poller;

import io.livecomments.http.HealthHandler;
import io.livecomments.http.HttpServers;
import io.livecomments.http.HttpSettings;
import io.livecomments.http.MetricsHandler;
import io.livecomments.http.Route;
import io.livecomments.json.CommentJson;
import io.livecomments.lifecycle.StopSequence;
import io.livecomments.poller.http.SnapshotHandlers;
import io.livecomments.poller.snapshot.CachedSnapshots;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;

/**
 * The poller's composition root: the snapshot routes over a {@link SnapshotStore} with the Caffeine
 * cache in front, plus health and metrics, on one Jetty connector. {@link #routes} lets another
 * role (all-in-one) serve the same routes on its own port instead.
 *
 * <p>Does not own the store: the caller closes it after this server.
 */
public final class PollerServer implements AutoCloseable {
  private final PollerConfig config;
  private final PrometheusRegistry registry;
  private final PollerMetrics metrics;
  private final CachedSnapshots snapshots;
  private final SnapshotHandlers handlers;
  private final HttpSettings http;
  private final AtomicBoolean ready = new AtomicBoolean();
  private Server server;

  public PollerServer(
      PollerConfig config,
      SnapshotStore store,
      Scheduler scheduler,
      InstantSource clock,
      PrometheusRegistry registry) {
    this(config, store, scheduler, clock, registry, HttpSettings.defaults());
  }

  /**
   * @param http how the HTTP server treats clients (CORS, caps, deadlines, the metrics port)
   */
  public PollerServer(
      PollerConfig config,
      SnapshotStore store,
      Scheduler scheduler,
      InstantSource clock,
      PrometheusRegistry registry,
      HttpSettings http) {
    this.http = http;
    this.config = config;
    this.registry = registry;
    this.metrics = new PollerMetrics(registry);
    this.snapshots =
        new CachedSnapshots(store, new CommentJson(), clock, config.maxCachedSnapshots());
    metrics.storeReads(snapshots::storeReads);
    this.handlers =
        new SnapshotHandlers(
            snapshots,
            scheduler,
            clock,
            metrics,
            config.schedule(),
            config.maxHeldPerVideo(),
            config.maxHeld());
  }

  /** The snapshot routes alone, to serve beside another role's. */
  public List<Route> routes() {
    return List.of(
        Route.get("/v1/videos/{videoId}/snapshots/latest", handlers.latest()),
        Route.get("/v1/videos/{videoId}/snapshots/{second}", handlers.bySecond()));
  }

  /** Serves the routes with health and metrics on the configured port; returns once bound. */
  public PollerServer start() throws Exception {
    HealthHandler health = new HealthHandler(ready::get);
    List<Route> routes = new ArrayList<>(routes());
    routes.add(Route.get("/healthz", health.liveness()));
    routes.add(Route.get("/readyz", health.readiness()));
    server =
        HttpServers.start(
            "poller",
            config.host(),
            config.port(),
            30_000,
            0,
            http,
            routes,
            new MetricsHandler(registry));
    ready.set(true);
    return this;
  }

  /** Replies so far with {@code outcome} (see {@link PollerMetrics}); for tests and tools. */
  public long replies(String outcome) {
    return metrics.replies(outcome);
  }

  /** Polls for open seconds held right now. */
  public int heldPolls() {
    return handlers.heldPolls();
  }

  /** Reads from the store so far (cache misses and hold checks). */
  public long storeReads() {
    return snapshots.storeReads();
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

  /** Stops serving: held polls end first (as timed out), then the connector closes. */
  @Override
  public void close() {
    ready.set(false);
    StopSequence stopping = new StopSequence("the poller").stop(handlers::close);
    if (server != null) {
      stopping.stop(server::stop);
    }
    stopping.finish();
  }
}
