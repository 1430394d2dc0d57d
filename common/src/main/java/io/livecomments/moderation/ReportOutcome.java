package io.livecomments.moderation;

import java.util.Objects;

/**
 * What recording a report did.
 *
 * @param report the user's report of the comment: the one just made, or their first one
 * @param reporters how many distinct users have reported the comment
 * @param created false when the user had reported the comment before (nothing changed)
 */
public record ReportOutcome(Report report, int reporters, boolean created) {
  public ReportOutcome {
    Objects.requireNonNull(report, "report");
    if (reporters < 1) {
      throw new IllegalArgumentException("a reported comment has a reporter: " + reporters);
    }
  }
}
