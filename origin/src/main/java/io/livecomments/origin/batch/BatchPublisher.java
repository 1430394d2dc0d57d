package io.livecomments.origin.batch;

import io.livecomments.comment.CommentBatch;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.recent.RecentWindow;
import java.util.function.Consumer;

/**
 * Where closed batches go: first into the recent window, then onto the bus. That order is what lets
 * a newly opened stream seed from the window after subscribing and still miss nothing: any batch
 * it was not subscribed for is already in the window it reads.
 */
public final class BatchPublisher implements Consumer<CommentBatch> {
  private final RecentWindow recentWindow;
  private final FanoutBus bus;

  public BatchPublisher(RecentWindow recentWindow, FanoutBus bus) {
    this.recentWindow = recentWindow;
    this.bus = bus;
  }

  @Override
  public void accept(CommentBatch batch) {
    recentWindow.append(batch);
    bus.publish(batch);
  }
}
