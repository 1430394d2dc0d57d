package io.livecomments.app;

import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.ExecutorScheduler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code relay}: fans an upstream's streams out to many viewers; drains on SIGTERM. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description =
        "An edge relay in front of an origin or another relay. Options also read LC_* variables.")
final class RelayCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RelayCommand.class);

  @Mixin ListenOptions listen = new ListenOptions();

  @Mixin HttpOptions http = new HttpOptions();

  @Option(
      names = "--upstream",
      required = true,
      defaultValue = "${env:LC_UPSTREAM}",
      description =
          "Base URL of the origin or relay to subscribe to, like http://origin:8080 (LC_UPSTREAM).")
  URI upstream;

  @Option(
      names = "--sample-budget",
      defaultValue = "${env:LC_SAMPLE_BUDGET:-20}",
      description =
          "Comments per second a viewer of a hot video gets at most (LC_SAMPLE_BUDGET, default ${DEFAULT-VALUE}).")
  int sampleBudget;

  @Option(
      names = "--drain",
      defaultValue = "${env:LC_DRAIN:-30s}",
      description =
          "How long SIGTERM takes to move viewers elsewhere (LC_DRAIN, default ${DEFAULT-VALUE}).")
  Duration drain;

  @Option(
      names = "--heartbeat",
      defaultValue = "${env:LC_HEARTBEAT:-15s}",
      description = "Heartbeat interval on quiet streams (LC_HEARTBEAT, default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Mixin StreamCapOptions caps = new StreamCapOptions();

  @Mixin StreamGzipOption gzip = new StreamGzipOption();

  @Override
  public Integer call() throws Exception {
    RelayConfig config = config();
    ExecutorScheduler scheduler = new ExecutorScheduler("lc-scheduler", 1);
    RelayServer server =
        new RelayServer(config, scheduler, Clock.systemUTC(), List.of(), http.settings()).start();
    LOG.info(
        "relay listening on http://{}:{}, upstream {}",
        server.host(),
        server.port(),
        config.upstream());
    UntilStopped.serve(() -> drain(server, config.drain()), server, scheduler);
    return 0;
  }

  RelayConfig config() {
    return RelayConfig.defaults(listen.host, listen.port(8081), upstream)
        .withStream(
            gzip.applyTo(
                StreamSettings.DEFAULT
                    .withHeartbeat(heartbeat)
                    .withLimits(caps.limits(StreamSettings.DEFAULT.limits()))))
        .withSampleBudget(sampleBudget)
        .withDrain(drain);
  }

  private static void drain(RelayServer server, Duration window) {
    LOG.info("draining: closing viewers over {}", window);
    try {
      server.drain().get(window.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      LOG.info("drained");
    } catch (TimeoutException e) {
      LOG.warn("drain window passed with viewers left; closing them");
    } catch (Exception e) {
      LOG.warn("drain failed", e);
    }
  }
}
