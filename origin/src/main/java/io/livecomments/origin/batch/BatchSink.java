package io.livecomments.origin.batch;

import io.livecomments.comment.CommentBatch;

/** Where the {@link VideoBatcher} hands each closed batch. */
@FunctionalInterface
public interface BatchSink {
  /**
   * Hands {@code batch} on, on the batcher's thread and under its lock (must not block for long).
   * Returning normally means taken; {@code stored} is then called once, from any thread and without
   * blocking, when everything the batch feeds holds it durably, which may be later (a snapshot is
   * stored when its second closes). Throwing means not taken, and {@code stored} must not have been
   * called: the batcher hands the batch over again later.
   */
  void accept(CommentBatch batch, Runnable stored);
}
