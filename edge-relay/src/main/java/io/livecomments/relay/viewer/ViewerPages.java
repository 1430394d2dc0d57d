package io.livecomments.relay.viewer;

import io.livecomments.http.Cors;
import io.livecomments.http.PathParams;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.Responses;
import io.livecomments.http.Route;
import io.livecomments.http.VideoIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The viewer page, served by every relay: {@code GET /watch/{videoId}} (watch a video's comments,
 * post your own), {@code GET /} (pick a video), and their scripts and styles under {@code
 * /viewer/{file}}. Plain files from the classpath, no build step, read once at start.
 *
 * <p>Every page carries a Content-Security-Policy that allows only this server's own scripts,
 * styles and connections (nothing inline), and lets the page be framed by this server and by the
 * sites {@code --allowed-origins} names (see {@link Cors#frameAncestors}).
 */
public final class ViewerPages {
  private static final Problem NO_FILE =
      Problem.notFound("not-found", "There is no viewer file at this path.");

  private static final String SCRIPT = "text/javascript; charset=utf-8";

  private static final Map<String, String> ASSETS =
      Map.of(
          "watch.js", SCRIPT,
          "pane.js", SCRIPT,
          "transport.js", SCRIPT,
          "posting.js", SCRIPT,
          "util.js", SCRIPT,
          "picker.js", SCRIPT,
          "watch.css", "text/css; charset=utf-8");

  private final String csp;
  private final Map<String, ByteBuffer> files;

  public ViewerPages(Cors cors) {
    this.csp =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors "
            + cors.frameAncestors();
    Map<String, ByteBuffer> read = new HashMap<>();
    read.put("index.html", read("index.html"));
    read.put("watch.html", read("watch.html"));
    ASSETS.keySet().forEach(name -> read.put(name, read(name)));
    this.files = Map.copyOf(read);
  }

  /** The routes to add to a relay's router. */
  public List<Route> routes() {
    return List.of(
        Route.get("/", (request, response, callback) -> page("index.html", response, callback)),
        Route.get("/watch/{videoId}", this::watch),
        Route.get("/viewer/{file}", this::asset));
  }

  private boolean watch(Request request, Response response, Callback callback) {
    try {
      VideoIds.fromPath(request);
    } catch (ProblemException e) {
      Responses.sendProblem(response, callback, e);
      return true;
    }
    return page("watch.html", response, callback);
  }

  private boolean page(String name, Response response, Callback callback) {
    response.getHeaders().put("Content-Security-Policy", csp);
    return send(name, "text/html; charset=utf-8", response, callback);
  }

  private boolean asset(Request request, Response response, Callback callback) {
    String name = PathParams.of(request).get("file");
    String type = ASSETS.get(name);
    if (type == null) {
      Responses.sendProblem(response, callback, NO_FILE);
      return true;
    }
    return send(name, type, response, callback);
  }

  private boolean send(String name, String type, Response response, Callback callback) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    // Revalidated on every load, so a new release's page never runs an old script.
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.write(true, files.get(name).duplicate(), callback);
    return true;
  }

  private static ByteBuffer read(String name) {
    try (InputStream in = ViewerPages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return ByteBuffer.wrap(in.readAllBytes()).asReadOnlyBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
