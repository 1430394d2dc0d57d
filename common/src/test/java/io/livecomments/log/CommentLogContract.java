package io.livecomments.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.VideoId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link CommentLog}, for every implementation: extend it, return a fresh log
 * from {@link #createLog()}. Every test uses its own random video ids and group names, so a log
 * shared by several tests (one Kafka topic) is fine; listeners ignore other videos' comments.
 */
public abstract class CommentLogContract {
  private final List<AutoCloseable> toClose = new ArrayList<>();
  protected CommentLog log;

  /** A log for one test; the suite closes it afterwards. */
  protected abstract CommentLog createLog();

  /** How long to wait for a delivery before failing. */
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(20);
  }

  @BeforeEach
  void openLog() {
    log = createLog();
  }

  @AfterEach
  void closeLog() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    log.close();
  }

  @Test
  void appendPlacesTheDraftAndSeqsIncreaseStrictlyPerVideo() {
    VideoId video = newVideo();
    long previous = 0;
    for (int i = 0; i < 20; i++) {
      CommentDraft draft = draft(video, "c" + i);
      Comment placed = log.append(draft).join();
      assertThat(placed).isEqualTo(draft.at(placed.seq()));
      assertThat(placed.seq()).isGreaterThan(previous);
      previous = placed.seq();
    }
  }

  @Test
  void theConsumedCommentIsTheDraftInEveryFieldPriorityAuthorIncluded() throws Exception {
    VideoId video = newVideo();
    Recorder recorder = subscribe(video);
    // Every field away from any default, so that a codec dropping one cannot pass.
    CommentDraft draft =
        new CommentDraft(
            "id-" + UUID.randomUUID(),
            video,
            new Author("creator-1", "The Creator \uD83C\uDFAC", true),
            "pinned: \"hi\"\n\u00e9",
            1_700_000_123_456L);

    Comment placed = log.append(draft).join();
    Comment consumed = recorder.take(1).get(0);

    assertThat(placed).isEqualTo(draft.at(placed.seq()));
    assertThat(consumed).isEqualTo(placed);
    assertThat(consumed.author().priority()).isTrue();
  }

  @Test
  void subscriberReceivesEveryAcknowledgedCommentOnceInAppendOrder() throws Exception {
    VideoId video = newVideo();
    Recorder recorder = subscribe(video);

    List<Comment> acked = appendAll(video, 50);
    Comment marker = log.append(draft(video, "marker")).join();

    List<Comment> expected = new ArrayList<>(acked);
    expected.add(marker);
    assertThat(recorder.takeThrough(marker)).containsExactlyElementsOf(expected);
  }

  @Test
  void everySubscriptionReceivesEveryComment() throws Exception {
    VideoId video = newVideo();
    Recorder first = subscribe(video);
    Recorder second = subscribe(video);
    Recorder third = subscribe(video);

    List<Comment> acked = appendAll(video, 30);
    Comment last = acked.get(acked.size() - 1);

    assertThat(first.takeThrough(last)).containsExactlyElementsOf(acked);
    assertThat(second.takeThrough(last)).containsExactlyElementsOf(acked);
    assertThat(third.takeThrough(last)).containsExactlyElementsOf(acked);
  }

  @Test
  void concurrentAppendsToOneVideoAreDeliveredInSeqOrderWithDistinctSeqs() throws Exception {
    VideoId video = newVideo();
    Recorder recorder = subscribe(video);
    int threads = 4;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Comment> acked = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<List<Comment>>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t + "-";
        workers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(start);
                  List<Comment> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(log.append(draft(video, prefix + i)).join());
                  }
                  return mine;
                },
                pool));
      }
      start.countDown();
      for (CompletableFuture<List<Comment>> worker : workers) {
        acked.addAll(worker.join());
      }
    } finally {
      pool.shutdownNow();
    }
    acked.sort(Comparator.comparingLong(Comment::seq));
    assertThat(acked).extracting(Comment::seq).doesNotHaveDuplicates();

    assertThat(recorder.take(threads * perThread)).containsExactlyElementsOf(acked);
  }

  @Test
  void commentsOfInterleavedVideosKeepTheirOrderPerVideo() throws Exception {
    VideoId a = newVideo();
    VideoId b = newVideo();
    Recorder onA = subscribe(a);
    Recorder onB = subscribe(b);
    List<Comment> ackedA = new ArrayList<>();
    List<Comment> ackedB = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      ackedA.add(log.append(draft(a, "a" + i)).join());
      ackedB.add(log.append(draft(b, "b" + i)).join());
    }

    assertThat(onA.take(20)).containsExactlyElementsOf(ackedA);
    assertThat(onB.take(20)).containsExactlyElementsOf(ackedB);
  }

  @Test
  void newGroupSeesOnlyCommentsAppendedAfterItSubscribed() throws Exception {
    VideoId video = newVideo();
    log.append(draft(video, "before")).join();

    Recorder recorder = subscribe(video);
    Comment after = log.append(draft(video, "after")).join();

    assertThat(recorder.take(1)).containsExactly(after);
  }

  @Test
  void acknowledgementDoesNotWaitForSubscribersToConsume() throws Exception {
    VideoId video = newVideo();
    CountDownLatch release = new CountDownLatch(1);
    Recorder blocked = new Recorder(video);
    subscribe(
        video,
        comments -> {
          blocked.onComments(comments);
          await(release);
        });
    // Closed before the subscription (reverse order), so a failing test cannot hang in close.
    toClose.add(release::countDown);
    Comment first = log.append(draft(video, "first")).join();
    assertThat(blocked.take(1)).containsExactly(first);

    // The listener is stuck on `first`; acknowledging more must not depend on it.
    Comment second =
        log.append(draft(video, "second")).get(deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);

    release.countDown();
    assertThat(blocked.take(1)).containsExactly(second);
  }

  @Test
  void listenerThatFailsGetsTheCommentsAgainInOrder() throws Exception {
    VideoId video = newVideo();
    Recorder attempts = new Recorder(video);
    AtomicBoolean failedOnce = new AtomicBoolean();
    subscribe(
        video,
        comments -> {
          attempts.onComments(comments);
          if (failedOnce.compareAndSet(false, true)) {
            throw new IllegalStateException("listener failure on purpose");
          }
        });

    Comment first = log.append(draft(video, "first")).join();
    assertThat(attempts.take(1)).containsExactly(first);
    Comment second = log.append(draft(video, "second")).join();

    // At least once: `first` again (possibly with `second` in the same run), then `second`.
    assertThat(attempts.takeThrough(second)).containsExactly(first, second);
  }

  @Test
  void closedSubscriptionReceivesNothingMore() throws Exception {
    VideoId video = newVideo();
    Recorder closing = new Recorder(video);
    LogSubscription subscription = subscribe(video, closing);
    Recorder staying = subscribe(video);
    Comment first = log.append(draft(video, "first")).join();
    assertThat(closing.take(1)).containsExactly(first);

    subscription.close();
    Comment second = log.append(draft(video, "second")).join();

    assertThat(staying.takeThrough(second)).containsExactly(first, second);
    closing.assertNothingMore();
  }

  protected final VideoId newVideo() {
    return new VideoId("v-" + UUID.randomUUID());
  }

  /** A draft by one fixed author, for tests of any {@link CommentLog}. */
  public static CommentDraft draft(VideoId video, String text) {
    return new CommentDraft(
        UUID.randomUUID().toString(),
        video,
        new Author("u1", "User One"),
        text,
        1_700_000_000_000L);
  }

  private List<Comment> appendAll(VideoId video, int count) {
    List<Comment> acked = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      acked.add(log.append(draft(video, "c" + i)).join());
    }
    return acked;
  }

  private Recorder subscribe(VideoId video) {
    Recorder recorder = new Recorder(video);
    subscribe(video, recorder);
    return recorder;
  }

  private LogSubscription subscribe(VideoId video, LogListener listener) {
    LogSubscription subscription = log.subscribe("g-" + video + "-" + UUID.randomUUID(), listener);
    toClose.add(subscription);
    return subscription;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Records one video's comments as delivered, ignoring other videos sharing the log. */
  protected final class Recorder implements LogListener {
    private final VideoId video;
    private final BlockingQueue<Comment> received = new LinkedBlockingQueue<>();

    protected Recorder(VideoId video) {
      this.video = video;
    }

    @Override
    public void onComments(List<Comment> comments) {
      comments.stream().filter(c -> c.videoId().equals(video)).forEach(received::add);
    }

    /** The next {@code count} comments, failing if they do not all arrive in time. */
    public List<Comment> take(int count) throws InterruptedException {
      List<Comment> taken = new ArrayList<>();
      long deadline = System.nanoTime() + deliveryTimeout().toNanos();
      while (taken.size() < count) {
        Comment next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(next)
            .as("comment %s of %s within %s", taken.size() + 1, count, deliveryTimeout())
            .isNotNull();
        taken.add(next);
      }
      return taken;
    }

    /** Every comment received up to and including {@code last}. */
    public List<Comment> takeThrough(Comment last) throws InterruptedException {
      List<Comment> taken = new ArrayList<>();
      do {
        taken.addAll(take(1));
      } while (!taken.get(taken.size() - 1).equals(last));
      return taken;
    }

    /** Fails if anything was received and not taken. */
    public void assertNothingMore() {
      assertThat(received).isEmpty();
    }
  }
}
