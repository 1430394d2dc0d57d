package io.livecomments.origin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.VideoId;
import io.livecomments.log.CommentLogContract;
import io.livecomments.log.DeferredLogListener;
import io.livecomments.log.LogSubscription;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.backends.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A group's position against a real broker when the listener hands comments on later than it takes
 * them: it passes only what the listener reported handled, not even after a rebalance, and a
 * listener holding the bound is given no more until it reports some handled. Each test on its own
 * one-partition topic and group.
 */
@ExtendWith(SharedKafka.class)
class KafkaCommentLogDeferredIT {
  private static final Duration DELIVERY = Duration.ofSeconds(20);
  private static final int MAX_UNHANDLED = 5;
  private static Admin admin;
  private final KafkaBroker broker;
  private final VideoId video = new VideoId("v-" + UUID.randomUUID());
  private final String group = "g-" + UUID.randomUUID();

  private final String topic = "comments-" + UUID.randomUUID();

  KafkaCommentLogDeferredIT(KafkaBroker broker) {
    this.broker = broker;
    KafkaTopics.createIfMissing(
        KafkaSettings.defaults(broker.bootstrapServers()).withTopic(topic),
        1,
        (short) 1,
        Duration.ofSeconds(30));
  }

  @BeforeAll
  static void openAdmin(KafkaBroker broker) {
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void aRestartedGroupIsGivenAgainWhatTheListenerHeldButNotWhatItHandled() throws Exception {
    try (KafkaCommentLog log = newLog()) {
      Holder first = new Holder();
      List<Comment> handled = new ArrayList<>();
      List<Comment> held = new ArrayList<>();
      try (LogSubscription subscription = log.subscribe(group, first)) {
        assertThat(subscription).isNotNull();
        first.handleAtOnce = true;
        for (int i = 0; i < 5; i++) {
          handled.add(log.append(draft("handled " + i)).join());
        }
        first.awaitReceived(handled);
        first.handleAtOnce = false;
        for (int i = 0; i < 3; i++) {
          held.add(log.append(draft("held " + i)).join());
        }
        first.awaitReceived(concat(handled, held));
      }
      // Seq = offset + 1, so the committed next offset after a comment is its seq.
      long handledThrough = handled.get(handled.size() - 1).seq();
      assertThat(committed()).isEqualTo(handledThrough);
      // Too late: the subscription is closed and its runs were not committed for it.
      first.handOnAll();
      assertThat(committed()).isEqualTo(handledThrough);

      Holder second = new Holder();
      second.handleAtOnce = true;
      try (LogSubscription again = log.subscribe(group, second)) {
        assertThat(again).isNotNull();
        Comment marker = log.append(draft("marker")).join();
        second.awaitReceived(concat(held, List.of(marker)));
      }
    }
  }

  @Test
  void oncePositionPassesHandledRunsARestartedGroupIsGivenNothingOld() throws Exception {
    try (KafkaCommentLog log = newLog()) {
      Holder first = new Holder();
      List<Comment> acked = new ArrayList<>();
      try (LogSubscription subscription = log.subscribe(group, first)) {
        assertThat(subscription).isNotNull();
        for (int i = 0; i < 10; i++) {
          acked.add(log.append(draft("c" + i)).join());
        }
        first.awaitReceived(acked);
        long last = acked.get(acked.size() - 1).seq();
        assertThat(committed()).as("nothing handled yet").isZero();

        first.handOnAll();
        // Seq = offset + 1, so the committed next offset after the last comment is its seq.
        await("the commit of the handled runs")
            .atMost(DELIVERY)
            .untilAsserted(() -> assertThat(committed()).isEqualTo(last));
      }

      Holder second = new Holder();
      second.handleAtOnce = true;
      try (LogSubscription again = log.subscribe(group, second)) {
        assertThat(again).isNotNull();
        Comment marker = log.append(draft("marker")).join();
        // Log order: anything old given again would arrive before the marker.
        second.awaitReceived(List.of(marker));
      }
    }
  }

  @Test
  void runsHeldAcrossARebalanceAreGivenAgainAndTheirLateCallbacksCommitNothing() throws Exception {
    try (KafkaCommentLog log = newLog()) {
      Holder first = new Holder();
      List<Comment> held = new ArrayList<>();
      try (LogSubscription subscription = log.subscribe(group, first)) {
        assertThat(subscription).isNotNull();
        for (int i = 0; i < 3; i++) {
          held.add(log.append(draft("held " + i)).join());
          first.awaitReceived(held);
        }
        List<Runnable> beforeRebalance = first.takeCallbacks();

        Holder second = new Holder();
        try (LogSubscription joining = log.subscribe(group, second)) {
          assertThat(joining).isNotNull();
          // The join revokes the partition; whichever member owns it now reads it again from the
          // committed offset, where the held runs still are.
          await("the held comments given again")
              .atMost(DELIVERY)
              .until(() -> first.received.size() + second.received.size() >= 2 * held.size());
          List<Comment> again =
              new ArrayList<>(first.received.subList(held.size(), first.received.size()));
          again.addAll(second.received);
          assertThat(again).containsExactlyElementsOf(held);

          beforeRebalance.forEach(Runnable::run);
          await("no commit from the runs forgotten at the rebalance")
              .during(Duration.ofSeconds(1))
              .atMost(Duration.ofSeconds(5))
              .until(() -> committed() == 0);
        }
      }
    }
  }

  @Test
  void aListenerHoldingTheBoundIsGivenNoMoreUntilItHandsSomeOn() throws Exception {
    try (KafkaCommentLog log = newLog(MAX_UNHANDLED)) {
      Holder holder = new Holder();
      List<Comment> acked = new ArrayList<>();
      try (LogSubscription subscription = log.subscribe(group, holder)) {
        assertThat(subscription).isNotNull();
        // One comment per run: the run that reaches the bound is exactly the bound's last comment.
        for (int i = 0; i < MAX_UNHANDLED; i++) {
          acked.add(log.append(draft("c" + i)).join());
          holder.awaitReceived(acked);
        }
        for (int i = MAX_UNHANDLED; i < 50; i++) {
          acked.add(log.append(draft("c" + i)).join());
        }
        await("no run while the listener holds the bound")
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(5))
            .until(() -> holder.received.size() == MAX_UNHANDLED);
        assertThat(committed()).as("nothing handled").isZero();

        holder.handleAtOnce = true;
        holder.handOnAll();
        holder.awaitReceived(acked);
        await("the commit of the rest")
            .atMost(DELIVERY)
            .untilAsserted(
                () -> assertThat(committed()).isEqualTo(acked.get(acked.size() - 1).seq()));
      }
    }
  }

