package io.livecomments.app;

import io.livecomments.auth.JwtSecrets;
import io.livecomments.auth.TokenRules;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.batch.BatchPolicy;
import io.livecomments.origin.moderation.ModerationSettings;
import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
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
      names = "--max-inflight-posts",
      defaultValue = "${env:LC_MAX_INFLIGHT_POSTS:-1024}",
      description =
          "Comment POSTs held at once waiting for the log; more are refused with 503 and Retry-After (LC_MAX_INFLIGHT_POSTS, default ${DEFAULT-VALUE}).")
  int maxInflightPosts;

  @Option(
      names = "--batch-window",
      defaultValue = "${env:LC_BATCH_WINDOW:-100ms}",
      description =
          "How long a burst is gathered into one batch (LC_BATCH_WINDOW, default ${DEFAULT-VALUE}).")
  Duration batchWindow;

  @Mixin StreamGzipOption gzip = new StreamGzipOption();

  @Option(
      names = "--heartbeat",
      defaultValue = "${env:LC_HEARTBEAT:-15s}",
      description = "Heartbeat interval on quiet streams (LC_HEARTBEAT, default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Option(
      names = "--report-threshold",
      defaultValue = "${env:LC_REPORT_THRESHOLD:-3}",
      description =
          "Distinct reporters that put a comment in the review queue (LC_REPORT_THRESHOLD, default ${DEFAULT-VALUE}).")
  int reportThreshold;

  @Option(
      names = "--report-rate-limit",
      defaultValue = "${env:LC_REPORT_RATE_LIMIT:-10/1m}",
      description =
          "Reports per user, like 10/1m, or off (LC_REPORT_RATE_LIMIT, default ${DEFAULT-VALUE}).")
  RateLimit reportRateLimit;

  @Option(
      names = "--hide-threshold",
      defaultValue = "${env:LC_HIDE_THRESHOLD:-0.8}",
      description =
          "Classifier score at or above which a comment is hidden and queued (LC_HIDE_THRESHOLD, default ${DEFAULT-VALUE}).")
  double hideThreshold;

  @Option(
      names = "--review-threshold",
      defaultValue = "${env:LC_REVIEW_THRESHOLD:-0.5}",
      description =
          "Classifier score at or above which a comment is queued for review (LC_REVIEW_THRESHOLD, default ${DEFAULT-VALUE}).")
  double reviewThreshold;

  @Option(
      names = "--moderation-blocklist",
      defaultValue = "${env:LC_MODERATION_BLOCKLIST}",
      description =
          "File of blocked terms, one per line, /regex/ for a pattern (LC_MODERATION_BLOCKLIST; default: a small built-in list).")
  Path blocklist;

  @Option(
      names = "--classifier-url",
      defaultValue = "${env:LC_CLASSIFIER_URL}",
      description =
          "An external classifier (POST comment JSON, answers {\"score\",\"labels\"}) used instead of the blocklist; fails open (LC_CLASSIFIER_URL; default: none).")
  URI classifierUrl;

  @Option(
      names = "--jwt-max-lifetime",
      defaultValue = "${env:LC_JWT_MAX_LIFETIME:-24h}",
      description =
          "Longest token lifetime accepted (exp - iat; without iat, how far ahead exp may be)"
              + " (LC_JWT_MAX_LIFETIME, default ${DEFAULT-VALUE}).")
  Duration jwtMaxLifetime;

  @Option(
      names = "--jwt-issuer",
      defaultValue = "${env:LC_JWT_ISSUER:-}",
      description = "When set, tokens must carry this iss (LC_JWT_ISSUER, default any).")
  String jwtIssuer;

  @Option(
      names = "--jwt-audience",
      defaultValue = "${env:LC_JWT_AUDIENCE:-}",
      description = "When set, tokens' aud must hold this value (LC_JWT_AUDIENCE, default any).")
  String jwtAudience;

  /**
   * The origin's configuration; {@code jwtSecret} is {@code LC_JWT_SECRET}, null or empty for demo
   * mode.
   */
  OriginConfig config(String host, int port, String jwtSecret) {
    OriginConfig config =
        OriginConfig.defaults(host, port)
            .withJwtSecret(
                jwtSecret == null || jwtSecret.isEmpty() ? null : JwtSecrets.fromConfig(jwtSecret))
            .withTokens(new TokenRules(jwtMaxLifetime, jwtIssuer, jwtAudience))
            .withRateLimit(rateLimit)
            .withMaxInflightPosts(maxInflightPosts)
            .withBatchPolicy(new BatchPolicy(batchWindow, BatchPolicy.DEFAULT.maxComments()))
            .withHeartbeat(heartbeat)
            .withModeration(
                new ModerationSettings(
                        reportThreshold, reportRateLimit, hideThreshold, reviewThreshold)
                    .withClassifier(blocklist, classifierUrl));
    return config.withStream(gzip.applyTo(config.stream()));
  }
}
