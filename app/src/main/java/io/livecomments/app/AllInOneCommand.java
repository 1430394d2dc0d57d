package io.livecomments.app;

import io.livecomments.origin.OriginConfig;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code all-in-one}: origin and relay in one process, in memory; see {@link AllInOne}. */
@Command(
    name = "all-in-one",
    mixinStandardHelpOptions = true,
    description =
        "Origin, relay and viewer page in one process, in memory or on Kafka, Redis and DynamoDB. Options also read LC_* variables.")
final class AllInOneCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AllInOneCommand.class);

  @Mixin ListenOptions listen = new ListenOptions();

  @Mixin OriginOptions origin = new OriginOptions();

  @Mixin BackendOptions backends = new BackendOptions();

  @Mixin StreamCapOptions caps = new StreamCapOptions();

  @Mixin HttpOptions http = new HttpOptions();

  @Override
  public Integer call() throws Exception {
    OriginConfig config = config(System.getenv("LC_JWT_SECRET"));
    ExecutorScheduler scheduler = new ExecutorScheduler("lc-scheduler", 1);
    Clock clock = Clock.systemUTC();
    PrometheusRegistry registry = new PrometheusRegistry();
    AllInOne service =
        AllInOne.start(
            config,
            backends.open(
                config.rateLimit(),
                config.moderation().reportRateLimit(),
                scheduler,
                clock,
                registry,
                true),
            registry,
            http.settings(),
            scheduler,
            clock,
            caps.limits(StreamSettings.DEFAULT.limits()));
    if (config.jwtSecret() == null) {
      LOG.info("no LC_JWT_SECRET: made a random one; POST /dev/token mints demo tokens");
    }
    LOG.info("listening on http://{}:{}", service.host(), service.port());
    UntilStopped.serve(() -> {}, service, scheduler);
    return 0;
  }

  OriginConfig config(String jwtSecret) {
    return origin.config(listen.host, listen.port(8080), jwtSecret);
  }
}
