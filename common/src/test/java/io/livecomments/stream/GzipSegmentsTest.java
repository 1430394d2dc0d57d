package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.sse.GzipInflow;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

class GzipSegmentsTest {
  private static final String FIRST =
      "event: comments\nid: 1\ndata: {\"comments\":[{\"text\":\"hello hello hello\"}]}\n\n";
  private static final String SECOND = ":\n\n";

  @Test
  void theHeaderThenEachSegmentIsAGzipStreamThatTheJdkDecoderReadsWithoutATrailer()
      throws IOException {
    byte[] body = concat(GzipSegments.HEADER, frame(FIRST).gzipped(), frame(SECOND).gzipped());

    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] read = in.readNBytes(FIRST.length() + SECOND.length());
      assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo(FIRST + SECOND);
    }
  }

  @Test
  void eachSegmentDecodesOnItsOwnAsSoonAsItArrivesInAnyOrder() {
    List<String> decoded = new ArrayList<>();
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    try (GzipInflow inflow =
        new GzipInflow((bytes, offset, length) -> pending.write(bytes, offset, length))) {
      for (WireFrame piece :
          List.of(GzipSegments.HEADER, frame(SECOND).gzipped(), frame(FIRST).gzipped())) {
        ByteBuffer chunk = piece.payload();
        inflow.feed(chunk);
        decoded.add(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
      }
    }
    assertThat(decoded).containsExactly("", SECOND, FIRST);
  }

  @Test
  void aFrameIsCompressedOnceAndEveryViewerGetsTheSameSegment() {
    WireFrame frame = frame(FIRST.repeat(20));
    WireFrame segment = frame.gzipped();

    assertThat(frame.gzipped()).isSameAs(segment);
    assertThat(segment.size()).isLessThan(frame.size() / 4);
    assertThat(segment.payload().isReadOnly()).isTrue();
  }

  @Test
  void incompressibleFramesStillFitOneSegment() {
    byte[] noise = new byte[100_000];
    new java.util.SplittableRandom(7).nextBytes(noise);
    WireFrame frame = WireFrame.of(noise);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipInflow inflow = new GzipInflow(out::write)) {
      inflow.feed(GzipSegments.HEADER.payload());
      inflow.feed(frame.gzipped().payload());
    }
    assertThat(out.toByteArray()).isEqualTo(noise);
  }

  @Test
  void aCompressedViewerSendsTheHeaderOnceThenTheSharedSegmentsOfWhatItQueued() {
    RecordingSink sink = new RecordingSink();
    Viewer viewer =
        new Viewer(
            sink, ViewerLimits.DEFAULT, new StreamMetrics(new PrometheusRegistry()), v -> {}, true);
    WireFrame first = frame(FIRST);
    WireFrame second = frame(SECOND);

    viewer.enqueue(first);
    viewer.flush();
    viewer.enqueue(second);
    viewer.flush();

    assertThat(sink.written)
        .containsExactly(
            GzipSegments.HEADER.payload(), first.gzipped().payload(), second.gzipped().payload());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipInflow inflow = new GzipInflow(out::write)) {
      sink.written.forEach(bytes -> inflow.feed(bytes.duplicate()));
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(FIRST + SECOND);
  }

  @Test
  void gzipIsAcceptedWhenListedWithAPositiveQualityOrByAWildcard() {
    assertThat(accepts("gzip")).isTrue();
    assertThat(accepts("br, gzip;q=0.5")).isTrue();
    assertThat(accepts("GZIP")).isTrue();
    assertThat(accepts("x-gzip")).isTrue();
    assertThat(accepts("*")).isTrue();
    assertThat(accepts("gzip;q=0")).isFalse();
    assertThat(accepts("identity")).isFalse();
    assertThat(accepts("br, deflate")).isFalse();
    assertThat(GzipSegments.accepted(HttpFields.EMPTY)).isFalse();
  }

  private static boolean accepts(String acceptEncoding) {
    return GzipSegments.accepted(
        HttpFields.build().put(HttpHeader.ACCEPT_ENCODING, acceptEncoding));
  }

  private static WireFrame frame(String sse) {
    return WireFrame.of(sse.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(WireFrame... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (WireFrame frame : frames) {
      ByteBuffer payload = frame.payload();
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
