package io.livecomments.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.harness.HeadlessChromium;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.relay.RelayConfig;
import io.livecomments.relay.RelayServer;
import io.livecomments.stream.StreamSettings;
import io.livecomments.time.ExecutorScheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real clients read the gzip-encoded stream incrementally: headless Chromium's {@code EventSource}
 * through a relay and through Varnish's pipe in front of it, and {@code curl --compressed -N}.
 * Every hop runs with gzip on. Each comment is posted only after the one before it was received, so
 * every event must be decoded while the stream is still open, never when it ends.
 *
 * <p>Chromium ({@link HeadlessChromium}), curl and varnishd must be installed: the test fails on CI
 * when one cannot start and is skipped elsewhere.
 */
@Timeout(180)
class GzipStreamClientsIT {
  private static final String CURL = "/usr/bin/curl";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static RunningOrigin origin;
  private static ExecutorScheduler relayScheduler;
  private static RelayServer relay;
  private static Varnish varnish;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    origin =
        new RunningOrigin(
            RateLimit.OFF, 0, config -> config.withStream(config.stream().withGzip(true)));
    relayScheduler = new ExecutorScheduler("gzip-relay", 1);
    relay =
        new RelayServer(
                RelayConfig.defaults("127.0.0.1", 0, origin.base())
                    .withStream(
                        StreamSettings.DEFAULT
                            .withHeartbeat(RunningOrigin.HEARTBEAT)
                            .withGzip(true))
                    .withSampleBudget(Integer.MAX_VALUE),
                relayScheduler,
                Clock.systemUTC(),
                List.of())
            .start();
    // No poller here: its backend is never asked for.
    varnish = Varnish.start(origin.base(), origin.base(), List.of(relayBase()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (varnish != null) {
      varnish.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (relayScheduler != null) {
      relayScheduler.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void chromiumEventSourceDecodesEachEventAsItArrivesFromTheRelay() throws Exception {
    eventSourceGetsEachEventWhileTheStreamIsOpen(relayBase());
  }

  @Test
  void chromiumEventSourceDecodesEachEventAsItArrivesThroughVarnish() throws Exception {
    eventSourceGetsEachEventWhileTheStreamIsOpen(varnish.base());
  }

  @Test
  void curlCompressedPrintsEachEventAsItArrivesFromTheRelay() throws Exception {
    curlGetsEachEventWhileTheStreamIsOpen(relayBase());
  }

  @Test
  void curlCompressedPrintsEachEventAsItArrivesThroughVarnish() throws Exception {
    curlGetsEachEventWhileTheStreamIsOpen(varnish.base());
  }

  private void eventSourceGetsEachEventWhileTheStreamIsOpen(URI base) throws Exception {
    String video = newVideo();
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      // Any page of the hop's own origin: the stream is then same-origin, no CORS involved.
      browser.get(base.resolve("/healthz").toString());
      JavascriptExecutor page = (JavascriptExecutor) browser;
      page.executeScript(
          "window.arrivals = []; window.encoding = null;"
              + "const path = '/v1/videos/' + arguments[0] + '/stream';"
              + "window.source = new EventSource(path);"
              + "window.source.addEventListener('comments', e => window.arrivals.push("
              + "  {at: Date.now(), open: window.source.readyState,"
              + "   ids: JSON.parse(e.data).comments.map(c => c.id)}));"
              // A second request of the same stream, to read the encoding EventSource hides.
              + "fetch(path).then(r => { window.encoding = r.headers.get('content-encoding') || 'none';"
              + "  return r.body.cancel(); });",
          video);
      WebDriverWait wait = new WebDriverWait(browser, WAIT);
      wait.until(
          d -> Long.valueOf(1).equals(page.executeScript("return window.source.readyState")));
      wait.until(d -> page.executeScript("return window.encoding") != null);
      assertThat(page.executeScript("return window.encoding")).isEqualTo("gzip");

      CommentApiClient comments = new CommentApiClient(http, origin.base(), origin::token);
      for (int i = 1; i <= 3; i++) {
        Comment posted = comments.post(video, "viewer-" + i, "gzip comment " + i);
        long postedAt = System.currentTimeMillis();
        int expected = i;
        wait.withMessage(() -> "comment " + expected + " in the page")
            .until(
                d ->
                    ((Number) page.executeScript("return window.arrivals.length")).intValue()
                        >= expected);
        @SuppressWarnings("unchecked")
        Map<String, Object> arrival =
            (Map<String, Object>)
                page.executeScript("return window.arrivals[arguments[0]]", expected - 1);
        assertThat(arrival.get("ids")).isEqualTo(List.of(posted.id()));
        // Received while the stream was open (1 = OPEN), and no earlier than it was posted.
        assertThat(((Number) arrival.get("open")).intValue()).isEqualTo(1);
        assertThat(((Number) arrival.get("at")).longValue())
            .isGreaterThanOrEqualTo(postedAt - 1_000);
      }
      assertThat(page.executeScript("return window.source.readyState")).isEqualTo(1L);
    }
  }

  private void curlGetsEachEventWhileTheStreamIsOpen(URI base) throws Exception {
    if (!Files.isExecutable(Path.of(CURL))) {
      throw RealServers.cannotStart(CURL + " is missing (apt-get install -y curl)", null);
    }
    String video = newVideo();
    Process curl =
        new ProcessBuilder(
                CURL,
                "--compressed",
                "-N",
                "-sS",
                // The response head first, on the same output: it says the body is gzip.
                "-D",
                "-",
                "-H",
                "Accept: text/event-stream",
                base.resolve("/v1/videos/" + video + "/stream").toString())
            .redirectErrorStream(true)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("read failed: " + e);
              }
            },
            "curl-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      assertThat(nextLineStartingWith(lines, "Content-Encoding:")).containsIgnoringCase("gzip");
      // The retry hint opens every stream: curl decoded and printed it, so the stream is up.
      assertThat(nextLineStartingWith(lines, "retry:")).isNotNull();
      CommentApiClient comments = new CommentApiClient(http, origin.base(), origin::token);
      for (int i = 1; i <= 2; i++) {
        Comment posted = comments.post(video, "curl-" + i, "curl comment " + i);
        String data = nextLineStartingWith(lines, "data:");
        assertThat(data).as("comment %s printed by curl", i).contains(posted.id());
        assertThat(curl.isAlive()).as("curl still streaming").isTrue();
      }
    } finally {
      curl.destroy();
      curl.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /**
   * The next line with {@code prefix} (in any case), skipping others; fails after {@link #WAIT}.
   */
  private static String nextLineStartingWith(BlockingQueue<String> lines, String prefix)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line != null && line.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return line;
      }
      assertThat(line).as("curl's output").doesNotStartWith("curl:").doesNotStartWith("read");
    }
    throw new AssertionError("no line starting with '" + prefix + "' within " + WAIT);
  }

  private static URI relayBase() {
    return URI.create("http://127.0.0.1:" + relay.port());
  }

  private static String newVideo() {
    return "gz-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
