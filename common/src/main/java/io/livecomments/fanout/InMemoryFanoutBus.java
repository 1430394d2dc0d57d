package io.livecomments.fanout;

import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link FanoutBus}: in-process listeners per video, called synchronously on the
 * publisher's thread. {@link #publish} returns once every listener of the video has returned.
 *
 * <p>Memory is bounded by the live subscriptions: a video's entry goes away with its last
 * subscription, and publishing to a video nobody subscribes to costs a map lookup.
 *
 * <p>Each subscription's listener runs under that subscription's own lock, so batches published
 * from several threads never reach one listener concurrently (in some order, but each publisher's
 * batches in its publish order). A listener must therefore not wait for another thread that
 * publishes to the same video. Once {@link BusSubscription#close} returns, its listener is not
 * called again.
 *
 * <p>A listener that throws is logged and skipped for that batch: delivery is at most once, and one
 * broken subscriber must not cost the others their batch.
 *
 * <p>{@link #close} drops every subscription; afterwards publishing does nothing (the batch is
 * lost, as at-most-once allows) and subscribing throws {@link IllegalStateException}.
 */
public final class InMemoryFanoutBus implements FanoutBus {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryFanoutBus.class);

  private final ConcurrentMap<VideoId, List<Subscription>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public void publish(CommentBatch batch) {
    Objects.requireNonNull(batch, "batch");
    List<Subscription> listeners = subscribers.get(batch.videoId());
    if (listeners == null) {
      return;
    }
    for (Subscription subscription : listeners) {
      subscription.deliver(batch);
    }
  }

  @Override
  public BusSubscription subscribe(VideoId videoId, Consumer<CommentBatch> listener) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(listener, "listener");
    Subscription subscription = new Subscription(videoId, listener);
    // compute, not get-then-add, so a concurrent close of the last subscription cannot remove the
    // list this one is being added to.
    subscribers.compute(
        videoId,
        (v, list) -> {
          if (closed) {
            throw new IllegalStateException("fan-out bus is closed");
          }
          List<Subscription> result = list == null ? new CopyOnWriteArrayList<>() : list;
          result.add(subscription);
          return result;
        });
    return subscription;
  }

  @Override
  public void close() {
    closed = true;
    for (List<Subscription> list : subscribers.values()) {
      for (Subscription subscription : list) {
        subscription.close();
      }
    }
    subscribers.clear();
  }

  /** How many videos have at least one subscription (what the bus holds memory for). */
  int subscribedVideos() {
    return subscribers.size();
  }

  private final class Subscription implements BusSubscription {
    private final VideoId videoId;
    private final Consumer<CommentBatch> listener;
    private boolean open = true;

    Subscription(VideoId videoId, Consumer<CommentBatch> listener) {
      this.videoId = videoId;
      this.listener = listener;
    }

    synchronized void deliver(CommentBatch batch) {
      if (!open) {
        return;
      }
      try {
        listener.accept(batch);
      } catch (RuntimeException e) {
        LOG.warn(
            "listener of video {} failed on batch {}..{}; it misses this batch",
            videoId,
            batch.firstSeq(),
            batch.lastSeq(),
            e);
      }
    }

    @Override
    public void close() {
      // Taking the delivery lock makes close wait for a running call; reentrant from the listener.
      synchronized (this) {
        if (!open) {
          return;
        }
        open = false;
      }
      subscribers.computeIfPresent(
          videoId,
          (v, list) -> {
            list.remove(this);
            return list.isEmpty() ? null : list;
          });
    }
  }
}
