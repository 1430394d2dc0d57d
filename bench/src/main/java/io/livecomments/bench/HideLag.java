package io.livecomments.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How fast moderation took blocklisted comments back: for each acked blocklisted comment of the
 * measured phase and each viewer, the time from the POST ack to that viewer's {@code hide} event
 * naming it. Milliseconds.
 *
 * @param blockedPercent of every hundred comments, how many were blocklisted
 * @param blockedAcked blocklisted comments acked
 * @param expected blocklisted comments acked times viewers streaming: every viewer gets every hide
 * @param received hides of those comments the viewers got (one per viewer and comment)
 */
record HideLag(
    int blockedPercent,
    int blockedAcked,
    long expected,
    long received,
    double p50Ms,
    double p99Ms,
    double maxMs) {
  /**
   * @param acks the acked blocklisted comments' ids and ack times (epoch micros)
   * @param hides when viewers got hides, by comment id (epoch micros); ids of other comments (the
   *     warm-up's) are ignored
   */
  static HideLag of(
      int blockedPercent, Map<String, Long> acks, Map<String, List<Long>> hides, int streaming) {
    Histogram lag = new Histogram(3);
    acks.forEach(
        (id, ack) -> {
          for (long at : hides.getOrDefault(id, List.of())) {
            lag.recordValue(Math.max(0, at - ack));
          }
        });
    return new HideLag(
        blockedPercent,
        acks.size(),
        (long) acks.size() * streaming,
        lag.getTotalCount(),
        lag.getValueAtPercentile(50) / 1e3,
        lag.getValueAtPercentile(99) / 1e3,
        lag.getMaxValue() / 1e3);
  }

  void addTo(Map<String, Object> fields) {
    fields.put("blockedPercent", blockedPercent);
    fields.put("blockedAcked", blockedAcked);
    fields.put("hidesExpected", expected);
    fields.put("hidesReceived", received);
    fields.put("hideP50Ms", Math.round(p50Ms * 1000) / 1000.0);
    fields.put("hideP99Ms", Math.round(p99Ms * 1000) / 1000.0);
    fields.put("hideMaxMs", Math.round(maxMs * 1000) / 1000.0);
  }

  String text() {
    return String.format(
        Locale.ROOT,
        "moderation: %d%% blocklisted, %d acked; hides received %d of %d expected; POST ack to hide"
            + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        blockedPercent,
        blockedAcked,
        received,
        expected,
        p50Ms,
        p99Ms,
        maxMs);
  }
}
