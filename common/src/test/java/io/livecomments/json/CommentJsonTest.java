package io.livecomments.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.snapshot.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommentJsonTest {
  private static final VideoId VIDEO = new VideoId("v1");
  private static final String COMMENT_JSON =
      "{\"id\":\"c1\",\"seq\":12,\"videoId\":\"v1\",\"author\":{\"id\":\"u1\",\"name\":\"Alice\"},"
          + "\"text\":\"hi\",\"createdAt\":1700000000000}";

  private final CommentJson json = new CommentJson();

  @Test
  void writesTheCommentShapeExactly() {
    assertThat(utf8(json.comment(comment(12, "hi")))).isEqualTo(COMMENT_JSON);
  }

  @Test
  void aPriorityAuthorIsFlaggedAndReadBack() {
    Comment pinned =
        new Comment("c1", VIDEO, 12, new Author("u1", "Alice", true), "hi", 1700000000000L);

    String written = utf8(json.comment(pinned));

    assertThat(written).contains("\"author\":{\"id\":\"u1\",\"name\":\"Alice\",\"priority\":true}");
    assertThat(json.readComment(written)).isEqualTo(pinned);
    assertThat(json.readComment(COMMENT_JSON).author().priority()).isFalse();
  }

  @Test
  void aDraftIsTheCommentShapeWithoutSeqAndRoundTripsEveryField() {
    CommentDraft draft =
        new CommentDraft("c1", VIDEO, new Author("u1", "Alice", true), "a\nb 😀", 1700000000000L);

    String written = utf8(json.draft(draft));

    assertThat(written)
        .isEqualTo(
            "{\"id\":\"c1\",\"videoId\":\"v1\",\"author\":{\"id\":\"u1\",\"name\":\"Alice\","
                + "\"priority\":true},\"text\":\"a\\nb 😀\",\"createdAt\":1700000000000}");
    assertThat(json.readDraft(json.draft(draft))).isEqualTo(draft);
    for (String text : HostileTexts.all()) {
      CommentDraft hostile =
          new CommentDraft("c-1", VIDEO, new Author("u\"1", "Name\n2"), text, 17L);
      assertThat(json.readDraft(json.draft(hostile))).isEqualTo(hostile);
    }
  }

  @Test
  void aModerationDecisionDraftRoundTripsAndABadOneNamesTheField() {
    CommentDraft decision =
        new CommentDraft(
            "d-1",
            VIDEO,
            new Author(Moderation.AUTO, Moderation.AUTO),
            "",
            5L,
            new Moderation(Moderation.Action.HIDE, List.of("c1", "c2"), "blocklist"));

    assertThat(json.readDraft(json.draft(decision))).isEqualTo(decision);
    String base =
        "{\"id\":\"d\",\"videoId\":\"v\",\"author\":{\"id\":\"m\",\"name\":\"M\"},"
            + "\"text\":\"\",\"createdAt\":1,\"moderation\":";
    assertThatThrownBy(
            () ->
                json.readDraft(
                    (base + "{\"action\":\"ban\",\"ids\":[\"c\"],\"reason\":\"\"}}")
                        .getBytes(UTF_8)))
        .hasMessageContaining("/moderation/action");
    assertThatThrownBy(
            () ->
                json.readDraft(
                    (base + "{\"action\":\"hide\",\"ids\":[],\"reason\":\"\"}}").getBytes(UTF_8)))
        .hasMessageContaining("/moderation/ids");
  }

  @Test
  void readingADraftIsStrictAndNamesTheField() {
    assertThatThrownBy(
            () -> json.readDraft("{\"id\":\"c\",\"videoId\":\"v\",\"text\":\"t\"}".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/author");
    assertThatThrownBy(() -> json.readDraft(COMMENT_JSON.replace("\"c1\"", "1").getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/id");
    assertThatThrownBy(() -> json.readDraft((COMMENT_JSON + "{}").getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(json.readDraft(COMMENT_JSON.getBytes(UTF_8)))
        .isEqualTo(new CommentDraft("c1", VIDEO, new Author("u1", "Alice"), "hi", 1700000000000L));
  }

  @Test
  void writesTheBatchShapeExactly() {
    CommentBatch batch = new CommentBatch(VIDEO, List.of(comment(12, "hi")), 3);

    assertThat(utf8(json.batch(batch)))
        .isEqualTo("{\"videoId\":\"v1\",\"represents\":3,\"comments\":[" + COMMENT_JSON + "]}");
  }

  @Test
  void writesThePageShapeExactly() {
    assertThat(utf8(json.page(List.of(comment(12, "hi")), "41", true)))
        .isEqualTo("{\"comments\":[" + COMMENT_JSON + "],\"nextCursor\":\"41\",\"hasMore\":true}");
    assertThat(utf8(json.page(List.of(), null, false)))
        .isEqualTo("{\"comments\":[],\"nextCursor\":null,\"hasMore\":false}");
  }

  @Test
  void aDecisionIsACommentShapeWithItsModerationAndReadsBack() {
    Comment decision =
        new Comment(
            "d1",
            VIDEO,
            13,
            new Author("m1", "Mod"),
            "",
            1700000000001L,
            new Moderation(Moderation.Action.HIDE, List.of("c1", "c2"), "spam"));

    String written = utf8(json.comment(decision));

    assertThat(written)
        .isEqualTo(
            "{\"id\":\"d1\",\"seq\":13,\"videoId\":\"v1\",\"author\":{\"id\":\"m1\","
                + "\"name\":\"Mod\"},\"text\":\"\",\"createdAt\":1700000000001,\"moderation\":"
                + "{\"action\":\"hide\",\"ids\":[\"c1\",\"c2\"],\"reason\":\"spam\"}}");
    assertThat(json.readComment(written)).isEqualTo(decision);
    CommentBatch mixed = CommentBatch.of(VIDEO, List.of(comment(12, "hi"), decision));
    assertThat(json.readBatch(utf8(json.batch(mixed)))).isEqualTo(mixed);
  }

  @Test
  void rejectsBadDecisionsNamingTheField() {
    String head = COMMENT_JSON.substring(0, COMMENT_JSON.length() - 1) + ",\"moderation\":";
    assertThatThrownBy(
            () -> json.readComment(head + "{\"action\":\"ban\",\"ids\":[\"c\"],\"reason\":\"\"}}"))
        .hasMessageContaining("/moderation/action");
    assertThatThrownBy(
            () -> json.readComment(head + "{\"action\":\"hide\",\"ids\":[],\"reason\":\"\"}}"))
        .hasMessageContaining("/moderation/ids");
    assertThatThrownBy(() -> json.readComment(head + "{\"action\":\"hide\",\"ids\":[\"c\"]}}"))
        .hasMessageContaining("missing field /moderation/reason");
  }

  @Test
  void aSnapshotListsWhatItsSecondHidAndReadsItBack() {
    Snapshot snapshot =
        new Snapshot(VIDEO, 1700000000, List.of(comment(12, "hi")), 1, 14, List.of("c9"));

    String written = utf8(json.snapshot(snapshot));

    assertThat(written).endsWith("],\"hidden\":[\"c9\"]}");
    assertThat(json.readSnapshot(written)).isEqualTo(snapshot);
    Snapshot plain = new Snapshot(VIDEO, 1700000000, List.of(comment(12, "hi")), 1, 14);
    assertThat(utf8(json.snapshot(plain))).doesNotContain("hidden");
    assertThat(json.readSnapshot(utf8(json.snapshot(plain)))).isEqualTo(plain);
  }

  @Test
  void aSnapshotCarriesTheCommentsItsSecondRestoredInFullAfterHidden() {
    Comment restored =
        new Comment("c3", VIDEO, 3, new Author("u3", "Bo \u2028"), "back\r\n", 1_699_999_999_000L);
    Snapshot snapshot =
        new Snapshot(
            VIDEO, 1700000000, List.of(comment(12, "hi")), 1, 14, List.of("c9"), List.of(restored));

    String written = utf8(json.snapshot(snapshot));

    assertThat(written)
        .endsWith("],\"hidden\":[\"c9\"],\"restored\":[" + utf8(json.comment(restored)) + "]}");
    assertThat(written).doesNotContain("\n", "\r");
    assertThat(json.readSnapshot(written)).isEqualTo(snapshot);
    Snapshot plain = new Snapshot(VIDEO, 1700000000, List.of(comment(12, "hi")), 1, 14);
    assertThat(utf8(json.snapshot(plain))).doesNotContain("restored");
    assertThatThrownBy(
            () ->
                json.readSnapshot(
                    written.replace(
                        "\"restored\":[{\"id\":\"c3\",\"seq\":3,",
                        "\"restored\":[{\"id\":\"c3\",")))
        .hasMessageContaining("/restored/0/seq");
  }

  @Test
  void writesResetAndHideShapesExactly() throws IOException {
    ByteArrayOutputStream reset = new ByteArrayOutputStream();
    json.writeReset(VIDEO, "too \"old\"\n", reset);
    ByteArrayOutputStream hide = new ByteArrayOutputStream();
    json.writeHide(VIDEO, List.of("c1", "c2"), hide);

    assertThat(reset.toString(UTF_8))
        .isEqualTo("{\"videoId\":\"v1\",\"reason\":\"too \\\"old\\\"\\n\"}");
    assertThat(hide.toString(UTF_8)).isEqualTo("{\"videoId\":\"v1\",\"ids\":[\"c1\",\"c2\"]}");
    assertThat(json.readReset(reset.toString(UTF_8)))
        .isEqualTo(new CommentJson.ResetNotice(VIDEO, "too \"old\"\n"));
    assertThat(json.readHide(hide.toString(UTF_8)))
        .isEqualTo(new CommentJson.HideNotice(VIDEO, List.of("c1", "c2")));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void roundTripsHostileTextOnOneLineOfValidUtf8(String text) {
    Comment comment =
        new Comment("id " + text, VIDEO, 7, new Author("u" + text, text), text, 1_700_000_000_000L);
    byte[] bytes = json.comment(comment);

    assertThat(strictUtf8(bytes)).doesNotContain("\u2028", "\u2029");
    for (byte b : bytes) {
      assertThat(b & 0xFF).as("control byte").isGreaterThanOrEqualTo(0x20);
    }
    assertThat(json.readComment(utf8(bytes))).isEqualTo(comment);
  }

  @Test
  void roundTripsBatchesAndPagesOfHostileText() {
    List<Comment> comments = new ArrayList<>();
    for (String text : HostileTexts.all()) {
      comments.add(comment(comments.size() + 1, text));
    }
    CommentBatch batch = new CommentBatch(VIDEO, comments, 1000);

    assertThat(json.readBatch(utf8(json.batch(batch)))).isEqualTo(batch);
    assertThat(json.readPage(utf8(json.page(comments, "41", true))))
        .isEqualTo(new CommentJson.HistoryPage(comments, "41", true));
    assertThat(json.readPage(utf8(json.page(comments, null, false))))
        .isEqualTo(new CommentJson.HistoryPage(comments, null, false));
  }

  @Test
  void escapesLineAndParagraphSeparatorsButWritesEmojiAsUtf8() {
    String written = utf8(json.comment(comment(1, "a\u2028b\u2029c😀")));

    assertThat(written).contains("a\\u2028b\\u2029c😀");
  }

  @Test
  void replacesUnpairedSurrogatesSoTheBytesAreAlwaysValidUtf8() {
    String broken = "lone high \uD83D end, lone low \uDE00 mid, pair 😀, reversed \uDE00\uD83D";
    Comment comment =
        new Comment(broken, VIDEO, 1, new Author("u\uD800", "n\uDFFF"), broken + "\uD83D", 5);

    byte[] bytes = json.comment(comment);
    Comment read = json.readComment(strictUtf8(bytes));

    String repaired = "lone high \uFFFD end, lone low \uFFFD mid, pair 😀, reversed \uFFFD\uFFFD";
    assertThat(read.text()).isEqualTo(repaired + "\uFFFD");
    assertThat(read.id()).isEqualTo(repaired);
    assertThat(read.author()).isEqualTo(new Author("u\uFFFD", "n\uFFFD"));
    assertThat(utf8(bytes)).doesNotContainIgnoringCase("\\uD8", "\\uDC", "\\uDE", "\\uDF");
  }

  @Test
  void encodesDeterministically() {
    CommentBatch batch = new CommentBatch(VIDEO, List.of(comment(1, "a"), comment(2, "😀")), 5);

    assertThat(json.batch(batch))
        .isEqualTo(json.batch(batch))
        .isEqualTo(new CommentJson().batch(batch));
  }

  @Test
  void skipsUnknownFields() {
    String withExtras =
        "{\"future\":{\"nested\":[1,{\"x\":null}]},\"id\":\"c1\",\"seq\":12,\"videoId\":\"v1\","
            + "\"author\":{\"id\":\"u1\",\"name\":\"Alice\",\"avatar\":\"a.png\"},\"text\":\"hi\","
            + "\"pinned\":true,\"createdAt\":1700000000000}";

    assertThat(json.readComment(withExtras)).isEqualTo(comment(12, "hi"));
  }

  static Stream<String> hostile() {
    return HostileTexts.all().stream();
  }

  static Stream<Arguments> badComments() {
    return Stream.of(
        Arguments.of(COMMENT_JSON.replace("\"id\":\"c1\",", ""), "missing field /id"),
        Arguments.of(COMMENT_JSON.replace(",\"name\":\"Alice\"", ""), "missing field /author/name"),
        Arguments.of(COMMENT_JSON.replace(",\"createdAt\":1700000000000", ""), "/createdAt"),
        Arguments.of(COMMENT_JSON.replace("12", "\"12\""), "field /seq must be an integer"),
        Arguments.of(COMMENT_JSON.replace("12", "12.5"), "field /seq must be an integer"),
        Arguments.of(COMMENT_JSON.replace("12", "0"), "field /seq must be positive: 0"),
        Arguments.of(COMMENT_JSON.replace("12", "99999999999999999999"), "/seq is out of range"),
        Arguments.of(COMMENT_JSON.replace("\"v1\"", "\"v 1\""), "field /videoId must match"),
        Arguments.of(COMMENT_JSON.replace("\"v1\"", "7"), "field /videoId must be a string"),
        Arguments.of(COMMENT_JSON.replace("\"u1\"", "\" \""), "/author/id must not be blank"),
        Arguments.of(
            COMMENT_JSON.replace("{\"id\":\"u1\",\"name\":\"Alice\"}", "\"u1\""),
            "field /author must be an object"),
        Arguments.of(COMMENT_JSON.replace("\"hi\"", "null"), "field /text must be a string"),
        Arguments.of(
            COMMENT_JSON.replace("\"seq\"", "\"id\":\"c2\",\"seq\""), "Duplicate field 'id'"),
        Arguments.of(COMMENT_JSON + "{}", "after the root"),
        Arguments.of(COMMENT_JSON + " x", "malformed JSON"),
        Arguments.of(COMMENT_JSON.substring(0, 40), "malformed JSON"),
        Arguments.of("[" + COMMENT_JSON + "]", "field (root) must be an object"),
        Arguments.of("", "field (root) must be an object"));
  }

  @ParameterizedTest
  @MethodSource("badComments")
  void rejectsBadCommentsNamingTheField(String bad, String message) {
    assertThatThrownBy(() -> json.readComment(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  static Stream<Arguments> badBatches() {
    String second = COMMENT_JSON.replace("\"c1\"", "\"c2\"").replace("12", "13");
    String batch =
        "{\"videoId\":\"v1\",\"represents\":2,\"comments\":[" + COMMENT_JSON + "," + second + "]}";
    return Stream.of(
        Arguments.of(batch.replace(",\"text\":\"hi\"", ""), "missing field /comments/0/text"),
        Arguments.of(batch.replace("13", "-1"), "field /comments/1/seq must be positive"),
        Arguments.of(batch.replace("\"represents\":2,", ""), "missing field /represents"),
        Arguments.of(batch.replace("\"represents\":2", "\"represents\":1"), "invalid batch"),
        Arguments.of(
            batch.replace("\"represents\":2", "\"represents\":3000000000"),
            "field /represents is out of range"),
        Arguments.of(
            batch.replace("\"videoId\":\"v1\",\"r", "\"videoId\":\"v2\",\"r"),
            "invalid batch: comment c1 belongs to v1, not v2"),
        Arguments.of(batch.replace("13", "12"), "invalid batch: batch out of log order"),
        Arguments.of(
            "{\"videoId\":\"v1\",\"represents\":2,\"comments\":[]}",
            "invalid batch: a batch holds at least one comment"),
        Arguments.of(
            "{\"videoId\":\"v1\",\"represents\":2,\"comments\":{}}",
            "field /comments must be an array"));
  }

  @ParameterizedTest
  @MethodSource("badBatches")
  void rejectsBadBatchesNamingTheField(String bad, String message) {
    assertThatThrownBy(() -> json.readBatch(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsBadPagesNamingTheField() {
    assertThatThrownBy(() -> json.readPage("{\"comments\":[],\"nextCursor\":null}"))
        .hasMessageContaining("missing field /hasMore");
    assertThatThrownBy(() -> json.readPage("{\"comments\":[],\"hasMore\":true}"))
        .hasMessageContaining("missing field /nextCursor");
    assertThatThrownBy(() -> json.readPage("{\"comments\":[],\"nextCursor\":1,\"hasMore\":true}"))
        .hasMessageContaining("field /nextCursor must be a string");
    assertThatThrownBy(() -> json.readPage("{\"comments\":[],\"nextCursor\":null,\"hasMore\":1}"))
        .hasMessageContaining("field /hasMore must be a boolean");
    assertThatThrownBy(() -> json.readHide("{\"videoId\":\"v1\",\"ids\":[\"a\",2]}"))
        .hasMessageContaining("field /ids/1 must be a string");
  }

  private static Comment comment(long seq, String text) {
    return new Comment("c1", VIDEO, seq, new Author("u1", "Alice"), text, 1_700_000_000_000L);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("not valid UTF-8", e);
    }
  }
}
