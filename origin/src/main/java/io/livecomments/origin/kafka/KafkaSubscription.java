package io.livecomments.origin.kafka;

import io.livecomments.comment.Comment;
import io.livecomments.json.CommentJson;
import io.livecomments.log.DeferredLogListener;
import io.livecomments.log.LogSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link KafkaCommentLog} subscription: a consumer in a consumer group, polled by its own
 * daemon thread, which also calls the listener (never concurrently with itself) and does every
 * commit, pause and resume; the listener's {@code handled} callbacks only flip a flag ({@link
 * TakenRuns}).
 *
 * <p>Position: a group's committed offsets; partitions the group never committed start at their
 * start when {@link KafkaSettings#newGroupsFromStart()} ({@code auto.offset.reset=earliest}: a new
 * group skips nothing), else at their end as the consumer finds them ({@code latest}). {@link
 * #start} waits up to {@link KafkaSettings#assignmentTimeout()} for the first assignment and its
 * positions, so for a new "latest" group every comment acknowledged after {@code subscribe} returns
 * is delivered. If the group is slower than that (a broker's {@code
 * group.initial.rebalance.delay.ms}), start returns anyway, logs a warning, and a new "latest"
 * group may skip comments appended meanwhile.
 *
 * <p>Delivery: at least once. Each poll's records become one run, in offset order per partition (so
 * in log order per video). The listener takes a run and reports it handled later, from any thread;
 * the committed position passes a run only once it and every run taken before it are handled: each
 * time round its loop the poll thread commits that handled prefix synchronously, polling every
 * {@value #HELD_POLL_MILLIS} ms while the listener holds comments so commits follow soon. Whoever
 * reads the group after a crash or {@link #close} is thus given again every comment this listener
 * took and did not report handled (and possibly some it did, whose commit had not happened yet). A
 * listener that throws has not taken the run: it gets it again after {@link
 * KafkaSettings#redeliveryBackoff()} (the consumer seeks back; polling goes on, so the group keeps
 * the member). A failed commit (rebalance, broker away) is logged and its runs are not retried:
 * they may then be delivered again, here or to the member that takes the partition over. A record
 * whose value is not a draft was not written by a {@link KafkaCommentLog}; it is logged and skipped
 * (its offset commits in order with its run), since retrying it would stall the partition forever.
 *
 * <p>Rebalance: partitions revoked from this member get the handled prefix committed first; then
 * the held runs' offsets in them are forgotten, so a late {@code handled} commits nothing there.
 * The new owner reads them again from the committed offset, and so does this member if the
 * partition comes back: the listener sees those comments twice. Lost partitions (the member was
 * expelled) are forgotten without a commit, since another member may own them already.
 *
 * <p>Bounded memory: while the listener holds {@link KafkaSettings#maxUnhandled()} comments or more
 * unhandled, every assigned partition (also one assigned later) is paused; polling goes on, so the
 * member keeps its place in the group, and the partitions are resumed once it holds fewer. The run
 * that reaches the bound is delivered whole, so the listener may hold up to the bound plus one
 * poll's records ({@code max.poll.records}) less one.
 *
 * <p>{@link #close} stops the thread (waking a blocked poll), commits the handled prefix (bounded
 * by {@value #CLOSE_MILLIS} ms; never a run still held), leaves the group and returns once no
 * listener call is running, unless called from the listener itself. A callback after close does
 * nothing.
 */
final class KafkaSubscription implements LogSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final long HELD_POLL_MILLIS = 50;
  private static final long CLOSE_MILLIS = 5_000;
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration HELD_POLL_TIMEOUT = Duration.ofMillis(HELD_POLL_MILLIS);
  private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(CLOSE_MILLIS);
  // Kafka's default.api.timeout.ms, which bounded the commits before they took a timeout here.
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaSettings settings;
  private final DeferredLogListener listener;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final Consumer<KafkaSubscription> onClose;
  private final CommentJson json = new CommentJson();
  private final TakenRuns runs = new TakenRuns();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;
  // Poll thread only: whether the bound has paused the assignment.
  private boolean holding;

  KafkaSubscription(
      KafkaSettings settings,
      String group,
      DeferredLogListener listener,
      String threadName,
      Consumer<KafkaSubscription> onClose) {
    this.settings = settings;
    this.listener = listener;
    this.onClose = onClose;
    this.consumer = new KafkaConsumer<>(consumerConfig(settings, group, threadName));
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  private static Map<String, Object> consumerConfig(
      KafkaSettings settings, String group, String clientId) {
    return settings.clientConfig(
        Map.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.CLIENT_ID_CONFIG,
            settings.clientId() + "-" + clientId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            settings.newGroupsFromStart() ? "earliest" : "latest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class));
  }

  /** Starts polling; returns once the group has assigned partitions, or after the timeout. */
  void start() {
    thread.start();
    try {
      if (!assigned.await(settings.assignmentTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "{}: no partitions assigned within {}; a new group may skip comments appended until"
                + " then",
            thread.getName(),
            settings.assignmentTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(settings.topic()), new Rebalance());
      while (!closed) {
        pollOnce();
        commit(runs.removeHandledPrefix(), COMMIT_TIMEOUT);
        holdOrGoOn();
      }
    } catch (WakeupException e) {
      // close() wakes a blocked poll or commit; nothing else calls wakeup().
    } finally {
      try {
        commit(runs.removeHandledPrefix(), CLOSE_TIMEOUT);
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      } catch (KafkaException e) {
        LOG.warn("{}: closing the consumer failed", thread.getName(), e);
      }
    }
  }

  private void pollOnce() {
    ConsumerRecords<String, byte[]> records;
    try {
      records = consumer.poll(runs.unhandled() > 0 ? HELD_POLL_TIMEOUT : POLL_TIMEOUT);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // Nothing was delivered: polling again after a pause is the retry.
      LOG.warn(
          "{}: poll failed; retrying in {}", thread.getName(), settings.redeliveryBackoff(), e);
      backOff();
      return;
    }
    if (records.isEmpty()) {
      return;
    }
    List<Comment> comments = decode(records);
    TakenRuns.Run run = runs.open(nextOffsets(records), comments.size());
    if (comments.isEmpty()) {
      // Nothing to hand on; its offsets still wait for the runs before it.
      run.handled();
      runs.taken(run);
    } else if (deliver(comments, run)) {
      runs.taken(run);
    } else {
      runs.refused(run);
      for (TopicPartition partition : records.partitions()) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
      backOff();
    }
  }

  private List<Comment> decode(ConsumerRecords<String, byte[]> records) {
    List<Comment> run = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        run.add(json.readDraft(record.value()).at(record.offset() + 1));
      } catch (IllegalArgumentException | NullPointerException e) {
        LOG.error(
            "{}: skipping {}-{}@{}: not a comment draft",
            thread.getName(),
            record.topic(),
            record.partition(),
            record.offset(),
            e);
      }
    }
    return run;
  }

  private static Map<TopicPartition, Long> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, Long> next = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      next.put(partition, inPartition.get(inPartition.size() - 1).offset() + 1);
    }
    return next;
  }

  private boolean deliver(List<Comment> comments, TakenRuns.Run run) {
    try {
      listener.onComments(List.copyOf(comments), run::handled);
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: listener failed on {} comments; redelivering in {}",
          thread.getName(),
          comments.size(),
          settings.redeliveryBackoff(),
          e);
      return false;
    }
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    if (offsets.isEmpty()) {
      return;
    }
    try {
      try {
        consumer.commitSync(offsets, timeout);
      } catch (WakeupException e) {
        // close() woke the commit and its one wakeup is spent: finishing it, bounded, spares the
        // next reader handled runs. The loop then sees `closed` and stops.
        consumer.commitSync(offsets, CLOSE_TIMEOUT);
      }
    } catch (KafkaException e) {
      // At least once: whoever reads these partitions next starts before these runs again.
      LOG.warn("{}: commit failed; handled runs may be delivered again", thread.getName(), e);
    }
  }

  /** Pauses every assigned partition while the listener holds the bound, resumes them after. */
  private void holdOrGoOn() {
    int unhandled = runs.unhandled();
    if (unhandled >= settings.maxUnhandled()) {
      if (!holding) {
        LOG.debug("{}: listener holds {} comments; pausing", thread.getName(), unhandled);
        holding = true;
      }
      // Every time round, because partitions assigned since the last time come unpaused.
      consumer.pause(consumer.assignment());
    } else if (holding) {
      LOG.debug("{}: listener holds {} comments; resuming", thread.getName(), unhandled);
      holding = false;
      consumer.resume(consumer.paused());
    }
  }

  private void backOff() {
    try {
      stopped.await(settings.redeliveryBackoff().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    stopped.countDown();
    consumer.wakeup();
    onClose.accept(this);
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Resolves the positions of new partitions at once, so "latest" means "when subscribed", and
   * settles held runs' offsets in partitions that leave.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        consumer.position(partition);
      }
      // New partitions come unpaused; poll may fetch them before the loop's next check.
      if (holding) {
        consumer.pause(partitions);
      }
      assigned.countDown();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commit(runs.removeHandledPrefix(), closed ? CLOSE_TIMEOUT : COMMIT_TIMEOUT);
      runs.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      runs.forget(partitions);
    }
  }
}
