package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Black-box: what a browser on another site sees of a server with {@code --allowed-origins}. */
class CorsIT {
  private static final Duration READ = Duration.ofSeconds(5);
  private static final String SITE = "https://site.example";
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void anAllowedOriginMayReadGetRepliesWhichVaryByOrigin() throws Exception {
    int port = start("https://site.example, http://localhost:3000");

    RawHttp.Reply reply =
        exchange(port, "GET /v1/videos/a/snapshots/1 HTTP/1.1\r\nOrigin: " + SITE);
    RawHttp.Reply other =
        exchange(port, "GET /v1/videos/a/snapshots/1 HTTP/1.1\r\nOrigin: https://evil.example");
    RawHttp.Reply none = exchange(port, "GET /v1/videos/a/snapshots/1 HTTP/1.1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
    // The handler's own Vary stays, with Origin beside it.
    assertThat(reply.header("Vary")).contains("Accept-Encoding").contains("Origin");
    assertThat(reply.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    assertThat(other.header("Vary")).contains("Origin");
    assertThat(none.header("Access-Control-Allow-Origin")).isNull();
    assertThat(none.header("Vary")).contains("Origin");
  }

  @Test
  void aPreflightForAPostAllowsTheHeadersAPostNeeds() throws Exception {
    int port = start(SITE);

    RawHttp.Reply reply =
        exchange(
            port,
            "OPTIONS /v1/videos/a/comments HTTP/1.1\r\nOrigin: "
                + SITE
                + "\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: authorization, content-type, idempotency-key");

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(reply.header("Access-Control-Allow-Methods")).contains("POST");
    assertThat(reply.header("Access-Control-Allow-Headers"))
        .contains("Authorization", "Content-Type", "Idempotency-Key");
    assertThat(reply.header("Vary")).contains("Origin");
  }

  @Test
  void aPreflightFromAnotherOriginIsRefused() throws Exception {
    int port = start(SITE);

    RawHttp.Reply reply =
        exchange(
            port,
            "OPTIONS /v1/videos/a/comments HTTP/1.1\r\nOrigin: https://evil.example\r\n"
                + "Access-Control-Request-Method: POST");

    HttpStrictnessIT.assertProblem(reply, 403, "origin-not-allowed");
    assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void aProblemReplyToAnAllowedOriginIsReadableToo() throws Exception {
    int port = start(SITE);

    RawHttp.Reply reply =
        exchange(
            port, "POST /v1/videos/a/comments HTTP/1.1\r\nContent-Length: 0\r\nOrigin: " + SITE);

    HttpStrictnessIT.assertProblem(reply, 429, "rate-limited");
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(reply.header("Access-Control-Expose-Headers")).contains("Retry-After");
  }

  @Test
  void starAllowsAnyOriginWithoutCredentials() throws Exception {
    int port = start("*");

    RawHttp.Reply reply =
        exchange(port, "GET /v1/videos/a/snapshots/1 HTTP/1.1\r\nOrigin: " + SITE);

    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(reply.header("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void withoutAllowedOriginsNoReplyCarriesCorsHeaders() throws Exception {
    int port = start("");

    RawHttp.Reply reply =
        exchange(port, "GET /v1/videos/a/snapshots/1 HTTP/1.1\r\nOrigin: " + SITE);

    assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
    assertThat(reply.header("Vary")).isEqualTo("Accept-Encoding");
  }

  private int start(String origins) throws Exception {
    server =
        HttpServers.start(
            "test",
            "127.0.0.1",
            0,
            30_000,
            0,
            HttpSettings.defaults().withCors(Cors.parse(origins)),
            List.of(
                Route.get("/v1/videos/{videoId}/snapshots/{second}", CorsIT::varyingReply),
                Route.post("/v1/videos/{videoId}/comments", CorsIT::limited)),
            HttpDeadlinesIT::ok);
    return HttpServers.port(server);
  }

  private static RawHttp.Reply exchange(int port, String head) throws Exception {
    try (RawHttp client = RawHttp.connect(port, READ)) {
      return client.send(head + "\r\nHost: a\r\n\r\n").read();
    }
  }

  /** Like a snapshot: sets its own {@code Vary}, replacing whatever was there. */
  private static boolean varyingReply(Request request, Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.VARY, "Accept-Encoding");
    return HttpDeadlinesIT.ok(request, response, callback);
  }

  private static boolean limited(Request request, Response response, Callback callback) {
    throw ProblemException.retryAfter(
        Problem.tooManyRequests("rate-limited", "Slow down."), Duration.ofSeconds(2));
  }
}
