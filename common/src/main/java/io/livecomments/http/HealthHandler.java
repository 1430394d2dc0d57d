package io.livecomments.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz} (the process is up) and {@code /readyz} (it should get traffic: false while
 * draining or while a backend it needs is down).
 */
public final class HealthHandler {
  private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  private final Supplier<Optional<String>> notReady;

  public HealthHandler(BooleanSupplier ready) {
    this(() -> ready.getAsBoolean() ? Optional.empty() : Optional.of("not taking traffic now"));
  }

  /**
   * @param notReady why this service should get no traffic now (its body says so), empty when it
   *     should; called per probe, so it must answer from memory
   */
  public HealthHandler(Supplier<Optional<String>> notReady) {
    this.notReady = notReady;
  }

  public Request.Handler liveness() {
    return (request, response, callback) -> {
      Responses.sendJson(response, callback, 200, OK);
      return true;
    };
  }

  public Request.Handler readiness() {
    return (Request request, Response response, Callback callback) -> {
      Optional<String> why = notReady.get();
      if (why.isEmpty()) {
        Responses.sendJson(response, callback, 200, OK);
      } else {
        Responses.sendProblem(
            response, callback, Problem.serviceUnavailable("not-ready", why.get()));
      }
      return true;
    };
  }
}
