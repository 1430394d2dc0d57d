package io.livecomments.recent;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link RecentWindow}, for every implementation: extend it, return a fresh
 * window from {@link #createWindow()}. Every test uses its own random video ids. Expiry depends on
 * time and is tested by each implementation with its own clock.
 */
public abstract class RecentWindowContract {
  protected RecentWindow window;

  /** A window for one test; the suite closes it afterwards. */
  protected abstract RecentWindow createWindow();

  @BeforeEach
  void openWindow() {
    window = createWindow();
  }

  @AfterEach
  void closeWindow() {
    window.close();
  }

  @Test
  void unknownVideoIsEmpty() {
    assertThat(window.recent(newVideo())).isEmpty();
  }

  @Test
  void holdsCommentsOldestFirst() {
    VideoId video = newVideo();
    List<Comment> first = comments(video, 1, 3);
    List<Comment> second = comments(video, 7, 2);

    window.append(CommentBatch.of(video, first));
    window.append(CommentBatch.of(video, second));

    List<Comment> expected = new ArrayList<>(first);
    expected.addAll(second);
    assertThat(window.recent(video)).containsExactlyElementsOf(expected);
  }

  @Test
  void keepsOnlyTheLastSizeComments() {
    VideoId video = newVideo();
    List<Comment> all = comments(video, 1, RecentWindow.SIZE + 50);

    for (int i = 0; i < all.size(); i += 30) {
      window.append(CommentBatch.of(video, all.subList(i, Math.min(i + 30, all.size()))));
    }

    assertThat(window.recent(video))
        .containsExactlyElementsOf(all.subList(50, RecentWindow.SIZE + 50));
  }

  @Test
  void batchLargerThanTheWindowLeavesItsNewestComments() {
    VideoId video = newVideo();
    List<Comment> all = comments(video, 1, RecentWindow.SIZE * 2);

    window.append(CommentBatch.of(video, all));

    assertThat(window.recent(video))
        .containsExactlyElementsOf(all.subList(RecentWindow.SIZE, RecentWindow.SIZE * 2));
  }

  @Test
  void replayedBatchLeavesTheWindowUnchanged() {
    VideoId video = newVideo();
    CommentBatch batch = CommentBatch.of(video, comments(video, 1, 10));

    window.append(batch);
    window.append(batch);

    assertThat(window.recent(video)).containsExactlyElementsOf(batch.comments());
  }

  @Test
  void overlappingBatchAddsOnlyWhatIsNewer() {
    VideoId video = newVideo();
    List<Comment> all = comments(video, 1, 15);

    window.append(CommentBatch.of(video, all.subList(0, 10)));
    window.append(CommentBatch.of(video, all.subList(4, 15)));

    assertThat(window.recent(video)).containsExactlyElementsOf(all);
  }

  @Test
  void olderBatchArrivingLateIsSkipped() {
    VideoId video = newVideo();
    List<Comment> newer = comments(video, 20, 5);

    window.append(CommentBatch.of(video, newer));
    window.append(CommentBatch.of(video, comments(video, 10, 5)));

    assertThat(window.recent(video)).containsExactlyElementsOf(newer);
  }

  @Test
  void videosAreIndependent() {
    VideoId a = newVideo();
    VideoId b = newVideo();
    List<Comment> onA = comments(a, 5, 3);
    List<Comment> onB = comments(b, 1, 2);

    window.append(CommentBatch.of(a, onA));
    window.append(CommentBatch.of(b, onB));

    assertThat(window.recent(a)).containsExactlyElementsOf(onA);
    assertThat(window.recent(b)).containsExactlyElementsOf(onB);
  }

  protected final VideoId newVideo() {
    return new VideoId("v-" + UUID.randomUUID());
  }

  /** {@code count} comments of {@code video} at seqs {@code firstSeq, firstSeq + 1, ...}. */
  protected static List<Comment> comments(VideoId video, long firstSeq, int count) {
    List<Comment> comments = new ArrayList<>();
    for (long seq = firstSeq; seq < firstSeq + count; seq++) {
      comments.add(
          new Comment(
              UUID.randomUUID().toString(),
              video,
              seq,
              new Author("u1", "User One"),
              "comment " + seq,
              1_700_000_000_000L + seq));
    }
    return comments;
  }
}
