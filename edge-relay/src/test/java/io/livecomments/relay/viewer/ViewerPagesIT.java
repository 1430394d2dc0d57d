package io.livecomments.relay.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.http.Cors;
import io.livecomments.http.HttpSettings;
import io.livecomments.http.RawHttp;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.time.ExecutorScheduler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every relay serves the viewer page, its picker and their files, under a policy that allows only
 * the server's own files and lets the allowed origins frame it. (No upstream is needed: nothing
 * here streams.)
 */
class ViewerPagesIT {
  private static final String SITE = "https://site.example";

  private static ExecutorScheduler scheduler;
  private static RelayServer relay;

  @BeforeAll
  static void start() throws Exception {
    scheduler = new ExecutorScheduler("test", 1);
    relay =
        new RelayServer(
                RelayConfig.defaults("127.0.0.1", 0, URI.create("http://127.0.0.1:9")),
                scheduler,
                Clock.systemUTC(),
                List.of(),
                HttpSettings.defaults().withCors(Cors.parse(SITE)))
            .start();
  }

  @AfterAll
  static void stop() {
    relay.close();
    scheduler.close();
  }

  @Test
  void theWatchPageIsServedForAVideoUnderAStrictPolicy() throws Exception {
    RawHttp.Reply page = get("/watch/demo-1");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/viewer/watch.js\"></script>");
    // Nothing inline may run, and only the allowed site may frame it.
    String csp = page.header("Content-Security-Policy");
    assertThat(csp)
        .contains("script-src 'self'", "style-src 'self'", "connect-src 'self'")
        .contains("frame-ancestors 'self' " + SITE)
        .doesNotContain("unsafe-inline");
    assertThat(page.body()).doesNotContain("<script>", "<style>", " style=", " onclick=");
  }

  @Test
  void theRootIsTheVideoPicker() throws Exception {
    RawHttp.Reply page = get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"video-id\"", "/viewer/picker.js");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
  }

  @Test
  void theFilesAreServedWithTheirTypes() throws Exception {
    for (String script : List.of("watch", "pane", "transport", "posting", "util", "picker")) {
      assertThat(get("/viewer/" + script + ".js").header("Content-Type"))
          .as(script)
          .startsWith("text/javascript");
    }
    assertThat(get("/viewer/watch.css").header("Content-Type")).startsWith("text/css");
    assertThat(get("/viewer/watch.js").header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void aBadVideoIdOrAnUnknownFileIsAProblem() throws Exception {
    RawHttp.Reply badId = get("/watch/not%20a%20video");
    RawHttp.Reply noFile = get("/viewer/secrets.txt");

    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(noFile.status()).isEqualTo(404);
    assertThat(noFile.header("Content-Type")).isEqualTo("application/problem+json");
  }

  private static RawHttp.Reply get(String path) throws Exception {
    try (RawHttp client = RawHttp.connect(relay.port(), Duration.ofSeconds(5))) {
      return client.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n").read();
    }
  }
}
