package io.livecomments.app;

import io.livecomments.harness.RealServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A relay run as production runs it: {@code java -jar live-comments.jar relay} in a JVM of its own
 * (the jar the build packaged before the integration tests), so a test can kill it (SIGKILL: no
 * drain, no goodbye to its viewers) and start another on the same port. Its output goes to {@code
 * target/relay-<port>.log}.
 */
final class RelayProcess implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(30);

  private final Process process;
  private final int port;

  private RelayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a relay on {@code port} of 127.0.0.1 in front of {@code upstream}; waits until ready.
   */
  static RelayProcess start(int port, URI upstream) throws IOException {
    Path jar = ViewerTab.buildDirectory().resolve("live-comments.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the app module first");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = ViewerTab.buildDirectory().resolve("relay-" + port + ".log");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx256m",
                    "-jar",
                    jar.toString(),
                    "relay",
                    "--host=127.0.0.1",
                    "--port=" + port,
                    "--upstream=" + upstream))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    RelayProcess relay = new RelayProcess(process, port);
    try {
      relay.awaitReady();
    } catch (RuntimeException e) {
      relay.close();
      throw RealServers.cannotStart("the relay jar did not start (see " + log + ")", e);
    }
    return relay;
  }

  int port() {
    return port;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Awaitility.await("relay on port " + port + " ready")
        .atMost(READY)
        .pollInterval(Duration.ofMillis(100))
        .failFast("the relay exited", () -> !process.isAlive())
        .ignoreExceptions()
        .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  /** SIGKILL, as a crashed or OOM-killed relay: its viewers' connections just end. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
