package io.livecomments.relay.upstream;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.relay.RelayMetrics;
import io.livecomments.relay.sampling.VideoSampler;
import io.livecomments.sse.SseFrames;
import io.livecomments.stream.Backfill;
import io.livecomments.stream.ChannelSource;
import io.livecomments.stream.VideoChannel;
import io.livecomments.time.Scheduler;
import java.time.Duration;

/**
 * Feeds a relay's channels from its upstream hop: one upstream subscription per watched video, and
 * backfills for viewers resuming from before a channel's ring.
 */
public final class UpstreamChannelSource implements ChannelSource {
  private static final Duration BACKFILL_TIMEOUT = Duration.ofSeconds(5);

  private final UpstreamStreams upstream;
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final int sampleBudget;
  private final CommentJson json;
  private final SseFrames frames;
  private final RelayMetrics metrics;
  private final Backfill backfill;

  public UpstreamChannelSource(
      UpstreamStreams upstream,
      Scheduler scheduler,
      Backoff backoff,
      int sampleBudget,
      int maxCatchUp,
      CommentJson json,
      SseFrames frames,
      RelayMetrics metrics) {
    this.upstream = upstream;
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.sampleBudget = sampleBudget;
    this.json = json;
    this.frames = frames;
    this.metrics = metrics;
    this.backfill =
        new UpstreamBackfill(upstream, json, scheduler, BACKFILL_TIMEOUT, maxCatchUp, metrics);
  }

  @Override
  public Feed open(VideoId videoId, VideoChannel channel) {
    UpstreamFeed feed =
        new UpstreamFeed(
            videoId,
            channel,
            upstream,
            scheduler,
            backoff,
            new VideoSampler(sampleBudget),
            json,
            frames,
            metrics);
    feed.start();
    return feed;
  }

  @Override
  public Backfill backfill() {
    return backfill;
  }
}
