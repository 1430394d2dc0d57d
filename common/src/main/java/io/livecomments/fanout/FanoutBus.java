package io.livecomments.fanout;

import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import java.util.function.Consumer;

/**
 * Carries closed batches from the fan-out stage to every origin that serves streams of the video
 * (Redis pub/sub in production, one channel per video).
 *
 * <p>Delivery is at most once: a subscriber may miss a batch (a reconnect, a restart). Subscribers
 * detect gaps by {@code seq} and repair them from the recent window or the store by cursor. Batches
 * of one video published from one thread reach each subscriber in publish order.
 *
 * <p>Listeners run on a thread of the bus (the in-memory bus: the publisher's), must not block, and
 * are never called concurrently for the same subscription.
 */
public interface FanoutBus extends AutoCloseable {
  void publish(CommentBatch batch);

  /** Delivers batches of {@code videoId} published from now on until the subscription closes. */
  BusSubscription subscribe(VideoId videoId, Consumer<CommentBatch> listener);

  /**
   * Like {@link #subscribe(VideoId, Consumer)}, and also tells the subscriber when batches may have
   * been lost: {@code onGap} runs after the bus lost its connection and subscribed again, or
   * dropped batches it could not hand over in time. Every batch published after {@code onGap} is
   * called reaches {@code listener} again, so repairing from the recent window or the store at that
   * point misses nothing. {@code onGap} runs like the listener: on a thread of the bus, never
   * concurrently with the listener, in order with the batches.
   *
   * <p>A bus that cannot lose batches while it runs (the in-memory one) never calls {@code onGap}.
   */
  default BusSubscription subscribe(
      VideoId videoId, Consumer<CommentBatch> listener, Runnable onGap) {
    return subscribe(videoId, listener);
  }

  @Override
  void close();
}
