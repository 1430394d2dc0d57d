package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.livecomments.harness.RealServers;
import io.livecomments.http.Cors;
import io.livecomments.http.HttpSettings;
import io.livecomments.origin.OriginConfig;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.ExecutorScheduler;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer page embedded by another site, in real Chromium: the all-in-one server allows that
 * site's origin ({@code --allowed-origins}), whose page frames the viewer page, hands it a token by
 * {@code postMessage}, and reads history, a snapshot and the stream and posts with its own script
 * across origins; a token may also come in the page's fragment, and is kept in memory only.
 */
@Timeout(180)
class ViewerEmbeddingIT {
  private static ExecutorScheduler scheduler;
  private static AllInOne server;
  private static String baseUrl;
  private static HttpServer site;
  private static String siteUrl;
  private static DemoApi api;
  private static ViewerTab first;

  @BeforeAll
  static void start() throws Exception {
    int sitePort = RealServers.freeLoopbackPort();
    siteUrl = "http://127.0.0.1:" + sitePort;
    scheduler = new ExecutorScheduler("test", 1);
    server =
        AllInOne.start(
            OriginConfig.defaults("127.0.0.1", 0).withRateLimit(RateLimit.OFF),
            HttpSettings.defaults().withCors(Cors.parse(siteUrl)),
            scheduler,
            Clock.systemUTC());
    baseUrl = "http://127.0.0.1:" + server.port();
    api = new DemoApi(baseUrl);
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", sitePort), 0);
    site.start();
    first = ViewerTab.start();
  }

  @AfterAll
  static void stop() throws Exception {
    RealServers.stopAll(first, server, scheduler);
    if (site != null) {
      site.stop(0);
    }
  }

  private static String newVideo() {
    return "embed-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void anotherSiteEmbedsThePageHandsItATokenAndUsesTheApi() throws Exception {
    String video = newVideo();
    String token = api.token("sam-" + video, "Sam from the site");
    String page = embeddingPage(video, token);
    site.createContext(
        "/" + video,
        exchange -> {
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().put("Content-Type", List.of("text/html; charset=utf-8"));
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    ViewerTab tab = first.open(siteUrl + "/" + video);
    // The site's own client: history, snapshots, a post and the stream, all across origins.
    new WebDriverWait(tab.driver, ViewerTab.WAIT)
        .withMessage(() -> "the site's requests; so far: " + tab.js("return window.results;"))
        .until(d -> tab.js("return window.results.stream;") != null);
    @SuppressWarnings("unchecked")
    Map<String, Object> results = (Map<String, Object>) tab.js("return window.results;");
    assertThat(results)
        .containsEntry("history", 200L)
        .containsEntry("latest", 200L)
        .containsEntry("post", 201L)
        .containsEntry("problemReadable", true);
    assertThat((String) results.get("stream")).contains("from the site's own client");

    // The framed page got the token by postMessage: it posts without asking for a name.
    tab.driver.switchTo().frame("lc");
    tab.waitForComment("from the site's own client");
    String text = "from the framed page " + UUID.randomUUID();
    tab.post(text);
    tab.waitForComment(text);
    assertThat(tab.authorOf(text)).isEqualTo("Sam from the site");
    assertThat(tab.driver.findElement(By.id("name-row")).isDisplayed()).isFalse();
    tab.driver.switchTo().defaultContent();
  }

  @Test
  void aTokenInTheFragmentIsTakenWipedFromTheAddressAndUsed() throws Exception {
    String video = newVideo();
    String token = api.token("fran-" + video, "Fran");
    ViewerTab tab = first.open(baseUrl + "/watch/" + video + "#token=" + token);
    tab.waitForStatus("live", "stream");
    assertThat(tab.driver.getCurrentUrl()).isEqualTo(baseUrl + "/watch/" + video);
    String text = "posted with the site's token " + UUID.randomUUID();
    tab.post(text);
    tab.waitForComment(text);
    assertThat(tab.authorOf(text)).isEqualTo("Fran");
    assertThat(tab.driver.findElement(By.id("name-row")).isDisplayed()).isFalse();
    assertThat(
            tab.js("return localStorage.length + sessionStorage.length + document.cookie.length;"))
        .as("the token is kept in memory only")
        .isEqualTo(0L);

    // A new token in the fragment later (the page is not reloaded) replaces it; one the server
    // refuses shows the problem's detail.
    String[] parts = token.split("\\.");
    tab.driver.get(baseUrl + "/watch/" + video + "#token=" + parts[0] + "." + parts[1] + ".AAAA");
    new WebDriverWait(tab.driver, ViewerTab.WAIT)
        .until(d -> d.getCurrentUrl().equals(baseUrl + "/watch/" + video));
    assertThat(tab.texts()).as("the same page, not reloaded").contains(text);
    tab.post("refused");
    new WebDriverWait(tab.driver, ViewerTab.WAIT).until(d -> !tab.errorText().isEmpty());
    assertThat(tab.errorText()).doesNotStartWith("The server answered").contains("Send again");
  }

  /**
   * A page of another site ({@link #siteUrl}): its own script reads history, a snapshot and the
   * stream and posts across origins; it frames the viewer page and hands it a token by postMessage,
   * as the README's snippet shows.
   */
  private static String embeddingPage(String video, String token) {
    String api = baseUrl + "/v1/videos/" + video;
    return """
        <!doctype html><html><head><meta charset="utf-8"><title>A site</title></head><body>
        <iframe id="lc" name="lc" title="Live comments" src="%1$s/watch/%2$s"
                width="400" height="600" style="border:0"></iframe>
        <script>
        window.results = {};
        const token = '%3$s';
        window.addEventListener('message', (ev) => {
          if (ev.origin !== '%1$s' || !ev.data || ev.data.type !== 'livecomments:ready') return;
          document.getElementById('lc').contentWindow.postMessage(
              {type: 'livecomments:token', token}, '%1$s');
        });
        (async () => {
          const r = window.results;
          try { r.history = (await fetch('%4$s/comments?limit=5')).status; } catch (e) { r.history = String(e); }
          try { r.latest = (await fetch('%4$s/snapshots/latest')).status; } catch (e) { r.latest = String(e); }
          try {
            const p = await fetch('%4$s/comments', {method: 'POST', headers: {
                'Content-Type': 'application/json', Authorization: 'Bearer ' + token,
                'Idempotency-Key': 'site-' + Date.now()}, body: JSON.stringify({text: "from the site's own client"})});
            r.post = p.status;
            const q = await fetch('%4$s/comments', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'});
            r.problemReadable = q.status === 401 && q.headers.get('Content-Type') !== null;
          } catch (e) { r.post = String(e); }
          const es = new EventSource('%4$s/stream');
          es.addEventListener('comments', (ev) => { if (ev.data.includes('own client')) r.stream = ev.data; });
        })();
        </script></body></html>
        """
        .formatted(baseUrl, video, token, api);
  }
}
