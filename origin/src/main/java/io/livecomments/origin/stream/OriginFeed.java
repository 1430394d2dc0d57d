package io.livecomments.origin.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.fanout.BusSubscription;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.recent.RecentWindow;
import io.livecomments.stream.ChannelSource;
import io.livecomments.stream.VideoChannel;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watched video's feed at the origin: a bus subscription plus the recent window.
 *
 * <p>Opening: subscribe first, then read the window and seed the channel. The fan-out stage writes
 * the window before it publishes, so every batch is in one or the other (the channel drops seqs it
 * has). Both steps run on the executor, never on the caller's thread (the registry's lock); if
 * Redis does not answer, the feed tries again after {@code retry} while the channel keeps its
 * viewers parked.
 *
 * <p>Gaps: the bus is at most once, and tells the subscription when it may have lost batches
 * (reconnect, overflow). The feed then re-reads the window on the bus's delivery thread, so the
 * repair reaches the channel before any later batch of this subscription (a later batch first would
 * make the channel drop the repaired, older seqs). When the window no longer reaches back to the
 * last seq the channel had (full, and its oldest comment is newer), comments may have been lost
 * between the two: the channel is reset and its viewers re-read history. A window read that fails
 * during a repair is retried after {@code retry}, again as a gap.
 *
 * <p>{@link #close} (from the registry's lock, after the last viewer's grace period) returns at
 * once; the unsubscribe runs on the executor.
 */
final class OriginFeed implements ChannelSource.Feed {
  private static final Logger LOG = LoggerFactory.getLogger(OriginFeed.class);

  private final VideoId videoId;
  private final VideoChannel channel;
  private final FanoutBus bus;
  private final RecentWindow recentWindow;
  private final Executor executor;
  private final Scheduler scheduler;
  private final Duration retry;
  private final Object lock = new Object();
  // Written by the opening step (one at a time: a retry is scheduled only after a step ended).
  private BusSubscription subscription; // guarded by lock
  private volatile boolean seeded;
  private volatile boolean closed; // written under lock

  /** The newest seq handed to the channel; written by the delivery thread or the opening step. */
  private volatile long lastSeq;

  OriginFeed(
      VideoId videoId,
      VideoChannel channel,
      FanoutBus bus,
      RecentWindow recentWindow,
      Executor executor,
      Scheduler scheduler,
      Duration retry) {
    this.videoId = videoId;
    this.channel = channel;
    this.bus = bus;
    this.recentWindow = recentWindow;
    this.executor = executor;
    this.scheduler = scheduler;
    this.retry = retry;
  }

  void start() {
    executor.execute(this::open);
  }

  private void open() {
    if (closed) {
      return;
    }
    try {
      BusSubscription subscribed;
      synchronized (lock) {
        subscribed = subscription;
      }
      if (subscribed == null) {
        // Outside the lock: close() must never wait for Redis.
        subscribed = bus.subscribe(videoId, this::onBatch, this::onGap);
        synchronized (lock) {
          if (closed) {
            subscribed.close();
            return;
          }
          subscription = subscribed;
        }
      }
      List<Comment> recent = recentWindow.recent(videoId);
      track(recent);
      channel.seed(recent, recent.size() < RecentWindow.SIZE);
      seeded = true;
    } catch (RuntimeException e) {
      LOG.warn("opening {}'s stream failed; trying again in {}", videoId, retry, e);
      scheduler.schedule(retry, this::start);
    }
  }

  private void onBatch(CommentBatch batch) {
    channel.onBatch(batch);
    lastSeq = Math.max(lastSeq, batch.lastSeq());
  }

  private void onGap() {
    if (closed || !seeded) {
      // Not seeded yet: the seed reads the window after this gap anyway.
      return;
    }
    List<Comment> recent;
    try {
      recent = recentWindow.recent(videoId);
    } catch (RuntimeException e) {
      LOG.warn("repairing {}'s stream failed; trying again in {}", videoId, retry, e);
      scheduler.schedule(retry, () -> executor.execute(this::onGap));
      return;
    }
    if (recent.isEmpty()) {
      return;
    }
    long through = lastSeq;
    if (recent.size() >= RecentWindow.SIZE && recent.get(0).seq() > through) {
      LOG.info(
          "{}: window no longer reaches back to seq {}; resetting its viewers", videoId, through);
      channel.reset(recent);
    } else {
      channel.onBatch(CommentBatch.of(videoId, recent));
    }
    track(recent);
  }

  private void track(List<Comment> recent) {
    if (!recent.isEmpty()) {
      lastSeq = Math.max(lastSeq, recent.get(recent.size() - 1).seq());
    }
  }

  @Override
  public void close() {
    BusSubscription open;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      open = subscription;
    }
    if (open != null) {
      executor.execute(open::close);
    }
  }
}
