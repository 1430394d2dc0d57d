package io.livecomments.log;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link CommentLog}: one in-process log shared by every video, like one Kafka
 * partition. Nothing is written to disk; "durable" means "held until every subscription has
 * consumed it", and nothing survives the process.
 *
 * <p>Seq: one global counter across all videos, so a video's seqs are strictly increasing but not
 * contiguous, exactly like offsets in a shared partition. A failed append consumes no seq.
 *
 * <p>Groups: in memory every {@link #subscribe} call is its own group with one subscriber, whatever
 * the group name; it sees the comments appended after the call returns. Nothing is kept for
 * comments no subscription exists for, and a closed subscription's position is forgotten.
 *
 * <p>Bounded memory: each subscription owns a queue of {@code queueCapacity} comments, drained by
 * its own daemon thread ({@code comment-log-<group>-<n>}) that hands the listener runs of up to
 * {@value #MAX_RUN} comments. Append assigns the seq and enqueues into every subscription under one
 * lock, so all subscriptions see one order; when any queue is full the append fails with {@link
 * LogUnavailableException} ("log is full") instead of dropping anything: an acknowledged comment is
 * never lost. The returned future is already complete: there is nothing to wait for.
 *
 * <p>Failures: a listener that throws gets the same run again after {@code redeliveryBackoff}, and
 * again, until it returns normally or its subscription closes (at least once). A {@link
 * DeferredLogListener} may hold up to {@code queueCapacity} comments it has taken but not handled;
 * past that its subscription takes no more until it reports some handled, so its queue fills and
 * appends fail as above.
 *
 * <p>{@link #close} closes every subscription (stopping their threads and dropping what they had
 * not consumed); appending afterwards fails with {@link LogUnavailableException}, subscribing
 * throws {@link IllegalStateException}.
 */
public final class InMemoryCommentLog implements CommentLog {
  public static final int MAX_RUN = 512;
  public static final Duration DEFAULT_REDELIVERY_BACKOFF = Duration.ofMillis(100);
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryCommentLog.class);

  private final int queueCapacity;
  private final Duration redeliveryBackoff;
  private final Object lock = new Object();
  private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
  private long lastSeq;
  private long subscribed;
  private boolean closed;

  /** A log whose listeners are retried after {@link #DEFAULT_REDELIVERY_BACKOFF}. */
  public InMemoryCommentLog(int queueCapacity) {
    this(queueCapacity, DEFAULT_REDELIVERY_BACKOFF, 0);
  }

  /**
   * @param queueCapacity comments each subscription may hold unconsumed before appends fail
   * @param redeliveryBackoff how long a subscription waits before redelivering a run its listener
   *     failed on
   * @param seqsAfter the first comment gets the seq after this one. Starting from a clock reading
   *     keeps seqs increasing across restarts, as Kafka offsets do, so a client that resumes with a
   *     cursor from before a restart is not mistaken for one far ahead.
   */
  public InMemoryCommentLog(int queueCapacity, Duration redeliveryBackoff, long seqsAfter) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1: " + queueCapacity);
    }
    if (redeliveryBackoff == null || redeliveryBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "redeliveryBackoff must not be negative: " + redeliveryBackoff);
    }
    if (seqsAfter < 0) {
      throw new IllegalArgumentException("seqsAfter must not be negative: " + seqsAfter);
    }
    this.queueCapacity = queueCapacity;
    this.redeliveryBackoff = redeliveryBackoff;
    this.lastSeq = seqsAfter;
  }

  @Override
  public CompletableFuture<Comment> append(CommentDraft draft) {
    Objects.requireNonNull(draft, "draft");
    Comment comment;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(new LogUnavailableException("log is closed"));
      }
      // Only appends (under this lock) add to queues, so room found here is still there below.
      for (Subscription subscription : subscriptions) {
        if (subscription.queue.remainingCapacity() == 0) {
          return CompletableFuture.failedFuture(new LogUnavailableException("log is full"));
        }
      }
      comment = draft.at(lastSeq + 1);
      lastSeq = comment.seq();
      for (Subscription subscription : subscriptions) {
        subscription.queue.add(comment);
      }
    }
    return CompletableFuture.completedFuture(comment);
  }

  @Override
  public LogSubscription subscribe(String group, DeferredLogListener listener) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("log is closed");
      }
      Subscription subscription =
          new Subscription(listener, "comment-log-" + group + "-" + ++subscribed);
      subscriptions.add(subscription);
      subscription.thread.start();
      return subscription;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    for (Subscription subscription : subscriptions) {
      subscription.close();
    }
  }

  /** One group's queue, drained by its own thread. */
  private final class Subscription implements LogSubscription {
    private final BlockingQueue<Comment> queue = new ArrayBlockingQueue<>(queueCapacity);
    private final DeferredLogListener listener;
    private final Semaphore unhandled = new Semaphore(queueCapacity);
    private final Thread thread;
    private volatile boolean stopped;

    Subscription(DeferredLogListener listener, String threadName) {
      this.listener = listener;
      this.thread = new Thread(this::drain, threadName);
      thread.setDaemon(true);
    }

    private void drain() {
      List<Comment> run = new ArrayList<>(MAX_RUN);
      try {
        while (!stopped) {
          // Takes only what the listener may still hold unhandled; the rest waits in the queue.
          unhandled.acquire();
          run.add(queue.take());
          int permits = unhandled.drainPermits();
          queue.drainTo(run, Math.min(MAX_RUN - 1, permits));
          unhandled.release(permits - (run.size() - 1));
          List<Comment> view = List.copyOf(run);
          while (!stopped && !deliver(view)) {
            TimeUnit.NANOSECONDS.sleep(redeliveryBackoff.toNanos());
          }
          run.clear();
        }
      } catch (InterruptedException e) {
        // close() interrupts to stop us; nothing else interrupts this thread.
      }
    }

    private boolean deliver(List<Comment> run) {
      AtomicBoolean reported = new AtomicBoolean();
      Runnable handled =
          () -> {
            if (reported.compareAndSet(false, true)) {
              unhandled.release(run.size());
            }
          };
      try {
        listener.onComments(run, handled);
        return true;
      } catch (RuntimeException e) {
        // Not taken: the redelivery holds the run's permits, whatever this attempt's callback does.
        reported.set(true);
        LOG.warn(
            "{}: listener failed on seq {}..{}; redelivering in {}",
            thread.getName(),
            run.get(0).seq(),
            run.get(run.size() - 1).seq(),
            redeliveryBackoff,
            e);
        return false;
      }
    }

    /**
     * Stops delivery; returns once no listener call is running, unless called from the listener.
     */
    @Override
    public void close() {
      synchronized (lock) {
        subscriptions.remove(this);
      }
      stopped = true;
      thread.interrupt();
      if (Thread.currentThread() != thread) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      queue.clear();
    }
  }
}
