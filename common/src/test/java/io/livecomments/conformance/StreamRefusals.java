package io.livecomments.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** What a refused stream looks like to a client: one that every {@code EventSource} retries. */
public final class StreamRefusals {
  private StreamRefusals() {}

  /**
   * Asserts that {@code response} refused its stream for {@code reason}: 200 {@code
   * text/event-stream} (a browser gives up for good on anything else), a {@code retry:} hint, a
   * {@code refused} event with the 503 problem, then the end of the stream.
   */
  public static void assertRefused(HttpResponse<InputStream> response, String reason)
      throws Exception {
    try (InputStream body = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(response.headers().firstValue("X-Stream-Refused")).hasValue(reason);
      // readAllBytes returns: the hop ended the stream.
      String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).startsWith("retry: ").contains("\n\nevent: refused\ndata: {");
      assertThat(text).contains("\"status\":503").contains("\"reason\":\"" + reason + "\"");
    }
  }
}
