package io.livecomments.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryFanoutBusTest extends FanoutBusContract {
  @Override
  protected FanoutBus createBus() {
    return new InMemoryFanoutBus();
  }

  @Test
  void listenersRunOnThePublishersThreadBeforePublishReturns() {
    VideoId video = newVideo();
    List<Thread> threads = new ArrayList<>();
    bus.subscribe(video, batch -> threads.add(Thread.currentThread()));

    bus.publish(batch(video, 1));

    assertThat(threads).containsExactly(Thread.currentThread());
  }

  @Test
  void videoEntryGoesAwayWithItsLastSubscription() {
    InMemoryFanoutBus memoryBus = (InMemoryFanoutBus) bus;
    VideoId video = newVideo();
    BusSubscription first = bus.subscribe(video, batch -> {});
    BusSubscription second = bus.subscribe(video, batch -> {});
    assertThat(memoryBus.subscribedVideos()).isEqualTo(1);

    first.close();
    assertThat(memoryBus.subscribedVideos()).isEqualTo(1);
    second.close();
    assertThat(memoryBus.subscribedVideos()).isZero();

    bus.publish(batch(video, 1));
    assertThat(memoryBus.subscribedVideos()).isZero();
  }

  @Test
  void oneListenerIsNeverCalledConcurrentlyByConcurrentPublishers() throws Exception {
    VideoId video = newVideo();
    AtomicBoolean inside = new AtomicBoolean();
    AtomicBoolean overlapped = new AtomicBoolean();
    AtomicInteger delivered = new AtomicInteger();
    bus.subscribe(
        video,
        batch -> {
          if (!inside.compareAndSet(false, true)) {
            overlapped.set(true);
          }
          delivered.incrementAndGet();
          inside.set(false);
        });
    List<CommentBatch> batches = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      batches.add(batch(video, 1));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Void>> publishers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<CommentBatch> mine = batches.subList(t * 1_000, (t + 1) * 1_000);
        publishers.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  mine.forEach(bus::publish);
                },
                pool));
      }
      start.countDown();
      publishers.forEach(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }

    assertThat(delivered).hasValue(4_000);
    assertThat(overlapped).isFalse();
  }

  @Test
  void subscriptionClosedFromItsOwnListenerStopsAtOnce() {
    VideoId video = newVideo();
    AtomicInteger calls = new AtomicInteger();
    BusSubscription[] self = new BusSubscription[1];
    self[0] =
        bus.subscribe(
            video,
            batch -> {
              calls.incrementAndGet();
              self[0].close();
            });

    bus.publish(batch(video, 1));
    bus.publish(batch(video, 1));

    assertThat(calls).hasValue(1);
  }

  @Test
  void closedBusDropsPublishesAndRefusesSubscriptions() {
    InMemoryFanoutBus closed = new InMemoryFanoutBus();
    VideoId video = newVideo();
    AtomicInteger calls = new AtomicInteger();
    closed.subscribe(video, batch -> calls.incrementAndGet());

    closed.close();
    closed.publish(batch(video, 1));

    assertThat(calls).hasValue(0);
    assertThat(closed.subscribedVideos()).isZero();
    assertThatThrownBy(() -> closed.subscribe(video, batch -> {}))
        .isInstanceOf(IllegalStateException.class);
  }
}
