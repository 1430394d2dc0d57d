package io.livecomments.origin.stream;

import io.livecomments.comment.VideoId;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.recent.RecentWindow;
import io.livecomments.store.CommentStore;
import io.livecomments.stream.Backfill;
import io.livecomments.stream.ChannelSource;
import io.livecomments.stream.VideoChannel;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Feeds the origin's channels from the fan-out bus and the recent window, one {@link OriginFeed}
 * per watched video. Opening returns at once: the bus subscription and the window read (both may
 * wait on Redis) run on {@code executor}, and the channel parks its viewers until the feed seeds
 * it. Viewers resuming from before a channel's ring catch up from the comment store ({@link
 * StoreBackfill}).
 */
public final class OriginChannelSource implements ChannelSource {
  /** How long a feed waits before trying again after Redis did not answer. */
  static final Duration RETRY = Duration.ofSeconds(1);

  /** A catch-up from history slower than this resets its viewers instead. */
  static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(5);

  private final FanoutBus bus;
  private final RecentWindow recentWindow;
  private final Executor executor;
  private final Scheduler scheduler;
  private final Backfill backfill;

  /**
   * @param executor runs the feeds' blocking steps (subscribe, window reads, unsubscribe)
   * @param scheduler times retries after a failed step
   * @param history where resumes from before a ring catch up
   * @param historyReads runs the catch-ups' store reads
   * @param maxCatchUp comments one catch-up may read at most
   */
  public OriginChannelSource(
      FanoutBus bus,
      RecentWindow recentWindow,
      Executor executor,
      Scheduler scheduler,
      CommentStore history,
      Executor historyReads,
      int maxCatchUp) {
    this.bus = bus;
    this.recentWindow = recentWindow;
    this.executor = executor;
    this.scheduler = scheduler;
    this.backfill = new StoreBackfill(history, historyReads, maxCatchUp, CATCH_UP_TIMEOUT);
  }

  @Override
  public Feed open(VideoId videoId, VideoChannel channel) {
    OriginFeed feed =
        new OriginFeed(videoId, channel, bus, recentWindow, executor, scheduler, RETRY);
    feed.start();
    return feed;
  }

  @Override
  public Backfill backfill() {
    return backfill;
  }
}
