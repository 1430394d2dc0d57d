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

  @Override
  void close();
}
