package io.livecomments.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ModerationStore} shares; extended by the in-memory test and by each
 * real backend's IT. Every store a test creates is fresh (its own table or instance).
 */
public abstract class ModerationStoreContract {
  protected ModerationStore store;

  protected abstract ModerationStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void oneReportPerUserPerCommentAndTheCountIsOfDistinctUsers() {
    VideoId video = newVideo();
    Report first = report(video, "c1", "alice", Report.Reason.SPAM, "buy now");

    ReportOutcome made = store.report(first);
    ReportOutcome again = store.report(report(video, "c1", "alice", Report.Reason.ABUSE, ""));
    ReportOutcome other = store.report(report(video, "c1", "bob", Report.Reason.OTHER, ""));
    ReportOutcome elsewhere = store.report(report(video, "c2", "alice", Report.Reason.SPAM, ""));

    assertThat(made).isEqualTo(new ReportOutcome(first, 1, true));
    assertThat(again).isEqualTo(new ReportOutcome(first, 1, false));
    assertThat(other.reporters()).isEqualTo(2);
    assertThat(other.created()).isTrue();
    assertThat(elsewhere.reporters()).isEqualTo(1);
  }

  @Test
  void aDecisionWithTheSameActionAnswersTheFirstAndTheOppositeOneReplacesIt() {
    VideoId video = newVideo();
    Decision hide = decision(video, "c1", Moderation.Action.HIDE, "mod-a");

    assertThat(store.decide(hide)).isEqualTo(hide);
    Decision published = store.published(hide, 17);
    assertThat(published).isEqualTo(hide.withSeq(17));
    assertThat(store.decide(decision(video, "c1", Moderation.Action.HIDE, "mod-b")))
        .isEqualTo(hide.withSeq(17));
    assertThat(store.published(hide, 18)).as("the first seq stays").isEqualTo(hide.withSeq(17));

    Decision unhide = decision(video, "c1", Moderation.Action.UNHIDE, "mod-b");
    assertThat(store.decide(unhide)).isEqualTo(unhide);
    assertThat(store.published(hide, 19)).as("replaced meanwhile").isEqualTo(hide.withSeq(19));
    assertThat(store.decision(video, "c1")).contains(unhide);
    assertThat(store.decision(video, "c2")).isEmpty();
  }

  @Test
  void theQueueHoldsEachCommentOnceOldestFirstUntilResolved() {
    VideoId video = newVideo();
    Comment c1 = comment(video, 1);
    Comment c2 = comment(video, 2);
    Comment c3 = comment(video, 3);
    store.report(report(video, c2.id(), "alice", Report.Reason.SPAM, ""));
    store.decide(decision(video, c3.id(), Moderation.Action.HIDE, Moderation.AUTO));

    assertThat(store.enqueue(c2, 0, List.of("reported"), 2_000)).isTrue();
    assertThat(store.enqueue(c1, 0.6, List.of("link"), 1_000)).isTrue();
    assertThat(store.enqueue(c3, 0.93, List.of("blocklist"), 3_000)).isTrue();
    assertThat(store.enqueue(c1, 0.99, List.of(), 4_000)).isFalse();

    QueuePage page = store.queue(null, 10);
    assertThat(page.items())
        .containsExactly(
            new QueueItem(c1, 0.6, List.of("link"), 0, false, 1_000),
            new QueueItem(c2, 0, List.of("reported"), 1, false, 2_000),
            new QueueItem(c3, 0.93, List.of("blocklist"), 0, true, 3_000));
    assertThat(page.hasMore()).isFalse();
    assertThat(page.nextCursor()).isNull();
    assertThat(store.queueDepth()).isEqualTo(3);

    store.resolve(video, c1.id());
    store.resolve(video, "no-such-comment");
    assertThat(store.queue(null, 10).items())
        .extracting(i -> i.comment().id())
        .containsExactly(c2.id(), c3.id());
    assertThat(store.enqueue(c1, 0.9, List.of(), 5_000)).as("once resolved, never again").isFalse();
    assertThat(store.queueDepth()).isEqualTo(2);
  }

  @Test
  void theQueuePagesByCursor() {
    VideoId video = newVideo();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Comment comment = comment(video, i);
      store.enqueue(comment, 0.5, List.of(), 1_000L * i);
      ids.add(comment.id());
    }

    QueuePage first = store.queue(null, 2);
    QueuePage second = store.queue(first.nextCursor(), 2);
    QueuePage third = store.queue(second.nextCursor(), 2);

    assertThat(first.hasMore()).isTrue();
    assertThat(second.hasMore()).isTrue();
    assertThat(third.hasMore()).isFalse();
    List<String> seen = new ArrayList<>();
    for (QueuePage page : List.of(first, second, third)) {
      page.items().forEach(item -> seen.add(item.comment().id()));
    }
    assertThat(seen).containsExactlyElementsOf(ids);
    assertThatThrownBy(() -> store.queue("not-a-cursor", 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  protected static VideoId newVideo() {
    return new VideoId("v-" + UUID.randomUUID());
  }

  protected static Comment comment(VideoId video, long seq) {
    return new Comment(
        "c-" + UUID.randomUUID(),
        video,
        seq,
        new Author("u" + seq, "User " + seq),
        "text " + seq,
        seq);
  }

  protected static Report report(
      VideoId video, String commentId, String user, Report.Reason reason, String note) {
    return new Report("r-" + UUID.randomUUID(), video, commentId, user, reason, note, 1_000);
  }

  protected static Decision decision(
      VideoId video, String commentId, Moderation.Action action, String moderator) {
    return new Decision(
        "d-" + UUID.randomUUID(), video, commentId, action, "spam", moderator, 2_000, 0);
  }
}
