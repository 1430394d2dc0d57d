package io.livecomments.stream;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The live stream's counters, shared by every channel and viewer of one server. */
public final class StreamMetrics {
  private final Gauge openStreams;
  private final Gauge channels;
  private final Counter batches;
  private final Counter frames;
  private final Counter bytes;
  private final Counter overflows;
  private final Histogram arrivalLag;
  private final Histogram writeLag;
  private final Counter refused;

  public StreamMetrics(PrometheusRegistry registry) {
    openStreams =
        Gauge.builder().name("lc_stream_open").help("Open SSE streams").register(registry);
    channels =
        Gauge.builder()
            .name("lc_stream_videos")
            .help("Videos with at least one open stream")
            .register(registry);
    batches =
        Counter.builder()
            .name("lc_stream_batches_sent")
            .help("Comment batches encoded and broadcast")
            .register(registry);
    frames =
        Counter.builder()
            .name("lc_stream_frames_written")
            .help("SSE frames written to viewers")
            .register(registry);
    bytes =
        Counter.builder()
            .name("lc_stream_bytes_sent")
            .help("Bytes of SSE frames written to viewers")
            .register(registry);
    overflows =
        Counter.builder()
            .name("lc_stream_viewer_overflows")
            .help("Viewers dropped because their queue overflowed")
            .register(registry);
    refused =
        Counter.builder()
            .name("lc_stream_refused")
            .help("Streams refused (answered so that clients retry), by reason")
            .labelNames("reason")
            .register(registry);
    arrivalLag =
        lagHistogram("lc_arrival_lag_seconds")
            .help("Time from the origin accepting a comment to its arrival on this hop")
            .register(registry);
    writeLag =
        lagHistogram("lc_delivery_lag_seconds")
            .help(
                "Time from the origin accepting a comment until this hop had handed it to the last"
                    + " of its viewers' writes")
            .register(registry);
  }

  void streamOpened() {
    openStreams.inc();
  }

  void streamClosed() {
    openStreams.dec();
  }

  void channelOpened() {
    channels.inc();
  }

  void channelClosed() {
    channels.dec();
  }

  void batchBroadcast() {
    batches.inc();
  }

  void framesWritten(int count, long size) {
    frames.inc(count);
    bytes.inc(size);
  }

  void viewerOverflowed() {
    overflows.inc();
  }

  void streamRefused(String reason) {
    refused.labelValues(reason).inc();
  }

  void arrived(long lagMillis) {
    arrivalLag.observe(Math.max(0, lagMillis) / 1000.0);
  }

  void written(long lagMillis) {
    writeLag.observe(Math.max(0, lagMillis) / 1000.0);
  }

  private static Histogram.Builder lagHistogram(String name) {
    return Histogram.builder()
        .name(name)
        .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5, 10);
  }
}
