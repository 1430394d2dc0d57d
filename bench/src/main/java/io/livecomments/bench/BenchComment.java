package io.livecomments.bench;

/**
 * The text a bench commenter posts: {@code lc-bench <runId> <seq> <sentMicros>}, followed by {@code
 * " "} and {@value #BLOCKED_TERM} (a term of the server's built-in blocklist) for a comment the
 * moderation should hide. It travels in the comment's text (or nchan's message body), so every
 * viewer can tell the comment's run, its place in the commenters' schedule and the time it was
 * sent.
 *
 * @param runId tells this run's comments from older ones a fresh join gets as context
 * @param seq position in the open-loop schedule, 0-based
 * @param sentMicros epoch micros at which the schedule sent it
 * @param blocked whether its text holds the blocklisted term
 */
record BenchComment(String runId, int seq, long sentMicros, boolean blocked) {
  private static final String PREFIX = "lc-bench ";

  /** A term of the origin's built-in blocklist: a comment holding it is hidden at once. */
  static final String BLOCKED_TERM = "spamword";

  /** A comment the moderation leaves alone. */
  BenchComment(String runId, int seq, long sentMicros) {
    this(runId, seq, sentMicros, false);
  }

  /**
   * Whether schedule position {@code seq} is blocklisted when {@code percent} of a run's comments
   * are: spread evenly, exactly {@code percent} of every hundred.
   */
  static boolean blockedAt(int seq, int percent) {
    return (long) (seq + 1) * percent / 100 > (long) seq * percent / 100;
  }

  BenchComment {
    if (runId.isEmpty() || runId.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("runId must be one non-empty word: '" + runId + "'");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
  }

  String text() {
    return PREFIX + runId + ' ' + seq + ' ' + sentMicros + (blocked ? " " + BLOCKED_TERM : "");
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
    int end = text.indexOf(' ', space + 1);
    boolean blocked = end >= 0;
    if (blocked && !text.substring(end + 1).equals(BLOCKED_TERM)) {
      return null;
    }
    try {
      int seq = Integer.parseInt(text, seqStart, space, 10);
      long sent = Long.parseLong(text, space + 1, blocked ? end : text.length(), 10);
      return seq < 0 ? null : new BenchComment(runId, seq, sent, blocked);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
