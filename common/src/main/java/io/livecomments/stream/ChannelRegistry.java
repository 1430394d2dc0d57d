package io.livecomments.stream;

import io.livecomments.comment.VideoId;
import io.livecomments.sse.SseFrames;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The channels of the videos this hop serves: one per video with viewers, opened by the first
 * viewer, closed a grace period after the last one leaves (so a viewer who reloads the page does
 * not cost a new upstream). At most {@code maxChannels} at once, those in their grace included
 * (each holds an upstream connection at a relay): past it an unused one is closed early to make
 * room, and when none is unused a new video is refused.
 */
public final class ChannelRegistry implements AutoCloseable {
  private final ChannelSource source;
  private final SseFrames frames;
  private final StreamMetrics metrics;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Duration idleGrace;
  private final int ringCapacity;
  private final ViewerWriters writers;
  private final int maxChannels;
  private final Duration retryAfter;
  private final Map<VideoId, Entry> channels = new HashMap<>();

  private static final class Entry {
    final VideoChannel channel;
    ChannelSource.Feed feed;
    int holders;
    Scheduler.Cancellable pendingClose;

    Entry(VideoChannel channel) {
      this.channel = channel;
    }
  }

  public ChannelRegistry(
      ChannelSource source,
      SseFrames frames,
      StreamMetrics metrics,
      InstantSource clock,
      Scheduler scheduler,
      Duration idleGrace,
      int ringCapacity,
      ViewerWriters writers,
      int maxChannels,
      Duration retryAfter) {
    if (maxChannels < 1) {
      throw new IllegalArgumentException("maxChannels must be positive: " + maxChannels);
    }
    this.source = source;
    this.frames = frames;
    this.metrics = metrics;
    this.clock = clock;
    this.scheduler = scheduler;
    this.idleGrace = idleGrace;
    this.ringCapacity = ringCapacity;
    this.writers = writers;
    this.maxChannels = maxChannels;
    this.retryAfter = retryAfter;
  }

  /**
   * The video's channel, opened and seeded when it is the first holder. Every call must be paired
   * with one {@link #release}.
   *
   * @throws io.livecomments.http.ProblemException 503 {@code videos-full} when the video is new and
   *     every one of the {@code maxChannels} channels has viewers
   */
  public synchronized VideoChannel acquire(VideoId videoId) {
    Entry entry = channels.get(videoId);
    if (entry == null) {
      if (channels.size() >= maxChannels && !closeOneUnused()) {
        metrics.streamRefused("videos-full");
        throw StreamAdmission.refusal("videos-full", retryAfter);
      }
      entry =
          new Entry(
              new VideoChannel(
                  videoId, frames, metrics, clock, source.backfill(), writers, ringCapacity));
      // Opening under the registry lock keeps "first viewer opens, last closes" simple; sources
      // never wait on the network here (a relay's upstream connects in the background).
      entry.feed = source.open(videoId, entry.channel);
      channels.put(videoId, entry);
      metrics.channelOpened();
    }
    entry.holders++;
    if (entry.pendingClose != null) {
      entry.pendingClose.cancel();
      entry.pendingClose = null;
    }
    return entry.channel;
  }

  public synchronized void release(VideoChannel channel) {
    Entry entry = channels.get(channel.videoId());
    if (entry == null || entry.channel != channel) {
      return;
    }
    entry.holders--;
    if (entry.holders == 0) {
      entry.pendingClose = scheduler.schedule(idleGrace, () -> closeIfUnused(entry));
    }
  }

  /** Offers one shared frame (a heartbeat) to every viewer of every channel. */
  public void offerAll(WireFrame sharedFrame) {
    for (VideoChannel channel : snapshot()) {
      channel.offerAll(sharedFrame);
    }
  }

  /** Every viewer of every channel: what a draining hop must close. */
  public List<Viewer> viewers() {
    List<Viewer> all = new ArrayList<>();
    for (VideoChannel channel : snapshot()) {
      all.addAll(channel.viewers());
    }
    return all;
  }

  private synchronized VideoChannel[] snapshot() {
    return channels.values().stream().map(e -> e.channel).toArray(VideoChannel[]::new);
  }

  /** Closes a channel in its grace period before its time; false when every one has viewers. */
  private boolean closeOneUnused() {
    for (Entry entry : channels.values()) {
      if (entry.holders == 0) {
        entry.pendingClose.cancel();
        closeIfUnused(entry);
        return true;
      }
    }
    return false;
  }

  private synchronized void closeIfUnused(Entry entry) {
    if (entry.holders == 0 && channels.get(entry.channel.videoId()) == entry) {
      channels.remove(entry.channel.videoId());
      entry.feed.close();
      metrics.channelClosed();
    }
  }

  @Override
  public synchronized void close() {
    channels.values().forEach(e -> e.feed.close());
    channels.clear();
  }
}
