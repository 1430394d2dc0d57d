package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.origin.Backends;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.OriginServer;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test of the load generator (not a benchmark): a few hundred NIO viewers and a short burst
 * of comments against an in-process origin, checking the generator's own bookkeeping.
 */
class FanoutSmokeIT {
  private static final byte[] SECRET =
      "bench-secret-bench-secret-bench-secret!".getBytes(StandardCharsets.UTF_8);
  private static final int VIEWERS = 200;
  private static final int COMMENTS = 20;

  private static ExecutorScheduler scheduler;
  private static OriginServer origin;

  @BeforeAll
  static void startOrigin() throws Exception {
    scheduler = new ExecutorScheduler("bench-it", 1);
    OriginConfig config =
        OriginConfig.defaults("127.0.0.1", 0).withJwtSecret(SECRET).withRateLimit(RateLimit.OFF);
    config = config.withStream(config.stream().withGzip(true));
    origin =
        new OriginServer(
                config,
                Backends.inMemory(RateLimit.OFF, Clock.systemUTC()),
                scheduler,
                Clock.systemUTC(),
                List.of())
            .start();
  }

  @AfterAll
  static void stopOrigin() throws Exception {
    if (origin != null) {
      origin.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  /** Plain, and with every viewer asking for gzip from an origin that has it on. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyViewerGetsEveryCommentOnceAndInOrder(boolean gzip) throws Exception {
    String runId = "smoke";
    URI base = URI.create("http://127.0.0.1:" + origin.port());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    FanoutConfig config =
        new FanoutConfig(
            "smoke",
            LiveCommentsTarget.signed(base, runId, SECRET, 4),
            new InetSocketAddress("127.0.0.1", origin.port()),
            "bench-smoke-" + gzip,
            runId,
            VIEWERS,
            40,
            Duration.ofMillis(COMMENTS * 1000 / 40),
            Duration.ofMillis(250),
            2000,
            2,
            Duration.ofSeconds(10),
            false,
            0,
            gzip,
            10);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ProcStats self = new ProcStats(List.of(ProcessHandle.current().pid()), ProcStats.clockTicks());

    FanoutResult result =
        new FanoutRun(config, client, self, new PrintStream(progress, true, StandardCharsets.UTF_8))
            .run();

    assertThat(result.viewersStreaming()).as(result.text()).isEqualTo(VIEWERS);
    assertThat(result.acked()).as(result.text()).isEqualTo(COMMENTS);
    assertThat(result.completeViewers()).as(result.text()).isEqualTo(VIEWERS);
    assertThat(result.missing()).isZero();
    assertThat(result.duplicates()).isZero();
    assertThat(result.outOfOrder()).isZero();
    assertThat(result.delivered()).isEqualTo((long) VIEWERS * COMMENTS);
    assertThat(result.latencyCount()).isEqualTo((long) VIEWERS * COMMENTS);
    assertThat(result.distinctSubsets()).isEqualTo(1);
    assertThat(result.missingSeqs()).isEmpty();
    assertThat(result.sampledOut()).isZero();
    assertThat(result.postMaxMs()).isPositive().isGreaterThanOrEqualTo(result.postP50Ms());
    assertThat(result.serverRssEndMb()).isPositive();
    assertThat(result.gzip()).isEqualTo(gzip);
    // Heads, chunk sizes and the context batch come on top of the comments themselves.
    assertThat(result.wireBytesPerDelivered()).as(result.text()).isPositive();
    // The origin's own lag histograms, over the measured comments: every viewer reads a comment
    // after it arrived (accept times are whole ms), and it is handed to the last viewer after it
    // arrived. The last viewer may be handed it after the average viewer read it, so the delivery
    // lag has no bound from the end-to-end mean.
    assertThat(result.hopArrivalMeanMs())
        .as(result.text())
        .isNotNaN()
        .isNotNegative()
        .isLessThanOrEqualTo(result.meanMs() + 1);
    assertThat(result.hopWrittenMeanMs())
        .as(result.text())
        .isGreaterThanOrEqualTo(result.hopArrivalMeanMs());
    assertThat(result.json())
        .startsWith("{\"label\":\"smoke\"")
        .contains(
            "\"missingSeqs\":[]", "\"sampledOut\":0", "\"postP99Ms\":", "\"hopWrittenMeanMs\":");
    // Every tenth comment is blocklisted: every viewer gets its hide after the POST ack.
    assertThat(result.hideLag()).isNotNull();
    assertThat(result.hideLag().blockedAcked()).as(result.text()).isEqualTo(COMMENTS / 10);
    assertThat(result.hideLag().received())
        .as(result.text())
        .isEqualTo(result.hideLag().expected())
        .isEqualTo((long) VIEWERS * COMMENTS / 10);
    assertThat(result.hideLag().p99Ms()).as(result.text()).isPositive().isLessThan(5_000);
    assertThat(result.json()).contains("\"hideP99Ms\":");
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("viewers " + VIEWERS + "/" + VIEWERS, "| last ");
  }
}
