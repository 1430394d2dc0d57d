package io.livecomments.comment;

import static io.livecomments.comment.LogDecisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationTest {
  private static final VideoId VIDEO = new VideoId("v");

  @Test
  void theVisibleEntriesLeaveOutDecisionsAndWhatTheyHide() {
    Comment c1 = comment(1);
    Comment c2 = comment(2);
    Comment c3 = comment(3);

    assertThat(
            Moderation.visible(
                List.of(c1, c2, decision(VIDEO, 4, Moderation.Action.HIDE, "c1"), c3)))
        .containsExactly(c2, c3);
  }

  @Test
  void theLatestDecisionAboutACommentWins() {
    List<Comment> entries =
        List.of(
            comment(1),
            comment(2),
            decision(VIDEO, 3, Moderation.Action.HIDE, "c1", "c2"),
            decision(VIDEO, 4, Moderation.Action.UNHIDE, "c1"));

    assertThat(Moderation.hiddenBy(entries)).containsExactly("c2");
    assertThat(Moderation.visible(entries)).extracting(Comment::id).containsExactly("c1");
  }

  @Test
  void theLatestDecisionAboutACommentSaysWhetherItIsUnhidden() {
    List<Comment> entries =
        List.of(
            decision(VIDEO, 1, Moderation.Action.UNHIDE, "c7", "c8"),
            decision(VIDEO, 2, Moderation.Action.HIDE, "c8", "c9"),
            decision(VIDEO, 3, Moderation.Action.UNHIDE, "c9", "c6"));

    assertThat(Moderation.unhiddenBy(entries)).containsExactly("c7", "c9", "c6");
    assertThat(Moderation.hiddenBy(entries)).containsExactly("c8");
    assertThat(Moderation.unhiddenBy(List.of(comment(1)))).isEmpty();
  }

  @Test
  void entriesWithoutDecisionsAreShownAsTheyAre() {
    List<Comment> entries = List.of(comment(1), comment(2));

    assertThat(Moderation.visible(entries)).isSameAs(entries);
    assertThat(Moderation.hiddenBy(entries)).isEmpty();
  }

  @Test
  void aDecisionNamesAtLeastOneCommentAndActionsHaveOneWireName() {
    assertThatThrownBy(() -> new Moderation(Moderation.Action.HIDE, List.of(), ""))
        .hasMessageContaining("at least one");
    assertThat(Moderation.Action.fromWire("unhide")).isEqualTo(Moderation.Action.UNHIDE);
    assertThatThrownBy(() -> Moderation.Action.fromWire("HIDE")).hasMessageContaining("HIDE");
  }

  @Test
  void aRelayedDecisionKeepsItsActionCursorAndIds() {
    assertThat(Moderation.relayed(Moderation.Action.HIDE, VIDEO, 9, List.of("c1")).moderation())
        .isEqualTo(new Moderation(Moderation.Action.HIDE, List.of("c1"), ""));
    Comment unhide = Moderation.relayed(Moderation.Action.UNHIDE, VIDEO, 10, List.of("c1", "c2"));
    assertThat(unhide.seq()).isEqualTo(10);
    assertThat(unhide.id()).isEqualTo("unhide-10");
    assertThat(unhide.moderation())
        .isEqualTo(new Moderation(Moderation.Action.UNHIDE, List.of("c1", "c2"), ""));
  }

  private static Comment comment(long seq) {
    return new Comment("c" + seq, VIDEO, seq, new Author("u", "U"), "t", 0);
  }
}
