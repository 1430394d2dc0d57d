package io.livecomments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.conformance.SseRecorder;
import io.livecomments.conformance.StreamRefusals;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.ratelimit.RateLimit;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A draining relay moves a thousand viewers away spread over its window, each with a retry hint:
 * plain, and gzip-encoded to Jetty's {@code HttpClient}, which asks for gzip by itself and
 * completes a compressed response only once its gzip trailer came (without one, every drained
 * viewer would hang until its idle timeout, far past the window).
 */
class RelayDrainIT {
  private static final int VIEWERS = 1_000;
  private static final Duration WINDOW = Duration.ofSeconds(3);

  /** One viewer's stream, as bytes arrive; ended streams record when and how they ended. */
  private static final class Watcher {
    final StringBuilder tail = new StringBuilder();
    volatile long endedAtNanos;
    volatile boolean failed;
  }

  @ParameterizedTest(name = "gzip {0}")
  @ValueSource(booleans = {false, true})
  void drainClosesEveryViewerOverTheWindowWithARetryHintAndRefusesNewOnes(boolean gzip)
      throws Exception {
    try (RunningOrigin origin = new RunningOrigin(RateLimit.OFF);
        RunningRelay relay =
            new RunningRelay(
                origin.base(), c -> RunningRelay.withGzip(gzip).apply(c.withDrain(WINDOW)))) {
      HttpClient client = new HttpClient();
      client.setMaxConnectionsPerDestination(VIEWERS + 10);
      client.start();
      try {
        ConcurrentLinkedQueue<Watcher> watchers = new ConcurrentLinkedQueue<>();
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger compressed = new AtomicInteger();
        for (int i = 0; i < VIEWERS; i++) {
          Watcher watcher = new Watcher();
          watchers.add(watcher);
          Request request =
              client
                  .newRequest(relay.base().resolve("/v1/videos/drain/stream"))
                  .idleTimeout(30, TimeUnit.SECONDS);
          request
              .onResponseHeader(
                  (r, field) -> {
                    // Seen as it came: the client drops the header once it decodes the body.
                    if (field.is(HttpHeader.CONTENT_ENCODING.asString())
                        && field.contains("gzip")) {
                      compressed.incrementAndGet();
                    }
                    return true;
                  })
              .onResponseHeaders(r -> connected.incrementAndGet())
              .onResponseContent(
                  (r, content) -> {
                    synchronized (watcher.tail) {
                      watcher.tail.append(StandardCharsets.UTF_8.decode(content));
                      // Only the end matters: keep memory flat.
                      if (watcher.tail.length() > 256) {
                        watcher.tail.delete(0, watcher.tail.length() - 64);
                      }
                    }
                  })
              .send(
                  result -> {
                    watcher.failed = result.isFailed();
                    watcher.endedAtNanos = System.nanoTime();
                  });
        }
        Awaitility.await("all viewers connected")
            .atMost(Duration.ofSeconds(30))
            .until(() -> connected.get() == VIEWERS);
        assertThat(compressed.get()).isEqualTo(gzip ? VIEWERS : 0);

        long start = System.nanoTime();
        relay.server().drain();

        HttpResponse<InputStream> refused =
            SseRecorder.send(
                java.net.http.HttpClient.newHttpClient(),
                relay.base().resolve("/v1/videos/drain/stream"),
                Map.of());
        StreamRefusals.assertRefused(refused, "draining");
        assertThat(
                java.net.http.HttpClient.newHttpClient()
                    .send(
                        java.net.http.HttpRequest.newBuilder(relay.base().resolve("/readyz"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode())
            .isEqualTo(503);

        Awaitility.await("every viewer closed")
            .atMost(WINDOW.plusSeconds(10))
            .until(() -> watchers.stream().allMatch(w -> w.endedAtNanos != 0));
        List<Long> endMillis =
            watchers.stream()
                .map(w -> TimeUnit.NANOSECONDS.toMillis(w.endedAtNanos - start))
                .sorted()
                .toList();
        assertThat(watchers)
            .allSatisfy(
                w -> {
                  assertThat(w.failed).as("ended cleanly").isFalse();
                  assertThat(w.tail.toString()).containsPattern("retry: \\d+\\n\\n$");
                });
        // Spread, not a storm: a tenth closes in the first tenth of the window, the rest later.
        long window = WINDOW.toMillis();
        assertThat(endMillis.get(VIEWERS / 10)).isLessThan(window / 2);
        assertThat(endMillis.get(VIEWERS - 1)).isGreaterThan(window / 2);
        assertThat(endMillis.stream().filter(t -> t < window / 10).count()).isLessThan(VIEWERS / 4);
      } finally {
        client.stop();
      }
    }
  }
}
