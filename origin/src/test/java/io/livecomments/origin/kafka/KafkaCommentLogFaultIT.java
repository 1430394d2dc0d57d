package io.livecomments.origin.kafka;

import static io.livecomments.log.CommentLogContract.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.log.LogSubscription;
import io.livecomments.log.LogUnavailableException;
import io.livecomments.origin.backends.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker outage: appends fail within the send bound and are never acknowledged; after a restart
 * appends work again, the broker still holds every comment acknowledged before, and a subscription
 * that lived through the outage receives them all. Runs its own broker, which it stops.
 */
class KafkaCommentLogFaultIT {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void downBrokerFailsAppendsWithinTheBoundAndLosesNothingAcknowledged() throws Exception {
    String topic = "comments-" + UUID.randomUUID();
    KafkaTopics.createIfMissing(
        KafkaSettings.defaults(broker.bootstrapServers()).withTopic(topic),
        1,
        (short) 1,
        Duration.ofSeconds(30));
    VideoId video = new VideoId("v-" + UUID.randomUUID());
    Set<String> received = ConcurrentHashMap.newKeySet();
    List<Comment> acked = new ArrayList<>();
    try (KafkaCommentLog log =
            new KafkaCommentLog(
                KafkaSettings.defaults(broker.bootstrapServers())
                    .withTopic(topic)
                    .withSendTimeout(SEND_TIMEOUT));
        LogSubscription subscription =
            log.subscribe(
                "g-" + UUID.randomUUID(),
                comments -> comments.forEach(c -> received.add(c.id())))) {
      assertThat(subscription).isNotNull();
      for (int i = 0; i < 10; i++) {
        acked.add(log.append(draft(video, "before " + i)).join());
      }

      broker.stop();
      CompletableFuture<Comment> refused = log.append(draft(video, "while down"));

      // The bound is the send timeout; the rest is slack for a busy 2-core machine.
      assertThat(refused)
          .failsWithin(SEND_TIMEOUT.multipliedBy(3))
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(LogUnavailableException.class);

      broker.startAgain();
      await("an append after the restart")
          .atMost(Duration.ofSeconds(60))
          .until(() -> tryAppend(log, draft(video, "after restart"), acked));
      for (int i = 0; i < 10; i++) {
        acked.add(log.append(draft(video, "after " + i)).join());
      }

      List<String> ackedIds = acked.stream().map(Comment::id).toList();
      await("the surviving subscription")
          .atMost(Duration.ofSeconds(30))
          .until(() -> received.containsAll(ackedIds));
      assertThat(readTopic(topic, acked.get(acked.size() - 1).seq()))
          .as("acknowledged comments in the log after the restart, in order")
          .filteredOn(ackedIds::contains)
          .containsExactlyElementsOf(ackedIds);
    }
  }

  private static boolean tryAppend(KafkaCommentLog log, CommentDraft draft, List<Comment> acked)
      throws InterruptedException {
    try {
      acked.add(
          log.append(draft).get(SEND_TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS));
      return true;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  /** The ids of the records in partition 0 up to seq {@code lastSeq}, read from the start. */
  private static List<String> readTopic(String topic, long lastSeq) {
    CommentJson json = new CommentJson();
    List<String> ids = new ArrayList<>();
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      await("reading the topic back")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  ids.add(json.readDraft(record.value()).id());
                }
                return consumer.position(partition) >= lastSeq;
              });
    }
    return ids;
  }
}
