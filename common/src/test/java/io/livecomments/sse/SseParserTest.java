package io.livecomments.sse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {
  private final RecordingListener recorder = new RecordingListener();
  private final SseParser parser = new SseParser(recorder);

  @Test
  void joinsDataLinesWithLineFeeds() {
    feed("data: YHOO\ndata: +2\ndata: 10\n\n");

    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", null, "YHOO\n+2\n10"));
    recorder.assertNothingLeft();
  }

  @Test
  void followsTheSpecExampleOfIdsAndComments() {
    feed(
        ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\n"
            + "data:  third event\n\n");

    assertThat(recorder.takeComment()).isEqualTo("test stream");
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", "1", "first event"));
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", null, "second event"));
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", null, " third event"));
    recorder.assertNothingLeft();
  }

  @Test
  void dispatchesEmptyDataButNeverAnUnterminatedEvent() {
    feed("data\n\ndata\ndata\n\ndata:");

    assertThat(recorder.takeEvent().data()).isEmpty();
    assertThat(recorder.takeEvent().data()).isEqualTo("\n");
    recorder.assertNothingLeft();
  }

  @Test
  void stripsOnlyOneSpaceAfterTheColon() {
    feed("data:test\n\ndata: test\n\ndata:  test\n\n");

    assertThat(recorder.takeEvent().data()).isEqualTo("test");
    assertThat(recorder.takeEvent().data()).isEqualTo("test");
    assertThat(recorder.takeEvent().data()).isEqualTo(" test");
    recorder.assertNothingLeft();
  }

  @Test
  void acceptsLfCrAndCrLfLineEnds() {
    feed("event: a\ndata: 1\n\nevent: b\rdata: 2\r\revent: c\r\ndata: 3\r\n\r\n");

    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("a", null, "1"));
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("b", null, "2"));
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("c", null, "3"));
    recorder.assertNothingLeft();
  }

  @Test
  void crAtTheEndOfOneChunkAndLfAtTheStartOfTheNextAreOneLineEnd() {
    feed("data: a\r");
    feed("\ndata: b\r");
    feed("");
    feed("\n\r");
    feed("\n");

    assertThat(recorder.takeEvent().data()).isEqualTo("a\nb");
    recorder.assertNothingLeft();
  }

  @Test
  void crFollowedByCrInTheNextChunkIsAnEmptyLine() {
    feed("data: a\r");
    feed("\rdata: b\n\n");

    assertThat(recorder.takeEvent().data()).isEqualTo("a");
    assertThat(recorder.takeEvent().data()).isEqualTo("b");
    recorder.assertNothingLeft();
  }

  @Test
  void decodesUtf8SplitAnywhereAcrossChunks() {
    byte[] bytes = "data: é€😀\n\n".getBytes(UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      SseParser fresh = new SseParser(recorder);
      fresh.feed(bytes, 0, split);
      fresh.feed(bytes, split, bytes.length - split);

      assertThat(recorder.takeEvent().data()).as("split at %d", split).isEqualTo("é€😀");
    }
    recorder.assertNothingLeft();
  }

  @Test
  void replacesInvalidUtf8() {
    byte[] bytes = {'d', 'a', 't', 'a', ':', (byte) 0xC3, 'x', (byte) 0xFF, '\n', '\n'};
    parser.feed(bytes, 0, bytes.length);

    assertThat(recorder.takeEvent().data()).isEqualTo("\uFFFDx\uFFFD");
    recorder.assertNothingLeft();
  }

  @Test
  void byteByByteAndRandomChunksGiveTheSameItemsAsOneChunk() {
    String stream =
        "\uFEFF: hello\r\nretry: 2500\nevent: comments\r\nid: 7\r\ndata: {\"a\":\"é😀\"}\r\n\r\n"
            + "id: 8\n\ndata: after id only\r\rdata\nevent: hide\n: x\ndata: two\n\n"
            + "event: late\nid\ndata: last\n\n";
    byte[] bytes = stream.getBytes(UTF_8);
    parser.feed(bytes, 0, bytes.length);
    List<Object> whole = recorder.drain();

    SseParser byteWise = new SseParser(recorder);
    for (int i = 0; i < bytes.length; i++) {
      byteWise.feed(bytes, i, 1);
    }
    assertThat(recorder.drain()).isEqualTo(whole);

    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      SseParser chunked = new SseParser(recorder);
      int at = 0;
      while (at < bytes.length) {
        int length = Math.min(bytes.length - at, random.nextInt(6));
        chunked.feed(bytes, at, length);
        at += length;
      }
      assertThat(recorder.drain()).as("round %d", round).isEqualTo(whole);
    }

    assertThat(whole)
        .containsExactly(
            new RecordingListener.CommentLine("hello"),
            new RecordingListener.RetryHint(2500),
            new SseEvent("comments", "7", "{\"a\":\"é😀\"}"),
            new SseEvent("message", "8", "after id only"),
            new RecordingListener.CommentLine("x"),
            new SseEvent("hide", "8", "\ntwo"),
            new SseEvent("late", null, "last"));
  }

  @Test
  void skipsOneByteOrderMarkAtTheStartOnly() {
    byte[] bom = "\uFEFF".getBytes(UTF_8);
    parser.feed(bom, 0, 2);
    parser.feed(bom, 2, 1);
    feed("data: 1\n\n\uFEFFdata: 2\n\ndata: 3\n\n");

    assertThat(recorder.takeEvent().data()).isEqualTo("1");
    assertThat(recorder.takeEvent().data()).isEqualTo("3");
    recorder.assertNothingLeft();

    feedTo(new SseParser(recorder), "\uFEFF\uFEFFdata: x\n\n");
    recorder.assertNothingLeft();
  }

  @Test
  void idPersistsAcrossEventsAndIsTrackedWithoutData() {
    feed("id: 1\ndata: a\n\ndata: b\n\nid: 2\n\n");

    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", "1", "a"));
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", "1", "b"));
    recorder.assertNothingLeft();
    assertThat(parser.lastEventId()).isEqualTo("2");

    feed("data: c\n\nid:\ndata: d\n\n");
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", "2", "c"));
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", null, "d"));
    assertThat(parser.lastEventId()).isNull();
  }

  @Test
  void ignoresIdsContainingNul() {
    feed("id: 5\n\nid: 6\u00007\ndata: x\n\n");

    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", "5", "x"));
    recorder.assertNothingLeft();
  }

  @Test
  void eventTypeLastsOneEventAndEmptyMeansMessage() {
    feed("event: add\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\nevent: lost\n\ndata: 4\n\n");

    assertThat(recorder.takeEvent().type()).isEqualTo("add");
    assertThat(recorder.takeEvent().type()).isEqualTo("message");
    assertThat(recorder.takeEvent().type()).isEqualTo("message");
    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", null, "4"));
    recorder.assertNothingLeft();
  }

  @Test
  void reportsRetryOfDigitsOnly() {
    feed(
        "retry: 3000\nretry: 3s\nretry:\nretry\nretry: -1\nretry:  30\n"
            + "retry: 12345678901234567890123\nretry:0\n\n");

    assertThat(recorder.takeRetry()).isEqualTo(3000);
    assertThat(recorder.takeRetry()).isZero();
    recorder.assertNothingLeft();
  }

  @Test
  void reportsCommentsWithoutTheirColon() {
    feed(":\n: hi\n:  two\n::\n");

    assertThat(recorder.takeComment()).isEmpty();
    assertThat(recorder.takeComment()).isEqualTo("hi");
    assertThat(recorder.takeComment()).isEqualTo(" two");
    assertThat(recorder.takeComment()).isEqualTo(":");
    recorder.assertNothingLeft();
  }

  @Test
  void ignoresUnknownAndMisspelledFields() {
    feed("Data: x\nfoo: bar\ndata : y\nevents: z\nidx: 1\n\ndata: ok\n\n");

    assertThat(recorder.takeEvent()).isEqualTo(new SseEvent("message", null, "ok"));
    recorder.assertNothingLeft();
  }

  @Test
  void acceptsALineOfExactlyTheLimit() {
    SseParser small = new SseParser(recorder, 10);
    feedTo(small, "data:1234\n\n");
    feedTo(small, "data:12345\n\n");

    assertThat(recorder.takeEvent().data()).isEqualTo("1234");
    assertThat(recorder.takeEvent().data()).isEqualTo("12345");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 100})
  void rejectsALineOverTheLimitInAnyChunking(int chunk) {
    SseParser small = new SseParser(recorder, 10);
    byte[] bytes = ": 123456789\n".getBytes(UTF_8);

    assertThatThrownBy(
            () -> {
              for (int at = 0; at < bytes.length; at += chunk) {
                small.feed(bytes, at, Math.min(chunk, bytes.length - at));
              }
            })
        .isInstanceOf(SseFormatException.class)
        .hasMessageContaining("line exceeds the limit of 10 bytes");
    recorder.assertNothingLeft();
  }

  @Test
  void rejectsEventDataOverTheLimit() {
    SseParser small = new SseParser(recorder, 10);

    assertThatThrownBy(() -> feedTo(small, "data:12345\ndata:12345\n\n"))
        .isInstanceOf(SseFormatException.class)
        .hasMessageContaining("event data exceeds the limit of 10 bytes");
    assertThatThrownBy(() -> feedTo(small, "\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failed earlier");
    recorder.assertNothingLeft();
  }

  @Test
  void refusesInputAfterTheListenerThrew() {
    SseParser failing =
        new SseParser(
            event -> {
              throw new IllegalStateException("listener broke");
            });

    assertThatThrownBy(() -> feedTo(failing, "data: x\n\n")).hasMessage("listener broke");
    assertThatThrownBy(() -> feedTo(failing, "data: y\n\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failed earlier")
        .hasRootCauseMessage("listener broke");
  }

  @Test
  void feedsByteBuffersOfEveryKind() {
    byte[] bytes = "xxdata: heap\n\n".getBytes(UTF_8);
    ByteBuffer heap = ByteBuffer.wrap(bytes, 2, bytes.length - 2).slice();
    parser.feed(heap);
    assertThat(heap.hasRemaining()).isFalse();

    parser.feed(ByteBuffer.wrap("data: read-only\n\n".getBytes(UTF_8)).asReadOnlyBuffer());

    byte[] big = ("data: " + "d".repeat(20_000) + "\n\n").getBytes(UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(big.length).put(big).flip();
    parser.feed(direct);
    assertThat(direct.hasRemaining()).isFalse();

    assertThat(recorder.takeEvent().data()).isEqualTo("heap");
    assertThat(recorder.takeEvent().data()).isEqualTo("read-only");
    assertThat(recorder.takeEvent().data()).hasSize(20_000);
    recorder.assertNothingLeft();
  }

  @Test
  void validatesItsArguments() {
    assertThatThrownBy(() -> new SseParser(recorder, 0)).hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> parser.feed(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private void feed(String text) {
    feedTo(parser, text);
  }

  private static void feedTo(SseParser target, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    target.feed(bytes, 0, bytes.length);
  }
}
