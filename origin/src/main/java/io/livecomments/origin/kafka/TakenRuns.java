package io.livecomments.origin.kafka;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The runs one {@link KafkaSubscription}'s listener has taken, in the order it took them, and which
 * of them it has reported handled: what the group may commit, and how much the listener holds.
 *
 * <p>Commit order: a run's offsets are handed out for commit only with every run taken before it,
 * so the group's position never passes a comment the listener still holds, even when it reports
 * runs handled out of order.
 *
 * <p>Threads: confined to the poll thread, except the {@link Run#handled} callbacks, which any
 * thread may call, once or more, without blocking (one atomic flag and one atomic counter).
 */
final class TakenRuns {
  private final Deque<Run> runs = new ArrayDeque<>();
  private final AtomicInteger unhandled = new AtomicInteger();

  /**
   * Opens a run about to be offered to the listener: its comments count as held from now on, since
   * the listener may report it handled before it even returns.
   *
   * @param nextOffsets per partition, the offset after the run's last record there
   * @param comments how many comments the listener is given
   */
  Run open(Map<TopicPartition, Long> nextOffsets, int comments) {
    Run run = new Run(nextOffsets, comments);
    unhandled.addAndGet(comments);
    return run;
  }

  /** The listener took {@code run}: its offsets wait for it and every earlier run to be handled. */
  void taken(Run run) {
    runs.addLast(run);
  }

  /** The listener refused {@code run}: it is not held, and a late callback from it does nothing. */
  void refused(Run run) {
    run.settle();
  }

  /**
   * Removes the longest prefix of runs that are all handled and returns their offsets, later runs
   * winning per partition; empty when the first run is still held.
   */
  Map<TopicPartition, OffsetAndMetadata> removeHandledPrefix() {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    while (!runs.isEmpty() && runs.peekFirst().settled.get()) {
      runs.removeFirst().nextOffsets.forEach((p, o) -> commit.put(p, new OffsetAndMetadata(o)));
    }
    return commit;
  }

  /**
   * Forgets the offsets of {@code partitions} in every run (they are no longer this member's to
   * commit); a run left with none is dropped, so its callback can commit nothing. Its comments stay
   * counted as held until the listener reports them handled, because it still holds them.
   */
  void forget(Collection<TopicPartition> partitions) {
    for (Iterator<Run> it = runs.iterator(); it.hasNext(); ) {
      Run run = it.next();
      run.nextOffsets.keySet().removeAll(partitions);
      if (run.nextOffsets.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Comments taken and not yet reported handled, including those of forgotten runs. */
  int unhandled() {
    return unhandled.get();
  }

  /** Runs whose offsets wait to be committed. */
  int waiting() {
    return runs.size();
  }

  /** One run the listener was offered; {@link #handled} is the callback it is given. */
  final class Run {
    private final Map<TopicPartition, Long> nextOffsets;
    private final int comments;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Run(Map<TopicPartition, Long> nextOffsets, int comments) {
      this.nextOffsets = new HashMap<>(nextOffsets);
      this.comments = comments;
    }

    /** Reports the run handled; later calls, and calls after a refusal, do nothing. */
    void handled() {
      settle();
    }

    private void settle() {
      if (settled.compareAndSet(false, true)) {
        unhandled.addAndGet(-comments);
      }
    }
  }
}
