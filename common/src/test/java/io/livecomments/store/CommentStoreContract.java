package io.livecomments.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.store.PageQuery.Direction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link CommentStore}, for every implementation: extend it, return a fresh store
 * from {@link #createStore()}. Every test writes to its own random video ids, so one table shared
 * by all tests is fine. Seqs are deliberately not contiguous, as in a log shared by many videos.
 */
public abstract class CommentStoreContract {
  protected CommentStore store;

  /** A store for one test; the suite closes it afterwards. */
  protected abstract CommentStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void unknownVideoHasAnEmptyHistory() {
    VideoId video = newVideo();

    assertThat(store.page(video, PageQuery.newest(10))).isEqualTo(new Page(List.of(), false));
    assertThat(store.page(video, after(0, 10))).isEqualTo(new Page(List.of(), false));
  }

  @Test
  void newestPageIsNewestFirstWithHasMore() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 10, 20, 30, 40, 50);

    assertThat(store.page(video, PageQuery.newest(3)))
        .isEqualTo(new Page(List.of(all.get(4), all.get(3), all.get(2)), true));
    assertThat(store.page(video, PageQuery.newest(5))).isEqualTo(new Page(reversed(all), false));
    assertThat(store.page(video, PageQuery.newest(100))).isEqualTo(new Page(reversed(all), false));
  }

  @Test
  void beforeExcludesTheCursorAndHasMoreIsExactAtTheEnd() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 10, 20, 30, 40, 50);

    assertThat(store.page(video, before(40, 2)))
        .isEqualTo(new Page(List.of(all.get(2), all.get(1)), true));
    assertThat(store.page(video, before(30, 2)))
        .isEqualTo(new Page(List.of(all.get(1), all.get(0)), false));
    assertThat(store.page(video, before(35, 5)))
        .isEqualTo(new Page(List.of(all.get(2), all.get(1), all.get(0)), false));
    assertThat(store.page(video, before(10, 5))).isEqualTo(new Page(List.of(), false));
  }

  @Test
  void afterIsOldestFirstExcludesTheCursorAndHasMoreIsExactAtTheEnd() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 10, 20, 30, 40, 50);

    assertThat(store.page(video, after(0, 2)))
        .isEqualTo(new Page(List.of(all.get(0), all.get(1)), true));
    assertThat(store.page(video, after(20, 3)))
        .isEqualTo(new Page(List.of(all.get(2), all.get(3), all.get(4)), false));
    assertThat(store.page(video, after(25, 10)))
        .isEqualTo(new Page(List.of(all.get(2), all.get(3), all.get(4)), false));
    assertThat(store.page(video, after(50, 10))).isEqualTo(new Page(List.of(), false));
  }

  @Test
  void followingCursorsVisitsEveryCommentOnceInBothDirections() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, LongStream.rangeClosed(1, 23).map(i -> i * 7).toArray());

    List<Comment> backwards = new ArrayList<>();
    Page page = store.page(video, PageQuery.newest(5));
    backwards.addAll(page.comments());
    while (page.hasMore()) {
      page = store.page(video, before(last(page).seq(), 5));
      backwards.addAll(page.comments());
    }
    List<Comment> forwards = new ArrayList<>();
    page = store.page(video, after(0, 5));
    forwards.addAll(page.comments());
    while (page.hasMore()) {
      page = store.page(video, after(last(page).seq(), 5));
      forwards.addAll(page.comments());
    }

    assertThat(backwards).containsExactlyElementsOf(reversed(all));
    assertThat(forwards).containsExactlyElementsOf(all);
  }

  @Test
  void putIsIdempotentAndTheFirstCommentAtASeqStays() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 1, 2, 3);

    store.putAll(all);
    store.putAll(List.of(all.get(1)));
    store.putAll(List.of(comment(video, 2, "a different comment at the same seq")));

    assertThat(store.page(video, after(0, 10))).isEqualTo(new Page(all, false));
  }

  @Test
  void putAllStoresCommentsOfSeveralVideosInOneCall() {
    VideoId a = newVideo();
    VideoId b = newVideo();
    Comment a1 = comment(a, 1, "a1");
    Comment b2 = comment(b, 2, "b2");
    Comment a3 = comment(a, 3, "a3");

    store.putAll(List.of(a1, b2, a3));

    assertThat(store.page(a, after(0, 10)).comments()).containsExactly(a1, a3);
    assertThat(store.page(b, after(0, 10)).comments()).containsExactly(b2);
  }

  @Test
  void hiddenCommentsLeavePagesAndHasMoreCountsOnlyVisibleOnes() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 1, 2, 3, 4, 5);

    store.hide(video, List.of(all.get(0).id(), all.get(3).id()));

    assertThat(store.page(video, PageQuery.newest(10)).comments())
        .containsExactly(all.get(4), all.get(2), all.get(1));
    assertThat(store.page(video, before(3, 1))).isEqualTo(new Page(List.of(all.get(1)), false));
    assertThat(store.page(video, after(3, 1))).isEqualTo(new Page(List.of(all.get(4)), false));
    assertThat(store.page(video, after(0, 2)))
        .isEqualTo(new Page(List.of(all.get(1), all.get(2)), true));
  }

  @Test
  void hideIgnoresUnknownIdsAndOtherVideosAndSurvivesAReplayedPut() {
    VideoId video = newVideo();
    VideoId other = newVideo();
    List<Comment> all = putSeqs(video, 1, 2, 3);
    List<Comment> others = putSeqs(other, 4);

    store.hide(video, List.of("no-such-comment", others.get(0).id(), all.get(1).id()));
    store.hide(other, List.of(all.get(0).id()));
    store.hide(newVideo(), List.of(all.get(2).id()));
    store.putAll(all);

    assertThat(store.page(video, after(0, 10)).comments()).containsExactly(all.get(0), all.get(2));
    assertThat(store.page(other, after(0, 10)).comments()).containsExactlyElementsOf(others);
  }

  @Test
  void unhideShowsAHiddenCommentAgainAndIgnoresUnknownOrVisibleIds() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 1, 2, 3);
    store.hide(video, List.of(all.get(1).id()));

    store.unhide(video, List.of(all.get(1).id(), all.get(0).id(), "no-such-comment"));
    store.unhide(newVideo(), List.of(all.get(2).id()));

    assertThat(store.page(video, after(0, 10)).comments()).containsExactlyElementsOf(all);
  }

  @Test
  void aPageThatIncludesHiddenCommentsNamesThem() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 1, 2, 3);
    store.hide(video, List.of(all.get(1).id()));

    Page page = store.page(video, after(0, 2).withHidden());

    assertThat(page.comments()).containsExactly(all.get(0), all.get(1));
    assertThat(page.hasMore()).isTrue();
    assertThat(page.hidden()).containsExactly(all.get(1).id());
    assertThat(store.page(video, PageQuery.newest(10).withHidden()).comments()).hasSize(3);
  }

  @Test
  void findReturnsAStoredCommentHiddenOrNotAndOnlyInItsOwnVideo() {
    VideoId video = newVideo();
    List<Comment> all = putSeqs(video, 1, 2);
    store.hide(video, List.of(all.get(0).id()));

    assertThat(store.find(video, all.get(0).id())).contains(all.get(0));
    assertThat(store.find(video, all.get(1).id())).contains(all.get(1));
    assertThat(store.find(video, "no-such-comment")).isEmpty();
    assertThat(store.find(newVideo(), all.get(1).id())).isEmpty();
  }

  @Test
  void decisionsAreStoredAtTheirSeqAndEntriesReplayThemButPagesNeverListThem() {
    VideoId video = newVideo();
    Comment first = comment(video, 10, "first");
    Comment second = comment(video, 20, "second");
    Comment hide = decision(video, 30, Moderation.Action.HIDE, "spam", first.id(), second.id());
    Comment unhide = decision(video, 40, Moderation.Action.UNHIDE, "", second.id());
    Comment third = comment(video, 50, "third");
    List<Comment> log = List.of(first, second, hide, unhide, third);
    store.putAll(log);
    store.hide(video, List.of(first.id()));

    assertThat(store.page(video, PageQuery.newest(10)).comments()).containsExactly(third, second);
    assertThat(store.page(video, after(0, 10).withHidden()).comments())
        .containsExactly(first, second, third);
    assertThat(store.page(video, after(20, 1))).isEqualTo(new Page(List.of(third), false));
    Page entries = store.entriesAfter(video, 0, 10);
    assertThat(entries.comments()).containsExactlyElementsOf(log);
    assertThat(entries.hidden()).containsExactly(first.id());
    assertThat(entries.hasMore()).isFalse();
    assertThat(store.entriesAfter(video, 20, 2)).isEqualTo(new Page(List.of(hide, unhide), true));
    assertThat(store.entriesAfter(video, 50, 10)).isEqualTo(new Page(List.of(), false));
    assertThat(store.entriesAfter(newVideo(), 0, 10)).isEqualTo(new Page(List.of(), false));
  }

  @Test
  void aDecisionIsNeitherFoundAsACommentNorHidden() {
    VideoId video = newVideo();
    Comment comment = comment(video, 1, "said");
    Comment hide = decision(video, 2, Moderation.Action.HIDE, "auto", comment.id());
    store.putAll(List.of(comment, hide));

    store.hide(video, List.of(hide.id()));
    store.putAll(List.of(comment, hide));

    assertThat(store.find(video, hide.id())).isEmpty();
    assertThat(store.entriesAfter(video, 0, 10)).isEqualTo(new Page(List.of(comment, hide), false));
  }

  protected static Comment decision(
      VideoId video, long seq, Moderation.Action action, String reason, String... ids) {
    return new Comment(
        UUID.randomUUID().toString(),
        video,
        seq,
        new Author("moderator-" + seq, "Moderator"),
        "",
        1_700_000_000_000L + seq,
        new Moderation(action, List.of(ids), reason));
  }

  protected final VideoId newVideo() {
    return new VideoId("v-" + UUID.randomUUID());
  }

  protected static Comment comment(VideoId video, long seq, String text) {
    return new Comment(
        UUID.randomUUID().toString(),
        video,
        seq,
        new Author("u" + seq, "User " + seq),
        text,
        1_700_000_000_000L + seq);
  }

  /** Stores comments at {@code seqs} (ascending) in one call and returns them oldest first. */
  protected final List<Comment> putSeqs(VideoId video, long... seqs) {
    List<Comment> comments = new ArrayList<>();
    for (long seq : seqs) {
      comments.add(comment(video, seq, "comment " + seq));
    }
    store.putAll(comments);
    return comments;
  }

  protected static PageQuery before(long seq, int limit) {
    return new PageQuery(Direction.BEFORE, seq, limit);
  }

  protected static PageQuery after(long seq, int limit) {
    return new PageQuery(Direction.AFTER, seq, limit);
  }

  private static Comment last(Page page) {
    return page.comments().get(page.comments().size() - 1);
  }

  private static List<Comment> reversed(List<Comment> comments) {
    List<Comment> copy = new ArrayList<>(comments);
    Collections.reverse(copy);
    return copy;
  }
}
