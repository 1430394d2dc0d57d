package io.livecomments.app;

import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.time.ExecutorScheduler;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code origin}: the comment API and the upstream stream that relays subscribe to. */
@Command(
    name = "origin",
    mixinStandardHelpOptions = true,
    description = "The origin alone (comment API, history, upstream stream), in memory. Options also read LC_* variables.")
final class OriginCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(OriginCommand.class);

  @Option(names = "--host", defaultValue = "${env:LC_HOST:-127.0.0.1}", description = "Address to bind (LC_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:LC_PORT:-8080}", description = "Port; 0 picks a free one (LC_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Mixin OriginOptions origin = new OriginOptions();

  @Override
  public Integer call() throws Exception {
    OriginConfig config = origin.config(host, port, System.getenv("LC_JWT_SECRET"));
    Clock clock = Clock.systemUTC();
    ExecutorScheduler scheduler = new ExecutorScheduler("lc-scheduler", 1);
    OriginServer server =
        new OriginServer(config, Backends.inMemory(config.rateLimit(), clock), scheduler, clock, List.of())
            .start();
    LOG.info("origin listening on http://{}:{}", server.host(), server.port());
    UntilStopped.serve(() -> {}, server, scheduler);
    return 0;
  }
}
