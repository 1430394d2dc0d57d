package io.livecomments.app;

import io.livecomments.auth.JwtSecrets;
import io.livecomments.http.Route;
import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.origin.batch.BatchPolicy;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.relay.viewer.ViewerPageHandler;
import io.livecomments.time.ExecutorScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code all-in-one}: the whole service in one process on the embedded (in-memory) backends. */
@Command(
    name = "all-in-one",
    mixinStandardHelpOptions = true,
    description = "Origin, stream and viewer page in one process, in memory. Options also read LC_* variables.")
final class AllInOneCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AllInOneCommand.class);

  @Option(names = "--host", defaultValue = "${env:LC_HOST:-127.0.0.1}", description = "Address to bind (LC_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:LC_PORT:-8080}", description = "Port; 0 picks a free one (LC_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--rate-limit", defaultValue = "${env:LC_RATE_LIMIT:-5/10s}", description = "Comments per user, like 5/10s, or off (LC_RATE_LIMIT, default ${DEFAULT-VALUE}).")
  RateLimit rateLimit;

  @Option(names = "--batch-window", defaultValue = "${env:LC_BATCH_WINDOW:-100ms}", description = "How long a burst is gathered into one batch (LC_BATCH_WINDOW, default ${DEFAULT-VALUE}).")
  Duration batchWindow;

  @Option(names = "--heartbeat", defaultValue = "${env:LC_HEARTBEAT:-15s}", description = "Heartbeat interval on quiet streams (LC_HEARTBEAT, default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Override
  public Integer call() throws Exception {
    OriginConfig config = config(System.getenv("LC_JWT_SECRET"));
    try (ExecutorScheduler scheduler = new ExecutorScheduler("lc-scheduler", 1);
        OriginServer server = start(config, scheduler, Clock.systemUTC())) {
      if (config.jwtSecret() == null) {
        LOG.info("no LC_JWT_SECRET: made a random one; POST /dev/token mints demo tokens");
      }
      LOG.info("listening on http://{}:{}", server.host(), server.port());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "lc-shutdown"));
      stopped.await();
    }
    return 0;
  }

  OriginConfig config(String jwtSecret) {
    return OriginConfig.defaults(host, port)
        .withJwtSecret(jwtSecret == null || jwtSecret.isEmpty() ? null : JwtSecrets.fromConfig(jwtSecret))
        .withRateLimit(rateLimit)
        .withBatchPolicy(new BatchPolicy(batchWindow, BatchPolicy.DEFAULT.maxComments()))
        .withHeartbeat(heartbeat);
  }

  /** Starts the all-in-one server: the origin on in-memory backends, plus the viewer page. */
  static OriginServer start(OriginConfig config, ExecutorScheduler scheduler, InstantSource clock)
      throws Exception {
    return new OriginServer(
            config,
            Backends.inMemory(config.rateLimit(), clock),
            scheduler,
            clock,
            List.of(Route.get("/", new ViewerPageHandler())))
        .start();
  }
}
