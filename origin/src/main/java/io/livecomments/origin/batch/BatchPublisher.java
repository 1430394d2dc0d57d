package io.livecomments.origin.batch;

import io.livecomments.comment.CommentBatch;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.recent.RecentWindow;
import java.util.function.Consumer;

/**
 * Where closed batches go: first into the recent window, then onto the bus, then to the snapshot
 * writer. The first order is what lets a newly opened stream seed from the window after subscribing
 * and still miss nothing: any batch it was not subscribed for is already in the window it reads.
 * The snapshot writer comes last and only buffers in memory: it must see each batch when it is
 * published, on the fan-out stage's clock.
 */
public final class BatchPublisher implements Consumer<CommentBatch> {
  private final RecentWindow recentWindow;
  private final FanoutBus bus;
  private final Consumer<CommentBatch> snapshots;

  public BatchPublisher(
      RecentWindow recentWindow, FanoutBus bus, Consumer<CommentBatch> snapshots) {
    this.recentWindow = recentWindow;
    this.bus = bus;
    this.snapshots = snapshots;
  }

  @Override
  public void accept(CommentBatch batch) {
    recentWindow.append(batch);
    bus.publish(batch);
    snapshots.accept(batch);
  }
}
