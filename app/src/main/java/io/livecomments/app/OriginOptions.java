package io.livecomments.app;

import io.livecomments.auth.JwtSecrets;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.batch.BatchPolicy;
import io.livecomments.ratelimit.RateLimit;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The origin's options, shared by {@code origin} and {@code all-in-one}. */
final class OriginOptions {
  @Option(
      names = "--rate-limit",
      defaultValue = "${env:LC_RATE_LIMIT:-5/10s}",
      description =
          "Comments per user, like 5/10s, or off (LC_RATE_LIMIT, default ${DEFAULT-VALUE}).")
  RateLimit rateLimit;

  @Option(
      names = "--batch-window",
      defaultValue = "${env:LC_BATCH_WINDOW:-100ms}",
      description =
          "How long a burst is gathered into one batch (LC_BATCH_WINDOW, default ${DEFAULT-VALUE}).")
  Duration batchWindow;

  @Option(
      names = "--heartbeat",
      defaultValue = "${env:LC_HEARTBEAT:-15s}",
      description = "Heartbeat interval on quiet streams (LC_HEARTBEAT, default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  /**
   * The origin's configuration; {@code jwtSecret} is {@code LC_JWT_SECRET}, null or empty for demo
   * mode.
   */
  OriginConfig config(String host, int port, String jwtSecret) {
    return OriginConfig.defaults(host, port)
        .withJwtSecret(
            jwtSecret == null || jwtSecret.isEmpty() ? null : JwtSecrets.fromConfig(jwtSecret))
        .withRateLimit(rateLimit)
        .withBatchPolicy(new BatchPolicy(batchWindow, BatchPolicy.DEFAULT.maxComments()))
        .withHeartbeat(heartbeat);
  }
}
