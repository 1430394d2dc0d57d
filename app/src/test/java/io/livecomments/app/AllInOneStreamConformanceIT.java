package io.livecomments.app;

import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.conformance.StreamConformanceSuite;
import io.livecomments.lifecycle.StopSequence;
import io.livecomments.origin.OriginConfig;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The stream contract (moderation included: hides at the stream, late joiners, resumes from the
 * ring and from history) against {@code all-in-one}, whose public stream is its in-process relay in
 * front of its internal origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllInOneStreamConformanceIT extends StreamConformanceSuite {
  private static final byte[] SECRET =
      "all-in-one-secret-all-in-one-secret!".getBytes(StandardCharsets.UTF_8);
  private static final Duration HEARTBEAT = Duration.ofMillis(300);

  private final DevTokenIssuer tokens = new DevTokenIssuer(SECRET, Clock.systemUTC());
  private ExecutorScheduler scheduler;
  private AllInOne server;
  private URI base;

  @BeforeAll
  void start() throws Exception {
    scheduler = new ExecutorScheduler("all-in-one-conformance", 1);
    server =
        AllInOne.start(
            OriginConfig.defaults("127.0.0.1", 0)
                .withJwtSecret(SECRET)
                .withRateLimit(RateLimit.DEFAULT)
                .withHeartbeat(HEARTBEAT),
            scheduler,
            Clock.systemUTC());
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  void stop() {
    StopSequence stop = new StopSequence("the all-in-one under test");
    if (server != null) {
      stop.stop(server::close);
    }
    stop.stop(scheduler::close).finish();
  }

  @Override
  protected URI streamBase() {
    return base;
  }

  @Override
  protected URI originBase() {
    return base;
  }

  /**
   * A creator's token: all-in-one's relay samples hot videos (20 comments a second by default, as
   * every relay), and the contract's bursts are hot; sampling never drops a creator's comments, so
   * every comment of the contract reaches the viewers as it does through a relay that does not
   * sample.
   */
  @Override
  protected String tokenFor(String user) {
    return tokens.issue(user, user, Duration.ofMinutes(10), true);
  }

  @Override
  protected String moderatorTokenFor(String user) {
    return tokens.issue(user, user, Duration.ofMinutes(10), false, Set.of("moderator"));
  }

  @Override
  protected Duration heartbeat() {
    return HEARTBEAT;
  }
}
