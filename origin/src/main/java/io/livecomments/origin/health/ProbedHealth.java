package io.livecomments.origin.health;

import io.livecomments.time.DaemonThreads;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BackendHealth} from probes run one after another every {@code interval} on one daemon
 * thread of its own ({@code lc-backend-probes}), never on the caller's: a hung backend delays only
 * the next round (each probe bounds itself), and readiness reads the last results. A backend counts
 * as down until its first check passed. Each result is also the gauge {@code
 * lc_backend_up{backend}} in {@code /metrics}; changes are logged once, not every round.
 *
 * <p>{@link #close} stops the thread, waits up to a second for a probe still running (each bounds
 * itself) and then closes the clients it was given.
 */
public final class ProbedHealth implements BackendHealth {
  private static final Logger LOG = LoggerFactory.getLogger(ProbedHealth.class);
  private static final String UNCHECKED = "not checked yet";

  private final Map<String, Probe> probes;
  private final Map<String, String> down = new ConcurrentHashMap<>();
  private final Gauge up;
  private final List<AutoCloseable> clients;
  private final ScheduledExecutorService thread;

  /**
   * Starts checking at once and then every {@code interval}.
   *
   * @param probes by backend name, e.g. {@code kafka}; checked in this map's iteration order
   * @param clients what the probes use, closed with this
   */
  public ProbedHealth(
      Map<String, Probe> probes,
      List<AutoCloseable> clients,
      Duration interval,
      PrometheusRegistry registry) {
    this.probes = new LinkedHashMap<>(Objects.requireNonNull(probes, "probes"));
    this.clients = List.copyOf(clients);
    if (interval == null || interval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be at least 1 ms: " + interval);
    }
    this.up =
        Gauge.builder()
            .name("lc_backend_up")
            .help("1 while the backend answered its last health check")
            .labelNames("backend")
            .register(registry);
    probes.keySet().forEach(name -> markDown(name, UNCHECKED));
    this.thread =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lc-backend-probes"));
    thread.scheduleWithFixedDelay(this::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkAll() {
    probes.forEach(this::checkOne);
  }

  private void checkOne(String name, Probe probe) {
    try {
      probe.check();
      if (down.remove(name) != null) {
        LOG.info("{} is up", name);
      }
      up.labelValues(name).set(1);
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      String before = markDown(name, reason);
      if (before == null || UNCHECKED.equals(before)) {
        LOG.warn("{} is down: {}", name, reason);
      }
    }
  }

  private String markDown(String name, String reason) {
    up.labelValues(name).set(0);
    return down.put(name, reason);
  }

  @Override
  public Map<String, String> down() {
    return new TreeMap<>(down);
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (AutoCloseable client : clients) {
      try {
        client.close();
      } catch (Exception e) {
        LOG.warn("closing a health probe's client failed", e);
      }
    }
  }
}
