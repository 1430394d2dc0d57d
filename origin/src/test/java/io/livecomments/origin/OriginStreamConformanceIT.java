package io.livecomments.origin;

import io.livecomments.conformance.StreamConformanceSuite;
import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The stream contract, served by the origin itself. */
class OriginStreamConformanceIT extends StreamConformanceSuite {
  private static RunningOrigin origin;

  @BeforeAll
  static void start() throws Exception {
    origin = new RunningOrigin(RateLimit.DEFAULT);
  }

  @AfterAll
  static void stop() throws Exception {
    origin.close();
  }

  @Override
  protected URI streamBase() {
    return origin.base();
  }

  @Override
  protected URI originBase() {
    return origin.base();
  }

  @Override
  protected String tokenFor(String user) {
    return origin.token(user);
  }

  @Override
  protected Duration heartbeat() {
    return RunningOrigin.HEARTBEAT;
  }
}
