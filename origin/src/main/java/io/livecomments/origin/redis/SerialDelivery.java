package io.livecomments.origin.redis;

import io.livecomments.comment.CommentBatch;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's hand-over from the bus's subscriber thread to its listener: a bounded queue
 * drained on a shared executor, so a slow listener never stalls the Redis connection and one
 * listener is never called concurrently with itself (batches and gaps in arrival order).
 *
 * <p>Past {@code capacity} waiting batches, new ones are dropped and the listener is told of a gap
 * after the ones it still gets (at-most-once, as the bus promises). A listener that throws is
 * logged and keeps getting later batches. After {@link #close} returns the listener is not called
 * again; close waits for a running call (re-entrant from the listener itself).
 */
final class SerialDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(SerialDelivery.class);

  /** Events handed over per turn on the executor, so a busy subscription shares the threads. */
  private static final int TURN = 64;

  /** A batch, or a gap when {@code batch} is null. */
  private record Event(CommentBatch batch) {}

  private static final Event GAP = new Event(null);

  private final String name;
  private final Consumer<CommentBatch> listener;
  private final Runnable onGap;
  private final Executor executor;
  private final int capacity;
  private final ArrayDeque<Event> queue = new ArrayDeque<>();
  private final Object calling = new Object();
  private boolean scheduled;
  private volatile boolean open = true;

  SerialDelivery(
      String name,
      Consumer<CommentBatch> listener,
      Runnable onGap,
      Executor executor,
      int capacity) {
    this.name = name;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.onGap = Objects.requireNonNull(onGap, "onGap");
    this.executor = executor;
    this.capacity = capacity;
  }

  /**
   * Queues a batch for the listener.
   *
   * @return false when the batch was dropped because the queue is full
   */
  boolean offer(CommentBatch batch) {
    synchronized (this) {
      if (!open) {
        return true;
      }
      if (queue.size() >= capacity) {
        if (queue.peekLast() != GAP) {
          queue.addLast(GAP);
        }
        return false;
      }
      queue.addLast(new Event(batch));
    }
    schedule();
    return true;
  }

  /** Queues a gap signal after whatever is waiting. */
  void gap() {
    synchronized (this) {
      if (!open || queue.peekLast() == GAP) {
        return;
      }
      queue.addLast(GAP);
    }
    schedule();
  }

  void close() {
    synchronized (calling) {
      open = false;
    }
    synchronized (this) {
      queue.clear();
    }
  }

  private void schedule() {
    synchronized (this) {
      if (scheduled || queue.isEmpty()) {
        return;
      }
      scheduled = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The bus is closing: nothing more is delivered.
      synchronized (this) {
        scheduled = false;
        queue.clear();
      }
    }
  }

  private void drain() {
    for (int i = 0; i < TURN; i++) {
      Event event;
      synchronized (this) {
        event = queue.pollFirst();
        if (event == null) {
          scheduled = false;
          return;
        }
      }
      deliver(event);
    }
    synchronized (this) {
      scheduled = false;
    }
    schedule();
  }

  private void deliver(Event event) {
    synchronized (calling) {
      if (!open) {
        return;
      }
      try {
        if (event.batch() == null) {
          onGap.run();
        } else {
          listener.accept(event.batch());
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "subscriber of {} failed; it misses this {}",
            name,
            event.batch() == null ? "gap signal" : "batch",
            e);
      }
    }
  }
}
