package io.livecomments.origin;

import io.livecomments.conformance.StreamConformanceSuite;
import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The stream contract against an in-memory origin, or against the hops a subclass starts in front
 * of it ({@link #inFrontOf}). One set of servers per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OriginBackedStreamConformance extends StreamConformanceSuite {
  private final List<AutoCloseable> hops = new ArrayList<>();
  private RunningOrigin origin;
  private URI streamBase;

  @BeforeAll
  void startServers() throws Exception {
    origin =
        new RunningOrigin(
            RateLimit.DEFAULT, 0, config -> config.withStream(config.stream().withGzip(gzip())));
    streamBase = inFrontOf(origin.base(), hops::add);
  }

  @AfterAll
  void stopServers() throws Exception {
    for (int i = hops.size() - 1; i >= 0; i--) {
      hops.get(i).close();
    }
    origin.close();
  }

  /**
   * Starts what serves the stream under test in front of the origin at {@code origin}, handing each
   * server to {@code started} (closed last-started first), and returns its base URL. The origin
   * serves it itself unless overridden. Every hop must run with {@link #heartbeat()}, and with gzip
   * on exactly when {@link #gzip()} is.
   */
  protected URI inFrontOf(URI origin, Consumer<AutoCloseable> started) throws Exception {
    return origin;
  }

  @Override
  protected final URI streamBase() {
    return streamBase;
  }

  @Override
  protected final URI originBase() {
    return origin.base();
  }

  @Override
  protected final String tokenFor(String user) {
    return origin.token(user);
  }

  @Override
  protected final String moderatorTokenFor(String user) {
    return origin.moderatorToken(user);
  }

  @Override
  protected final Duration heartbeat() {
    return RunningOrigin.HEARTBEAT;
  }
}
