package io.livecomments.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one fan-out run. Latencies in milliseconds (POST due time to viewer read time),
 * CPU in seconds of the server processes over the posting and settling phase; {@code loadAverage}
 * is the machine's highest 1-minute load seen then (above ~2.5 other work competed).
 *
 * @param viewersStreaming viewers whose stream was open when posting started
 * @param expected acked comments times viewers: what a lossless hop delivers
 * @param delivered comments viewers received from this run, duplicates excluded
 * @param completeViewers viewers that got every acked comment once and in order
 * @param distinctSubsets distinct sets of received comments among viewers (1: all saw the same)
 * @param keptFraction comments received per viewer over comments acked, averaged
 * @param missingSeqs the comments the most viewers lack (at most {@value #MISSING_SEQS_SHOWN}),
 *     most first
 * @param sampledOut over all viewers, comments the received batches stood for but did not carry
 *     (thinned by a sampling hop); a comment lost outright is in {@code missing} but not here
 * @param meanMs end-to-end latency, mean
 * @param hopArrivalMeanMs mean time from the origin's accept to the measured hop, by the hop's own
 *     lag histogram over the measured phase ({@link HopLag}); NaN when it has none (nchan)
 * @param hopWrittenMeanMs likewise, until the hop had handed the comment to its last viewer
 * @param postP50Ms POST latency of acked comments, from due time to ack, median ({@code postP99Ms}
 *     and {@code postMaxMs} likewise): high when posting, not fan-out, is slow
 * @param hideLag POST ack to hide of the blocklisted comments, null when none were posted
 */
record FanoutResult(
    String label,
    String target,
    int viewersWanted,
    int viewersStreaming,
    double rate,
    double postSeconds,
    int sent,
    int acked,
    int skipped,
    Map<Integer, Integer> refusedByStatus,
    long expected,
    long delivered,
    long missing,
    long duplicates,
    long outOfOrder,
    int completeViewers,
    int distinctSubsets,
    double keptFraction,
    List<MissingComments.Missing> missingSeqs,
    long sampledOut,
    long disconnects,
    long latencyCount,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    double meanMs,
    double hopArrivalMeanMs,
    double hopWrittenMeanMs,
    double postP50Ms,
    double postP99Ms,
    double postMaxMs,
    double serverCpuSeconds,
    double serverCpuMicrosPerDelivered,
    double serverKernelShare,
    double serverRssStartMb,
    double serverRssEndMb,
    double serverRssPeakMb,
    double generatorCpuSeconds,
    double loadAverage,
    boolean gzip,
    long wireBytes,
    double wireBytesPerDelivered,
    String firstFailure,
    HideLag hideLag) {
  static final int MISSING_SEQS_SHOWN = 10;

  FanoutResult {
    missingSeqs = List.copyOf(missingSeqs);
  }

  Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("target", target);
    m.put("viewersWanted", viewersWanted);
    m.put("viewersStreaming", viewersStreaming);
    m.put("rate", rate);
    m.put("postSeconds", round(postSeconds));
    m.put("sent", sent);
    m.put("acked", acked);
    m.put("skipped", skipped);
    m.put("refusedByStatus", refusedByStatus);
    m.put("expected", expected);
    m.put("delivered", delivered);
    m.put("missing", missing);
    m.put("duplicates", duplicates);
    m.put("outOfOrder", outOfOrder);
    m.put("completeViewers", completeViewers);
    m.put("distinctSubsets", distinctSubsets);
    m.put("keptFraction", round(keptFraction));
    m.put(
        "missingSeqs",
        missingSeqs.stream()
            .map(missed -> Map.of("seq", missed.seq(), "viewers", missed.viewers()))
            .toList());
    m.put("sampledOut", sampledOut);
    m.put("disconnects", disconnects);
    m.put("latencyCount", latencyCount);
    m.put("p50Ms", round(p50Ms));
    m.put("p90Ms", round(p90Ms));
    m.put("p99Ms", round(p99Ms));
    m.put("p999Ms", round(p999Ms));
    m.put("maxMs", round(maxMs));
    m.put("meanMs", round(meanMs));
    m.put("hopArrivalMeanMs", orNull(hopArrivalMeanMs));
    m.put("hopWrittenMeanMs", orNull(hopWrittenMeanMs));
    m.put("postP50Ms", round(postP50Ms));
    m.put("postP99Ms", round(postP99Ms));
    m.put("postMaxMs", round(postMaxMs));
    m.put("serverCpuSeconds", round(serverCpuSeconds));
    m.put("serverCpuMicrosPerDelivered", round(serverCpuMicrosPerDelivered));
    m.put("serverKernelShare", round(serverKernelShare));
    m.put("serverRssStartMb", round(serverRssStartMb));
    m.put("serverRssEndMb", round(serverRssEndMb));
    m.put("serverRssPeakMb", round(serverRssPeakMb));
    m.put("generatorCpuSeconds", round(generatorCpuSeconds));
    m.put("loadAverage", loadAverage);
    m.put("gzip", gzip);
    m.put("wireBytes", wireBytes);
    m.put("wireBytesPerDelivered", round(wireBytesPerDelivered));
    m.put("firstFailure", firstFailure);
    if (hideLag != null) {
      hideLag.addTo(m);
    }
    return m;
  }

  String json() {
    try {
      return new ObjectMapper().writeValueAsString(fields());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of numbers and strings is always JSON", e);
    }
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "== %s against %s: %d/%d viewers, %.0f comments/s for %.1f s%n",
            label,
            target,
            viewersStreaming,
            viewersWanted,
            rate,
            postSeconds));
    out.append(
        String.format(
            Locale.ROOT,
            "comments: sent %d, acked %d, skipped %d, refused %s%n",
            sent,
            acked,
            skipped,
            refusedByStatus));
    out.append(
        String.format(
            Locale.ROOT,
            "delivered %d of %d expected; missing %d%s, sampled out %d, duplicates %d, out of order %d; complete viewers %d; disconnects %d%n",
            delivered,
            expected,
            missing,
            missingText(),
            sampledOut,
            duplicates,
            outOfOrder,
            completeViewers,
            disconnects));
    out.append(
        String.format(
            Locale.ROOT,
            "received subsets: %d distinct, kept fraction %.3f%n",
            distinctSubsets,
            keptFraction));
    out.append(
        String.format(
            Locale.ROOT,
            "latency (%d samples): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
            latencyCount,
            p50Ms,
            p90Ms,
            p99Ms,
            p999Ms,
            maxMs));
    if (!Double.isNaN(hopWrittenMeanMs)) {
      out.append(
          String.format(
              Locale.ROOT,
              "means: end to end %.1f ms; from the origin's accept to the measured hop %.1f ms, until it handed them to its last viewer %.1f ms (its /metrics)%n",
              meanMs,
              hopArrivalMeanMs,
              hopWrittenMeanMs));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "post ack latency (%d acked): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            acked,
            postP50Ms,
            postP99Ms,
            postMaxMs));
    out.append(
        String.format(
            Locale.ROOT,
            "server: %.2f CPU-s (%.0f%% in the kernel), %.2f us CPU per delivered comment (%.2f s per million), RSS %.0f -> %.0f MB (peak %.0f); generator %.2f CPU-s; machine load average up to %.2f%n",
            serverCpuSeconds,
            serverKernelShare * 100,
            serverCpuMicrosPerDelivered,
            serverCpuMicrosPerDelivered,
            serverRssStartMb,
            serverRssEndMb,
            serverRssPeakMb,
            generatorCpuSeconds,
            loadAverage));
    out.append(
        String.format(
            Locale.ROOT,
            "viewers read %d bytes on the wire (%s), %.1f per delivered comment%n",
            wireBytes,
            gzip ? "gzip" : "plain",
            wireBytesPerDelivered));
    if (hideLag != null) {
      out.append(hideLag.text());
    }
    if (firstFailure != null) {
      out.append("first failure: ").append(firstFailure).append('\n');
    }
    return out.toString();
  }

  private String missingText() {
    if (missingSeqs.isEmpty()) {
      return "";
    }
    return missingSeqs.stream()
        .map(missed -> "seq " + missed.seq() + " by " + missed.viewers() + " viewers")
        .collect(Collectors.joining(", ", " (", ")"));
  }

  /** JSON has no NaN: a figure the run could not measure is null. */
  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : round(v);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
