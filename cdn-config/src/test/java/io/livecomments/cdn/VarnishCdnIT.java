package io.livecomments.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.poller.RunningPoller;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotSchedule;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.ExecutorScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The VCL in a real varnishd in front of a real origin, two real relays and a real poller. Servers
 * start once for the class; the 60 s quiet stream opens first and is checked last, so it runs
 * alongside the other checks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VarnishCdnIT {
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration QUIET = Duration.ofSeconds(60);
  private static final CommentJson JSON = new CommentJson();

  private static RunningOrigin origin;
  private static final List<RelayServer> relays = new ArrayList<>();
  private static ExecutorScheduler relayScheduler;
  private static RunningPoller poller;
  private static Varnish varnish;
  private static HttpClient http;
  private static StreamRecorder quiet;
  private static long quietOpenedNanos;

  @BeforeAll
  static void start() throws Exception {
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    origin = new RunningOrigin(RateLimit.OFF);
    relayScheduler = new ExecutorScheduler("cdn-relays", 1);
    for (int i = 0; i < 2; i++) {
      RelayConfig config =
          RelayConfig.defaults("127.0.0.1", 0, origin.base())
              .withStream(StreamSettings.DEFAULT.withHeartbeat(HEARTBEAT))
              .withSampleBudget(Integer.MAX_VALUE);
      relays.add(new RelayServer(config, relayScheduler, Clock.systemUTC(), List.of()).start());
    }
    // A long hold (the writer allowed 6 s late), so that 2,000 connections can all reach Varnish
    // while one poll is held; still below Varnish's 10 s first-byte timeout for the poller.
    poller =
        new RunningPoller(
            config ->
                config.withSchedule(SnapshotSchedule.DEFAULT.withAllowance(Duration.ofSeconds(6))));
    varnish = Varnish.start(origin.base(), poller.base(), relayUris());
    quiet = StreamRecorder.open(http, varnish.base(), newVideo());
    quietOpenedNanos = System.nanoTime();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (quiet != null) {
        quiet.close();
      }
      if (varnish != null) {
        varnish.close();
      }
    } finally {
      for (RelayServer relay : relays) {
        relay.close();
      }
      if (relayScheduler != null) {
        relayScheduler.close();
      }
      if (poller != null) {
        poller.close();
      }
      if (origin != null) {
        origin.close();
      }
    }
  }

  @Test
  @Order(1)
  void everyVclCompiles() throws Exception {
    Path folder = Files.createTempDirectory("lc-vcl-");
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(Varnish.vclSource().resolve(Varnish.MAIN_VCL), folder.resolve(Varnish.MAIN_VCL));
    Files.copy(Varnish.vclSource().resolve("backends.example.vcl"), folder.resolve("backends.vcl"));

    assertThat(Varnish.compile(folder)).contains("VGC_function_vcl_recv");
  }

  @Test
  @Order(2)
  void twoThousandPollersOfAnOpenSecondCostThePollerOneRequest() throws Exception {
    VideoId video = new VideoId(newVideo());
    long second = Math.floorDiv(System.currentTimeMillis(), 1000) + 1;
    URI url = varnish.base().resolve("/v1/videos/" + video.value() + "/snapshots/" + second);
    long requestsBefore = varnish.counter("MAIN.client_req");
    long repliesBefore = pollerReplies();

    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      polls.add(
          http.sendAsync(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    // Varnish adds a worker's requests to the counter in batches: most of them is enough, any
    // request arriving after the snapshot is written is a cache hit.
    await()
        .atMost(Duration.ofSeconds(7))
        .until(() -> varnish.counter("MAIN.client_req") - requestsBefore >= 1_900);
    assertThat(poller.server().heldPolls()).isEqualTo(1);
    Snapshot snapshot = Snapshot.empty(video, second, 42);
    poller.store().put(snapshot);

    CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    for (CompletableFuture<HttpResponse<String>> poll : polls) {
      assertThat(poll.get().statusCode()).isEqualTo(200);
      assertThat(JSON.readSnapshot(poll.get().body())).isEqualTo(snapshot);
    }
    long pollerRequests = pollerReplies() - repliesBefore;
    System.out.printf(
        "2,000 pollers of one open second: %d request(s) at the poller%n", pollerRequests);
    assertThat(pollerRequests).isEqualTo(1);
  }

  @Test
  @Order(3)
  void latestCostsThePollerAtMostOneRequestPerSecond() throws Exception {
    VideoId video = new VideoId(newVideo());
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      writer.scheduleAtFixedRate(
          () ->
              poller
                  .store()
                  .put(
                      Snapshot.empty(
                          video, Math.floorDiv(System.currentTimeMillis(), 1000) - 1, 7)),
          0,
          200,
          TimeUnit.MILLISECONDS);
      URI url = varnish.base().resolve("/v1/videos/" + video.value() + "/snapshots/latest");
      long before = poller.server().replies("latest");
      long started = System.nanoTime();
      long end = started + Duration.ofSeconds(10).toNanos();
      AtomicInteger sent = new AtomicInteger();
      List<Future<Integer>> loops = new ArrayList<>();
      for (int c = 0; c < 16; c++) {
        loops.add(
            clients.submit(
                () -> {
                  int failures = 0;
                  // Bounded by time and by count.
                  while (System.nanoTime() < end && sent.incrementAndGet() < 200_000) {
                    HttpResponse<String> reply =
                        http.send(
                            HttpRequest.newBuilder(url).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (reply.statusCode() != 200) {
                      failures++;
                    }
                  }
                  return failures;
                }));
      }
      for (Future<Integer> loop : loops) {
        assertThat(loop.get(30, TimeUnit.SECONDS)).isZero();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long atPoller = poller.server().replies("latest") - before;
      System.out.printf(
          "latest: %d requests through Varnish in %.1f s, %d at the poller (%.2f/s)%n",
          sent.get(), seconds, atPoller, atPoller / seconds);
      assertThat(atPoller).isLessThanOrEqualTo((long) Math.ceil(seconds) + 1);
    } finally {
      writer.shutdownNow();
      clients.shutdownNow();
    }
  }

  @Test
  @Order(4)
  void streamBatchesPassThroughVarnishUnbuffered() throws Exception {
    String video = newVideo();
    Map<Integer, Double> before = openStreams();
    try (StreamRecorder viaVarnish = StreamRecorder.open(http, varnish.base(), video);
        StreamRecorder direct =
            StreamRecorder.open(http, relayUris().get(relayThatOpened(before)), video)) {
      assertThat(viaVarnish.response().headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      List<Duration> added = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = post(video, "comment " + i);
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> viaVarnish.arrival(id) != null && direct.arrival(id) != null);
        added.add(StreamRecorder.between(direct.arrival(id), viaVarnish.arrival(id)));
      }
      List<Duration> sorted = new ArrayList<>(added);
      Collections.sort(sorted);
      System.out.printf(
          "added latency through Varnish over %d batches: p50 %.2f ms, max %.2f ms%n",
          sorted.size(),
          sorted.get(sorted.size() / 2).toNanos() / 1e6,
          sorted.get(sorted.size() - 1).toNanos() / 1e6);
      assertThat(sorted.get(sorted.size() - 1)).isLessThan(Duration.ofMillis(100));
    }
  }

  @Test
  @Order(5)
  void videosHashConsistentlyToTheirRelays() throws Exception {
    Map<Integer, String> firstVideoOn = new HashMap<>();
    for (int i = 0; firstVideoOn.size() < 2 && i < 50; i++) {
      String video = newVideo();
      firstVideoOn.putIfAbsent(relayOf(video), video);
    }
    assertThat(firstVideoOn).as("both relays get videos").hasSize(2);
    for (Map.Entry<Integer, String> entry : firstVideoOn.entrySet()) {
      for (int i = 0; i < 3; i++) {
        assertThat(relayOf(entry.getValue())).isEqualTo(entry.getKey());
      }
    }
  }

  @Test
  @Order(6)
  void aRelayTakenOutOfTheDirectorIsReplacedWithoutErrors() throws Exception {
    List<String> onFirst = new ArrayList<>();
    for (int i = 0; onFirst.size() < 3 && i < 50; i++) {
      String video = newVideo();
      if (relayOf(video) == 0) {
        onFirst.add(video);
      }
    }
    assertThat(onFirst).hasSize(3);

    varnish.reload(origin.base(), poller.base(), relayUris().subList(1, 2));

    for (String video : onFirst) {
      assertThat(relayOf(video)).isEqualTo(1);
    }
  }

  @Test
  @Order(7)
  void aQuietStreamSurvivesSixtySecondsOnHeartbeats() {
    Duration waited = StreamRecorder.between(quietOpenedNanos, System.nanoTime());
    Duration left = QUIET.minus(waited).plusSeconds(1);
    if (!left.isNegative()) {
      await().pollDelay(left).atMost(left.plusSeconds(5)).until(() -> true);
    }
    assertThat(quiet.ended()).as("the quiet stream is still open").isFalse();
    assertThat(quiet.heartbeats()).isGreaterThanOrEqualTo(3);
  }

  /**
   * Which relay a new viewer of {@code video} lands on. Piped streams carry no header of Varnish's,
   * so the relays' own open-stream gauges tell: the viewer is opened, the relay whose gauge rose is
   * the answer, and the viewer is closed again.
   */
  private static int relayOf(String video) throws Exception {
    Map<Integer, Double> before = openStreams();
    int relay;
    try (StreamRecorder viewer = StreamRecorder.open(http, varnish.base(), video)) {
      assertThat(viewer.response().statusCode()).isEqualTo(200);
      relay = relayThatOpened(before);
    }
    // The relay notices the closed viewer at once: the next call starts from settled gauges, not
    // from one that falls while it looks for the one that rises.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> openStreams().get(relay).equals(before.get(relay)));
    return relay;
  }

  private static int relayThatOpened(Map<Integer, Double> before) {
    List<Integer> rose = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              rose.clear();
              openStreams()
                  .forEach(
                      (relay, open) -> {
                        if (open > before.get(relay)) {
                          rose.add(relay);
                        }
                      });
              return !rose.isEmpty();
            });
    assertThat(rose).hasSize(1);
    return rose.get(0);
  }

  /** Each relay's {@code lc_stream_open} gauge, by index. */
  private static Map<Integer, Double> openStreams() throws Exception {
    Map<Integer, Double> open = new HashMap<>();
    for (int i = 0; i < relays.size(); i++) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(relayUris().get(i).resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("lc_stream_open ")) {
          open.put(i, Double.parseDouble(line.substring("lc_stream_open ".length()).trim()));
        }
      }
    }
    return open;
  }

  private static String post(String video, String text) throws Exception {
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(varnish.base().resolve("/v1/videos/" + video + "/comments"))
                .header("Authorization", "Bearer " + origin.token("u1"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    return JSON.readComment(reply.body()).id();
  }

  private static long pollerReplies() {
    long total = 0;
    for (String outcome :
        List.of(
            "closed",
            "held",
            "late",
            "unproved",
            "latest",
            "overloaded",
            "store-down",
            "problem")) {
      total += poller.server().replies(outcome);
    }
    return total;
  }

  private static List<URI> relayUris() {
    List<URI> uris = new ArrayList<>();
    for (RelayServer relay : relays) {
      uris.add(URI.create("http://127.0.0.1:" + relay.port()));
    }
    return uris;
  }

  private static String newVideo() {
    return "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
