package io.livecomments.stream;

import io.livecomments.comment.VideoId;

/**
 * Where a hop's channel gets its video's comments: the fan-out bus and recent window at the origin,
 * an upstream SSE connection at a relay.
 */
public interface ChannelSource {
  /** A running feed; closing it stops delivery to the channel. */
  interface Feed extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Starts feeding {@code channel}: it must {@link VideoChannel#seed seed} the channel with the
   * video's recent comments and then deliver every later batch through {@link
   * VideoChannel#onBatch}, in log order. Called once per channel, under the registry's lock: it
   * must not wait on the network (a channel parks its viewers until it is seeded).
   */
  Feed open(VideoId videoId, VideoChannel channel);

  /** Where this hop's channels fetch comments older than their rings; none by default. */
  default Backfill backfill() {
    return Backfill.NONE;
  }
}
