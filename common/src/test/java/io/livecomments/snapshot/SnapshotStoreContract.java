package io.livecomments.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees of {@link SnapshotStore}, for every implementation: extend it and return a fresh
 * store from {@link #createStore()}. Every test uses its own random video ids. Expiry depends on
 * time and is tested by each implementation with its own clock.
 */
public abstract class SnapshotStoreContract {
  protected static final long SECOND = 1_700_000_000L;
  protected SnapshotStore store;

  /** A store for one test; the suite closes it afterwards. */
  protected abstract SnapshotStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void unknownVideoHasNothing() {
    VideoId video = newVideo();

    assertThat(store.get(video, SECOND)).isEmpty();
    assertThat(store.latestSecond(video)).isEmpty();
  }

  @Test
  void readsBackWhatWasPut() {
    VideoId video = newVideo();
    Snapshot snapshot = new Snapshot(video, SECOND, comments(video, 5, 3), 3, 7);

    store.put(snapshot);

    assertThat(store.get(video, SECOND)).contains(snapshot);
    assertThat(store.get(video, SECOND + 1)).isEmpty();
    assertThat(store.latestSecond(video)).hasValue(SECOND);
  }

  @Test
  void emptySecondsCarryTheCursor() {
    VideoId video = newVideo();

    store.put(Snapshot.empty(video, SECOND, 41));

    assertThat(store.get(video, SECOND)).contains(Snapshot.empty(video, SECOND, 41));
  }

  @Test
  void latestOnlyMovesForwards() {
    VideoId video = newVideo();
    store.put(Snapshot.empty(video, SECOND + 2, 0));
    store.put(Snapshot.empty(video, SECOND + 1, 0));

    assertThat(store.latestSecond(video)).hasValue(SECOND + 2);
    assertThat(store.get(video, SECOND + 1)).isPresent();
  }

  @Test
  void videosAreApart() {
    VideoId one = newVideo();
    VideoId two = newVideo();
    store.put(new Snapshot(one, SECOND, comments(one, 1, 2), 9, 2));

    assertThat(store.get(two, SECOND)).isEmpty();
    assertThat(store.latestSecond(two)).isEmpty();
  }

  @Test
  void readsBackWhatASecondHidAndRestored() {
    VideoId video = newVideo();
    List<Comment> earlier = comments(video, 1, 3);
    Snapshot snapshot =
        new Snapshot(
            video,
            SECOND,
            comments(video, 10, 1),
            1,
            12,
            List.of(earlier.get(0).id()),
            List.of(earlier.get(1), earlier.get(2)));

    store.put(snapshot);

    assertThat(store.get(video, SECOND)).contains(snapshot);
  }

  @Test
  void repeatedPutLeavesTheSameValue() {
    VideoId video = newVideo();
    Snapshot snapshot = new Snapshot(video, SECOND, comments(video, 1, 100), 250, 300);

    store.put(snapshot);
    store.put(snapshot);

    assertThat(store.get(video, SECOND)).contains(snapshot);
  }

  protected static VideoId newVideo() {
    return new VideoId("v" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** {@code count} comments of {@code video} with seqs from {@code firstSeq}, one apart. */
  protected static List<Comment> comments(VideoId video, long firstSeq, int count) {
    List<Comment> comments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long seq = firstSeq + i;
      comments.add(
          new Comment(
              "c" + seq + "-" + video.value(),
              video,
              seq,
              new Author("u" + i, "User \u2028 " + i, i == 0),
              "text \r\n " + seq,
              1_700_000_000_000L + seq));
    }
    return comments;
  }
}
