package io.livecomments.origin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.json.HostileTexts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DraftJsonTest {
  private final DraftJson json = new DraftJson();

  @Test
  void hostileTextsRoundTripExactly() {
    for (String text : HostileTexts.all()) {
      CommentDraft draft =
          new CommentDraft("c-1", new VideoId("v_1"), new Author("u\"1", "Name\n2"), text, 17L);

      assertThat(json.read(json.write(draft))).isEqualTo(draft);
    }
  }

  @Test
  void recordValueIsOneLineOfUtf8Json() {
    CommentDraft draft =
        new CommentDraft("c-1", new VideoId("v1"), new Author("u1", "U"), "a\nb 😀", 1L);

    assertThat(new String(json.write(draft), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":\"c-1\",\"videoId\":\"v1\",\"authorId\":\"u1\",\"authorName\":\"U\","
                + "\"text\":\"a\\nb 😀\",\"createdAt\":1}");
  }

  @Test
  void aModerationDecisionRoundTripsAndABadOneNamesTheField() {
    CommentDraft decision =
        new CommentDraft(
            "d-1",
            new VideoId("v1"),
            new Author(Moderation.AUTO, Moderation.AUTO),
            "",
            5L,
            new Moderation(Moderation.Action.HIDE, List.of("c1", "c2"), "blocklist"));

    assertThat(json.read(json.write(decision))).isEqualTo(decision);
    String base =
        "{\"id\":\"d\",\"videoId\":\"v\",\"authorId\":\"m\",\"authorName\":\"M\","
            + "\"text\":\"\",\"createdAt\":1,\"moderation\":";
    assertThatThrownBy(() -> read(base + "{\"action\":\"ban\",\"ids\":[\"c\"],\"reason\":\"\"}}"))
        .hasMessageContaining("/moderation/action");
    assertThatThrownBy(() -> read(base + "{\"action\":\"hide\",\"ids\":[],\"reason\":\"\"}}"))
        .hasMessageContaining("/moderation/ids");
    assertThatThrownBy(() -> read(base + "{\"action\":\"hide\",\"ids\":[\"c\"]}}"))
        .hasMessageContaining("/reason");
  }

  @Test
  void readingIsStrictAndNamesTheField() {
    assertThatThrownBy(() -> read("{\"id\":\"c\",\"videoId\":\"v\",\"authorId\":\"u\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/createdAt");
    assertThatThrownBy(
            () ->
                read(
                    "{\"id\":1,\"videoId\":\"v\",\"authorId\":\"u\",\"authorName\":\"n\","
                        + "\"text\":\"t\",\"createdAt\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/id");
    assertThatThrownBy(
            () ->
                read(
                    "{\"id\":\"c\",\"videoId\":\"bad video\",\"authorId\":\"u\","
                        + "\"authorName\":\"n\",\"text\":\"t\",\"createdAt\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("video id");
    assertThatThrownBy(() -> read("[1]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> read("{not json")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownFieldsAreSkipped() {
    CommentDraft draft =
        read(
            "{\"id\":\"c\",\"videoId\":\"v\",\"authorId\":\"u\",\"authorName\":\"n\","
                + "\"text\":\"t\",\"createdAt\":5,\"newer\":{\"x\":1}}");

    assertThat(draft)
        .isEqualTo(new CommentDraft("c", new VideoId("v"), new Author("u", "n"), "t", 5));
  }

  private CommentDraft read(String value) {
    return json.read(value.getBytes(StandardCharsets.UTF_8));
  }
}
