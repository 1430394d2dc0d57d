package io.livecomments.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryCommentLogTest extends CommentLogContract {
  @Override
  protected CommentLog createLog() {
    return new InMemoryCommentLog(1024, Duration.ofMillis(10), 0);
  }

  @Test
  void seqIsOneCounterAcrossVideos() {
    VideoId a = newVideo();
    VideoId b = newVideo();

    long first = log.append(draft(a, "1")).join().seq();
    long second = log.append(draft(b, "2")).join().seq();
    long third = log.append(draft(a, "3")).join().seq();

    assertThat(List.of(second, third)).containsExactly(first + 1, first + 2);
  }

  @Test
  void appendFailsWhenASubscriptionIsFullAndNeverLosesAnAcknowledgedComment() throws Exception {
    try (InMemoryCommentLog small = new InMemoryCommentLog(4, Duration.ofMillis(10), 0)) {
      VideoId video = newVideo();
      BlockingQueue<Comment> received = new LinkedBlockingQueue<>();
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      small.subscribe(
          "slow",
          comments -> {
            entered.countDown();
            awaitLatch(release);
            received.addAll(comments);
          });
      List<Comment> acked = new ArrayList<>();
      acked.add(small.append(draft(video, "taken")).join());
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      // The listener holds "taken"; the queue has room for exactly 4 more.
      for (int i = 0; i < 4; i++) {
        acked.add(small.append(draft(video, "queued" + i)).join());
      }

      CompletableFuture<Comment> refused = small.append(draft(video, "refused"));

      assertThat(refused)
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(LogUnavailableException.class)
          .withMessage("log is full");
      release.countDown();
      List<Comment> delivered = new ArrayList<>();
      while (delivered.size() < acked.size()) {
        delivered.add(received.poll(10, TimeUnit.SECONDS));
      }
      assertThat(delivered).containsExactlyElementsOf(acked);
      // The refused append consumed no seq.
      assertThat(small.append(draft(video, "later")).join().seq())
          .isEqualTo(acked.get(acked.size() - 1).seq() + 1);
    }
  }

  @Test
  void aDeferredListenerHoldsAtMostTheCapacityUnhandledAndAppendsFailUntilItHandlesSome() {
    try (InMemoryCommentLog small = new InMemoryCommentLog(4, Duration.ofMillis(10), 0)) {
      VideoId video = newVideo();
      List<Comment> taken = Collections.synchronizedList(new ArrayList<>());
      List<Runnable> callbacks = Collections.synchronizedList(new ArrayList<>());
      small.subscribe(
          "deferred",
          (DeferredLogListener)
              (comments, handled) -> {
                taken.addAll(comments);
                callbacks.add(handled);
              });
      List<Comment> acked = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        acked.add(small.append(draft(video, "held" + i)).join());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 4);
      for (int i = 0; i < 4; i++) {
        acked.add(small.append(draft(video, "queued" + i)).join());
      }

      assertThat(small.append(draft(video, "refused")))
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(LogUnavailableException.class)
          .withMessage("log is full");
      assertThat(taken).hasSize(4);

      List.copyOf(callbacks).forEach(Runnable::run);
      await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 8);
      assertThat(taken).containsExactlyElementsOf(acked);
      assertThat(small.append(draft(video, "accepted again"))).succeedsWithin(Duration.ZERO);
    }
  }

  @Test
  void aDeferredListenerMayHoldTheWholeCapacityAlsoWhenItExceedsOneRun() {
    int capacity = InMemoryCommentLog.MAX_RUN * 3;
    try (InMemoryCommentLog log = new InMemoryCommentLog(capacity, Duration.ofMillis(10), 0)) {
      VideoId video = newVideo();
      AtomicInteger taken = new AtomicInteger();
      log.subscribe(
          "deferred",
          (DeferredLogListener) (comments, handled) -> taken.addAndGet(comments.size()));

      for (int i = 0; i < capacity; i++) {
        log.append(draft(video, "held " + i)).join();
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> taken.get() == capacity);
    }
  }

  @Test
  void concurrentAppendersAgainstASlowSubscriberLoseNothingTheyWereAcknowledged() throws Exception {
    try (InMemoryCommentLog small = new InMemoryCommentLog(8, Duration.ofMillis(1), 0)) {
      VideoId video = newVideo();
      List<Comment> delivered = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger calls = new AtomicInteger();
      small.subscribe(
          "flaky",
          comments -> {
            if (calls.incrementAndGet() % 3 == 0) {
              throw new IllegalStateException("flaky listener on purpose");
            }
            delivered.addAll(comments);
          });
      List<Comment> acked = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger refused = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          workers.add(
              CompletableFuture.runAsync(
                  () -> {
                    for (int i = 0; i < 500; i++) {
                      try {
                        acked.add(small.append(draft(video, "c" + i)).join());
                      } catch (CompletionException e) {
                        assertThat(e).hasCauseInstanceOf(LogUnavailableException.class);
                        refused.incrementAndGet();
                      }
                    }
                  },
                  pool));
        }
        workers.forEach(CompletableFuture::join);
      } finally {
        pool.shutdownNow();
      }

      List<Comment> expected = new ArrayList<>(acked);
      expected.sort((x, y) -> Long.compare(x.seq(), y.seq()));
      assertThat(expected.size() + refused.get()).isEqualTo(2000);
      await().until(() -> delivered.size() >= expected.size());
      // At least once: a failed run is redelivered, never skipped, so dedupe by id keeps order.
      assertThat(delivered.stream().distinct().toList()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void listenerFailureRedeliversTheSameRun() throws Exception {
    VideoId video = newVideo();
    BlockingQueue<List<Comment>> runs = new LinkedBlockingQueue<>();
    AtomicInteger calls = new AtomicInteger();
    log.subscribe(
        "failing",
        comments -> {
          runs.add(comments);
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("first call fails on purpose");
          }
        });

    Comment comment = log.append(draft(video, "x")).join();

    assertThat(runs.poll(10, TimeUnit.SECONDS)).containsExactly(comment);
    assertThat(runs.poll(10, TimeUnit.SECONDS)).containsExactly(comment);
  }

  @Test
  void closeStopsSubscriptionThreadsAndLaterAppendsFail() {
    InMemoryCommentLog closing = new InMemoryCommentLog(16);
    closing.subscribe("to-stop", comments -> {});
    assertThat(subscriptionThreads("to-stop")).hasSize(1);

    closing.close();

    assertThat(subscriptionThreads("to-stop")).isEmpty();
    assertThat(closing.append(draft(newVideo(), "late")))
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(LogUnavailableException.class);
    assertThatThrownBy(() -> closing.subscribe("late", comments -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void subscriptionClosedFromItsOwnListenerStops() throws Exception {
    VideoId video = newVideo();
    BlockingQueue<Comment> received = new LinkedBlockingQueue<>();
    LogSubscription[] self = new LogSubscription[1];
    CountDownLatch subscribed = new CountDownLatch(1);
    self[0] =
        log.subscribe(
            "self-closing",
            comments -> {
              awaitLatch(subscribed);
              received.addAll(comments);
              self[0].close();
            });
    subscribed.countDown();

    log.append(draft(video, "1")).join();

    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    await().until(() -> subscriptionThreads("self-closing").isEmpty());
  }

  @Test
  void seqsStartAfterTheGivenOneSoARestartedLogKeepsThemIncreasing() {
    try (InMemoryCommentLog log = new InMemoryCommentLog(4, Duration.ofMillis(1), 1_000_000)) {
      Comment first =
          log.append(
                  new io.livecomments.comment.CommentDraft(
                      "a", new VideoId("v"), new io.livecomments.comment.Author("u", "U"), "t", 0))
              .join();

      assertThat(first.seq()).isEqualTo(1_000_001);
    }
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new InMemoryCommentLog(0)).hasMessageContaining(": 0");
    assertThatThrownBy(() -> new InMemoryCommentLog(1, Duration.ofMillis(-1), 0))
        .hasMessageContaining("PT-0.001S");
  }

  private static List<Thread> subscriptionThreads(String group) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("comment-log-" + group + "-") && t.isAlive())
        .toList();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
