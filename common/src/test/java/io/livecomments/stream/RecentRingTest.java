package io.livecomments.stream;

import static io.livecomments.comment.LogDecisions.hide;
import static io.livecomments.comment.LogDecisions.unhide;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseFrames;
import io.livecomments.sse.SseListener;
import io.livecomments.sse.SseParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentRingTest {
  private static final VideoId VIDEO = new VideoId("v");

  private final CommentJson json = new CommentJson();
  private final RecentRing ring = new RecentRing(VIDEO, new SseFrames(json), 150);

  @Test
  void aJoinContextFloorsTheRingAtItsNewestCommentAndAResetFromOneToo() {
    ring.seedFromContext(comments(3, 4, 6));
    assertThat(ring.floorSeq()).isEqualTo(6);
    assertThat(ring.oldestSeq()).as("a backfill must reach the floor").isEqualTo(6);
    assertThat(ring.lastSeq()).isEqualTo(6);

    ring.resetFromContext(comments(8, 9));
    assertThat(ring.floorSeq()).isEqualTo(9);
  }

  @Test
  void aCapacityBelowTheJoinContextIsRefused() {
    assertThatThrownBy(() -> new RecentRing(VIDEO, new SseFrames(json), 99))
        .hasMessageContaining("99");
  }

  @Test
  void appendingPastCapacityPushesTheOldestOutAndRaisesTheFloor() {
    comments(LongStream.rangeClosed(1, 152).toArray()).forEach(ring::append);

    assertThat(ring.lastSeq()).isEqualTo(152);
    assertThat(ring.floorSeq()).isEqualTo(2);
    assertThat(ring.oldestSeq()).isEqualTo(3);
    assertThat(ring.after(150)).extracting(Comment::seq).containsExactly(151L, 152L);
  }

  @Test
  void anAppendNotAfterTheLastSeqIsRefused() {
    ring.append(comment(5));

    assertThatThrownBy(() -> ring.append(comment(5))).hasMessageContaining("not after 5");
  }

  @Test
  void anIncompleteSeedRaisesTheFloorToJustBeforeItsOldestAndMergesWithoutDuplicates() {
    ring.append(comment(12));
    ring.seed(comments(10, 11, 12), false);

    assertThat(ring.after(0)).extracting(Comment::seq).containsExactly(10L, 11L, 12L);
    assertThat(ring.floorSeq()).isEqualTo(9);
    assertThat(ring.lastSeq()).isEqualTo(12);
  }

  @Test
  void aCompleteSeedKeepsTheFloor() {
    ring.seed(comments(3, 4), true);

    assertThat(ring.floorSeq()).isZero();
    assertThat(ring.oldestSeq()).isEqualTo(3);
  }

  @Test
  void aResetRestartsFromTheGivenCommentsAndAnEmptyOneFromTheLastSeq() {
    comments(1, 2, 3).forEach(ring::append);
    ring.reset(comments(7, 8));
    assertThat(ring.after(0)).extracting(Comment::seq).containsExactly(7L, 8L);
    assertThat(ring.floorSeq()).isEqualTo(6);

    ring.reset(List.of());
    assertThat(ring.after(0)).isEmpty();
    assertThat(ring.floorSeq()).isEqualTo(8);
    assertThat(ring.contextFrame()).isNull();
  }

  @Test
  void olderCommentsThatJoinUpWithTheRingAreMergedAndLowerTheFloor() {
    ring.seed(comments(5, 6), false);

    assertThat(ring.mergeOlder(2, comments(3, 4))).isTrue();

    assertThat(ring.after(0)).extracting(Comment::seq).containsExactly(3L, 4L, 5L, 6L);
    assertThat(ring.floorSeq()).isEqualTo(2);
  }

  @Test
  void olderCommentsThatLeaveAGapOrDoNotFitAreRefusedAndChangeNothing() {
    ring.seed(comments(50, 51), false);

    assertThat(ring.mergeOlder(1, comments(2, 3))).isFalse();
    assertThat(ring.mergeOlder(1, List.of())).isFalse();
    assertThat(ring.after(0)).extracting(Comment::seq).containsExactly(50L, 51L);
    assertThat(ring.floorSeq()).isEqualTo(49);

    RecentRing full = new RecentRing(VIDEO, new SseFrames(json), 150);
    full.seed(comments(LongStream.rangeClosed(100, 200).toArray()), false);
    assertThat(full.mergeOlder(0, comments(LongStream.rangeClosed(1, 99).toArray()))).isFalse();
    assertThat(full.oldestSeq()).isEqualTo(100);
  }

  @Test
  void theContextIsTheNewestHundredInOneFrameReusedUntilTheRingChanges() {
    comments(LongStream.rangeClosed(1, 120).toArray()).forEach(ring::append);

    WireFrame context = ring.contextFrame();
    assertThat(ring.contextFrame()).isSameAs(context);
    assertThat(seqs(context))
        .containsExactlyElementsOf(LongStream.rangeClosed(21, 120).boxed().toList());

    ring.append(comment(121));
    assertThat(ring.contextFrame()).isNotSameAs(context);
  }

  @Test
  void aSeedThatAddsOlderCommentsRefreshesTheContext() {
    ring.append(comment(5));
    WireFrame before = ring.contextFrame();

    ring.seed(comments(3, 4), false);

    assertThat(seqs(ring.contextFrame())).containsExactly(3L, 4L, 5L);
    assertThat(ring.contextFrame()).isNotSameAs(before);
  }

  @Test
  void theCommentsAfterACursorComeInFramesOfAtMostTheJoinContext() {
    comments(LongStream.rangeClosed(1, 150).toArray()).forEach(ring::append);

    List<WireFrame> frames = ring.framesAfter(10);

    assertThat(frames).hasSize(2);
    assertThat(seqs(frames.get(0))).hasSize(100).startsWith(11L);
    assertThat(seqs(frames.get(1))).hasSize(40).endsWith(150L);
    assertThat(ring.framesAfter(150)).isEmpty();
  }

  @Test
  void aHideTakesTheCommentOutOfTheRingAndTheContextButStaysForResumes() {
    comments(1, 2, 3).forEach(ring::append);
    WireFrame before = ring.contextFrame();

    ring.append(hide(VIDEO, 4, "c2"));

    assertThat(ring.lastSeq()).isEqualTo(4);
    List<SseEvent> context = events(List.of(ring.contextFrame()));
    assertThat(context).extracting(SseEvent::type).containsExactly("comments", "hide");
    assertThat(json.readBatch(context.get(0).data()).comments())
        .extracting(Comment::seq)
        .containsExactly(1L, 3L);
    assertThat(context.get(1).id()).as("a hide newer than the context follows it").isEqualTo("4");
    assertThat(seqs(before)).containsExactly(1L, 2L, 3L);
    assertThat(ring.after(0)).extracting(Comment::id).containsExactly("c1", "c3", "d4");
    List<SseEvent> resumed = events(ring.framesAfter(1));
    assertThat(resumed).extracting(SseEvent::type).containsExactly("comments", "hide");
    assertThat(resumed.get(1).id()).isEqualTo("4");
    assertThat(json.readHide(resumed.get(1).data()).ids()).containsExactly("c2");
  }

  @Test
  void commentsAfterAHideAreFramedApartFromIt() {
    ring.append(comment(1));
    ring.append(hide(VIDEO, 2, "c1"));
    comments(3, 4).forEach(ring::append);

    List<SseEvent> events = events(ring.framesAfter(0));

    assertThat(events).extracting(SseEvent::type).containsExactly("hide", "comments");
    assertThat(events).extracting(SseEvent::id).containsExactly("2", "4");
    assertThat(ring.contextFrame()).isNotNull();
    assertThat(seqs(ring.contextFrame())).containsExactly(3L, 4L);
  }

  @Test
  void anUnhidePutsTheCommentBackForLaterJoinsAndResumesGetTheUnhideButNeverTheComment() {
    ring.append(comment(1));
    ring.append(hide(VIDEO, 2, "c1"));
    ring.append(comment(3));
    WireFrame whileHidden = ring.contextFrame();

    ring.append(unhide(VIDEO, 4, "c1"));
    ring.append(comment(5));

    assertThat(ring.lastSeq()).isEqualTo(5);
    assertThat(seqs(whileHidden)).containsExactly(3L);
    assertThat(seqs(ring.contextFrame()))
        .as("a late joiner sees it again")
        .containsExactly(1L, 3L, 5L);
    assertThat(ring.after(0)).extracting(Comment::id).containsExactly("c1", "d2", "c3", "d4", "c5");
    List<SseEvent> resumed = events(ring.framesAfter(0));
    assertThat(resumed)
        .extracting(SseEvent::type, SseEvent::id)
        .as("every decision after the cursor, in log order")
        .containsExactly(
            tuple("hide", "2"),
            tuple("comments", "3"),
            tuple("unhide", "4"),
            tuple("comments", "5"));
    assertThat(json.readHide(resumed.get(2).data()).ids()).containsExactly("c1");
    assertThat(json.readBatch(resumed.get(1).data()).comments())
        .as("a resume is a live viewer coming back: it is never sent the comment again")
        .extracting(Comment::seq)
        .containsExactly(3L);
    assertThat(events(ring.framesAfter(3)))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("unhide", "4"), tuple("comments", "5"));
  }

  @Test
  void anUnhideNewerThanTheContextFollowsItSoTheJoinersLastEventIdIsTheRingsNewest() {
    ring.append(comment(1));
    ring.append(hide(VIDEO, 2, "c1"));
    ring.append(comment(3));

    ring.append(unhide(VIDEO, 4, "c1"));

    List<SseEvent> context = events(List.of(ring.contextFrame()));
    assertThat(context)
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("comments", "3"), tuple("unhide", "4"));
    assertThat(json.readBatch(context.get(0).data()).comments())
        .extracting(Comment::seq)
        .containsExactly(1L, 3L);
    assertThat(json.readHide(context.get(1).data()).ids()).containsExactly("c1");
  }

  @Test
  void aContextNeverHidesWhatAnUnhidePutBackAndARingOfDecisionsHasOnlyThem() {
    comments(1, 2).forEach(ring::append);
    ring.append(hide(VIDEO, 3, "c1", "c2"));
    ring.append(unhide(VIDEO, 4, "c2"));

    List<SseEvent> context = events(List.of(ring.contextFrame()));
    assertThat(context).extracting(SseEvent::type).containsExactly("comments", "hide", "unhide");
    assertThat(json.readBatch(context.get(0).data()).comments())
        .extracting(Comment::id)
        .containsExactly("c2");
    assertThat(json.readHide(context.get(1).data()).ids()).containsExactly("c1");

    RecentRing decisions = new RecentRing(VIDEO, new SseFrames(json), 150);
    decisions.append(hide(VIDEO, 5, "c9"));
    decisions.append(unhide(VIDEO, 6, "c9"));
    assertThat(events(List.of(decisions.contextFrame())))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("hide", "5"), tuple("unhide", "6"));
  }

  @Test
  void anUnhideOfACommentThatLeftTheRingChangesNothing() {
    ring.append(comment(1));
    ring.append(hide(VIDEO, 2, "c1"));
    comments(LongStream.rangeClosed(3, 152).toArray()).forEach(ring::append);

    ring.append(unhide(VIDEO, 153, "c1"));

    assertThat(ring.after(0))
        .extracting(Comment::seq)
        .startsWith(4L)
        .doesNotContain(1L)
        .endsWith(152L, 153L);
    assertThat(ring.lastSeq()).isEqualTo(153);
  }

  @Test
  void seedsAndMergesKeepAHiddenCommentAsideSoALaterUnhideStillPutsItBack() {
    ring.append(comment(10));
    ring.append(hide(VIDEO, 11, "c10"));
    ring.seed(List.of(comment(8), comment(12)), false);
    assertThat(ring.mergeOlder(5, List.of(comment(6), comment(8)))).isTrue();

    ring.append(unhide(VIDEO, 13, "c10"));

    List<SseEvent> context = events(List.of(ring.contextFrame()));
    assertThat(context).extracting(SseEvent::type).containsExactly("comments", "unhide");
    assertThat(json.readBatch(context.get(0).data()).comments())
        .extracting(Comment::seq)
        .containsExactly(6L, 8L, 10L, 12L);
  }

  @Test
  void aSeedHoldingACommentItsHideAndItsUnhideShowsItAndKeepsBothDecisionsForResumes() {
    ring.seed(
        List.of(comment(5), comment(6), hide(VIDEO, 7, "c5", "c6"), unhide(VIDEO, 8, "c5")), false);

    List<SseEvent> context = events(List.of(ring.contextFrame()));
    assertThat(context).extracting(SseEvent::type).containsExactly("comments", "hide", "unhide");
    assertThat(json.readBatch(context.get(0).data()).comments())
        .extracting(Comment::seq)
        .containsExactly(5L);
    assertThat(json.readHide(context.get(1).data()).ids()).containsExactly("c6");
    assertThat(ring.lastSeq()).isEqualTo(8);
    assertThat(events(ring.framesAfter(5)))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("hide", "7"), tuple("unhide", "8"));
  }

  @Test
  void aSeedHoldingACommentAndItsHideLeavesTheCommentOut() {
    ring.seed(List.of(comment(5), comment(6), hide(VIDEO, 7, "c5")), false);

    List<SseEvent> context = events(List.of(ring.contextFrame()));
    assertThat(json.readBatch(context.get(0).data()).comments())
        .extracting(Comment::seq)
        .containsExactly(6L);
    assertThat(ring.lastSeq()).isEqualTo(7);
  }

  private List<SseEvent> events(List<WireFrame> frames) {
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
    for (WireFrame frame : frames) {
      ByteBuffer payload = frame.payload();
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      parser.feed(bytes, 0, bytes.length);
    }
    return events;
  }

  private List<Long> seqs(WireFrame frame) {
    List<SseEvent> events = events(List.of(frame));
    assertThat(events).hasSize(1);
    return json.readBatch(events.get(0).data()).comments().stream().map(Comment::seq).toList();
  }

  private static Comment comment(long seq) {
    return new Comment("c" + seq, VIDEO, seq, new Author("u", "U"), "t" + seq, 0);
  }

  private static List<Comment> comments(long... seqs) {
    return LongStream.of(seqs).mapToObj(RecentRingTest::comment).toList();
  }
}
