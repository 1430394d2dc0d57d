package io.livecomments.origin.health;

/** One backend's health check: returns when the backend answered, throws when it did not. */
@FunctionalInterface
public interface Probe {
  /**
   * Asks the backend once, bounded by the probe's own timeout.
   *
   * @throws Exception saying why the backend is not usable
   */
  void check() throws Exception;
}
