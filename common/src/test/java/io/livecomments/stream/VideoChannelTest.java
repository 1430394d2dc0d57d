package io.livecomments.stream;

import static io.livecomments.comment.LogDecisions.hide;
import static io.livecomments.comment.LogDecisions.unhide;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseFrames;
import io.livecomments.sse.SseListener;
import io.livecomments.sse.SseParser;
import io.livecomments.time.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class VideoChannelTest {
  private static final VideoId VIDEO = new VideoId("v");
  private static final WireFrame HINT =
      WireFrame.of("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));

  private final CommentJson json = new CommentJson();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final StreamMetrics metrics = new StreamMetrics(registry);

  /** Backfill requests as "after-through", answered by the test through {@link #backfills}. */
  private final List<String> backfillRequests = new ArrayList<>();

  private final List<CompletableFuture<List<Comment>>> backfills = new ArrayList<>();
  private final VideoChannel channel = unseededChannel();
  private final List<Viewer> ended = new ArrayList<>();

  VideoChannelTest() {
    channel.seed(List.of(), true);
  }

  private VideoChannel unseededChannel() {
    return new VideoChannel(
        VIDEO,
        new SseFrames(json),
        metrics,
        new ManualClock(),
        (video, after, through) -> {
          backfillRequests.add(after + "-" + through);
          CompletableFuture<List<Comment>> answer = new CompletableFuture<>();
          backfills.add(answer);
          return answer;
        },
        ViewerWriters.inline(),
        150);
  }

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
  void aHideReachesEveryViewerInLogOrderAndLateJoinersNeverSeeTheComment() {
    RecordingSink early = new RecordingSink();
    channel.join(viewer(early), OptionalLong.empty());
    channel.onBatch(batch(1, 2));

    channel.onBatch(CommentBatch.of(VIDEO, List.of(comment(3), hide(VIDEO, 4, "c2"), comment(5))));
    RecordingSink late = new RecordingSink();
    channel.join(viewer(late), OptionalLong.empty());

    assertThat(events(early))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(
            tuple("comments", "2"),
            tuple("comments", "3"),
            tuple("hide", "4"),
            tuple("comments", "5"));
    assertThat(json.readHide(events(early).get(2).data()).ids()).containsExactly("c2");
    assertThat(seqs(late)).containsExactly(List.of(1L, 3L, 5L));
  }

  @Test
  void aResumeFromBeforeTheHideGetsTheHideAndOneFromAfterItDoesNot() {
    channel.onBatch(batch(1, 2));
    channel.onBatch(CommentBatch.of(VIDEO, List.of(hide(VIDEO, 3, "c2"))));
    RecordingSink before = new RecordingSink();
    RecordingSink after = new RecordingSink();

    channel.join(viewer(before), OptionalLong.of(2));
    channel.join(viewer(after), OptionalLong.of(3));
    channel.onBatch(CommentBatch.of(VIDEO, List.of(hide(VIDEO, 3, "c2"))));

    assertThat(events(before)).extracting(SseEvent::type).containsExactly("hide");
    assertThat(events(before).get(0).id()).isEqualTo("3");
    assertThat(events(after)).isEmpty();
  }

  @Test
  void anUnhideReachesEveryViewerInLogOrderAndOnlyLateJoinersSeeTheCommentAgain() {
    RecordingSink early = new RecordingSink();
    channel.join(viewer(early), OptionalLong.empty());
    channel.onBatch(batch(1, 2));
    channel.onBatch(CommentBatch.of(VIDEO, List.of(hide(VIDEO, 3, "c1"))));

    channel.onBatch(CommentBatch.of(VIDEO, List.of(unhide(VIDEO, 4, "c1"), comment(5))));
    RecordingSink late = new RecordingSink();
    channel.join(viewer(late), OptionalLong.empty());
    RecordingSink resumed = new RecordingSink();
    channel.join(viewer(resumed), OptionalLong.of(2));

    assertThat(events(early))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(
            tuple("comments", "2"),
            tuple("hide", "3"),
            tuple("unhide", "4"),
            tuple("comments", "5"));
    assertThat(json.readHide(events(early).get(2).data()).ids()).containsExactly("c1");
    assertThat(seqs(early))
        .as("a live viewer is never sent the comment again")
        .containsExactly(List.of(1L, 2L), List.of(5L));
    assertThat(seqs(late)).as("back at its place").containsExactly(List.of(1L, 2L, 5L));
    assertThat(events(resumed))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("hide", "3"), tuple("unhide", "4"), tuple("comments", "5"));
  }

  @Test
  void anUnhideAmongSampledCommentsIsNeverDroppedAndTheLastRunStandsForTheRest() {
    RecordingSink sink = new RecordingSink();
    channel.join(viewer(sink), OptionalLong.empty());
    channel.onBatch(batch(1));
    channel.onBatch(CommentBatch.of(VIDEO, List.of(hide(VIDEO, 2, "c1"))));

    channel.onBatch(
        new CommentBatch(VIDEO, List.of(comment(3), unhide(VIDEO, 4, "c1"), comment(6)), 7));

    List<SseEvent> events = events(sink);
    assertThat(events)
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(
            tuple("comments", "1"),
            tuple("hide", "2"),
            tuple("comments", "3"),
            tuple("unhide", "4"),
            tuple("comments", "6"));
    assertThat(json.readBatch(events.get(4).data()).represents()).isEqualTo(5);
  }

  @Test
  void aCursorOlderThanTheRingThatCannotBeBackfilledGetsAResetThenContext() {
    channel.onBatch(batch(LongStream.rangeClosed(1, 160).toArray()));
    RecordingSink sink = new RecordingSink();

    channel.join(viewer(sink), OptionalLong.of(5));
    backfills.get(0).completeExceptionally(new IllegalStateException("upstream reset"));

    List<SseEvent> events = events(sink);
    assertThat(events.get(0).type()).isEqualTo("reset");
    assertThat(events.get(1).type()).isEqualTo("comments");
    assertThat(channel.viewerCount()).isEqualTo(1);
  }

  @Test
  void withoutABackfillAnOlderCursorIsResetAtOnce() {
    VideoChannel origin =
        new VideoChannel(
            VIDEO,
            new SseFrames(json),
            metrics,
            new ManualClock(),
            Backfill.NONE,
            ViewerWriters.inline(),
            150);
    origin.seed(comments(10, 11, 12), false);
    RecordingSink old = new RecordingSink();
    RecordingSink recent = new RecordingSink();

    origin.join(viewer(old), OptionalLong.of(3));
    origin.join(viewer(recent), OptionalLong.of(10));

    assertThat(events(old).get(0).type()).isEqualTo("reset");
    assertThat(seqs(old)).containsExactly(List.of(10L, 11L, 12L));
    assertThat(seqs(recent)).containsExactly(List.of(11L, 12L));
  }

  @Test
  void viewersResumingFromBeforeTheRingShareOneBackfill() {
    channel.seed(comments(10, 11, 12), false);
    RecordingSink five = new RecordingSink();
    RecordingSink six = new RecordingSink();

    channel.join(viewer(five), OptionalLong.of(5));
    channel.join(viewer(six), OptionalLong.of(6));
    assertThat(five.written).isEmpty();
    channel.onBatch(batch(13));
    backfills.get(0).complete(comments(6, 7, 8, 9, 10, 11, 12, 13));
    channel.onBatch(batch(14));

    assertThat(backfillRequests).containsExactly("5-10");
    assertThat(seqs(five))
        .containsExactly(List.of(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L), List.of(14L));
    assertThat(seqs(six)).containsExactly(List.of(7L, 8L, 9L, 10L, 11L, 12L, 13L), List.of(14L));
    RecordingSink seven = new RecordingSink();
    channel.join(viewer(seven), OptionalLong.of(7));
    assertThat(backfillRequests).hasSize(1);
    assertThat(seqs(seven)).containsExactly(List.of(8L, 9L, 10L, 11L, 12L, 13L, 14L));
  }

  /**
   * A context holds no decision older than its newest comment (here: c11 was hidden at seq 12): a
   * resume from inside it is backfilled through that comment and gets the hide it is owed.
   */
  @Test
  void aResumeFromInsideAJoinContextIsBackfilledForTheDecisionsTheContextLeftOut() {
    VideoChannel relay = unseededChannel();
    relay.seedFromContext(comments(10, 13));
    RecordingSink resumed = new RecordingSink();

    relay.join(viewer(resumed), OptionalLong.of(11));
    backfills.get(0).complete(List.of(hide(VIDEO, 12, "c11"), comment(13)));
    relay.onBatch(batch(14));

    assertThat(backfillRequests).containsExactly("11-13");
    assertThat(events(resumed))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("hide", "12"), tuple("comments", "13"), tuple("comments", "14"));
    RecordingSink later = new RecordingSink();
    relay.join(viewer(later), OptionalLong.of(11));
    assertThat(backfillRequests).as("the ring holds the hide now").hasSize(1);
    assertThat(events(later)).extracting(SseEvent::type).startsWith("hide");
  }

  @Test
  void aResumeFromTheNewestCommentOfAJoinContextIsServedFromTheRing() {
    VideoChannel relay = unseededChannel();
    relay.seedFromContext(comments(10, 13));
    RecordingSink resumed = new RecordingSink();

    relay.join(viewer(resumed), OptionalLong.of(13));
    relay.onBatch(batch(14));

    assertThat(backfillRequests).isEmpty();
    assertThat(seqs(resumed)).containsExactly(List.of(14L));
  }

  @Test
  void aViewerFromFurtherBackThanTheBackfillInFlightStartsTheNextOne() {
    channel.seed(comments(10, 11, 12), false);
    RecordingSink six = new RecordingSink();
    RecordingSink two = new RecordingSink();

    channel.join(viewer(six), OptionalLong.of(6));
    channel.join(viewer(two), OptionalLong.of(2));
    backfills.get(0).complete(comments(7, 8, 9, 10));
    backfills.get(1).complete(comments(3, 4, 5, 6, 7));

    assertThat(backfillRequests).containsExactly("6-10", "2-7");
    assertThat(seqs(six)).containsExactly(List.of(7L, 8L, 9L, 10L, 11L, 12L));
    assertThat(seqs(two)).containsExactly(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L));
  }

  @Test
  void aBackfillThatLeavesAGapResets() {
    channel.seed(comments(10, 11, 12), false);
    RecordingSink gap = new RecordingSink();
    channel.join(viewer(gap), OptionalLong.of(5));
    backfills.get(0).complete(comments(6, 7, 8));

    assertThat(events(gap).get(0).type()).isEqualTo("reset");
    assertThat(seqs(gap)).containsExactly(List.of(10L, 11L, 12L));
  }

  @Test
  void aRingThatMovesOnDuringTheBackfillIsFetchedUpToAgainNotReset() {
    channel.seed(comments(10, 11, 12), false);
    RecordingSink behind = new RecordingSink();
    channel.join(viewer(behind), OptionalLong.of(5));
    // A busy video: more live comments than the ring holds arrive while the backfill is out.
    channel.onBatch(batch(LongStream.rangeClosed(13, 170).toArray()));
    backfills.get(0).complete(comments(6, 7, 8, 9, 10));
    backfills.get(1).complete(comments(LongStream.rangeClosed(6, 21).toArray()));

    assertThat(backfillRequests).containsExactly("5-10", "5-21");
    assertThat(events(behind)).extracting(SseEvent::type).doesNotContain("reset");
    List<Long> received = seqs(behind).stream().flatMap(List::stream).toList();
    assertThat(received).isEqualTo(LongStream.rangeClosed(6, 170).boxed().toList());
  }

  @Test
  void aBackfillLargerThanTheViewersQueueIsTakenInPartsAcrossReconnects() {
    channel.seed(comments(10, 11, 12), false);
    channel.onBatch(batch(LongStream.rangeClosed(13, 160).toArray()));
    RecordingSink small = new RecordingSink();
    channel.join(viewer(small, new ViewerLimits(2, 1 << 20)), OptionalLong.of(5));
    backfills.get(0).complete(comments(LongStream.rangeClosed(6, 170).toArray()));
    channel.onBatch(batch(161));

    // Half its queue: one frame of 100, then a short retry to come back for the rest.
    assertThat(seqs(small)).containsExactly(LongStream.rangeClosed(6, 105).boxed().toList());
    assertThat(small.text()).endsWith("retry: 100\n\n");
    assertThat(small.lastSeen).isTrue();
    assertThat(channel.viewerCount()).isZero();
  }

  @Test
  void aBackfillLargerThanTheRingReachesItsViewerWholeWithoutGrowingTheRing() {
    channel.seed(comments(10, 11, 12), false);
    channel.onBatch(batch(LongStream.rangeClosed(13, 160).toArray()));
    RecordingSink far = new RecordingSink();
    channel.join(viewer(far), OptionalLong.of(5));
    backfills.get(0).complete(comments(LongStream.rangeClosed(6, 170).toArray()));
    channel.onBatch(batch(161));

    List<Long> received = seqs(far).stream().flatMap(List::stream).toList();
    assertThat(received).isEqualTo(LongStream.rangeClosed(6, 161).boxed().toList());
    assertThat(seqs(far).get(0)).hasSize(100);
    RecordingSink again = new RecordingSink();
    channel.join(viewer(again), OptionalLong.of(5));
    assertThat(backfillRequests).hasSize(2);
  }

  @Test
  void hidesABackfillHandsOnReachTheResumingViewerInLogOrderAndStayInTheRing() {
    channel.seed(comments(10, 11, 12), false);
    RecordingSink resumed = new RecordingSink();
    channel.join(viewer(resumed), OptionalLong.of(5));
    // History left the hidden c7 out; the hide of c6 (a comment the viewer had) and of c7 came.
    backfills
        .get(0)
        .complete(List.of(comment(6), hide(VIDEO, 8, "c6", "c7"), comment(9), comment(10)));

    assertThat(events(resumed))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("hide", "8"), tuple("comments", "12"));
    assertThat(seqs(resumed))
        .as("c6 is hidden later in what the viewer missed: never shown")
        .containsExactly(List.of(9L, 10L, 11L, 12L));
    RecordingSink again = new RecordingSink();
    channel.join(viewer(again), OptionalLong.of(7));
    assertThat(backfillRequests).as("merged into the ring").hasSize(1);
    assertThat(events(again)).extracting(SseEvent::type).containsExactly("hide", "comments");
  }

  @Test
  void anUnhideABackfillHandsOnReachesTheResumingViewerWithoutTheComment() {
    channel.seed(comments(10, 11, 12), false);
    RecordingSink resumed = new RecordingSink();
    channel.join(viewer(resumed), OptionalLong.of(5));
    // History shows c6 again (unhidden), with the hide and the unhide at their seqs.
    backfills
        .get(0)
        .complete(List.of(comment(6), hide(VIDEO, 7, "c6"), unhide(VIDEO, 8, "c6"), comment(10)));

    assertThat(events(resumed))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("hide", "7"), tuple("unhide", "8"), tuple("comments", "12"));
    assertThat(seqs(resumed)).containsExactly(List.of(10L, 11L, 12L));
    RecordingSink late = new RecordingSink();
    channel.join(viewer(late), OptionalLong.empty());
    assertThat(seqs(late))
        .as("merged into the ring: back for joins")
        .containsExactly(List.of(6L, 10L, 11L, 12L));
  }

  @Test
  void hidesInABackfillLargerThanTheRingReachTheViewerAsHideFrames() {
    channel.seed(comments(10, 11, 12), false);
    channel.onBatch(batch(LongStream.rangeClosed(13, 160).toArray()));
    RecordingSink far = new RecordingSink();
    channel.join(viewer(far), OptionalLong.of(5));
    List<Comment> older = new ArrayList<>(comments(LongStream.rangeClosed(6, 170).toArray()));
    older.set(2, hide(VIDEO, 8, "c7", "c3"));
    older.removeIf(c -> c.seq() == 7);
    backfills.get(0).complete(older);

    List<SseEvent> events = events(far);
    assertThat(events).extracting(SseEvent::type).containsSequence("comments", "hide", "comments");
    assertThat(events.get(1).id()).isEqualTo("8");
    assertThat(json.readHide(events.get(1).data()).ids()).containsExactly("c7", "c3");
    List<Long> received = seqs(far).stream().flatMap(List::stream).toList();
    assertThat(received).startsWith(6L, 9L).endsWith(160L).doesNotContain(7L, 8L);
  }

  @Test
  void aCursorFarBeyondTheChannelIsJudgedOnceItKnowsTheVideoAndResetsAParkedViewer() {
    VideoChannel relay = unseededChannel();
    long far = 3 + FarCursor.MAX_AHEAD + 1;
    assertThat(relay.isFarAhead(far)).as("nothing known yet").isFalse();
    RecordingSink parked = new RecordingSink();
    relay.join(viewer(parked), OptionalLong.of(far));

    relay.seed(comments(1, 2, 3), true);
    relay.onBatch(batch(4));

    assertThat(relay.isFarAhead(far + 1)).isTrue();
    assertThat(relay.isFarAhead(3 + FarCursor.MAX_AHEAD)).isFalse();
    assertThat(events(parked).get(0).type()).isEqualTo("reset");
    assertThat(seqs(parked)).containsExactly(List.of(1L, 2L, 3L), List.of(4L));
  }

  @Test
  void joinsBeforeTheSeedWaitForItAndSeeNothingTwice() {
    VideoChannel relay = unseededChannel();
    RecordingSink fresh = new RecordingSink();
    RecordingSink resuming = new RecordingSink();
    relay.join(viewer(fresh), OptionalLong.empty());
    relay.join(viewer(resuming), OptionalLong.of(2));
    assertThat(relay.viewers()).hasSize(2);
    assertThat(fresh.written).isEmpty();

    relay.seed(comments(1, 2, 3), true);
    relay.onBatch(batch(3, 4));

    assertThat(seqs(fresh)).containsExactly(List.of(1L, 2L, 3L), List.of(4L));
    assertThat(seqs(resuming)).containsExactly(List.of(3L), List.of(4L));
  }

  @Test
  void aSourceResetGivesEveryViewerAResetAndTheNewContext() {
    channel.onBatch(batch(1, 2));
    RecordingSink sink = new RecordingSink();
    channel.join(viewer(sink), OptionalLong.empty());

    channel.reset(comments(50, 51));
    channel.onBatch(batch(51, 52));

    List<SseEvent> events = events(sink);
    assertThat(events)
        .extracting(SseEvent::type)
        .containsExactly("comments", "reset", "comments", "comments");
    assertThat(seqs(sink)).containsExactly(List.of(1L, 2L), List.of(50L, 51L), List.of(52L));
  }

  @Test
  void framesQueuedBehindAPendingWriteGoOutTogetherInTheNextWrite() {
    RecordingSink sink = new RecordingSink();
    sink.autoComplete = false;
    channel.join(viewer(sink), OptionalLong.empty());
    channel.onBatch(batch(1));
    assertThat(sink.pending).hasSize(1);

    channel.onBatch(batch(2));
    channel.onBatch(batch(3));
    sink.completeOne();

    assertThat(sink.pending).hasSize(1);
    sink.completeOne();
    assertThat(sink.pending).isEmpty();
    assertThat(seqs(sink)).containsExactly(List.of(1L), List.of(2L), List.of(3L));
  }

  @Test
  void finishEndsAViewerAfterItsQueuedFramesWithTheHint() {
    RecordingSink sink = new RecordingSink();
    sink.autoComplete = false;
    Viewer viewer = viewer(sink);
    channel.join(viewer, OptionalLong.empty());
    channel.onBatch(batch(1));

    viewer.finish(HINT);
    channel.onBatch(batch(2));
    while (!sink.pending.isEmpty()) {
      sink.completeOne();
    }

    assertThat(seqs(sink)).containsExactly(List.of(1L));
    assertThat(sink.text()).endsWith("retry: 1000\n\n");
    assertThat(sink.ended).isTrue();
    assertThat(channel.viewerCount()).isZero();
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
  void aBroadcastToManyViewersWritesOnTheWriterThreadsAndReachesEveryone() throws Exception {
    try (ViewerWriters threads = ViewerWriters.perCore("test")) {
      VideoChannel wide =
          new VideoChannel(
              VIDEO, new SseFrames(json), metrics, new ManualClock(), Backfill.NONE, threads, 150);
      wide.seed(List.of(), true);
      List<RecordingSink> sinks = new ArrayList<>();
      for (int i = 0; i < ViewerWriters.INLINE_MAX * 4; i++) {
        RecordingSink sink = new RecordingSink();
        sinks.add(sink);
        wide.join(viewer(sink), OptionalLong.empty());
      }

      wide.onBatch(batch(1, 2));

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sinks.stream().allMatch(s -> s.writtenCount() == 1));
      assertThat(sinks).allSatisfy(s -> assertThat(seqs(s)).containsExactly(List.of(1L, 2L)));
      // Once per comment, when the last writer has written it: not once per writer or viewer.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> lag("lc_delivery_lag_seconds").getCount() == 2);
      assertThat(lag("lc_arrival_lag_seconds").getCount()).isEqualTo(2);
    }
  }

  @Test
  void theDeliveryLagRunsUntilTheLastViewerIsHandedTheBatchAndTheArrivalLagUntilItCame() {
    ManualClock clock = new ManualClock();
    VideoChannel timed =
        new VideoChannel(
            VIDEO, new SseFrames(json), metrics, clock, Backfill.NONE, ViewerWriters.inline(), 150);
    timed.seed(List.of(), true);
    // Each write takes 40 ms of the writer's time: the second viewer gets the batch after the
    // first one's write.
    FrameSink slowWrites =
        new FrameSink() {
          @Override
          public void write(boolean last, WireFrame[] frames, Callback done) {
            clock.advance(Duration.ofMillis(40));
            done.succeeded();
          }

          @Override
          public void abort(Throwable cause, Runnable then) {
            then.run();
          }

          @Override
          public void end(Throwable failure) {}
        };
    timed.join(viewer(slowWrites), OptionalLong.empty());
    timed.join(viewer(slowWrites), OptionalLong.empty());
    long accepted = clock.millis() - 30;

    timed.onBatch(
        CommentBatch.of(
            VIDEO,
            List.of(
                new Comment("c1", VIDEO, 1, new Author("u", "U"), "t1", accepted),
                new Comment("c2", VIDEO, 2, new Author("u", "U"), "t2", accepted))));

    assertThat(lag("lc_arrival_lag_seconds").getCount()).isEqualTo(2);
    assertThat(lag("lc_arrival_lag_seconds").getSum()).isCloseTo(2 * 0.030, within(1e-9));
    assertThat(lag("lc_delivery_lag_seconds").getCount()).isEqualTo(2);
    assertThat(lag("lc_delivery_lag_seconds").getSum()).isCloseTo(2 * 0.070, within(1e-9));
  }

  @Test
  void aViewerThatNeverReadsIsAbortedAtOnceAndHoldsABoundedQueue() {
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
    // The overflow closes the connection without waiting for the stuck write to drain.
    assertThat(slow.aborts).hasSize(1);
    slow.runAborts();
    assertThat(slow.ended).isTrue();
    assertThat(slow.failure).isInstanceOf(ViewerOverflowException.class);
    assertThat(slow.lastSeen).isFalse();
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

  private Viewer viewer(FrameSink sink) {
    return viewer(sink, ViewerLimits.DEFAULT);
  }

  private Viewer viewer(FrameSink sink, ViewerLimits limits) {
    return new Viewer(
        sink,
        limits,
        metrics,
        v -> {
          ended.add(v);
          channel.leave(v);
        });
  }

  private HistogramDataPointSnapshot lag(String name) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals(name))
        .map(m -> ((HistogramSnapshot) m).getDataPoints().get(0))
        .findFirst()
        .orElseThrow();
  }

  private static CommentBatch batch(long... seqs) {
    return CommentBatch.of(VIDEO, comments(seqs));
  }

  private static Comment comment(long seq) {
    return new Comment("c" + seq, VIDEO, seq, new Author("u", "U"), "t" + seq, 0);
  }

  private static List<Comment> comments(long... seqs) {
    return LongStream.of(seqs)
        .mapToObj(seq -> new Comment("c" + seq, VIDEO, seq, new Author("u", "U"), "t" + seq, 0))
        .toList();
  }

  private List<SseEvent> events(RecordingSink sink) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser =
        new SseParser(
            new SseListener() {
              @Override
              public void onEvent(SseEvent event) {
                events.add(event);
              }
            },
            1 << 20);
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
