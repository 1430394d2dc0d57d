package io.livecomments.origin.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.fanout.BusSubscription;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.recent.RecentWindow;
import io.livecomments.stream.ChannelSource;
import io.livecomments.stream.VideoChannel;
import java.util.List;

/**
 * Feeds the origin's channels: subscribe to the video on the bus first, then seed from the recent
 * window. The fan-out stage writes the window before it publishes, so every batch is in one or the
 * other (the channel drops what it has already seen).
 */
public final class OriginChannelSource implements ChannelSource {
  private final FanoutBus bus;
  private final RecentWindow recentWindow;

  public OriginChannelSource(FanoutBus bus, RecentWindow recentWindow) {
    this.bus = bus;
    this.recentWindow = recentWindow;
  }

  @Override
  public Feed open(VideoId videoId, VideoChannel channel) {
    BusSubscription subscription = bus.subscribe(videoId, channel::onBatch);
    List<Comment> recent = recentWindow.recent(videoId);
    channel.seed(recent, recent.size() < RecentWindow.SIZE);
    return subscription::close;
  }
}
