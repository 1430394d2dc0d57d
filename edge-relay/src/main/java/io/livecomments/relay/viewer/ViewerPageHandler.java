package io.livecomments.relay.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /}: the viewer page (watch a video's comments, post your own), one static file. */
public final class ViewerPageHandler implements Request.Handler {
  private final ByteBuffer page;

  public ViewerPageHandler() {
    try (InputStream in = ViewerPageHandler.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IllegalStateException("index.html is missing from the classpath");
      }
      page = ByteBuffer.wrap(in.readAllBytes()).asReadOnlyBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response
        .getHeaders()
        .put(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'");
    response.write(true, page.duplicate(), callback);
    return true;
  }
}
