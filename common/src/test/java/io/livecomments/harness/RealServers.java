package io.livecomments.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule every harness of a real server (a Kafka broker, DynamoDB Local, redis-server, varnishd,
 * Chromium) follows when the server cannot start: on CI ({@code CI=true}) the test fails, so a
 * missing server can never pass as green; elsewhere it is skipped with the reason.
 */
public final class RealServers {
  private RealServers() {}

  /**
   * Ends a test whose server could not start: returns the failure to throw on CI, else aborts the
   * test (skipped) and never returns.
   *
   * @param why what could not start and how to install it, e.g. "varnishd could not start (apt-get
   *     install -y varnish)"
   * @param cause what went wrong, or null when nothing was tried (a binary is missing)
   */
  public static RuntimeException cannotStart(String why, Throwable cause) {
    String message = cause == null ? why : why + ": " + cause;
    if (onCi()) {
      return new IllegalStateException(message, cause);
    }
    Assumptions.abort(message + " (skipped: not on CI)");
    throw new AssertionError("unreachable");
  }

  /**
   * Stops a test's servers in the order given, skipping nulls (what never started): every one is
   * closed even when an earlier one fails, and the first failure is thrown at the end, the others
   * added to it as suppressed.
   */
  public static void stopAll(AutoCloseable... servers) {
    IllegalStateException failure = null;
    for (AutoCloseable server : servers) {
      try {
        if (server != null) {
          server.close();
        }
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop " + server, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago, for a server a test starts. */
  /**
   * Sends {@code signal} (as {@code kill} takes it: {@code -STOP}, {@code -CONT}) to a server's
   * process: freezing one leaves its sockets open while it answers nothing, as a hung or far too
   * slow server.
   */
  public static void signal(Process server, String signal)
      throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", signal, Long.toString(server.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill " + signal + " failed for process " + server.pid());
    }
  }

  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Whether this run is CI's, where every real server must start. */
  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
