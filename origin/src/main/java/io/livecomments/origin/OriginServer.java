package io.livecomments.origin;

import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.auth.JwtSecrets;
import io.livecomments.auth.JwtVerifier;
import io.livecomments.http.HealthHandler;
import io.livecomments.http.HttpServers;
import io.livecomments.http.HttpSettings;
import io.livecomments.http.MetricsHandler;
import io.livecomments.http.Route;
import io.livecomments.json.CommentJson;
import io.livecomments.lifecycle.StopSequence;
import io.livecomments.origin.api.DevTokenHandler;
import io.livecomments.origin.api.HistoryHandler;
import io.livecomments.origin.api.ModerationRoutes;
import io.livecomments.origin.api.PostCommentHandler;
import io.livecomments.origin.batch.BatchPublisher;
import io.livecomments.origin.batch.Persister;
import io.livecomments.origin.batch.VideoBatcher;
import io.livecomments.origin.moderation.BlocklistClassifier;
import io.livecomments.origin.moderation.CircuitBreaker;
import io.livecomments.origin.moderation.Classifier;
import io.livecomments.origin.moderation.HttpClassifier;
import io.livecomments.origin.moderation.ModerationMetrics;
import io.livecomments.origin.moderation.ModerationSettings;
import io.livecomments.origin.moderation.ModerationStage;
import io.livecomments.origin.moderation.Moderator;
import io.livecomments.origin.snapshot.SnapshotWriter;
import io.livecomments.origin.stream.OriginChannelSource;
import io.livecomments.origin.write.CommentIds;
import io.livecomments.origin.write.CommentWriter;
import io.livecomments.origin.write.InflightPosts;
import io.livecomments.origin.write.WriteMetrics;
import io.livecomments.sse.SseFrames;
import io.livecomments.stream.StreamHop;
import io.livecomments.stream.StreamMetrics;
import io.livecomments.time.DaemonThreads;
import io.livecomments.time.ExecutorScheduler;
import io.livecomments.time.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;

/**
 * The origin's composition root: wires the write path, the fan-out stage, the persister and the
 * stream endpoint over a set of {@link Backends}, and serves them on one Jetty connector.
 */
public final class OriginServer implements AutoCloseable {
  private final OriginConfig config;
  private final Backends backends;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final List<Route> extraRoutes;
  private final PrometheusRegistry registry;
  private final HttpSettings http;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final List<AutoCloseable> running = new ArrayList<>();
  private Server server;

  /**
   * @param extraRoutes more routes on the same port (the viewer page in {@code all-in-one})
   */
  public OriginServer(
      OriginConfig config,
      Backends backends,
      Scheduler scheduler,
      InstantSource clock,
      List<Route> extraRoutes) {
    this(config, backends, scheduler, clock, extraRoutes, new PrometheusRegistry());
  }

  /**
   * @param registry served on {@code /metrics}: the one the backends registered their metrics in
   */
  public OriginServer(
      OriginConfig config,
      Backends backends,
      Scheduler scheduler,
      InstantSource clock,
      List<Route> extraRoutes,
      PrometheusRegistry registry) {
    this(config, backends, scheduler, clock, extraRoutes, registry, HttpSettings.defaults());
  }

  /**
   * @param registry served on {@code /metrics}: the one the backends registered their metrics in
   * @param http how the HTTP server treats clients (CORS, caps, deadlines, the metrics port)
   */
  public OriginServer(
      OriginConfig config,
      Backends backends,
      Scheduler scheduler,
      InstantSource clock,
      List<Route> extraRoutes,
      PrometheusRegistry registry,
      HttpSettings http) {
    this.registry = registry;
    this.http = http;
    this.config = config;
    this.backends = backends;
    this.scheduler = scheduler;
    this.clock = clock;
    this.extraRoutes = List.copyOf(extraRoutes);
  }

