package io.livecomments.app;

import io.livecomments.http.Route;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.relay.viewer.ViewerPageHandler;
import io.livecomments.stream.StreamLimits;
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

  @Option(
      names = "--max-viewers",
      defaultValue = "${env:LC_MAX_VIEWERS:-0}",
      description =
          "Open streams this relay accepts; 0 derives it from the open-file limit"
              + " (LC_MAX_VIEWERS, default ${DEFAULT-VALUE}).")
  int maxViewers;

  @Option(
      names = "--max-viewers-per-ip",
      defaultValue = "${env:LC_MAX_VIEWERS_PER_IP:-0}",
      description =
          "Open streams per client address; 0 derives it from the open-file limit"
              + " (LC_MAX_VIEWERS_PER_IP, default ${DEFAULT-VALUE}).")
  int maxViewersPerIp;

  @Option(
      names = "--max-upstreams",
      defaultValue = "${env:LC_MAX_UPSTREAMS:-0}",
      description =
          "Distinct videos (upstream connections) this relay serves at once; 0 derives it from"
              + " the open-file limit (LC_MAX_UPSTREAMS, default ${DEFAULT-VALUE}).")
  int maxUpstreams;

  @Option(
      names = "--max-videos-per-ip",
      defaultValue = "${env:LC_MAX_VIDEOS_PER_IP:-0}",
      description =
          "Distinct videos one client address streams at once; 0 derives it from the open-file"
              + " limit (LC_MAX_VIDEOS_PER_IP, default ${DEFAULT-VALUE}).")
  int maxVideosPerIp;

  @Override
  public Integer call() throws Exception {
    RelayConfig config = config();
    ExecutorScheduler scheduler = new ExecutorScheduler("lc-scheduler", 1);
    RelayServer server =
        new RelayServer(
                config,
                scheduler,
                Clock.systemUTC(),
                List.of(Route.get("/", new ViewerPageHandler())))
            .start();
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
            StreamSettings.DEFAULT
                .withHeartbeat(heartbeat)
                .withLimits(limits(StreamSettings.DEFAULT.limits())))
        .withSampleBudget(sampleBudget)
        .withDrain(drain);
  }

  /** The caps given, each one left at 0 derived from the open-file limit. */
  StreamLimits limits(StreamLimits derived) {
    return new StreamLimits(
        maxViewers > 0 ? maxViewers : derived.maxStreams(),
        maxViewersPerIp > 0 ? maxViewersPerIp : derived.maxStreamsPerAddress(),
        maxUpstreams > 0 ? maxUpstreams : derived.maxVideos(),
        maxVideosPerIp > 0 ? maxVideosPerIp : derived.maxVideosPerAddress());
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
