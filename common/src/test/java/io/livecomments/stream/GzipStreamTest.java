package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.GzipInflow;
import io.livecomments.sse.SseFrames;
import io.livecomments.time.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class GzipStreamTest {
  private static final VideoId VIDEO = new VideoId("v");
  private static final WireFrame HINT =
      WireFrame.of("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));

  private final StreamMetrics metrics = new StreamMetrics(new PrometheusRegistry());
  private final List<CompletableFuture<List<Comment>>> backfills = new ArrayList<>();
  private final VideoChannel channel =
      new VideoChannel(
          VIDEO,
          new SseFrames(new CommentJson()),
          metrics,
          new ManualClock(),
          (video, after, through) -> {
            CompletableFuture<List<Comment>> answer = new CompletableFuture<>();
            backfills.add(answer);
            return answer;
          },
          ViewerWriters.inline(),
          150);

  @Test
  void theFinalBlockIsWhatZlibEndsASyncFlushedDeflateStreamWith() {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput("data: x\n\n".getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[256];
      deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
      deflater.finish();
      int ending = deflater.deflate(out, 0, out.length);

      assertThat(deflater.finished()).isTrue();
      assertThat(java.util.Arrays.copyOf(out, ending)).isEqualTo(GzipStream.FINAL_BLOCK);
    } finally {
      deflater.end();
    }
  }

  @Test
  void viewersStartingAtDifferentFramesEachEndWithTheTrailerOfWhatTheyWereSent()
      throws IOException {
    channel.seed(List.of(), true);
    channel.onBatch(batch(1, 2, 3));
    List<RecordingSink[]> pairs = new ArrayList<>();
    // A fresh join (the context), a resume inside a batch (a frame trimmed for it), a late join.
    pairs.add(joinBoth(OptionalLong.empty()));
    pairs.add(joinBoth(OptionalLong.of(2)));
    channel.onBatch(batch(4));
    pairs.add(joinBoth(OptionalLong.of(4)));
    channel.onBatch(batch(5, 6));

    channel.viewers().forEach(viewer -> viewer.finish(HINT));

    for (RecordingSink[] pair : pairs) {
      RecordingSink plain = pair[0];
      RecordingSink compressed = pair[1];
      assertThat(compressed.ended).isTrue();
      assertThat(compressed.failure).isNull();
      assertThat(plain.text()).endsWith("retry: 1000\n\n");
      // GZIPInputStream checks the trailer's CRC-32 and length, and reads to the body's end.
      assertThat(gunzip(body(compressed))).isEqualTo(plain.text());
      // The relay's upstream client decodes it the same way, final block and trailer included.
      assertThat(inflow(body(compressed))).isEqualTo(plain.text());
    }
    assertThat(pairs.get(0)[0].text()).isNotEqualTo(pairs.get(1)[0].text());
  }

  @Test
  void aCatchUpCutShortByTheViewersQueueEndsWithTheTrailerToo() throws IOException {
    channel.seed(comments(10, 11, 12), false);
    channel.onBatch(batch(LongStream.rangeClosed(13, 160).toArray()));
    RecordingSink compressed = new RecordingSink();
    channel.join(
        new Viewer(compressed, new ViewerLimits(2, 1 << 20), metrics, channel::leave, true),
        OptionalLong.of(5));
    backfills.get(0).complete(comments(LongStream.rangeClosed(6, 170).toArray()));

    assertThat(compressed.lastSeen).isTrue();
    String text = gunzip(body(compressed));
    assertThat(text).contains("\"seq\":6,").contains("\"seq\":105,").endsWith("retry: 100\n\n");
    assertThat(text).doesNotContain("\"seq\":106,");
  }

  @Test
  void aWrongTrailerIsCaughtByTheDecoderSoTheChecksAboveProveIt() {
    channel.seed(List.of(), true);
    channel.onBatch(batch(1));
    RecordingSink[] pair = joinBoth(OptionalLong.empty());
    channel.viewers().forEach(viewer -> viewer.finish(HINT));
    byte[] body = body(pair[1]);
    body[body.length - 8] ^= 1;

    assertThatThrownBy(() -> gunzip(body)).isInstanceOf(ZipException.class);
  }

  @Test
  void aStreamThatIsStillOpenHasNoTrailerYetAndAnAbortedOneNeverGetsOne() {
    RecordingSink sink = new RecordingSink();
    Viewer viewer = new Viewer(sink, ViewerLimits.DEFAULT, metrics, v -> {}, true);
    viewer.enqueue(HINT);
    viewer.flush();
    assertThat(sink.written)
        .containsExactly(GzipSegments.HEADER.payload(), HINT.gzipped().payload());

    viewer.abort(new IOException("gone"));
    sink.runAborts();

    assertThat(sink.written).hasSize(2);
    assertThat(sink.ended).isTrue();
  }

  /** Joins a plain and a compressed viewer at the same place; returns their sinks, plain first. */
  private RecordingSink[] joinBoth(OptionalLong resumeAfter) {
    RecordingSink plain = new RecordingSink();
    RecordingSink compressed = new RecordingSink();
    channel.join(new Viewer(plain, ViewerLimits.DEFAULT, metrics, channel::leave), resumeAfter);
    channel.join(
        new Viewer(compressed, ViewerLimits.DEFAULT, metrics, channel::leave, true), resumeAfter);
    return new RecordingSink[] {plain, compressed};
  }

  private static byte[] body(RecordingSink sink) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    synchronized (sink.written) {
      for (ByteBuffer frame : sink.written) {
        ByteBuffer bytes = frame.duplicate();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        out.writeBytes(array);
      }
    }
    return out.toByteArray();
  }

  private static String gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String inflow(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipInflow inflow = new GzipInflow(out::write)) {
      inflow.feed(ByteBuffer.wrap(body));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static CommentBatch batch(long... seqs) {
    return CommentBatch.of(VIDEO, comments(seqs));
  }

  private static List<Comment> comments(long... seqs) {
    return LongStream.of(seqs)
        .mapToObj(seq -> new Comment("c" + seq, VIDEO, seq, new Author("u", "U"), "t" + seq, 0))
        .toList();
  }
}
