package io.livecomments.app;

import io.livecomments.json.CommentJson;
import io.livecomments.origin.redis.RedisSnapshotStore;
import io.livecomments.poller.PollerConfig;
import io.livecomments.poller.PollerServer;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code poller}: the long-poll snapshot service over the Redis snapshots the origin writes. */
@Command(
    name = "poller",
    mixinStandardHelpOptions = true,
    description =
        "Serves 1-second snapshots to pollers (behind a CDN) from Redis. Options also read LC_* variables.")
final class PollerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PollerCommand.class);

  @Mixin ListenOptions listen = new ListenOptions();

  @Mixin RedisOptions redis = new RedisOptions();

  @Mixin HttpOptions http = new HttpOptions();

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    ExecutorScheduler scheduler = new ExecutorScheduler("lc-scheduler", 1);
    SnapshotStore store =
        new RedisSnapshotStore(redis.settings(), SnapshotStore.RETENTION, new CommentJson());
    PollerServer server =
        new PollerServer(
                PollerConfig.defaults(listen.host, listen.port(8082)),
                store,
                scheduler,
                clock,
                new PrometheusRegistry(),
                http.settings())
            .start();
    LOG.info(
        "poller listening on http://{}:{}, snapshots from {}",
        server.host(),
        server.port(),
        redis.shown());
    UntilStopped.serve(() -> {}, server, store, scheduler);
    return 0;
  }
}
