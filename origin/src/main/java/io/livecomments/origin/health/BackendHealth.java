package io.livecomments.origin.health;

import java.util.Map;

/**
 * Whether the backends an origin runs on answer right now, for {@code /readyz}.
 *
 * <p>Reading is cheap and never blocks on the network: implementations answer from the result of
 * their last check, so a readiness probe can never pile up behind a hung backend. Thread-safe.
 * {@link #close} stops the checks.
 */
public interface BackendHealth extends AutoCloseable {
  /** The in-memory backends: always up. */
  BackendHealth ALWAYS_UP =
      new BackendHealth() {
        @Override
        public Map<String, String> down() {
          return Map.of();
        }

        @Override
        public void close() {}
      };

  /** Backends that failed their last check (or were not checked yet), by name, with the reason. */
  Map<String, String> down();

  @Override
  void close();
}
