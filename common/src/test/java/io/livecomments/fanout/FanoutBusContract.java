package io.livecomments.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link FanoutBus}, for every implementation: extend it, return a fresh bus from
 * {@link #createBus()}. Every test uses its own random video ids, so channels never collide.
 *
 * <p>Delivery is at most once, but on a healthy bus nothing is lost: these tests expect every batch
 * published after {@code subscribe} returned.
 */
public abstract class FanoutBusContract {
  private final List<BusSubscription> subscriptions = new ArrayList<>();
  private long nextSeq = 1;
  protected FanoutBus bus;

  /** A bus for one test; the suite closes it afterwards. */
  protected abstract FanoutBus createBus();

  /** How long to wait for a delivery before failing. */
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(10);
  }

  @BeforeEach
  void openBus() {
    bus = createBus();
  }

  @AfterEach
  void closeBus() {
    subscriptions.forEach(BusSubscription::close);
    bus.close();
  }

  @Test
  void everySubscriberOfTheVideoGetsEveryBatchInPublishOrder() throws Exception {
    VideoId video = newVideo();
    Recorder first = subscribe(video);
    Recorder second = subscribe(video);
    List<CommentBatch> published = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      CommentBatch batch = batch(video, 1 + i % 3);
      published.add(batch);
      bus.publish(batch);
    }

    assertThat(first.take(20)).containsExactlyElementsOf(published);
    assertThat(second.take(20)).containsExactlyElementsOf(published);
  }

  @Test
  void batchArrivesEqualToWhatWasPublishedIncludingWhatItRepresents() throws Exception {
    VideoId video = newVideo();
    Recorder recorder = subscribe(video);
    CommentBatch sampled = new CommentBatch(video, batch(video, 3).comments(), 250);

    bus.publish(sampled);

    assertThat(recorder.take(1)).containsExactly(sampled);
  }

  @Test
  void subscribersOfOtherVideosGetNothing() throws Exception {
    VideoId mine = newVideo();
    VideoId other = newVideo();
    Recorder recorder = subscribe(mine);

    bus.publish(batch(other, 2));
    CommentBatch ours = batch(mine, 1);
    bus.publish(ours);

    assertThat(recorder.take(1)).containsExactly(ours);
    bus.publish(batch(other, 1));
    CommentBatch marker = batch(mine, 1);
    bus.publish(marker);
    assertThat(recorder.take(1)).containsExactly(marker);
    recorder.assertNothingMore();
  }

  @Test
  void closedSubscriptionGetsNothingMoreWhileOthersKeepReceiving() throws Exception {
    VideoId video = newVideo();
    Recorder leaving = new Recorder();
    BusSubscription leavingSubscription = bus.subscribe(video, leaving);
    Recorder staying = subscribe(video);
    CommentBatch before = batch(video, 1);
    bus.publish(before);
    assertThat(leaving.take(1)).containsExactly(before);

    leavingSubscription.close();
    leavingSubscription.close();
    CommentBatch after = batch(video, 1);
    bus.publish(after);

    assertThat(staying.take(2)).containsExactly(before, after);
    leaving.assertNothingMore();
  }

  @Test
  void videoCanBeSubscribedAgainAfterItsLastSubscriptionClosed() throws Exception {
    VideoId video = newVideo();
    bus.subscribe(video, new Recorder()).close();

    Recorder again = subscribe(video);
    CommentBatch batch = batch(video, 1);
    bus.publish(batch);

    assertThat(again.take(1)).containsExactly(batch);
  }

  @Test
  void listenerThatThrowsDoesNotCostOthersOrItselfLaterBatches() throws Exception {
    VideoId video = newVideo();
    Recorder throwing = new Recorder();
    subscriptions.add(
        bus.subscribe(
            video,
            batch -> {
              throwing.accept(batch);
              throw new IllegalStateException("listener failure on purpose");
            }));
    Recorder healthy = subscribe(video);
    CommentBatch first = batch(video, 1);
    CommentBatch second = batch(video, 1);

    bus.publish(first);
    bus.publish(second);

    assertThat(healthy.take(2)).containsExactly(first, second);
    assertThat(throwing.take(2)).containsExactly(first, second);
  }

  protected final VideoId newVideo() {
    return new VideoId("v-" + UUID.randomUUID());
  }

  /** A batch of {@code size} comments of {@code video}, with seqs after the previous batch's. */
  protected final CommentBatch batch(VideoId video, int size) {
    List<Comment> comments = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      long seq = nextSeq++;
      comments.add(
          new Comment(
              UUID.randomUUID().toString(),
              video,
              seq,
              new Author("u1", "User One"),
              "comment " + seq,
              1_700_000_000_000L + seq));
    }
    return CommentBatch.of(video, comments);
  }

  protected final Recorder subscribe(VideoId video) {
    Recorder recorder = new Recorder();
    subscriptions.add(bus.subscribe(video, recorder));
    return recorder;
  }

  /** Records batches as delivered. */
  protected final class Recorder implements Consumer<CommentBatch> {
    private final BlockingQueue<CommentBatch> received = new LinkedBlockingQueue<>();

    @Override
    public void accept(CommentBatch batch) {
      received.add(batch);
    }

    /** The next {@code count} batches, failing if they do not all arrive in time. */
    public List<CommentBatch> take(int count) throws InterruptedException {
      List<CommentBatch> taken = new ArrayList<>();
      long deadline = System.nanoTime() + deliveryTimeout().toNanos();
      while (taken.size() < count) {
        CommentBatch next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(next)
            .as("batch %s of %s within %s", taken.size() + 1, count, deliveryTimeout())
            .isNotNull();
        taken.add(next);
      }
      return taken;
    }

    /** Fails if anything was received and not taken. */
    public void assertNothingMore() {
      assertThat(received).isEmpty();
    }
  }
}
