package io.livecomments.bench;

/**
 * The text a bench commenter posts: {@code lc-bench <runId> <seq> <sentMicros>}. It travels in the
 * comment's text (or nchan's message body), so every viewer can tell the comment's run, its place
 * in the commenters' schedule and the time it was sent.
 *
 * @param runId tells this run's comments from older ones a fresh join gets as context
 * @param seq position in the open-loop schedule, 0-based
 * @param sentMicros epoch micros at which the schedule sent it
 */
record BenchComment(String runId, int seq, long sentMicros) {
  private static final String PREFIX = "lc-bench ";

  BenchComment {
    if (runId.isEmpty() || runId.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("runId must be one non-empty word: '" + runId + "'");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
  }

  String text() {
    return PREFIX + runId + ' ' + seq + ' ' + sentMicros;
  }

  /**
   * The comment that {@code text} describes, or null when it is not a bench comment of {@code
   * runId}.
   */
  static BenchComment parse(String text, String runId) {
    if (!text.startsWith(PREFIX)
        || !text.startsWith(runId, PREFIX.length())
        || text.length() <= PREFIX.length() + runId.length()
        || text.charAt(PREFIX.length() + runId.length()) != ' ') {
      return null;
    }
    int seqStart = PREFIX.length() + runId.length() + 1;
    int space = text.indexOf(' ', seqStart);
    if (space < 0) {
      return null;
    }
    try {
      int seq = Integer.parseInt(text, seqStart, space, 10);
      long sent = Long.parseLong(text, space + 1, text.length(), 10);
      return seq < 0 ? null : new BenchComment(runId, seq, sent);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
