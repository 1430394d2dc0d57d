package io.livecomments.origin.kafka;

import io.livecomments.comment.Comment;
import io.livecomments.log.LogListener;
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
 * daemon thread, which also calls the listener (never concurrently with itself).
 *
 * <p>Position: a group's committed offsets; partitions the group never committed start at their
 * start when {@link KafkaSettings#newGroupsFromStart()} ({@code auto.offset.reset=earliest}: a new
 * group skips nothing), else at their end as the consumer finds them ({@code latest}). {@link
 * #start} waits up to {@link KafkaSettings#assignmentTimeout()} for the first assignment and its
 * positions, so for a new "latest" group every comment acknowledged after {@code subscribe} returns
 * is delivered. If the group is slower than that (a broker's {@code
 * group.initial.rebalance.delay.ms}), start returns anyway, logs a warning, and a new "latest" group
 * may skip comments appended meanwhile.
 *
 * <p>Delivery: at least once. Each poll's records become one run, in offset order per partition (so
 * in log order per video); after the listener returns the run's offsets are committed
 * synchronously. A listener that throws gets the same run again after {@link
 * KafkaSettings#redeliveryBackoff()} (the consumer seeks back; polling goes on, so the group keeps
 * the member). A failed commit (rebalance, broker away) is logged: the run may then be delivered
 * again, here or to the member that takes the partition over. A record whose value is not a draft
 * was not written by a {@link KafkaCommentLog}; it is logged and skipped, since retrying it would
 * stall the partition forever.
 *
 * <p>{@link #close} stops the thread (waking a blocked poll), leaves the group and returns once no
 * listener call is running, unless called from the listener itself.
 */
final class KafkaSubscription implements LogSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaSettings settings;
  private final LogListener listener;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final Consumer<KafkaSubscription> onClose;
  private final DraftJson json = new DraftJson();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;

  KafkaSubscription(
      KafkaSettings settings,
      String group,
      LogListener listener,
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
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.bootstrapServers(),
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
        ByteArrayDeserializer.class);
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
      consumer.subscribe(List.of(settings.topic()), new PositionsOnAssignment());
      while (!closed) {
        pollOnce();
      }
    } catch (WakeupException e) {
      // close() wakes a blocked poll or commit; nothing else calls wakeup().
    } finally {
      try {
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      } catch (KafkaException e) {
        LOG.warn("{}: closing the consumer failed", thread.getName(), e);
      }
    }
  }

  private void pollOnce() {
    ConsumerRecords<String, byte[]> records;
    try {
      records = consumer.poll(POLL_TIMEOUT);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // Nothing was delivered: polling again after a pause is the retry.
      LOG.warn(
          "{}: poll failed; retrying in {}", thread.getName(), settings.redeliveryBackoff(), e);
      pause();
      return;
    }
    if (records.isEmpty()) {
      return;
    }
    List<Comment> run = decode(records);
    if (run.isEmpty() || deliver(run)) {
      commit(records);
    } else {
      for (TopicPartition partition : records.partitions()) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
      pause();
    }
  }

  private List<Comment> decode(ConsumerRecords<String, byte[]> records) {
    List<Comment> run = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        run.add(json.read(record.value()).at(record.offset() + 1));
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

  private boolean deliver(List<Comment> run) {
    try {
      listener.onComments(List.copyOf(run));
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: listener failed on {} comments; redelivering in {}",
          thread.getName(),
          run.size(),
          settings.redeliveryBackoff(),
          e);
      return false;
    }
  }

  private void commit(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      next.put(
          partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    try {
      consumer.commitSync(next);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // At least once: whoever reads these partitions next starts before this run again.
      LOG.warn("{}: commit failed; the last run may be delivered again", thread.getName(), e);
    }
  }

  private void pause() {
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

  /** Resolves the positions of new partitions at once, so "latest" means "when subscribed". */
  private final class PositionsOnAssignment implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        consumer.position(partition);
      }
      assigned.countDown();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Every delivered run is committed before the next poll: nothing to flush.
    }
  }
}
