package io.livecomments.relay;

import io.livecomments.conformance.StreamConformanceSuite;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The stream contract, served by a relay behind another relay in front of the origin. */
class ChainedRelayStreamConformanceIT extends StreamConformanceSuite {
  private static RunningOrigin origin;
  private static RunningRelay inner;
  private static RunningRelay relay;

  @BeforeAll
  static void start() throws Exception {
    origin = new RunningOrigin(RateLimit.DEFAULT);
    inner = new RunningRelay(origin.base());
    relay = new RunningRelay(inner.base());
  }

  @AfterAll
  static void stop() throws Exception {
    relay.close();
    inner.close();
    origin.close();
  }

  @Override
  protected URI streamBase() {
    return relay.base();
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
    return RunningRelay.HEARTBEAT;
  }
}
