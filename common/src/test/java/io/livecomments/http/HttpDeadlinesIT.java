package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Black-box: what a slow or greedy client can hold of a server started by {@link HttpServers}, over
 * real sockets. Deadlines are short (1 s) so that the tests are; the mechanisms are the production
 * ones.
 */
class HttpDeadlinesIT {
  private static final Duration READ = Duration.ofSeconds(8);
  private static final HttpSettings SETTINGS =
      HttpSettings.defaults().withHeaderTimeout(Duration.ofSeconds(1)).withMinBodyRate(1024);

  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private Server server;

  @AfterEach
  void stop() throws Exception {
    trickle.shutdownNow();
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void headersTrickledPastTheDeadlineGet408AndTheConnectionCloses() throws Exception {
    int port = start(SETTINGS);
    try (RawHttp client = RawHttp.connect(port, READ)) {
      client.send("GET /echo HTTP/1.1\r\nHost: a\r\n");
      // A header line every 200 ms: the idle timeout (30 s) would never fire.
      trickleEvery(client, "X-Slow: a\r\n");

      RawHttp.Reply reply = client.read();

      assertThat(reply.status()).isEqualTo(408);
      assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(reply.body()).contains("\"reason\":\"header-timeout\"");
      assertThat(reply.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void anIdleKeepAliveConnectionOutlivesTheHeaderDeadline() throws Exception {
    int port = start(SETTINGS);
    try (RawHttp client = RawHttp.connect(port, READ)) {
      assertThat(client.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
          .isEqualTo(200);
      assertThat(client.silentFor(Duration.ofMillis(1_500))).isTrue();

      assertThat(client.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
          .isEqualTo(200);
    }
  }

  @Test
  void aBodyBelowTheMinimumRateGets408AndTheConnectionCloses() throws Exception {
    int port = start(SETTINGS);
    try (RawHttp client = RawHttp.connect(port, READ)) {
      client.send("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789");
      trickleEvery(client, "x");

      RawHttp.Reply reply = client.read();

      assertThat(reply.status()).isEqualTo(408);
      assertThat(reply.body()).contains("\"reason\":\"body-too-slow\"");
      assertThat(reply.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void aBodyAtAnOrdinaryPaceIsRead() throws Exception {
    int port = start(SETTINGS);
    try (RawHttp client = RawHttp.connect(port, READ)) {
      client.send("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234");
      client.send("56789");

      RawHttp.Reply reply = client.read();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo("0123456789");
    }
  }

  @Test
  void pastTheConnectionCapANewConnectionWaitsUntilOneCloses() throws Exception {
    int port = start(SETTINGS.withMaxConnections(2));
    RawHttp first = RawHttp.connect(port, READ);
    try (RawHttp second = RawHttp.connect(port, READ);
        RawHttp third = RawHttp.connect(port, READ)) {
      assertThat(first.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
          .isEqualTo(200);
      assertThat(second.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
          .isEqualTo(200);

      third.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(third.silentFor(Duration.ofMillis(1_000))).isTrue();
      first.close();

      assertThat(third.read().status()).isEqualTo(200);
    } finally {
      first.close();
    }
  }

  private void trickleEvery(RawHttp client, String bytes) {
    trickle.scheduleWithFixedDelay(
        () -> {
          try {
            client.send(bytes);
          } catch (IOException e) {
            throw new IllegalStateException("closed", e); // ends the schedule
          }
        },
        200,
        200,
        TimeUnit.MILLISECONDS);
  }

  private int start(HttpSettings settings) throws Exception {
    server =
        HttpServers.start(
            "test",
            "127.0.0.1",
            0,
            30_000,
            0,
            settings,
            List.of(
                Route.get("/echo", HttpDeadlinesIT::ok),
                Route.post("/body", HttpDeadlinesIT::echo)),
            HttpDeadlinesIT::ok);
    return HttpServers.port(server);
  }

  static boolean ok(Request request, Response response, Callback callback) {
    Responses.sendJson(response, callback, 200, "{}".getBytes(StandardCharsets.UTF_8));
    return true;
  }

  private static boolean echo(Request request, Response response, Callback callback) {
    RequestBodies.read(request, 1024)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                Responses.sendFailure(response, callback, failure);
              } else {
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(body), callback);
              }
            });
    return true;
  }
}
