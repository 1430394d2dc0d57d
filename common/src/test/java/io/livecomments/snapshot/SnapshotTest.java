package io.livecomments.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Comment;
import io.livecomments.comment.LogDecisions;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private final VideoId video = new VideoId("v1");

  @Test
  void roundTripsThroughTheWireJson() {
    CommentJson json = new CommentJson();
    Snapshot snapshot =
        new Snapshot(video, 1_700_000_000L, SnapshotStoreContract.comments(video, 3, 4), 12, 20);

    String wire = new String(json.snapshot(snapshot), StandardCharsets.UTF_8);

    assertThat(wire)
        .startsWith("{\"videoId\":\"v1\",\"second\":1700000000,\"represents\":12,\"lastSeq\":20,");
    assertThat(wire).doesNotContain("\n", "\r");
    assertThat(json.readSnapshot(wire)).isEqualTo(snapshot);
  }

  @Test
  void readingNamesTheMissingField() {
    assertThatThrownBy(
            () ->
                new CommentJson()
                    .readSnapshot(
                        "{\"videoId\":\"v1\",\"second\":1,\"represents\":0,\"comments\":[]}"))
        .hasMessageContaining("lastSeq");
  }

  @Test
  void refusesInconsistentSnapshots() {
    assertThatThrownBy(
            () -> new Snapshot(video, 1, SnapshotStoreContract.comments(video, 1, 101), 101, 101))
        .hasMessageContaining("at most 100");
    assertThatThrownBy(
            () -> new Snapshot(video, 1, SnapshotStoreContract.comments(video, 5, 2), 2, 5))
        .hasMessageContaining("lastSeq 5");
    assertThatThrownBy(
            () -> new Snapshot(video, 1, SnapshotStoreContract.comments(video, 5, 2), 1, 9))
        .hasMessageContaining("stand for 1");
    assertThatThrownBy(
            () ->
                new Snapshot(
                    new VideoId("other"), 1, SnapshotStoreContract.comments(video, 1, 1), 1, 1))
        .hasMessageContaining("belongs to");
    assertThat(Snapshot.empty(video, 1, 0).comments()).isEqualTo(List.of());
  }

  @Test
  void refusesInconsistentRestoredComments() {
    List<Comment> two = SnapshotStoreContract.comments(video, 3, 2);
    Snapshot second = new Snapshot(video, 1, List.of(), 0, 9);

    assertThat(second.withRestored(two).restored()).isEqualTo(two);
    assertThatThrownBy(() -> second.withRestored(List.of(two.get(1), two.get(0))))
        .hasMessageContaining("restored out of log order");
    assertThatThrownBy(() -> new Snapshot(video, 1, List.of(), 0, 3).withRestored(two))
        .hasMessageContaining("lastSeq 3 is before the restored comment at seq 4");
    assertThatThrownBy(
            () ->
                new Snapshot(video, 1, List.of(), 0, 9, List.of(two.get(0).id())).withRestored(two))
        .hasMessageContaining("both hidden and restored");
    assertThatThrownBy(
            () -> second.withRestored(List.of(LogDecisions.hide(video, 5, two.get(0).id()))))
        .hasMessageContaining("not the decision");
    assertThatThrownBy(
            () -> second.withRestored(SnapshotStoreContract.comments(new VideoId("other"), 1, 1)))
        .hasMessageContaining("belongs to");
  }
}
