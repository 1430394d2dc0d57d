package io.livecomments.http;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz} (the process is up) and {@code /readyz} (it should get traffic: false while
 * draining or while a backend it needs is down).
 */
public final class HealthHandler {
  private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  private final BooleanSupplier ready;

  public HealthHandler(BooleanSupplier ready) {
    this.ready = ready;
  }

  public Request.Handler liveness() {
    return (request, response, callback) -> {
      Responses.sendJson(response, callback, 200, OK);
      return true;
    };
  }

  public Request.Handler readiness() {
    return (Request request, Response response, Callback callback) -> {
      if (ready.getAsBoolean()) {
        Responses.sendJson(response, callback, 200, OK);
      } else {
        Responses.sendProblem(
            response, callback, Problem.serviceUnavailable("not-ready", "not taking traffic now"));
      }
      return true;
    };
  }
}
