package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.http.Cors;
import io.livecomments.http.HttpSettings;
import io.livecomments.http.RawHttp;
import io.livecomments.origin.OriginConfig;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box, over raw sockets to the all-in-one's public port: slow uploads, oversized bodies, CORS
 * through the forwarding to the origin, HEAD on the stream, and metrics on their own port.
 */
class AllInOneHardeningIT {
  private static final Duration READ = Duration.ofSeconds(10);
  private static final String SITE = "https://site.example";
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  // Room for the checks below to finish well before the slow senders' grace runs out.
  private static final Duration GRACE = Duration.ofSeconds(5);

  private static ExecutorScheduler scheduler;
  private static AllInOne server;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    scheduler = new ExecutorScheduler("test", 1);
    server =
        AllInOne.start(
            OriginConfig.defaults("127.0.0.1", 0).withRateLimit(RateLimit.OFF),
            HttpSettings.defaults()
                .withHeaderTimeout(GRACE)
                .withCors(Cors.parse(SITE))
                .withMetricsPort(0),
            scheduler,
            Clock.systemUTC());
    RawHttp.Reply reply =
        exchange(post("/dev/token", "{\"user\":\"alice\"}", ""), InetAddress.getLoopbackAddress());
    Matcher matcher = TOKEN.matcher(reply.body());
    assertThat(matcher.find()).as(reply.body()).isTrue();
    token = matcher.group(1);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  @Test
  void slowUploadsFromManyAddressesDoNotHoldUpOtherPosts() throws Exception {
    // More stalled bodies than the forwarding has connections to the origin (64), from five
    // addresses, each under the per-address bound.
    List<RawHttp> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 70; i++) {
        RawHttp client =
            RawHttp.connect(server.port(), READ, InetAddress.getByName("127.0.0." + (2 + i / 14)));
        stalled.add(client);
        client.send(
            "POST /v1/videos/slow/comments HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                + token
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":");
      }

      RawHttp.Reply posted = exchange(comment("fine"), InetAddress.getLoopbackAddress());
      RawHttp.Reply history =
          exchange(
              "GET /v1/videos/fast/comments HTTP/1.1\r\nHost: a\r\n\r\n",
              InetAddress.getLoopbackAddress());

      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
      assertThat(history.status()).isEqualTo(200);
      // Answered while every stalled upload was still waiting: none had to give way first.
      for (RawHttp client : stalled) {
        assertThat(client.silentFor(Duration.ofMillis(1))).isTrue();
      }
      for (RawHttp client : stalled) {
        RawHttp.Reply timedOut = client.read();
        assertThat(timedOut.status()).isEqualTo(408);
        assertThat(timedOut.body()).contains("body-too-slow");
      }
    } finally {
      for (RawHttp client : stalled) {
        client.close();
      }
    }
  }

  @Test
  void oneAddressHasABoundedNumberOfUploadsInFlight() throws Exception {
    InetAddress one = InetAddress.getByName("127.0.0.20");
    List<RawHttp> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < AllInOne.MAX_UPLOADS_PER_ADDRESS; i++) {
        RawHttp client = RawHttp.connect(server.port(), READ, one);
        stalled.add(client);
        client.send(
            "POST /v1/videos/slow/comments HTTP/1.1\r\nHost: a\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
      }
      // Let the last of them reach the handler before the one past the bound.
      for (RawHttp client : stalled) {
        assertThat(client.silentFor(Duration.ofMillis(50))).isTrue();
      }

      RawHttp.Reply refused = exchange(comment("one too many"), one);

      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.body()).contains("too-many-uploads");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(exchange(comment("another address"), InetAddress.getLoopbackAddress()).status())
          .isEqualTo(201);
    } finally {
      for (RawHttp client : stalled) {
        client.close();
      }
    }
  }

  @Test
  void aPostTooLargeIs413AndClosesOverTheUnreadBody() throws Exception {
    try (RawHttp client = RawHttp.connect(server.port(), READ)) {
      RawHttp.Reply reply =
          client
              .send(
                  "POST /v1/videos/v/comments HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                      + token
                      + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
              .read();

      assertThat(reply.status()).isEqualTo(413);
      assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(reply.header("Connection")).isEqualTo("close");
    }
  }

  @Test
  void anotherSiteMayPostAndWatchWhenAllowed() throws Exception {
    InetAddress local = InetAddress.getLoopbackAddress();
    RawHttp.Reply preflight =
        exchange(
            "OPTIONS /v1/videos/v/comments HTTP/1.1\r\nHost: a\r\nOrigin: "
                + SITE
                + "\r\nAccess-Control-Request-Method: POST\r\n\r\n",
            local);
    RawHttp.Reply posted =
        exchange(
            comment("from afar").replace("\r\n\r\n", "\r\nOrigin: " + SITE + "\r\n\r\n"), local);

    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Headers"))
        .contains("Authorization", "Content-Type", "Idempotency-Key");
    assertThat(posted.status()).isEqualTo(201);
    assertThat(posted.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
    try (RawHttp stream = RawHttp.connect(server.port(), READ)) {
      stream.send("GET /v1/videos/v/stream HTTP/1.1\r\nHost: a\r\nOrigin: " + SITE + "\r\n\r\n");
      RawHttp.Reply head = stream.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
      assertThat(head.header("Vary")).contains("Origin");
    }
  }

  @Test
  void headOnTheStreamAnswersItsHeadWithoutABody() throws Exception {
    try (RawHttp client = RawHttp.connect(server.port(), READ)) {
      RawHttp.Reply head =
          client.send("HEAD /v1/videos/v/stream HTTP/1.1\r\nHost: a\r\n\r\n").read(true);

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Type")).startsWith("text/event-stream");
      // A stream's connection carries no next request (its reply says so): the end of the
      // stream comes right after the head, with no body byte before it.
      assertThat(head.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void metricsAreOnTheirOwnPortOnly() throws Exception {
    InetAddress local = InetAddress.getLoopbackAddress();
    RawHttp.Reply onPublic = exchange("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", local);
    RawHttp.Reply onMetrics;
    try (RawHttp client = RawHttp.connect(server.metricsPort(), READ)) {
      onMetrics = client.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").read();
    }

    assertThat(onPublic.status()).isEqualTo(404);
    assertThat(onMetrics.status()).isEqualTo(200);
    assertThat(onMetrics.body()).contains("lc_stream_open");
  }

  private static String comment(String text) {
    return post(
        "/v1/videos/fast/comments",
        "{\"text\":\"" + text + "\"}",
        "Authorization: Bearer " + token + "\r\n");
  }

  private static String post(String path, String body, String headers) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        + headers
        + (headers.contains("Content-Length") ? "" : "Content-Length: " + body.length() + "\r\n")
        + "\r\n"
        + body;
  }

  private static RawHttp.Reply exchange(String request, InetAddress from) throws Exception {
    try (RawHttp client = RawHttp.connect(server.port(), READ, from)) {
      return client.send(request).read();
    }
  }
}
