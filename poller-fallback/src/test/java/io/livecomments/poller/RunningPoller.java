package io.livecomments.poller;

import io.livecomments.snapshot.InMemorySnapshotStore;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.ExecutorScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * A poller over an in-memory store on a free loopback port, for tests; the test writes the store.
 */
public final class RunningPoller implements AutoCloseable {
  private final ExecutorScheduler scheduler = new ExecutorScheduler("test-poller", 1);
  private final InMemorySnapshotStore store = InMemorySnapshotStore.withDefaults(Clock.systemUTC());
  private final PollerServer server;

  public RunningPoller() throws Exception {
    this(UnaryOperator.identity());
  }

  public RunningPoller(UnaryOperator<PollerConfig> tweak) throws Exception {
    server =
        new PollerServer(
                tweak.apply(PollerConfig.defaults("127.0.0.1", 0)),
                store,
                scheduler,
                Clock.systemUTC(),
                new PrometheusRegistry())
            .start();
  }

  public SnapshotStore store() {
    return store;
  }

  public PollerServer server() {
    return server;
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  @Override
  public void close() {
    server.close();
    scheduler.close();
    store.close();
  }
}