  /** Starts consuming the log and serving; returns once the port is bound. */
  public OriginServer start() throws Exception {
    CommentJson json = new CommentJson();
    SseFrames frames = new SseFrames(json);
    StreamMetrics streamMetrics = new StreamMetrics(registry);
    WriteMetrics writeMetrics = new WriteMetrics(registry);
    InflightPosts inflightPosts = new InflightPosts(config.maxInflightPosts());
    writeMetrics.watch(inflightPosts);

    running.add(
        backends.log().subscribe(Backends.PERSISTER_GROUP, new Persister(backends.store())));
    // Its own thread: a slow snapshot store must not delay the batcher's windows on the shared one.
    ExecutorScheduler snapshotTicks = new ExecutorScheduler("lc-snapshots", 1);
    running.add(snapshotTicks);
    ModerationMetrics moderationMetrics = new ModerationMetrics(registry);
    Moderator moderator =
        new Moderator(
            backends.log(),
            backends.moderation(),
            backends.store(),
            backends.recentWindow(),
            clock,
            () -> CommentIds.next(ThreadLocalRandom.current()),
            moderationMetrics,
            config.moderation().reportThreshold());
    // The comments an unhide restores in the snapshots: the moderator's lookup finds hidden ones.
    SnapshotWriter snapshots =
        SnapshotWriter.withDefaults(backends.snapshots(), moderator::find, snapshotTicks, clock);
    running.add(snapshots);
    VideoBatcher batcher =
        new VideoBatcher(
            config.batchPolicy(),
            scheduler,
            new BatchPublisher(backends.recentWindow(), backends.bus(), snapshots));
    running.add(backends.log().subscribe(Backends.FANOUT_GROUP, batcher));

    ExecutorService feeds = feedExecutor("lc-origin-feeds");
    running.add(feeds::shutdownNow);
    ExecutorService catchUps = feedExecutor("lc-origin-catch-up");
    running.add(catchUps::shutdownNow);
    StreamHop stream =
        new StreamHop(
            new OriginChannelSource(
                backends.bus(),
                backends.recentWindow(),
                feeds,
                scheduler,
                backends.store(),
                catchUps,
                config.stream().maxCatchUp()),
            config.stream(),
            frames,
            streamMetrics,
            clock,
            scheduler);
    running.add(stream);

    byte[] secret = config.jwtSecret();
    List<Route> routes = new ArrayList<>(extraRoutes);
    if (secret == null) {
      secret = JwtSecrets.random(new SecureRandom());
      routes.add(
          Route.post(
              "/dev/token",
              new DevTokenHandler(new DevTokenIssuer(secret, config.tokens(), clock))));
    }
    CommentWriter writer =
        new CommentWriter(
            backends.log(),
            backends.rateLimiter(),
            backends.idempotencyKeys(),
            () -> CommentIds.next(ThreadLocalRandom.current()),
            clock);
    HealthHandler health = new HealthHandler(this::notReady);
    JwtVerifier verifier = new JwtVerifier(secret, config.tokens(), clock);
    routes.add(
        Route.post(
            "/v1/videos/{videoId}/comments",
            new PostCommentHandler(verifier, writer, json, writeMetrics, inflightPosts)));
    routes.addAll(
        ModerationRoutes.of(
            verifier, moderator, backends.moderation(), backends.reportLimiter(), json));
    moderationMetrics.watchQueue(backends.moderation()::queueDepth);
    ExecutorService classifying =
        Executors.newFixedThreadPool(4, DaemonThreads.numbered("lc-moderation"));
    running.add(classifying::shutdownNow);
    running.add(
        backends
            .log()
            .subscribe(
                Backends.MODERATION_GROUP,
                new ModerationStage(
                    classifier(config.moderation(), moderationMetrics),
                    moderator,
                    config.moderation(),
                    classifying,
                    scheduler)));
    routes.add(
        Route.get(
            "/v1/videos/{videoId}/comments",
            new HistoryHandler(backends.recentWindow(), backends.store(), json, verifier)));
    routes.add(Route.get("/v1/videos/{videoId}/stream", stream.handler()));
    routes.add(Route.get("/healthz", health.liveness()));
    routes.add(Route.get("/readyz", health.readiness()));

    server =
        HttpServers.start(
            "origin",
            config.host(),
            config.port(),
            config.stream().idleTimeoutMillis(),
            0,
            http,
            routes,
            new MetricsHandler(registry));
    ready.set(true);
    return this;
  }

  /** Draining, or a backend down: the {@code /readyz} body names which. */
  private Optional<String> notReady() {
    if (!ready.get()) {
      return Optional.of("not taking traffic now");
    }
    Map<String, String> down = backends.health().down();
    if (down.isEmpty()) {
      return Optional.empty();
    }
    StringJoiner why = new StringJoiner("; ", "backend down: ", "");
    down.forEach((name, reason) -> why.add(name + " (" + reason + ")"));
    return Optional.of(why.toString());
  }

  /**
   * Opens, repairs and closes the stream feeds (they wait on Redis), or reads resumed viewers'
   * catch-ups from history (they wait on the store): two threads each are plenty, since each step
   * is short or bounded by its backend's timeout; apart, so slow history never delays a feed.
   */
  private static ExecutorService feedExecutor(String name) {
    return Executors.newFixedThreadPool(2, DaemonThreads.numbered(name));
  }

  /** The external classifier when one is configured, else the blocklist (a file or built in). */
  private Classifier classifier(ModerationSettings settings, ModerationMetrics metrics) {
    if (settings.classifierUrl() != null) {
      return new HttpClassifier(
          settings.classifierUrl(),
          HttpClassifier.DEFAULT_TIMEOUT,
          3,
          Duration.ofMillis(50),
          new CircuitBreaker(5, Duration.ofSeconds(30), clock),
          metrics,
          new CommentJson());
    }
    if (settings.blocklist() != null) {
      return BlocklistClassifier.fromFile(settings.blocklist());
    }
    return BlocklistClassifier.builtIn();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return HttpServers.port(server);
  }

  /** Where {@code /metrics} is served: its own port, else {@link #port}. */
  public int metricsPort() {
    return HttpServers.metricsPort(server);
  }

  public String host() {
    return config.host();
  }

  /**
   * Stops serving, then what {@link #start} started in reverse order, then the backends; goes on
   * past a part that fails and throws the first failure at the end (see {@link StopSequence}).
   */
  @Override
  public void close() {
    ready.set(false);
    StopSequence stopping = new StopSequence("the origin");
    if (server != null) {
      stopping.stop(server::stop);
    }
    for (int i = running.size() - 1; i >= 0; i--) {
      stopping.stop(running.get(i)::close);
    }
    stopping.stop(backends::close).finish();
  }
}
