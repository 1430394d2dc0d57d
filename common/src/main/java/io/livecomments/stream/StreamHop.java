package io.livecomments.stream;

import io.livecomments.sse.SseFrames;
import io.livecomments.time.Scheduler;
import java.time.InstantSource;
import java.util.Random;

/**
 * The live stream as one hop serves it, origin or relay alike: the channels fed by the hop's {@link
 * ChannelSource}, admission, heartbeats and the {@code GET .../stream} handler.
 */
public final class StreamHop implements AutoCloseable {
  private final ViewerWriters writers = ViewerWriters.perCore("stream");
  private final ChannelRegistry channels;
  private final StreamAdmission admission;
  private final RetryHints retryHints;
  private final StreamHandler handler;
  private final Scheduler.Cancellable heartbeats;

  public StreamHop(
      ChannelSource source,
      StreamSettings settings,
      SseFrames frames,
      StreamMetrics metrics,
      InstantSource clock,
      Scheduler scheduler) {
    this.channels =
        new ChannelRegistry(
            source,
            frames,
            metrics,
            clock,
            scheduler,
            settings.grace(),
            settings.ringCapacity(),
            writers,
            settings.limits().maxVideos(),
            settings.retryBase());
    this.admission = new StreamAdmission(settings.limits(), settings.retryBase(), metrics);
    this.retryHints = new RetryHints(frames, settings.retryBase(), new Random());
    this.handler =
        new StreamHandler(
            channels, admission, retryHints, settings.viewerLimits(), metrics, settings.gzip());
    WireFrame heartbeat = WireFrame.of(frames.heartbeat());
    if (settings.gzip()) {
      // Constant frames are compressed once, at start.
      heartbeat.gzipped();
      retryHints.all().forEach(WireFrame::gzipped);
    }
    this.heartbeats =
        scheduler.scheduleAtFixedRate(settings.heartbeat(), () -> channels.offerAll(heartbeat));
  }

  public StreamHandler handler() {
    return handler;
  }

  public ChannelRegistry channels() {
    return channels;
  }

  public StreamAdmission admission() {
    return admission;
  }

  public RetryHints retryHints() {
    return retryHints;
  }

  @Override
  public void close() {
    heartbeats.cancel();
    channels.close();
    writers.close();
  }
}
