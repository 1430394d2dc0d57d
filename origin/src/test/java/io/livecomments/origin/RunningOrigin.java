package io.livecomments.origin;

import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.lifecycle.StopSequence;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** An origin on in-memory backends on a free loopback port, with a known secret, for tests. */
public final class RunningOrigin implements AutoCloseable {
  public static final byte[] SECRET =
      "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);
  public static final Duration HEARTBEAT = Duration.ofMillis(300);

  private final ExecutorScheduler scheduler = new ExecutorScheduler("test-origin", 1);
  private final OriginServer server;
  private final DevTokenIssuer tokens = new DevTokenIssuer(SECRET, Clock.systemUTC());

  public RunningOrigin(RateLimit rateLimit) throws Exception {
    this(rateLimit, 0);
  }

  /** An origin on {@code port} (0: a free one); a fixed port lets a test restart it in place. */
  public RunningOrigin(RateLimit rateLimit, int port) throws Exception {
    this(rateLimit, port, UnaryOperator.identity());
  }

  /** An origin whose test configuration {@code tweak} changes. */
  public RunningOrigin(RateLimit rateLimit, int port, UnaryOperator<OriginConfig> tweak)
      throws Exception {
    OriginConfig config =
        tweak.apply(
            OriginConfig.defaults("127.0.0.1", port)
                .withJwtSecret(SECRET)
                .withRateLimit(rateLimit)
                .withHeartbeat(HEARTBEAT));
    server =
        new OriginServer(
                config,
                Backends.inMemory(rateLimit, Clock.systemUTC()),
                scheduler,
                Clock.systemUTC(),
                List.of())
            .start();
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public String token(String user) {
    return tokens.issue(user, user, Duration.ofMinutes(10));
  }

  /** A token of the video's creator: sampling never drops their comments. */
  public String priorityToken(String user) {
    return tokens.issue(user, user, Duration.ofMinutes(10), true);
  }

  /** A token with the moderator role. */
  public String moderatorToken(String user) {
    return tokens.issue(user, user, Duration.ofMinutes(10), false, Set.of("moderator"));
  }

  @Override
  public void close() {
    new StopSequence("the test origin").stop(server::close).stop(scheduler::close).finish();
  }
}
