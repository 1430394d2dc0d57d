package io.livecomments.origin.backends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Assumptions;

/** What the real-server harnesses share: free loopback ports and the CI rule. */
public final class TestServers {
  private TestServers() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /**
   * Reports a server that could not start: on CI ({@code CI=true}) the test fails, elsewhere it is
   * skipped with the reason.
   */
  public static RuntimeException cannotStart(String server, Exception cause) {
    String message = server + " could not start: " + cause;
    if ("true".equals(System.getenv("CI"))) {
      return new IllegalStateException(message, cause);
    }
    Assumptions.abort(message + " (skipped: not on CI)");
    throw new AssertionError("unreachable");
  }
}
