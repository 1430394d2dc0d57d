package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseListener;
import io.livecomments.sse.SseParser;
import io.livecomments.sse.SseFrames;
import io.livecomments.time.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class VideoChannelTest {
  private static final VideoId VIDEO = new VideoId("v");
  private static final ByteBuffer HINT =
      ByteBuffer.wrap("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

  private final CommentJson json = new CommentJson();
  private final StreamMetrics metrics = new StreamMetrics(new PrometheusRegistry());
  private final VideoChannel channel =
      new VideoChannel(VIDEO, new SseFrames(json), metrics, new ManualClock(), 150);
  private final List<Viewer> ended = new ArrayList<>();

  @Test
  void everyViewerGetsTheVerySameFrameBytes() {
    RecordingSink a = new RecordingSink();
    RecordingSink b = new RecordingSink();
    channel.join(viewer(a), OptionalLong.empty());
    channel.join(viewer(b), OptionalLong.empty());

    channel.onBatch(batch(1, 2));

    assertThat(a.written).hasSize(1);
    assertThat(a.written.get(0).isReadOnly()).isTrue();
    assertThat(a.written.get(0)).isNotSameAs(b.written.get(0));
    assertThat(a.written.get(0)).isEqualTo(b.written.get(0));
  }

  @Test
  void aJoinGetsTheRecentContextAndThenOnlyNewBatches() {
    channel.onBatch(batch(1, 2));
    RecordingSink sink = new RecordingSink();
    channel.join(viewer(sink), OptionalLong.empty());
    channel.onBatch(batch(3));
    channel.onBatch(batch(3));

    assertThat(seqs(sink)).containsExactly(List.of(1L, 2L), List.of(3L));
  }

  @Test
  void theJoinContextIsTheLastHundredAndOneFrameServesEveryJoin() {
    channel.onBatch(batch(LongStream.rangeClosed(1, 120).toArray()));
    RecordingSink a = new RecordingSink();
    RecordingSink b = new RecordingSink();
    channel.join(viewer(a), OptionalLong.empty());
    channel.join(viewer(b), OptionalLong.empty());

    assertThat(seqs(a)).hasSize(1);
    assertThat(seqs(a).get(0)).hasSize(100).startsWith(21L).endsWith(120L);
    assertThat(seqs(b)).isEqualTo(seqs(a));
  }

  @Test
  void aResumeGetsExactlyTheCommentsAfterItsCursor() {
    channel.onBatch(batch(1, 2, 3));
    channel.onBatch(batch(4));
    RecordingSink sink = new RecordingSink();

    channel.join(viewer(sink), OptionalLong.of(2));
    channel.onBatch(batch(5));

    assertThat(seqs(sink)).containsExactly(List.of(3L, 4L), List.of(5L));
  }

  @Test
  void aCursorOlderThanTheRingGetsAResetThenContext() {
    channel.onBatch(batch(LongStream.rangeClosed(1, 160).toArray()));
    RecordingSink sink = new RecordingSink();

    channel.join(viewer(sink), OptionalLong.of(5));

    List<SseEvent> events = events(sink);
    assertThat(events.get(0).type()).isEqualTo("reset");
    assertThat(events.get(1).type()).isEqualTo("comments");
  }

  @Test
  void aSeedThatMayMissOlderCommentsMakesOlderCursorsReset() {
    channel.seed(comments(10, 11, 12), false);
    RecordingSink old = new RecordingSink();
    RecordingSink recent = new RecordingSink();

    channel.join(viewer(old), OptionalLong.of(3));
    channel.join(viewer(recent), OptionalLong.of(10));

    assertThat(events(old).get(0).type()).isEqualTo("reset");
    assertThat(seqs(recent)).containsExactly(List.of(11L, 12L));
  }

  @Test
  void aCursorAheadOfTheRingGetsOnlyTheCommentsAfterIt() {
    channel.onBatch(batch(1));
    RecordingSink sink = new RecordingSink();

    channel.join(viewer(sink), OptionalLong.of(3));
    channel.onBatch(batch(2, 3, 4, 5));

    assertThat(seqs(sink)).containsExactly(List.of(4L, 5L));
  }

  @Test
  void batchesMergeWithTheSeedWithoutDuplicates() {
    channel.onBatch(batch(4, 5));
    channel.seed(comments(2, 3, 4), true);
    RecordingSink sink = new RecordingSink();

    channel.join(viewer(sink), OptionalLong.empty());

    assertThat(seqs(sink)).containsExactly(List.of(2L, 3L, 4L, 5L));
  }

  @Test
  void aViewerThatNeverReadsIsDroppedWithARetryHintAndHoldsABoundedQueue() {
    RecordingSink slow = new RecordingSink();
    slow.autoComplete = false;
    RecordingSink fast = new RecordingSink();
    channel.join(viewer(slow, new ViewerLimits(4, 1 << 20)), OptionalLong.empty());
    channel.join(viewer(fast), OptionalLong.empty());

    for (long seq = 1; seq <= 10; seq++) {
      channel.onBatch(batch(seq));
    }

    assertThat(channel.viewerCount()).isEqualTo(1);
    assertThat(seqs(fast)).hasSize(10);
    assertThat(slow.written).hasSize(1);
    while (!slow.pending.isEmpty()) {
      slow.completeOne();
    }
    assertThat(slow.text()).endsWith("retry: 1000\n\n");
    assertThat(slow.lastSeen).isTrue();
    assertThat(slow.ended).isTrue();
    assertThat(ended).hasSize(1);
  }

  @Test
  void aFailedWriteEndsTheViewerOnce() {
    RecordingSink sink = new RecordingSink();
    sink.autoComplete = false;
    Viewer viewer = viewer(sink);
    channel.join(viewer, OptionalLong.empty());
    channel.onBatch(batch(1));

    sink.pending.remove(0).failed(new java.io.IOException("peer gone"));
    channel.onBatch(batch(2));

    assertThat(sink.ended).isTrue();
    assertThat(sink.failure).hasMessage("peer gone");
    assertThat(ended).containsExactly(viewer);
    assertThat(channel.viewerCount()).isZero();
  }

  private Viewer viewer(RecordingSink sink) {
    return viewer(sink, ViewerLimits.DEFAULT);
  }

  private Viewer viewer(RecordingSink sink, ViewerLimits limits) {
    return new Viewer(
        sink,
        limits,
        HINT,
        metrics,
        v -> {
          ended.add(v);
          channel.leave(v);
        });
  }

  private static CommentBatch batch(long... seqs) {
    return CommentBatch.of(VIDEO, comments(seqs));
  }

  private static List<Comment> comments(long... seqs) {
    return LongStream.of(seqs)
        .mapToObj(seq -> new Comment("c" + seq, VIDEO, seq, new Author("u", "U"), "t" + seq, 0))
        .toList();
  }

  private List<SseEvent> events(RecordingSink sink) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(new SseListener() {
      @Override
      public void onEvent(SseEvent event) {
        events.add(event);
      }
    }, 1 << 20);
    byte[] bytes = sink.text().getBytes(StandardCharsets.UTF_8);
    parser.feed(bytes, 0, bytes.length);
    return events;
  }

  private List<List<Long>> seqs(RecordingSink sink) {
    return events(sink).stream()
        .filter(e -> e.type().equals("comments"))
        .map(e -> json.readBatch(e.data()).comments().stream().map(Comment::seq).toList())
        .toList();
  }
}