  private KafkaCommentLog newLog() {
    return newLog(KafkaSettings.DEFAULT_MAX_UNHANDLED);
  }

  private KafkaCommentLog newLog(int maxUnhandled) {
    return new KafkaCommentLog(
        KafkaSettings.defaults(broker.bootstrapServers())
            .withTopic(topic)
            .withSendTimeout(Duration.ofSeconds(10))
            .withNewGroupsFromStart()
            .withMaxUnhandled(maxUnhandled));
  }

  /** The group's committed next offset on the topic's one partition; 0 before any commit. */
  private long committed() throws Exception {
    OffsetAndMetadata offset =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get()
            .get(new TopicPartition(topic, 0));
    return offset == null ? 0 : offset.offset();
  }

  private CommentDraft draft(String text) {
    return CommentLogContract.draft(video, text);
  }

  private static List<Comment> concat(List<Comment> first, List<Comment> second) {
    List<Comment> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  /** Records what it is given; keeps the callbacks unless told to hand runs on at once. */
  private static final class Holder implements DeferredLogListener {
    private final List<Comment> received = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> callbacks = new ConcurrentLinkedQueue<>();
    private volatile boolean handleAtOnce;

    @Override
    public void onComments(List<Comment> comments, Runnable handled) {
      received.addAll(comments);
      if (handleAtOnce) {
        handled.run();
      } else {
        callbacks.add(handled);
      }
    }

    /** Removes the callbacks kept so far and returns them, in the order of their runs. */
    List<Runnable> takeCallbacks() {
      List<Runnable> taken = new ArrayList<>();
      for (Runnable handled = callbacks.poll(); handled != null; handled = callbacks.poll()) {
        taken.add(handled);
      }
      return taken;
    }

    /** Reports every run kept so far handled, from the calling thread. */
    void handOnAll() {
      for (Runnable handled = callbacks.poll(); handled != null; handled = callbacks.poll()) {
        handled.run();
      }
    }

    /** Waits until exactly {@code expected} has been received, in order. */
    void awaitReceived(List<Comment> expected) {
      await("comments " + expected.size())
          .atMost(DELIVERY)
          .until(() -> received.size() >= expected.size());
      assertThat(received).containsExactlyElementsOf(expected);
    }
  }
}
