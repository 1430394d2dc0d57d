package io.livecomments.origin.kafka;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import io.livecomments.json.CommentJson;
import io.livecomments.log.CommentLog;
import io.livecomments.log.DeferredLogListener;
import io.livecomments.log.LogSubscription;
import io.livecomments.log.LogUnavailableException;
import io.livecomments.time.DaemonThreads;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The production {@link CommentLog}: one Kafka topic, record key = video id, so every comment of a
 * video lands in one partition and keeps its order there.
 *
 * <p>Seq: the record's offset + 1 (seqs are positive; offsets start at 0). Offsets grow per
 * partition and never repeat, so a video's seqs are strictly increasing, not contiguous, and keep
 * growing across restarts; seqs of videos on different partitions are not comparable, which is fine
 * because cursors are per video. This holds only while the partition count stays fixed.
 *
 * <p>Durability: the producer is idempotent with {@code acks=all}; an append's future completes
 * only after every in-sync replica has the record, and the comment it returns is built from the
 * broker's offset. The record value is the draft ({@link CommentJson#draft}), so a consumer
 * rebuilds exactly the comment the append returned.
 *
 * <p>Failures: a broker that is down or slow fails the future with {@link LogUnavailableException}
 * within {@link KafkaSettings#sendTimeout()} after the send; {@code append} itself may block the
 * caller up to that long more while the producer has no metadata or its buffer is full. A failed
 * append may still reach the log later (an ambiguous timeout): it was not acknowledged, and the
 * client's retry with its idempotency key or de-duplication by comment id covers it.
 *
 * <p>Delivery: each subscription is a consumer in its group, delivering at least once. The group's
 * committed position passes a run once the listener has reported it, and every run before it,
 * handled (a {@link io.livecomments.log.LogListener} does so by returning), so a group read again
 * after a crash or close is given every comment its listener had taken and not handed on. A
 * listener holding {@link KafkaSettings#maxUnhandled()} comments or more unhandled is given no more
 * until it reports some handled. Details in {@link KafkaSubscription}.
 *
 * <p>Threads: futures complete on one of two {@code kafka-log-ack} threads of the log's, never on
 * Kafka's I/O thread, so a dependent stage that blocks cannot stall every other append. Each
 * subscription polls on its own thread ({@link KafkaSubscription}).
 *
 * <p>{@link #close} stops accepting appends, waits up to the send timeout for records in flight
 * (their futures complete either way), closes every subscription and stops the log's threads;
 * appending afterwards fails with {@link LogUnavailableException}, subscribing throws {@link
 * IllegalStateException}.
 */
public final class KafkaCommentLog implements CommentLog {
  /**
   * How long a comment waits for others to share its produce request. Measured with {@code
   * bench/write-path.sh} (docs/benchmarks.md, "Write path"): 5 ms took ~14 % more comments/s than 1
   * ms at 64 posters with the same p99, and 10 ms no more than 5 ms.
   */
  private static final int LINGER_MS = 5;

  private final KafkaSettings settings;
  private final Producer<String, byte[]> producer;
  private final CommentJson json = new CommentJson();
  private final ExecutorService acks;
  private final Set<KafkaSubscription> subscriptions = new CopyOnWriteArraySet<>();
  private final AtomicInteger subscribed = new AtomicInteger();
  private final Object lock = new Object();
  private boolean closed;

  public KafkaCommentLog(KafkaSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.producer = new KafkaProducer<>(producerConfig(settings));
    this.acks = Executors.newFixedThreadPool(2, DaemonThreads.numbered("kafka-log-ack"));
  }

  private static Map<String, Object> producerConfig(KafkaSettings settings) {
    int timeoutMs = Math.toIntExact(settings.sendTimeout().toMillis());
    return settings.clientConfig(
        Map.ofEntries(
            Map.entry(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-producer"),
            Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
            Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
            Map.entry(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS),
            Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs),
            // Kafka requires delivery >= linger + request timeout.
            Map.entry(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, LINGER_MS + 1)),
            Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(timeoutMs - LINGER_MS, 1)),
            Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
            Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
  }

  @Override
  public CompletableFuture<Comment> append(CommentDraft draft) {
    Objects.requireNonNull(draft, "draft");
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(new LogUnavailableException("log is closed"));
      }
    }
    CompletableFuture<Comment> placed = new CompletableFuture<>();
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(settings.topic(), draft.videoId().value(), json.draft(draft));
    try {
      producer.send(
          record,
          (metadata, failure) -> {
            if (failure == null && metadata.hasOffset()) {
              Comment comment = draft.at(metadata.offset() + 1);
              acks.execute(() -> placed.complete(comment));
            } else {
              LogUnavailableException unavailable =
                  new LogUnavailableException(
                      "Kafka did not acknowledge comment " + draft.id() + " on " + settings.topic(),
                      failure);
              acks.execute(() -> placed.completeExceptionally(unavailable));
            }
          });
    } catch (RuntimeException e) {
      // send() throws rather than calling back when it cannot even queue the record (closed
      // producer, metadata wait past max.block.ms in some versions, serialization).
      return CompletableFuture.failedFuture(
          new LogUnavailableException("Kafka refused comment " + draft.id(), e));
    }
    return placed;
  }

  @Override
  public LogSubscription subscribe(String group, DeferredLogListener listener) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(listener, "listener");
    KafkaSubscription subscription;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("log is closed");
      }
      subscription =
          new KafkaSubscription(
              settings,
              group,
              listener,
              "kafka-log-" + group + "-" + subscribed.incrementAndGet(),
              subscriptions::remove);
      subscriptions.add(subscription);
    }
    subscription.start();
    return subscription;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Producer first: records in flight get their acknowledgement (or failure) before we stop.
    producer.close(settings.sendTimeout());
    for (KafkaSubscription subscription : subscriptions) {
      subscription.close();
    }
    acks.shutdown();
    try {
      if (!acks.awaitTermination(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        acks.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
