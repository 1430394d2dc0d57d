package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Black-box, over raw sockets: what a server started by {@link HttpServers} refuses, and how every
 * reply looks (problem+json even for Jetty's own errors, no {@code Server} header, HEAD).
 */
class HttpStrictnessIT {
  private static final Duration READ = Duration.ofSeconds(5);
  private static Server server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server =
        HttpServers.start(
            "test",
            "127.0.0.1",
            0,
            30_000,
            0,
            HttpSettings.defaults(),
            List.of(
                Route.get("/v1/videos/{videoId}/comments", HttpDeadlinesIT::ok),
                Route.post("/v1/videos/{videoId}/comments", HttpStrictnessIT::readBody)),
            HttpDeadlinesIT::ok);
    port = HttpServers.port(server);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void aSemicolonInAPathSegmentIs400() throws Exception {
    RawHttp.Reply reply = exchange("GET /v1/videos/a;b/comments HTTP/1.1\r\nHost: a\r\n\r\n");

    assertProblem(reply, 400, "path-parameter");
  }

  @Test
  void anyContentEncodingOnARequestIs415AndClosesOverTheUnreadBody() throws Exception {
    for (String coding : List.of("br", "gzip", "identity")) {
      RawHttp.Reply reply =
          exchange(
              "POST /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                  + "Content-Encoding: "
                  + coding
                  + "\r\nContent-Length: 2\r\n\r\n{}");

      assertProblem(reply, 415, "content-encoding");
    }
  }

  @Test
  void aTransferCodingOtherThanChunkedIs501() throws Exception {
    try (RawHttp client = RawHttp.connect(port, READ)) {
      RawHttp.Reply reply =
          client
              .send(
                  "POST /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\n"
                      + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
              .read();

      assertProblem(reply, 501, "transfer-coding");
      assertThat(reply.header("Connection")).isEqualTo("close");
    }
  }

  @Test
  void anAnnouncedBodyTooLargeIs413WithConnectionClose() throws Exception {
    try (RawHttp client = RawHttp.connect(port, READ)) {
      RawHttp.Reply reply =
          client
              .send(
                  "POST /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\n"
                      + "Content-Length: 100000\r\n\r\n{\"text\":")
              .read();

      assertProblem(reply, 413, "body-too-large");
      assertThat(reply.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void jettysOwnRefusalsAreProblemJson() throws Exception {
    String big = "a".repeat(20_000);
    assertProblem(
        exchange("GET /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\nX-Big: " + big + "\r\n\r\n"),
        431,
        "headers-too-large");
    assertProblem(exchange("GET /" + big + " HTTP/1.1\r\nHost: a\r\n\r\n"), 414, "uri-too-long");
    assertProblem(
        exchange("GET /v1/videos/a/comments HTTP/1.7\r\nHost: a\r\n\r\n"),
        505,
        "http-version-not-supported");
    assertProblem(exchange("GET\u0001 / HTTP/1.1\r\nHost: a\r\n\r\n"), 400, "bad-request");
  }

  @Test
  void repliesDoNotNameTheServerSoftware() throws Exception {
    RawHttp.Reply ok = exchange("GET /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\n\r\n");
    RawHttp.Reply notFound = exchange("GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("Server")).isNull();
    assertThat(notFound.header("Server")).isNull();
    assertThat(notFound.body()).doesNotContainIgnoringCase("jetty");
  }

  @Test
  void headOnAGetRouteAnswersLikeGetWithoutTheBody() throws Exception {
    try (RawHttp client = RawHttp.connect(port, READ)) {
      RawHttp.Reply get =
          client.send("GET /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\n\r\n").read();
      RawHttp.Reply head =
          client.send("HEAD /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
      // The same connection goes on cleanly: no body bytes were left after the head.
      RawHttp.Reply after =
          client.send("GET /v1/videos/a/comments HTTP/1.1\r\nHost: a\r\n\r\n").read();

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
      assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
      assertThat(after.status()).isEqualTo(200);
      assertThat(after.body()).isEqualTo(get.body());
    }
  }

  @Test
  void metricsMoveToTheirOwnPortWhenGivenOne() throws Exception {
    Server separate =
        HttpServers.start(
            "test",
            "127.0.0.1",
            0,
            30_000,
            0,
            HttpSettings.defaults().withMetricsPort(0),
            List.of(Route.get("/healthz", HttpDeadlinesIT::ok)),
            HttpDeadlinesIT::ok);
    try {
      int publicPort = HttpServers.port(separate);
      int metricsPort = HttpServers.metricsPort(separate);
      assertThat(metricsPort).isNotEqualTo(publicPort);

      assertThat(get(publicPort, "/metrics").status()).isEqualTo(404);
      assertThat(get(publicPort, "/healthz").status()).isEqualTo(200);
      assertThat(get(metricsPort, "/metrics").status()).isEqualTo(200);
      assertThat(get(metricsPort, "/healthz").status()).isEqualTo(404);
    } finally {
      separate.stop();
    }
  }

  private static RawHttp.Reply get(int target, String path) throws Exception {
    try (RawHttp client = RawHttp.connect(target, READ)) {
      return client.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").read();
    }
  }

  private static RawHttp.Reply exchange(String request) throws Exception {
    try (RawHttp client = RawHttp.connect(port, READ)) {
      return client.send(request).read();
    }
  }

  static void assertProblem(RawHttp.Reply reply, int status, String reason) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.body()).contains("\"status\":" + status, "\"reason\":\"" + reason + "\"");
  }

  private static boolean readBody(Request request, Response response, Callback callback) {
    RequestBodies.read(request, 1024)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                Responses.sendFailure(response, callback, failure);
              } else {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Responses.sendJson(response, callback, 201, body);
              }
            });
    return true;
  }
}
