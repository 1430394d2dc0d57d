package io.livecomments.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.conformance.SseRecorder;
import io.livecomments.ratelimit.RateLimit;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edges of the gzip-encoded stream at a hop with gzip on and room for one stream: {@code HEAD}
 * answers the compressed head without a body, a refusal stays plain and readable, and every answer
 * says it varies by {@code Accept-Encoding}. (The stream itself is the conformance suite's.)
 */
class GzipStreamIT {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private RunningOrigin origin;

  @BeforeEach
  void start() throws Exception {
    origin =
        new RunningOrigin(
            RateLimit.OFF,
            0,
            config -> config.withStream(config.stream().withGzip(true).withLimits(1, 1)));
  }

  @AfterEach
  void stop() throws Exception {
    origin.close();
  }

  @Test
  void headAnswersTheCompressedHeadWithoutABody() throws Exception {
    HttpResponse<byte[]> head =
        http.send(
            HttpRequest.newBuilder(stream("v1"))
                .header("Accept", "text/event-stream")
                .header("Accept-Encoding", "gzip")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(WAIT)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(head.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aRefusedStreamIsAPlainEventStreamEvenWhenGzipWasAsked() throws Exception {
    try (SseRecorder held =
        SseRecorder.open(http, stream("v1"), Map.of("Accept-Encoding", "gzip"))) {
      assertThat(held.next(WAIT)).isInstanceOf(SseRecorder.Retry.class);

      HttpResponse<InputStream> refused =
          SseRecorder.send(http, stream("v2"), Map.of("Accept-Encoding", "gzip"));

      try (InputStream body = refused.body()) {
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
            .contains("event: refused", "\"status\":503");
      }
    }
  }

  @Test
  void aViewerThatAsksForNoEncodingIsToldTheStreamVaries() throws Exception {
    try (SseRecorder plain = SseRecorder.open(http, stream("v1"), Map.of())) {
      assertThat(plain.response().headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(plain.response().headers().firstValue("Vary")).hasValue("Accept-Encoding");
      assertThat(plain.next(WAIT)).isInstanceOf(SseRecorder.Retry.class);
    }
  }

  private URI stream(String video) {
    return origin.base().resolve("/v1/videos/" + video + "/stream");
  }
}
