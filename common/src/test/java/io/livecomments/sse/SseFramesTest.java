package io.livecomments.sse;

import static io.livecomments.comment.LogDecisions.hide;
import static io.livecomments.comment.LogDecisions.unhide;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.json.HostileTexts;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SseFramesTest {
  private static final VideoId VIDEO = new VideoId("v1");

  private final CommentJson json = new CommentJson();
  private final SseFrames frames = new SseFrames(json);

  @Test
  void encodesACommentsFrameExactly() {
    CommentBatch batch = CommentBatch.of(VIDEO, List.of(comment(40, "a"), comment(41, "b")));

    assertThat(text(frames.comments(batch)))
        .isEqualTo(
            "event: comments\nid: 41\ndata: " + new String(json.batch(batch), UTF_8) + "\n\n");
  }

  @Test
  void encodesTheOtherFramesExactly() {
    assertThat(text(frames.reset(VIDEO, "too old")))
        .isEqualTo("event: reset\ndata: {\"videoId\":\"v1\",\"reason\":\"too old\"}\n\n");
    assertThat(text(frames.decision(hide(VIDEO, 7, "c1", "c2"))))
        .isEqualTo("event: hide\nid: 7\ndata: {\"videoId\":\"v1\",\"ids\":[\"c1\",\"c2\"]}\n\n");
    assertThat(text(frames.decision(unhide(VIDEO, 8, "c2"))))
        .isEqualTo("event: unhide\nid: 8\ndata: {\"videoId\":\"v1\",\"ids\":[\"c2\"]}\n\n");
    assertThat(text(frames.retry(3000))).isEqualTo("retry: 3000\n\n");
    assertThat(text(frames.heartbeat())).isEqualTo(":\n\n");
    assertThat(frames.heartbeat()).isSameAs(frames.heartbeat());
  }

  static Stream<String> hostile() {
    return HostileTexts.all().stream();
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileTextStaysInsideItsFrame(String text) {
    Comment comment = new Comment("id" + text, VIDEO, 9, new Author("u", text), text, 1L);
    CommentBatch batch = CommentBatch.of(VIDEO, List.of(comment(8, text), comment));
    byte[] frame = frames.comments(batch);

    assertSingleFrame(frame, 3);
    for (List<Object> items : List.of(parseWhole(frame), parseByteByByte(frame))) {
      assertThat(items).hasSize(1);
      SseEvent event = (SseEvent) items.get(0);
      assertThat(event.type()).isEqualTo("comments");
      assertThat(event.id()).isEqualTo("9");
      assertThat(json.readBatch(event.data())).isEqualTo(batch);
    }
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileReasonsAndIdsStayInsideTheirFrames(String text) {
    byte[] reset = frames.reset(VIDEO, text);
    byte[] hide = frames.decision(hide(VIDEO, 3, text, "c2"));
    byte[] unhide = frames.decision(unhide(VIDEO, 4, "c2", text));

    assertSingleFrame(reset, 2);
    assertSingleFrame(hide, 3);
    assertSingleFrame(unhide, 3);
    SseEvent resetEvent = (SseEvent) single(parseByteByByte(reset));
    SseEvent hideEvent = (SseEvent) single(parseByteByByte(hide));
    SseEvent unhideEvent = (SseEvent) single(parseByteByByte(unhide));
    assertThat(resetEvent.type()).isEqualTo("reset");
    assertThat(resetEvent.id()).isNull();
    assertThat(json.readReset(resetEvent.data()))
        .isEqualTo(new CommentJson.ResetNotice(VIDEO, text));
    assertThat(hideEvent.type()).isEqualTo("hide");
    assertThat(hideEvent.id()).isEqualTo("3");
    assertThat(json.readHide(hideEvent.data()))
        .isEqualTo(new CommentJson.HideNotice(VIDEO, List.of(text, "c2")));
    assertThat(unhideEvent.type()).isEqualTo("unhide");
    assertThat(unhideEvent.id()).isEqualTo("4");
    assertThat(json.readHide(unhideEvent.data()))
        .isEqualTo(new CommentJson.HideNotice(VIDEO, List.of("c2", text)));
  }

  @Test
  void unpairedSurrogatesArriveReplaced() {
    CommentBatch batch = CommentBatch.of(VIDEO, List.of(comment(1, "bad \uD83D pair 😀 \uDE00")));

    SseEvent event = (SseEvent) single(parseWhole(frames.comments(batch)));

    assertThat(json.readBatch(event.data()).comments().get(0).text())
        .isEqualTo("bad \uFFFD pair 😀 \uFFFD");
  }

  @Test
  void encodesTheSameBatchToTheSameBytes() {
    List<Comment> comments = new ArrayList<>();
    for (String text : HostileTexts.all()) {
      comments.add(comment(comments.size() + 1, text));
    }
    CommentBatch batch = new CommentBatch(VIDEO, comments, 500);

    byte[] first = frames.comments(batch);
    assertThat(frames.comments(batch)).isEqualTo(first).isNotSameAs(first);
    assertThat(new SseFrames(new CommentJson()).comments(batch)).isEqualTo(first);
  }

  @Test
  void aStreamOfFramesParsesBackInOrderWhateverTheChunking() {
    CommentBatch first = CommentBatch.of(VIDEO, List.of(comment(1, "one\r\n"), comment(2, "two")));
    CommentBatch second = new CommentBatch(VIDEO, List.of(comment(5, "\n\nevent: evil")), 3);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(frames.retry(2000));
    stream.writeBytes(frames.comments(first));
    stream.writeBytes(frames.heartbeat());
    stream.writeBytes(frames.decision(hide(VIDEO, 3, "c1")));
    stream.writeBytes(frames.comments(second));
    stream.writeBytes(frames.decision(unhide(VIDEO, 6, "c1")));
    stream.writeBytes(frames.reset(VIDEO, "gone"));
    byte[] bytes = stream.toByteArray();

    List<Object> items = parseWhole(bytes);
    assertThat(parseByteByByte(bytes)).isEqualTo(items);
    assertThat(items).hasSize(7);
    assertThat(items.get(0)).isEqualTo(new RecordingListener.RetryHint(2000));
    assertThat(json.readBatch(((SseEvent) items.get(1)).data())).isEqualTo(first);
    assertThat(items.get(2)).isEqualTo(new RecordingListener.CommentLine(""));
    assertThat(((SseEvent) items.get(3)).id()).as("the hide's own cursor").isEqualTo("3");
    assertThat(json.readBatch(((SseEvent) items.get(4)).data())).isEqualTo(second);
    assertThat((SseEvent) items.get(5))
        .extracting(SseEvent::type, SseEvent::id)
        .as("the unhide's own cursor")
        .containsExactly("unhide", "6");
    assertThat((SseEvent) items.get(6))
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly("reset", "6");
  }

  @Test
  void onlyADecisionHasADecisionFrame() {
    assertThatThrownBy(() -> frames.decision(comment(4, "x")))
        .hasMessageContaining("c4")
        .hasMessageContaining("not a decision");
  }

  @Test
  void validatesItsArguments() {
    assertThatThrownBy(() -> new SseFrames(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> frames.retry(-1)).hasMessageContaining("-1");
  }

  /** One frame: {@code lines} lines, LF only, ended by the only blank line. */
  private static void assertSingleFrame(byte[] frame, int lines) {
    String text = text(frame);
    assertThat(text).doesNotContain("\r").endsWith("\n\n");
    assertThat(text.indexOf("\n\n")).isEqualTo(text.length() - 2);
    assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(lines + 1);
  }

  private static List<Object> parseWhole(byte[] bytes) {
    RecordingListener recorder = new RecordingListener();
    new SseParser(recorder).feed(bytes, 0, bytes.length);
    return recorder.drain();
  }

  private static List<Object> parseByteByByte(byte[] bytes) {
    RecordingListener recorder = new RecordingListener();
    SseParser parser = new SseParser(recorder);
    for (int i = 0; i < bytes.length; i++) {
      parser.feed(bytes, i, 1);
    }
    return recorder.drain();
  }

  private static Object single(List<Object> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static Comment comment(long seq, String text) {
    return new Comment("c" + seq, VIDEO, seq, new Author("u1", "Alice"), text, 1_700_000_000_000L);
  }

  private static String text(byte[] frame) {
    return new String(frame, UTF_8);
  }
}
