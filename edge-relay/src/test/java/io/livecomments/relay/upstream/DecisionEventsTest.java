package io.livecomments.relay.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionEventsTest {
  private static final VideoId VIDEO = new VideoId("v1");
  private static final String DATA = "{\"videoId\":\"v1\",\"ids\":[\"c1\",\"c2\"]}";

  private final CommentJson json = new CommentJson();

  @Test
  void aHideAndAnUnhideBecomeTheEntriesAtTheirCursors() {
    Comment hide = DecisionEvents.entry(VIDEO, new SseEvent("hide", "7", DATA), json).orElseThrow();
    Comment unhide =
        DecisionEvents.entry(VIDEO, new SseEvent("unhide", "9", DATA), json).orElseThrow();

    assertThat(hide.seq()).isEqualTo(7);
    assertThat(hide.moderation())
        .isEqualTo(new Moderation(Moderation.Action.HIDE, List.of("c1", "c2"), ""));
    assertThat(unhide.seq()).isEqualTo(9);
    assertThat(unhide.moderation())
        .isEqualTo(new Moderation(Moderation.Action.UNHIDE, List.of("c1", "c2"), ""));
  }

  @Test
  void aDecisionWithoutACursorOrIdsOrOfAnotherVideoIsNothingToPlace() {
    assertThat(DecisionEvents.entry(VIDEO, new SseEvent("unhide", null, DATA), json)).isEmpty();
    assertThat(DecisionEvents.entry(VIDEO, new SseEvent("unhide", "", DATA), json)).isEmpty();
    assertThat(
            DecisionEvents.entry(
                VIDEO, new SseEvent("unhide", "9", "{\"videoId\":\"v1\",\"ids\":[]}"), json))
        .isEmpty();
    assertThat(DecisionEvents.entry(new VideoId("v2"), new SseEvent("unhide", "9", DATA), json))
        .isEmpty();
  }

  @Test
  void malformedDataIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                DecisionEvents.entry(
                    VIDEO, new SseEvent("unhide", "9", "{\"videoId\":\"v1\"}"), json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids");
  }
}
