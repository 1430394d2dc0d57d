package io.livecomments.origin.moderation;

import io.livecomments.ratelimit.RateLimit;
import java.net.URI;
import java.nio.file.Path;

/**
 * How the origin moderates.
 *
 * @param reportThreshold distinct reporters that put a comment in the review queue
 * @param reportRateLimit reports per user per period ({@code 10/1m} by default)
 * @param hideThreshold a classifier score at or above it hides the comment and queues it
 * @param reviewThreshold a score at or above it (and below the hide threshold) only queues it
 * @param blocklist the embedded classifier's list (one term or {@code /regex/} per line), null for
 *     the built-in demo list
 * @param classifierUrl an external classifier ({@link HttpClassifier}) used instead of the embedded
 *     one; null for none
 */
public record ModerationSettings(
    int reportThreshold,
    RateLimit reportRateLimit,
    double hideThreshold,
    double reviewThreshold,
    Path blocklist,
    URI classifierUrl) {
  public static final ModerationSettings DEFAULT =
      new ModerationSettings(3, new RateLimit(10, java.time.Duration.ofMinutes(1)), 0.8, 0.5);

  /** Settings with the embedded classifier and its built-in list. */
  public ModerationSettings(
      int reportThreshold,
      RateLimit reportRateLimit,
      double hideThreshold,
      double reviewThreshold) {
    this(reportThreshold, reportRateLimit, hideThreshold, reviewThreshold, null, null);
  }

  public ModerationSettings withClassifier(Path blocklistFile, URI url) {
    return new ModerationSettings(
        reportThreshold, reportRateLimit, hideThreshold, reviewThreshold, blocklistFile, url);
  }

  public ModerationSettings {
    if (reportThreshold < 1) {
      throw new IllegalArgumentException("reportThreshold must be at least 1: " + reportThreshold);
    }
    if (reportRateLimit == null) {
      throw new IllegalArgumentException("reportRateLimit is required");
    }
    if (!(hideThreshold > 0 && hideThreshold <= 1)) {
      throw new IllegalArgumentException("hideThreshold must be in (0, 1]: " + hideThreshold);
    }
    if (!(reviewThreshold > 0 && reviewThreshold <= hideThreshold)) {
      throw new IllegalArgumentException(
          "reviewThreshold must be in (0, hideThreshold]: " + reviewThreshold);
    }
  }
}
