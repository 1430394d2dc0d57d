package io.livecomments.origin.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.LogDecisions;
import io.livecomments.comment.VideoId;
import io.livecomments.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestorerTest {
  private final VideoId video = new VideoId("v1");

  @Test
  void aSecondRestoresAtMostOneHundredCommentsTheFirstNamed() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 101; i++) {
      ids.add("c" + i);
    }

    List<String> restore =
        Restorer.toRestore(List.of(LogDecisions.unhide(video, 200, ids.toArray(String[]::new))));

    assertThat(restore)
        .hasSize(Snapshot.MAX_COMMENTS)
        .containsExactlyElementsOf(ids.subList(0, 100));
  }

  @Test
  void aCommentPublishedInTheSameSecondIsNotRestored() {
    assertThat(Restorer.toRestore(List.of(comment(5), LogDecisions.unhide(video, 6, "c5", "c2"))))
        .containsExactly("c2");
  }

  @Test
  void whatTheLookupAnswersIsKeptOnlyWhenTheSecondCanRestoreIt() {
    Comment mine = comment(2);
    Comment later = comment(9);
    Comment elsewhere = new Comment("c3", new VideoId("v2"), 3, new Author("u", "U"), "t", 0);
    Comment decision = LogDecisions.hide(video, 4, "c1");
    Map<String, Comment> answers =
        Map.of("c2", mine, "c9", later, "c3", elsewhere, "c4", decision, "c5", comment(6));
    Restorer restorer = new Restorer((v, id) -> Optional.ofNullable(answers.get(id)));
    Snapshot second = Snapshot.empty(video, 1, 8);

    Snapshot restoring = restorer.restore(second, List.of("c9", "c3", "c4", "c5", "c2", "c7"));

    assertThat(restoring.restored())
        .as("only c2 is c2, of v1, a comment, before the cursor")
        .containsExactly(mine);
    assertThat(restoring.withRestored(List.of())).isEqualTo(second);
  }

  private Comment comment(long seq) {
    return new Comment("c" + seq, video, seq, new Author("u", "U"), "t", seq);
  }
}
