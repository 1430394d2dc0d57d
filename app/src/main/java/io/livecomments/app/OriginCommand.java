package io.livecomments.app;

import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code origin}: the comment API and the upstream stream that relays subscribe to. */
@Command(
    name = "origin",
    mixinStandardHelpOptions = true,
    description =
        "The origin alone (comment API, history, upstream stream), in memory or on Kafka, Redis and DynamoDB. Options also read LC_* variables.")
final class OriginCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(OriginCommand.class);

  @Mixin ListenOptions listen = new ListenOptions();

  @Mixin OriginOptions origin = new OriginOptions();

  @Mixin BackendOptions backends = new BackendOptions();

  @Mixin HttpOptions http = new HttpOptions();

  @Override
  public Integer call() throws Exception {
    OriginConfig config =
        origin.config(listen.host, listen.port(8080), System.getenv("LC_JWT_SECRET"));
    Clock clock = Clock.systemUTC();
    ExecutorScheduler scheduler = new ExecutorScheduler("lc-scheduler", 1);
    PrometheusRegistry registry = new PrometheusRegistry();
    Backends opened =
        backends.open(
            config.rateLimit(),
            config.moderation().reportRateLimit(),
            scheduler,
            clock,
            registry,
            false);
    OriginServer server =
        new OriginServer(config, opened, scheduler, clock, List.of(), registry, http.settings());
    try {
      server.start();
    } catch (Exception | Error e) {
      // Closes whatever started, and the backends.
      server.close();
      throw e;
    }
    LOG.info("origin listening on http://{}:{}", server.host(), server.port());
    UntilStopped.serve(() -> {}, server, scheduler);
    return 0;
  }
}
