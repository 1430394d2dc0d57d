package io.livecomments.origin.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.fanout.BusSubscription;
import io.livecomments.fanout.FanoutBus;
import io.livecomments.fanout.InMemoryFanoutBus;
import io.livecomments.json.CommentJson;
import io.livecomments.recent.InMemoryRecentWindow;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseFrames;
import io.livecomments.stream.Backfill;
import io.livecomments.stream.RecordingSink;
import io.livecomments.stream.StreamMetrics;
import io.livecomments.stream.VideoChannel;
import io.livecomments.stream.Viewer;
import io.livecomments.stream.ViewerLimits;
import io.livecomments.stream.ViewerWriters;
import io.livecomments.time.ManualClock;
import io.livecomments.time.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An origin feed repairing a gap in the bus: from the recent window while it still reaches back to
 * what the channel had, by resetting the channel's viewers once it no longer does. Everything runs
 * on the test's thread (inline executor and writers, manual time).
 */
class OriginFeedTest {
  private static final VideoId VIDEO = new VideoId("feed-video");

  private final CommentJson json = new CommentJson();
  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final StreamMetrics metrics = new StreamMetrics(new PrometheusRegistry());
  private final GapSignallingBus bus = new GapSignallingBus();
  private final InMemoryRecentWindow window =
      new InMemoryRecentWindow(Duration.ofHours(1), 100, clock);
  private final VideoChannel channel =
      new VideoChannel(
          VIDEO, new SseFrames(json), metrics, clock, Backfill.NONE, ViewerWriters.inline(), 1000);
  private final OriginFeed feed =
      new OriginFeed(VIDEO, channel, bus, window, Runnable::run, scheduler, Duration.ofSeconds(1));
  private final RecordingSink viewer = new RecordingSink();

  @AfterEach
  void close() {
    feed.close();
    bus.close();
    window.close();
  }

  @Test
  void aGapTheWindowStillCoversIsFilledWithoutAReset() {
    appendToWindowAndPublish(1, 5);
    openAndWatch();
    appendToWindowOnly(6, 40); // Published while the bus was down: this origin never saw them.

    bus.signalGap(VIDEO);

    assertThat(viewer.events()).extracting(SseEvent::type).containsExactly("comments", "comments");
    assertThat(seqs()).isEqualTo(LongStream.rangeClosed(1, 40).boxed().toList());
  }

  @Test
  void aGapLongerThanTheWindowResetsTheViewersWithTheWindowAsContext() {
    appendToWindowAndPublish(1, 5);
    openAndWatch();
    // More than the window holds, so its oldest comment (31) is past the channel's last seq (5):
    // 6..30 are gone from the window and the stream cannot say what it missed.
    appendToWindowOnly(6, 130);

    bus.signalGap(VIDEO);

    List<SseEvent> events = viewer.events();
    assertThat(events).extracting(SseEvent::type).containsExactly("comments", "reset", "comments");
    assertThat(seqsOf(events.get(2))).isEqualTo(LongStream.rangeClosed(31, 130).boxed().toList());

    // The stream goes on from the reset: the next batch is delivered once, after the context.
    CommentBatch next = batch(131, 131);
    window.append(next);
    bus.publish(next);
    assertThat(seqs()).endsWith(130L, 131L).doesNotHaveDuplicates();
  }

  private void openAndWatch() {
    feed.start();
    channel.join(
        new Viewer(viewer, ViewerLimits.DEFAULT, metrics, channel::leave), OptionalLong.empty());
    assertThat(seqs()).as("context on join").containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  private void appendToWindowAndPublish(long first, long last) {
    CommentBatch batch = batch(first, last);
    window.append(batch);
    bus.publish(batch);
  }

  private void appendToWindowOnly(long first, long last) {
    window.append(batch(first, last));
  }

  private static CommentBatch batch(long first, long last) {
    return CommentBatch.of(
        VIDEO,
        LongStream.rangeClosed(first, last)
            .mapToObj(s -> new Comment("c" + s, VIDEO, s, new Author("u", "U"), "t" + s, 0))
            .toList());
  }

  private List<Long> seqsOf(SseEvent event) {
    return json.readBatch(event.data()).comments().stream().map(Comment::seq).toList();
  }

  /** The seqs of every comment the viewer got, in order. */
  private List<Long> seqs() {
    return viewer.events().stream()
        .filter(e -> e.type().equals("comments"))
        .flatMap(e -> seqsOf(e).stream())
        .toList();
  }

  /**
   * The in-memory bus, which never loses a batch, plus what a Redis bus does after a reconnect:
   * {@link #signalGap} calls the video's subscriptions' {@code onGap}.
   */
  private static final class GapSignallingBus implements FanoutBus {
    private final InMemoryFanoutBus delegate = new InMemoryFanoutBus();
    private final Map<VideoId, List<Runnable>> gaps = new ConcurrentHashMap<>();

    void signalGap(VideoId videoId) {
      gaps.getOrDefault(videoId, List.of()).forEach(Runnable::run);
    }

    @Override
    public void publish(CommentBatch batch) {
      delegate.publish(batch);
    }

    @Override
    public BusSubscription subscribe(VideoId videoId, Consumer<CommentBatch> listener) {
      return subscribe(videoId, listener, () -> {});
    }

    @Override
    public BusSubscription subscribe(
        VideoId videoId, Consumer<CommentBatch> listener, Runnable onGap) {
      List<Runnable> list = gaps.computeIfAbsent(videoId, v -> new CopyOnWriteArrayList<>());
      list.add(onGap);
      BusSubscription subscription = delegate.subscribe(videoId, listener);
      return () -> {
        list.remove(onGap);
        subscription.close();
      };
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
