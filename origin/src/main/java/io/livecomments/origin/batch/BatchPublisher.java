package io.livecomments.origin.batch;

import io.livecomments.comment.CommentBatch;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.recent.RecentWindow;

/**
 * Where closed batches go: first into the recent window, then onto the bus, then to the snapshot
 * writer. The first order is what lets a newly opened stream seed from the window after subscribing
 * and still miss nothing: any batch it was not subscribed for is already in the window it reads.
 * The snapshot writer comes last and only buffers in memory: it must see each batch when it is
 * published, on the fan-out stage's clock, and it reports the batch stored once the second it fell
 * into is in the snapshot store. Nothing after it can fail, so a batch that was not taken was not
 * reported stored either.
 */
public final class BatchPublisher implements BatchSink {
  private final RecentWindow recentWindow;
  private final FanoutBus bus;
  private final BatchSink snapshots;

  public BatchPublisher(RecentWindow recentWindow, FanoutBus bus, BatchSink snapshots) {
    this.recentWindow = recentWindow;
    this.bus = bus;
    this.snapshots = snapshots;
  }

  @Override
  public void accept(CommentBatch batch, Runnable stored) {
    recentWindow.append(batch);
    bus.publish(batch);
    snapshots.accept(batch, stored);
  }
}
